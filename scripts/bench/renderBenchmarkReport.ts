import type { BenchRun } from "./BenchRun";
import type { StrategyId, StrategyResult } from "./StrategyResult";

const s = (ms: number) => (Number.isNaN(ms) ? "–" : (ms / 1000).toFixed(1));
const mib = (kib: number | undefined) => (kib === undefined ? "not found" : (kib / 1024).toFixed(0));
const names: Record<StrategyId, string> = {
  cli: "`pulumi destroy`",
  "cli-skip-checkpoints": "`pulumi destroy`, `PULUMI_SKIP_CHECKPOINTS=true`",
  reference: "reference",
};

/** The requests target at the largest N: at least this many times fewer than the reference. */
const requestTarget = 20;

/** Wall time as a multiple of the physical limit. */
const ratioOf = (run: BenchRun, r: StrategyResult) => r.wallMs / run.physicalLimitMs;

function resultsTable(run: BenchRun): string {
  const rows = run.results.map((r) =>
    [
      r.jobs,
      names[r.strategy],
      r.parallelism,
      s(r.wallMs),
      `${ratioOf(run, r).toFixed(2)}×`,
      r.requests.total,
      `${r.requests.reads} / ${r.requests.stops} / ${r.requests.deletes} / ${r.requests.other}`,
      mib(r.peakMemoryKiB),
      r.cliPeakMemoryKiB === undefined ? "–" : mib(r.cliPeakMemoryKiB),
      r.problems.length === 0 ? "all gone, stop before delete" : `**${r.problems.length} problem(s)**`,
    ].join(" | "),
  );
  return [
    "| N | strategy | parallel | wall (s) | ÷ limit | requests | reads / stops / deletes / other | peak memory (MiB) | CLI peak (MiB) | checks |",
    "| -: | - | -: | -: | -: | -: | - | -: | -: | - |",
    ...rows.map((row) => `| ${row} |`),
  ].join("\n");
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function stateAndReadsTable(run: BenchRun): string {
  const rows = run.results.map((r) => {
    const st = r.state;
    const rr = r.readsPerRound;
    return [
      r.jobs,
      names[r.strategy],
      st === undefined ? "–" : `${kb(st.fileBytes)} KiB (${st.resources})`,
      st === undefined ? "–" : `${st.bytesPerJobResource} (${st.providerBytesPerJobResource})`,
      rr === undefined ? "–" : `${rr.mean.toFixed(1)} / ${rr.max}`,
      rr === undefined ? "–" : rr.rounds,
      rr === undefined ? "–" : rr.dliListPages,
      r.requests.oneJob ?? "–",
    ].join(" | ");
  });
  return [
    "| N | strategy | state file (resources) | bytes per job resource (stored provider) | reads per round, mean / max | rounds with reads | DLI list pages | one-job calls |",
    "| -: | - | -: | -: | -: | -: | -: | -: |",
    ...rows.map((row) => `| ${row} |`),
  ].join("\n");
}

function timeTable(run: BenchRun): string {
  const rows = run.results.map((r) => {
    const m = r.milestones;
    return [
      r.jobs,
      names[r.strategy],
      s(m.firstRequestMs),
      s(m.lastStopSentMs),
      s(m.lastStoppedMs),
      s(m.lastDeleteSentMs),
      s(m.lastRequestMs),
      s(r.wallMs),
      s(m.maxStoppedToDeleteMs),
    ].join(" | ");
  });
  return [
    "| N | strategy | first request | last stop sent | last job stopped | last delete sent | last request | end | longest stopped → delete |",
    "| -: | - | -: | -: | -: | -: | -: | -: | -: |",
    ...rows.map((row) => `| ${row} |`),
  ].join("\n");
}

function targets(run: BenchRun): string {
  const lines: string[] = [];
  for (const r of run.results.filter((x) => x.strategy !== "reference")) {
    const ratio = ratioOf(run, r);
    const over = r.wallMs - 1.25 * run.physicalLimitMs;
    lines.push(
      ratio <= 1.25
        ? `- ${names[r.strategy]}, N = ${r.jobs}: ${ratio.toFixed(2)}× the physical limit: **met** (${s(-over)} s to spare).`
        : `- ${names[r.strategy]}, N = ${r.jobs}: ${ratio.toFixed(2)}× the physical limit: **not met**, ${s(over)} s over ` +
            `the 1.25× budget (first request after ${s(r.milestones.firstRequestMs)} s, last stop sent after ` +
            `${s(r.milestones.lastStopSentMs)} s, last request ${s(r.milestones.lastRequestMs)} s, end ${s(r.wallMs)} s; see below).`,
    );
  }
  const biggest = Math.max(...run.results.map((r) => r.jobs));
  const ref = run.results.find((r) => r.jobs === biggest && r.strategy === "reference");
  for (const c of run.results.filter((r) => r.jobs === biggest && r.strategy !== "reference")) {
    if (ref === undefined) break;
    const fewer = ref.requests.total / c.requests.total;
    const budget = Math.floor(ref.requests.total / requestTarget);
    const oneJob = c.requests.oneJob;
    lines.push(
      `- ${names[c.strategy]}, N = ${biggest}: ${c.requests.total} requests against the reference's ${ref.requests.total}, ` +
        `${fewer.toFixed(1)}× fewer: ` +
        (fewer >= requestTarget
          ? `**met** (target: at least ${requestTarget}× fewer, at most ${budget} requests${biggest === 200 ? "" : "; stated for N = 200"}).`
          : `**not met**, ${c.requests.total - budget} requests over the ${budget} that ${requestTarget}× fewer allows ` +
            `(${(budget / c.jobs).toFixed(1)} calls per job, where the reference needs ${(ref.requests.total / ref.jobs).toFixed(1)})` +
            (oneJob === undefined
              ? "."
              : `. Of its ${c.requests.total} requests, ${oneJob} (${(oneJob / c.jobs).toFixed(1)} per job) are calls about ` +
                `one job each that the vendor offers no batch for: the v5 delete-one of the MySQL→Kafka pair, and ` +
                `the detail reads of a job a list no longer shows (to confirm it gone) or of a poll round's lone job ` +
                `(the prepaid check before a v5 stop reads the charging mode from the batched v5 list, and a job's ` +
                `own detail only when its list entry leaves the mode out); ${c.requests.reads} are reads, ` +
                `${c.readsPerRound === undefined ? "?" : c.readsPerRound.mean.toFixed(1)} per poll round on average ` +
                `(the v5 list takes 10 ids a call, so the ${Math.ceil(c.jobs / 3)} v5 jobs of N = ${c.jobs} cost ` +
                `${Math.ceil(Math.ceil(c.jobs / 3) / 10)} calls a round where the issue's estimate assumed one).`)),
    );
  }
  return lines.join("\n");
}

/** What the two CLI variants' milestones say about the engine's checkpoints, at the largest N. */
function checkpointNote(run: BenchRun): string {
  const n = Math.max(...run.results.map((r) => r.jobs));
  const plain = run.results.find((r) => r.jobs === n && r.strategy === "cli");
  const skip = run.results.find((r) => r.jobs === n && r.strategy === "cli-skip-checkpoints");
  if (plain === undefined || skip === undefined) return "";
  const spread = (r: StrategyResult) => r.milestones.lastStopSentMs - r.milestones.firstRequestMs;
  return `**The engine's checkpoints.** With the CLI as it comes, the provider receives the deletes
of N = ${n} one by one: its last stop goes out ${s(spread(plain))} s after its first, although the
provider sends each job's stop within about a second of receiving its delete (the per-job
timings in \`.tmp/bench/destroy-${n}-cli.log\`). Before and after every resource operation the engine
saves the whole state file (${plain.state === undefined ? "size not measured" : `${kb(plain.state.fileBytes)} KiB at the start, ${plain.state.bytesPerJobResource} bytes per job resource, ${plain.state.providerBytesPerJobResource} of them the two stored copies of the provider`}), one save at a time; with N
resources that is O(N²) bytes written, and the deletes are handed to the provider at the pace of
the saves: ${(spread(plain) / n).toFixed(0)} ms per delete here, two saves each. This is Pulumi's own cost,
not the provider's: the provider answers each delete within about a second, but receives the
deletes only as fast as the engine saves. With \`PULUMI_SKIP_CHECKPOINTS=true\` the same destroy sends its last stop
${s(spread(skip))} s after its first and ends after ${s(skip.wallMs)} s instead of
${s(plain.wallMs)} s. Late starters also poll out of step with the others and stop after the
batches have left, which costs batching: ${plain.requests.total} requests against
${skip.requests.total}. Skipping checkpoints is safe for a destroy of these resources: if the CLI
dies midway, the state still lists jobs that may be gone, and the next \`pulumi destroy\` finds them
gone ("already gone") and finishes; it is not advisable for \`pulumi up\` (a created DLI job could
be left out of the state).`;
}

/** The Markdown report of a bench run (docs/benchmarks.md). */
export function renderBenchmarkReport(run: BenchRun): string {
  const { options: o, timings: t, machine: m } = run;
  const failed = run.results.filter((r) => r.problems.length > 0);
  return `# Benchmark: tearing down N mixed jobs

Generated by \`npm run bench\` on ${run.startedAt.slice(0, 16).replace("T", " ")} UTC (the whole run took
${s(run.durationMs)} s). Do not edit by hand: run the bench again. Raw numbers:
[benchmarks.json](benchmarks.json).

![Wall time as a multiple of the physical limit, and HTTP requests sent, per stack size and strategy](benchmarks.svg)

${failed.length > 0 ? `**This run FAILED its checks:** ${failed.map((r) => `${r.strategy} N=${r.jobs}: ${r.problems.slice(0, 3).join("; ")}`).join(" — ")}\n\n` : ""}## What was measured

For each N, N running jobs are seeded on the in-process emulator, a third of each family in turn:
DRS v5 (alternating the MySQL→MySQL pair, deleted with delete-many, and MySQL→Kafka, deleted with
delete-one), DRS v3, and DLI Flink jobs. For each N every strategy tears down its own fresh set,
one strategy after the other in the same run:

- **\`pulumi destroy\`**: the repository's demo program (\`examples/demo\`) in a project of its own
  (\`.tmp/bench-project\`) where the package is installed under \`node_modules\` as files, as in a
  user's project (which decides how Pulumi stores the provider in state, see "State and reads per
  round"), adopts the jobs (\`drsV5JobIds\`, \`drsV3JobIds\`, \`dliJobIds\`; DLI with \`savepoint: true\`) with \`pulumi up\`
  (not measured); then \`pulumi destroy --yes --skip-preview --parallel N\` with the real CLI is
  timed from spawning the CLI to its exit. Credentials: the emulator's access key from
  \`HW_ACCESS_KEY\`/\`HW_SECRET_KEY\`, project from \`HW_PROJECT_ID\` (so no IAM calls).
- **\`pulumi destroy\`, \`PULUMI_SKIP_CHECKPOINTS=true\`**: the same, on fresh jobs, with the CLI told to
  write the state file once at the end of the destroy instead of before and after every resource
  operation (see "Where the time goes"). The \`pulumi up\` before it runs as usual.
- **reference**: the bench's own Terraform-like code (below), with as many workers as the CLI's
  \`--parallel\`, timed from the first worker's start to the last one's end.

Requests are counted from the emulator's call log during the measured window (every request
answered, of any service). Peak memory is the kernel's high-water mark (VmHWM) of the
dynamic-provider process (\`node …/@pulumi/pulumi/cmd/dynamic-provider\`, found below the CLI's
process in /proc and sampled every 100 ms) and of the \`pulumi\` process; for the reference it is the
peak resident size of the bench process, which also holds the emulator, so it overstates the
reference's own need. ${
    o.busyDli + o.busyDrs > 0
      ? `The project is busy: after each strategy's jobs are seeded, ${o.busyDli} other DLI jobs (the
previous strategy's are deleted first) and ${o.busyDrs} other DRS jobs (v5 and v3 by halves) are
seeded beside them (\`--busy-dli\`, \`--busy-drs\`); DLI lists the newest first, so the stack's DLI
jobs sit behind all the others, the worst case for a walk of the list. A stop or delete naming one
of them fails the bench. `
      : "The project holds only the stack's jobs (see `--busy-dli`, `--busy-drs` for a busy one). "
  }After each run the bench checks from the emulator's records that every job
is gone (DRS \`DELETED\` counts as gone), that each got a stop and then a delete, and that every
delete was sent while the job was stopped; any failure fails the bench.

## Machine

| | |
| - | - |
| CPU | ${m.cores} cores, ${m.cpuModel} |
| memory | ${m.memoryGiB} GiB |
| load average (1 min) at start | ${m.loadAverageAtStart} (the machine is shared with other work) |
| platform | ${m.platform} |
| Node.js | ${m.node} |
| Pulumi CLI | ${m.pulumiCli} (\`@pulumi/pulumi\` ${m.pulumiSdk}) |

## Parameters

The emulator runs on a clock 1:${o.timeScale}: every duration of the real cloud below is divided by
${o.timeScale}, for the jobs and for both strategies' waiting alike. The real-cloud durations are
assumptions (the vendor documents none); change them with the options shown.

| | real cloud | emulator | option |
| - | -: | -: | - |
| DRS stop (graceful or forced, v3 and v5) | ${o.drsStopS} s | ${s(t.drsStopMs)} s | \`--drs-stop-s\` |
| DRS \`DELETED\` shown before the job is forgotten | ${o.drsDeletedLingerS} s | ${s(t.drsDeletedLingerMs)} s | \`--drs-deleted-linger-s\` |
| DLI savepoint, then cancel | ${o.dliSavepointS} s + ${o.dliStopS} s | ${s(t.dliSavepointMs)} s + ${s(t.dliStopMs)} s | \`--dli-savepoint-s\`, \`--dli-stop-s\` |
| provider \`pollInterval\` (its default) | ${o.providerPollS} s | ${s(run.providerPollMs)} s | \`--provider-poll-s\` |
| reference: delay before the first read | ${o.referenceDelayS} s | ${s(run.reference.delayMs)} s | \`--reference-delay-s\` |
| reference: first pause, doubled each read | 0.2 s | ${s(run.reference.firstBackoffMs)} s | – |
| reference: longest pause between reads | ${o.referencePollCapS} s | ${s(run.reference.capMs)} s | \`--reference-poll-cap-s\` |
| other jobs in the project: DLI, DRS | ${o.busyDli}, ${o.busyDrs} | same | \`--busy-dli\`, \`--busy-drs\` |

The provider's own first pauses (1 s, then 1.5× longer each time, on a 250 ms grid) are fixed in
its code and not scaled, so on the emulator it starts polling at its cap at once; the number of
status rounds per job is about the same as on the real cloud, where the ramp-up is a small part
of a stop of minutes.

## Physical limit

No strategy can end before the slowest single job has been stopped and deleted, however well the
calls are timed. Per job that is its stop time plus its delete-until-gone time; the limit is the
largest over the stack:

    limit = max( DRS stopMs + 0,  DLI savepointMs + DLI stopMs + 0 )
          = max( ${s(t.drsStopMs)} s, ${s(t.dliSavepointMs)} s + ${s(t.dliStopMs)} s ) = ${s(run.physicalLimitMs)} s

The delete-until-gone time is 0 on the emulator for both services: a deleted DRS job reads
\`DELETED\` at once (which is "gone" for the provider), and a deleted DLI job is not found at once.
Round trips (milliseconds on loopback) are left out, so the limit is slightly stricter than
reality. It is the same for every N, as the jobs stop in parallel.

## Results

${resultsTable(run)}

Wall time divided by the physical limit (${s(run.physicalLimitMs)} s). The machine is shared
with other work: the CLI's start-up and its state saves are CPU-bound and vary from run to run
by seconds with the load (the reference, in-process, varies far less). Peak memory: the
dynamic-provider process for \`pulumi destroy\`, the bench process (with the emulator) for the
reference.

## State and reads per round

${stateAndReadsTable(run)}

- *state file*: the stack's checkpoint on the file backend after \`pulumi up\`, which the CLI
  rewrites whole before and after every resource operation of the destroy; *bytes per job
  resource*: one DrsJob or DliFlinkJob entry as JSON, in brackets the two copies of the serialized
  provider Pulumi keeps in it (\`__provider\` in inputs and outputs). Installed under
  \`node_modules\`, the provider is stored as a \`require\` of its trampoline module (about 280
  bytes a copy); linked from elsewhere (as in this repository's own demo stack) as the text of its
  seven methods (about 2.2 KB a copy, about 6 KB per job resource in all).
- *reads per round*: status reads (detail, list, batch-status) in each poll interval
  (${s(run.providerPollMs)} s on the emulator) that had any, from the emulator's log. The provider
  reads DLI jobs with one detail call each or by walking the job list (100 a page), whichever
  costs fewer calls for the jobs waiting and the project's size (its last \`total_count\`): at most
  min(jobs waiting, ⌈project size / 100⌉) a round, plus one detail read per job a walk missed
  (never taken as gone on the list's word); DRS v5 ten ids a filtered list call (a lone job by
  its detail); DRS v3 one batch-status call.
- *one-job calls*: calls about a single job named in the path, which the vendor offers no batch
  for.

## Targets

${targets(run)}

## Where the time goes

Milestones in seconds after the start (the CLI's spawn, or the reference's first worker):

${timeTable(run)}

- *first request*: for the CLI, the start-up before the provider's first call (CLI start, state
  load, the dynamic-provider process starting and loading the provider code, the engine starting
  the deletes).
- *last stop sent* → *last job stopped*: the jobs' own stop time.
- *last job stopped* → *last delete sent*: poll lag, at most one poll pause (plus, for the CLI, the
  250 ms grid that lines up the reads of all jobs so they share batch calls).
- *last request* → *end*: the CLI's engine finishing (the last resource deletions recorded in the
  state file) and the processes exiting.

${checkpointNote(run)}

## The reference strategy exactly

It follows api-facts §6 (how the Terraform providers tear these jobs down), one job at a time per
worker, one API call per step, no batching, through this package's own API modules and HTTP
transport (so only the strategy differs):

- **DRS v3** (Huawei \`drs_job\`): batch-detail of the one job; \`force_terminate\` (Terraform never
  tries a graceful stop; a forced stop takes as long as a graceful one here, so both strategies
  face the same physical work); wait; \`delete\`. No wait after the delete (Terraform does not).
- **DRS v5**: Terraform's \`drs_job_v5\` only sends \`DELETE /v5/{project}/jobs/{id}\`, which DRS
  refuses for a running job, so the job would stay. For a fair comparison the reference treats v5
  jobs like v3 with the v5 calls: detail, forced stop-one, wait, then the delete call the engine
  pair allows (delete-one, or delete-many with the single id).
- **DLI**: the Terraform resources only delete (losing the savepoint). For a fair comparison the
  reference stops with \`trigger_savepoint\` (the same work as the stack's \`savepoint: true\`),
  waits, and deletes the one job.
- **Waiting** (the Terraform SDK's state-change waiter as api-facts describes it): a fixed delay
  before the first read, then reads after pauses that double from 0.2 s (real) up to the 10 s cap,
  all divided by ${o.timeScale}; one status read (v3 batch-status of one id, v5 detail, DLI detail)
  per job per round.
- **Workers**: ${o.referenceWorkers === "match" ? "N, matching the CLI's `--parallel N`" : `${o.referenceWorkers}`}. Terraform's default \`-parallelism\` is 10; with 10
  workers the reference would take about ⌈N / 10⌉ times one job's teardown, which measures that
  default rather than the strategy, so the comparison gives both sides the same concurrency.

## Re-run

\`\`\`bash
npm run bench                              # sizes 10, 50, 200 (about ${Math.max(5, Math.round(run.durationMs / 60_000))} minutes here)
npm run bench -- --sizes 10 --out-dir .tmp/bench-out    # a quick try that leaves docs/ alone
npm run bench -- --time-scale 5 --reference-workers 10   # other clock, Terraform's default parallelism
npm run bench -- --busy-dli 2000 --busy-drs 500 --out-dir docs/busy-project   # a busy project
\`\`\`

The destroy output of each size is kept in \`.tmp/bench/destroy-N.log\`.
`;
}
