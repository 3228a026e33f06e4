/** Options of a {@link CallBatcher}. */
export interface CallBatcherOptions<I, R> {
  /** How long the first call of a batch waits for others to join (ms). */
  readonly windowMs: number;
  /** Largest batch; a full batch is sent at once. */
  readonly maxBatch: number;
  /**
   * Sends one batch. `items` share the batch key; the answer holds one result per item, in the
   * same order. Throwing fails every caller of the batch with that error.
   */
  readonly send: (items: readonly I[]) => Promise<readonly R[]>;
}

interface Waiting<I, R> {
  readonly item: I;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers calls made at nearly the same time into one vendor batch call. Every delete of a
 * `pulumi destroy` runs in the same provider process, so jobs that reach the same step together
 * (stop, delete, status) share one request instead of one each; each caller still receives its
 * own job's result. Calls are grouped by a key (endpoint, project, operation) so that a batch
 * never mixes calls the vendor would have to receive separately.
 */
export class CallBatcher<I, R> {
  private readonly groups = new Map<string, { waiting: Waiting<I, R>[]; timer: NodeJS.Timeout }>();

  constructor(private readonly options: CallBatcherOptions<I, R>) {
    if (options.maxBatch < 1) throw new RangeError("maxBatch must be at least 1");
  }

  /** Queues one call; resolves with its own result once its batch was answered. */
  submit(key: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let group = this.groups.get(key);
      if (group === undefined) {
        const timer = setTimeout(() => this.flush(key), this.options.windowMs);
        group = { waiting: [], timer };
        this.groups.set(key, group);
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
    const { waiting } = group;
    this.options.send(waiting.map((w) => w.item)).then(
      (results) => {
        if (results.length !== waiting.length) {
          const error = new Error(
            `internal error: a batch of ${waiting.length} calls got ${results.length} results`,
          );
          for (const w of waiting) w.reject(error);
          return;
        }
        waiting.forEach((w, i) => w.resolve(results[i] as R));
      },
      (error: unknown) => {
        for (const w of waiting) w.reject(error);
      },
    );
  }
}
