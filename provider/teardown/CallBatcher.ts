/**
 * One item's own failure inside an otherwise answered batch: `send` puts it where the item's
 * result would be, and only that item's caller receives the error.
 */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

/** Runs one item's part of a batch; its error becomes an {@link ItemFailure} for that item alone. */
export async function perItem<R>(work: () => Promise<R>): Promise<R | ItemFailure> {
  try {
    return await work();
  } catch (error) {
    return new ItemFailure(error);
  }
}

/** Options of a {@link CallBatcher}. */
export interface CallBatcherOptions<I, R> {
  /**
   * How long a batch waits for others to join (ms): from its first call, or, with
   * {@link maxWaitMs}, from its latest call (a quiet window).
   */
  readonly windowMs: number;
  /**
   * With it, the window restarts at every call that joins, and the batch leaves once no call
   * joined for `windowMs`, or `maxWaitMs` after its first call, whichever comes first. Calls that
   * trickle in (the CLI hands a destroy's deletes to the provider one state save at a time, tens
   * of ms apart) then share a batch instead of each leaving alone.
   */
  readonly maxWaitMs?: number;
  /** Largest batch; a full batch is sent at once. */
  readonly maxBatch: number;
  /**
   * Sends one batch. `items` share the batch key; the answer holds one result per item, in the
   * same order, or an {@link ItemFailure} for an item that failed on its own. Throwing fails the
   * batch: see {@link retryAlone}.
   */
  readonly send: (items: readonly I[]) => Promise<readonly (R | ItemFailure)[]>;
  /**
   * Whether a batch that failed with this error is sent again one item per call, because the
   * service may have refused the whole call for one item's sake. Each caller then receives the
   * answer to its own call. Errors it says no to (an auth failure above all) fail every caller at
   * once, and stop any one-by-one calls not yet sent. Without it every caller gets the error.
   */
  readonly retryAlone?: (error: unknown) => boolean;
}

interface Waiting<I, R> {
  readonly item: I;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

// One-by-one calls after a refused batch go out a few at a time: quick for a handful of jobs,
// gentle on the vendor's rate limit for a hundred.
const aloneConcurrency = 4;

/**
 * Gathers calls made at nearly the same time into one vendor batch call. Every delete of a
 * `pulumi destroy` runs in the same provider process, so jobs that reach the same step together
 * (stop, delete, status) share one request instead of one each; each caller still receives its
 * own job's result. Calls are grouped by a key (endpoint, project, operation) so that a batch
 * never mixes calls the vendor would have to receive separately. One job's failure stays that
 * job's: see {@link ItemFailure} and {@link CallBatcherOptions.retryAlone}.
 */
export class CallBatcher<I, R> {
  private readonly groups = new Map<
    string,
    { waiting: Waiting<I, R>[]; timer: NodeJS.Timeout; readonly flushBy: number }
  >();

  constructor(private readonly options: CallBatcherOptions<I, R>) {
    if (options.maxBatch < 1) throw new RangeError("maxBatch must be at least 1");
  }

  /** Queues one call; resolves with its own result once its batch was answered. */
  submit(key: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const { windowMs, maxWaitMs } = this.options;
      let group = this.groups.get(key);
      if (group === undefined) {
        const timer = setTimeout(() => this.flush(key), windowMs);
        group = { waiting: [], timer, flushBy: Date.now() + (maxWaitMs ?? windowMs) };
        this.groups.set(key, group);
      } else if (maxWaitMs !== undefined) {
        // A quiet window: wait on while calls keep joining, never past flushBy.
        clearTimeout(group.timer);
        const wait = Math.max(0, Math.min(windowMs, group.flushBy - Date.now()));
        group.timer = setTimeout(() => this.flush(key), wait);
      }
      group.waiting.push({ item, resolve, reject });
      if (group.waiting.length >= this.options.maxBatch) this.flush(key);
    });
  }

  private flush(key: string): void {
    const group = this.groups.get(key);
    if (group === undefined) return;
    this.groups.delete(key);
    clearTimeout(group.timer);
    void this.sendBatch(group.waiting);
  }

  private async sendBatch(waiting: readonly Waiting<I, R>[]): Promise<void> {
    let results: readonly (R | ItemFailure)[];
    try {
      results = await this.options.send(waiting.map((w) => w.item));
    } catch (error) {
      if (waiting.length > 1 && this.options.retryAlone?.(error) === true) await this.sendAlone(waiting);
      else for (const w of waiting) w.reject(error);
      return;
    }
    if (results.length !== waiting.length) {
      const error = new Error(
        `internal error: a batch of ${waiting.length} calls got ${results.length} results`,
      );
      for (const w of waiting) w.reject(error);
      return;
    }
    waiting.forEach((w, i) => settle(w, results[i] as R | ItemFailure));
  }

  /** Sends each item in a call of its own; an error not about one item stops the calls not yet sent. */
  private async sendAlone(waiting: readonly Waiting<I, R>[]): Promise<void> {
    const queue = [...waiting];
    let fatal: { error: unknown } | undefined;
    const worker = async () => {
      for (let w = queue.shift(); w !== undefined; w = queue.shift()) {
        if (fatal !== undefined) {
          w.reject(fatal.error);
          continue;
        }
        try {
          const results = await this.options.send([w.item]);
          if (results.length === 1) settle(w, results[0] as R | ItemFailure);
          else w.reject(new Error(`internal error: a call of one item got ${results.length} results`));
        } catch (error) {
          if (this.options.retryAlone?.(error) !== true) fatal = { error };
          w.reject(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(aloneConcurrency, queue.length) }, worker));
  }
}

function settle<I, R>(w: Waiting<I, R>, result: R | ItemFailure): void {
  if (result instanceof ItemFailure) w.reject(result.error);
  else w.resolve(result);
}
