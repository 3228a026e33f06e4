import { decideTeardownStep, type TeardownSubject } from "./decideTeardownStep";
import type { JobDriver } from "./JobDriver";
import { recordTeardownEvent } from "./recordTeardownEvent";
import type { TeardownEvent } from "./TeardownEvent";
import { startTeardownMemory } from "./TeardownMemory";
import type { TeardownPolicy } from "./TeardownPolicy";
import { eventProgress, stepProgress } from "./teardownProgress";
import type { TeardownCallStep } from "./TeardownStep";

export type { ForceStopPolicy, TeardownPolicy } from "./TeardownPolicy";

/** What a teardown did. */
export interface TeardownReport {
  /**
   * `deleted`: this run deleted it (a delete was accepted, or its answer said nothing about the
   * job and the job then went away); `alreadyGone`: it was gone before any delete of ours.
   */
  readonly outcome: "deleted" | "alreadyGone";
  readonly stopsSent: number;
  readonly forcedStopsSent: number;
  readonly deletesSent: number;
  readonly elapsedMs: number;
}

/** One line of progress; the caller prefixes it with the resource name and job id. */
export type ProgressLog = (message: string) => void;

/**
 * Tears down one job: stop it unless it is stopped, wait until its status allows deletion,
 * delete it, and wait until the service no longer knows it. Re-entrant: a job already stopping,
 * stopped or gone is taken from where it is, so a destroy killed at any point converges when run
 * again.
 *
 * Every decision is made by {@link decideTeardownStep} from the memory that
 * {@link recordTeardownEvent} keeps; this loop only reads, stops, deletes, sleeps and logs. Each
 * call is awaited only until the job's deadline: a call still unanswered then (a slow attempt, a
 * batch that retries on for jobs with later deadlines) is left to finish in the background and
 * the teardown ends with a TeardownTimeoutError, so that a teardown never outlives its
 * deleteTimeout by more than a moment.
 */
export async function tearDownJob(
  driver: JobDriver,
  jobId: string,
  label: string,
  policy: TeardownPolicy,
  log: ProgressLog,
): Promise<TeardownReport> {
  const subject: TeardownSubject = {
    label,
    family: driver.family,
    canForceStop: driver.canForceStop,
    hasStopBlocker: driver.stopBlocker !== undefined,
    policy,
  };
  let memory = startTeardownMemory(policy, Date.now());
  let event: TeardownEvent = { kind: "started" };
  for (;;) {
    const now = Date.now();
    const before = memory;
    memory = recordTeardownEvent(memory, event, policy, now);
    for (const line of eventProgress(before, event, driver.family, now)) log(line);
    const step = decideTeardownStep(memory, event, subject, now);
    switch (step.kind) {
      case "finish":
        return {
          outcome: step.outcome,
          stopsSent: memory.stopsSent,
          forcedStopsSent: memory.forcedStopsSent,
          deletesSent: memory.deletesSent,
          elapsedMs: now - memory.startedAt,
        };
      case "fail":
        throw step.error;
      case "wait":
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, step.until - now)));
        event = { kind: "woke" };
        break;
      default: {
        const line = stepProgress(memory, step, now);
        if (line !== undefined) log(line);
        event = await perform(driver, jobId, step, memory.deadline);
      }
    }
  }
}

/** Makes the step's call and turns whatever comes back before the deadline into an event. */
async function perform(
  driver: JobDriver,
  jobId: string,
  step: TeardownCallStep,
  deadline: number,
): Promise<TeardownEvent> {
  try {
    switch (step.kind) {
      case "read": {
        const view = await answerBy(driver.read(jobId), deadline);
        return view === noAnswer ? { kind: "unanswered", step } : { kind: "read", view };
      }
      case "checkStopBlocker": {
        const blocker = await answerBy(driver.stopBlocker?.(jobId) ?? Promise.resolve(undefined), deadline);
        return blocker === noAnswer ? { kind: "unanswered", step } : { kind: "stopBlocker", blocker };
      }
      case "stop": {
        const outcome = await answerBy(driver.stop(jobId, step.force), deadline);
        return outcome === noAnswer
          ? { kind: "unanswered", step }
          : { kind: "stop", force: step.force, outcome };
      }
      case "delete": {
        const outcome = await answerBy(driver.delete(jobId), deadline);
        return outcome === noAnswer ? { kind: "unanswered", step } : { kind: "delete", outcome };
      }
    }
  } catch (error) {
    return { kind: "failed", step, error };
  }
}

const noAnswer = Symbol("no answer by the deadline");

/**
 * The call's answer, or {@link noAnswer} when it has none by `deadline`. An abandoned call goes
 * on (its batch may serve other jobs); its late failure is swallowed here, never left unhandled.
 */
function answerBy<T>(call: Promise<T>, deadline: number): Promise<T | typeof noAnswer> {
  call.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof noAnswer>((resolve) => {
    timer = setTimeout(() => resolve(noAnswer), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}
