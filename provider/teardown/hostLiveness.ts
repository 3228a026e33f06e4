import { connect } from "node:net";

/**
 * Whether the Pulumi CLI that runs this provider process is still there. Teardown asks it right
 * before each call it sends: a CLI that died mid-destroy (SIGKILL, a crash, a second Ctrl-C that
 * exits before the CLI stops its plugins) leaves the provider process running, and without this
 * check it would go on stopping and deleting jobs, for up to `deleteTimeout`, with nobody
 * recording the outcome.
 */
export interface HostLiveness {
  /**
   * `undefined` while the CLI is alive, or why it is known to be gone. An answer found no earlier
   * than `maxAgeMs` before the call may be reused; concurrent callers share one probe.
   */
  goneEvidence(maxAgeMs: number): Promise<string | undefined>;
}

/** How long one probe may take; a probe that times out counts as alive (never a false alarm). */
const probeTimeoutMs = 2_000;

/** A {@link HostLiveness} that can also be told the CLI is gone by another sign. */
export interface EngineLiveness extends HostLiveness {
  /** Records that the CLI is gone (the first evidence sticks) and calls `onGone` once. */
  markGone(evidence: string): void;
}

/**
 * Liveness read from the engine address the CLI hands the dynamic-provider host as its only
 * argument: the CLI's own gRPC server (`127.0.0.1:<port>`) that lives exactly as long as the CLI
 * process (and closes only when the CLI shuts its plugins down, after it stopped waiting for any
 * delete). A refused connection means nobody listens there any more: the CLI is gone. Anything
 * else (connected, timed out, another error) counts as alive, so a slow or busy machine never
 * stops a destroy. Gone is final: once seen, every later question gets the same answer unprobed,
 * and `onGone` is called once.
 */
export function engineLiveness(engineAddress: string, onGone?: (evidence: string) => void): EngineLiveness {
  const colon = engineAddress.lastIndexOf(":");
  const host = engineAddress.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  const port = Number(engineAddress.slice(colon + 1));
  let gone: string | undefined;
  let last: { startedAt: number; answer: Promise<string | undefined> } | undefined;

  const markGone = (evidence: string) => {
    if (gone !== undefined) return;
    gone = evidence;
    onGone?.(evidence);
  };
  const probe = (): Promise<string | undefined> =>
    new Promise((resolve) => {
      const socket = connect({ host, port });
      const done = (evidence: string | undefined) => {
        socket.destroy();
        if (evidence !== undefined) markGone(evidence);
        resolve(gone);
      };
      socket.setTimeout(probeTimeoutMs, () => done(undefined));
      socket.once("connect", () => done(undefined));
      socket.once("error", (error: NodeJS.ErrnoException) =>
        done(
          error.code === "ECONNREFUSED"
            ? `its engine address ${engineAddress} refuses connections`
            : undefined,
        ),
      );
    });

  return {
    markGone,
    goneEvidence(maxAgeMs) {
      if (gone !== undefined) return Promise.resolve(gone);
      const now = Date.now();
      if (last === undefined || now - last.startedAt > maxAgeMs) last = { startedAt: now, answer: probe() };
      return last.answer;
    },
  };
}

/** The engine address, when this process is Pulumi's Node dynamic-provider host; else undefined. */
function dynamicProviderEngineAddress(): string | undefined {
  // The host is started as `node …/@pulumi/pulumi/cmd/dynamic-provider/index.js <engine address>`
  // (through the pulumi-resource-pulumi-nodejs shell shim). Tests, scripts and the Pulumi program
  // itself are other processes: for them there is nothing to watch.
  const main = require.main?.filename ?? process.argv[1] ?? "";
  if (!/[\\/]cmd[\\/]dynamic-provider[\\/]index\.js$/.test(main)) return undefined;
  const address = process.argv[2];
  return address !== undefined && /^(\[[^\]]+\]|[^:[\]]+):\d+$/.test(address) ? address : undefined;
}

/**
 * Watches the host's own output too: its stdout and stderr are pipes that only the CLI reads, so
 * EPIPE on a write means the CLI is gone. Handling the error matters for another reason: unhandled,
 * it reaches the host's uncaught-exception handler, which prints it to the same broken pipe and so
 * raises the next one, for ever (a busy loop that keeps every error in memory).
 */
function watchOutputPipes(liveness: EngineLiveness): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") liveness.markGone("its output pipe to the CLI is closed (EPIPE)");
    });
  }
}

/**
 * Once the CLI is gone, nobody can reach this host again (only the dead CLI knew its port) and
 * nobody would record what it does: end it, as the CLI itself would have on shutdown (it sends
 * its plugins SIGINT). Every teardown in flight stops where it is; the next `pulumi destroy`
 * resumes from the jobs' current statuses.
 */
function endOrphanedHost(): void {
  process.exit(1);
}

let processLiveness: HostLiveness | null | undefined;

/**
 * The liveness of the CLI behind this process, shared by every teardown in it; `undefined` when
 * this process is not a dynamic-provider host started by the CLI (unit and integration tests,
 * scripts), where no check applies. In the host, the first call also starts watching the host's
 * output pipes, and the host ends once the CLI is known to be gone.
 */
export function currentHostLiveness(): HostLiveness | undefined {
  if (processLiveness === undefined) {
    const address = dynamicProviderEngineAddress();
    if (address === undefined) processLiveness = null;
    else {
      const liveness = engineLiveness(address, endOrphanedHost);
      watchOutputPipes(liveness);
      processLiveness = liveness;
    }
  }
  return processLiveness ?? undefined;
}
