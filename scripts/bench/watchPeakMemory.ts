import { readdirSync, readFileSync } from "node:fs";

/** Peak resident memory seen for the CLI and for the dynamic-provider process it started. */
export interface PeakMemory {
  /** VmHWM of the `pulumi` process, in KiB; undefined when it could not be read. */
  readonly cliKiB: number | undefined;
  /** Largest VmHWM of a dynamic-provider node process below the CLI, in KiB; undefined when none was found. */
  readonly providerKiB: number | undefined;
  /** How many distinct dynamic-provider processes were seen (one is expected). */
  readonly providerProcesses: number;
  /** Samples taken. */
  readonly samples: number;
}

/** A running watch; `stop` ends it and returns what it saw. */
export interface MemoryWatch {
  stop(): PeakMemory;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    // The process ended between listing and reading: a normal race while scanning /proc.
    return undefined;
  }
}

/** Parent pid from /proc/<pid>/stat; the command name may hold spaces and parentheses, so parse after the last ')'. */
function parentOf(pid: string): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

function highWaterKiB(pid: number): number | undefined {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readText(`/proc/${pid}/status`) ?? "");
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Whether a command line is the dynamic-provider host itself: `node …/@pulumi/pulumi/cmd/dynamic-provider …`,
 * started by the `pulumi-resource-pulumi-nodejs` shell shim. The shim's own `node -e "require.resolve(…)"`
 * helper also names the path and is left out.
 */
export function isDynamicProviderCommand(argv: readonly string[]): boolean {
  if (argv.includes("-e")) return false;
  return argv.some((arg) => /cmd[/\\]dynamic-provider/.test(arg));
}

/**
 * Samples every `intervalMs` the peak resident set size (VmHWM, which the kernel keeps as a
 * high-water mark, so a short peak between samples is not lost while the process lives) of the
 * process `rootPid` and of every dynamic-provider process among its descendants, found by walking
 * /proc. Linux only; on other systems every figure stays undefined.
 */
export function watchPeakMemory(rootPid: number, intervalMs = 100): MemoryWatch {
  let cliKiB: number | undefined;
  const providerPeaks = new Map<number, number>();
  let samples = 0;

  const sample = () => {
    samples++;
    const own = highWaterKiB(rootPid);
    if (own !== undefined) cliKiB = Math.max(cliKiB ?? 0, own);
    let pids: string[];
    try {
      pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
    } catch {
      return;
    }
    const children = new Map<number, number[]>();
    for (const pid of pids) {
      const parent = parentOf(pid);
      if (parent === undefined) continue;
      const list = children.get(parent) ?? [];
      list.push(Number(pid));
      children.set(parent, list);
    }
    const queue = [...(children.get(rootPid) ?? [])];
    while (queue.length > 0) {
      const pid = queue.shift() ?? 0;
      queue.push(...(children.get(pid) ?? []));
      // Read afresh each time, never cached: a child that has not exec'd yet still shows its
      // parent's command line, and the descendants are only a handful of processes.
      const raw = readText(`/proc/${pid}/cmdline`);
      if (raw === undefined || !isDynamicProviderCommand(raw.split("\0").filter(Boolean))) continue;
      const peak = highWaterKiB(pid);
      if (peak !== undefined) providerPeaks.set(pid, Math.max(providerPeaks.get(pid) ?? 0, peak));
    }
  };

  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      const peaks = [...providerPeaks.values()];
      return {
        cliKiB,
        providerKiB: peaks.length === 0 ? undefined : Math.max(...peaks),
        providerProcesses: peaks.length,
        samples,
      };
    },
  };
}
