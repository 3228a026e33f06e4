import type * as pulumi from "@pulumi/pulumi";
import { defaultAuthFactories } from "../config/defaultAuthFactories";
import { resolveConnection, type PinnedSettings } from "../config/resolveConnection";
import { getDliJob, runDliJobs } from "../dli/dliApi";
import type { ApiConnection } from "../http/ApiConnection";
import { tearDownJob } from "../teardown/tearDownJob";
import {
  dliFlinkJobInputs,
  dliFlinkJobOutputsV1,
  type DliFlinkJobInputs,
  type DliFlinkJobOutputsV1,
} from "./dliFlinkJobSchemas";
import { createDliJobOnce, type DliCreateSpec } from "./createDliJobOnce";
import { CreatedButFailedError } from "./CreatedButFailedError";
import { changedFixedFields, dliFixedSpecHashes, dliOrigin, dliSpecHash } from "./dliSpecFingerprint";
import { updateCreatedDliJob } from "./updateCreatedDliJob";
import { waitUntilDliJobRuns } from "./waitForDliJob";
import { dliFlinkJobTeardown } from "./dliFlinkJobTeardown";
import { defaultDeleteTimeoutMs, defaultPollIntervalMs } from "./inputTypes";
import {
  checkInputs,
  definedOnly,
  parseInputs,
  progress,
  seconds,
  userInputs,
  type Props,
  unreadableOutputs,
} from "./providerCommon";
import { jobNotAtNewPlace, movedPlaceFields, placeAfterMove, placeOf, replacementWarning } from "./jobPlace";

const kind = "DliFlinkJob";
/** Reads of the job list, a poll interval apart, before a create whose answer was lost counts as not done. */
const createLookupAttempts = 3;

function connect(settings: PinnedSettings): Promise<ApiConnection> {
  return resolveConnection("dli", settings, defaultAuthFactories);
}

/** Reads stored DliFlinkJob outputs of any schema version this release knows. */
export function readDliFlinkJobOutputs(props: Props): DliFlinkJobOutputsV1 {
  const parsed = dliFlinkJobOutputsV1.safeParse(props);
  if (parsed.success) return parsed.data;
  throw unreadableOutputs("DliFlinkJob", props, parsed.error.message);
}

const origin = dliOrigin;
const specHash = dliSpecHash;

function teardownSettings(inputs: DliFlinkJobInputs) {
  return {
    resourceName: inputs.resourceName,
    deleteTimeoutMs: inputs.deleteTimeout ?? defaultDeleteTimeoutMs,
    pollIntervalMs: inputs.pollInterval ?? defaultPollIntervalMs,
    savepoint: inputs.savepoint ?? false,
  };
}

async function create(news: Props): Promise<{ id: string; outs: DliFlinkJobOutputsV1 }> {
  const inputs = parseInputs(kind, dliFlinkJobInputs, news);
  const conn = await connect(inputs);
  const base = {
    schemaVersion: 1 as const,
    ...teardownSettings(inputs),
    origin: origin(inputs),
    specHash: specHash(inputs),
    fixedSpecHashes: dliFixedSpecHashes(inputs),
    run: inputs.run ?? false,
    // The place is fixed here: every later read, stop and delete goes there.
    ...placeOf(conn),
  };
  if (inputs.jobId !== undefined) {
    const job = await getDliJob(conn, inputs.jobId);
    if (job === undefined) {
      throw new Error(
        `DLI job ${inputs.jobId} does not exist in project ${conn.projectId} at ${conn.endpoint}: nothing to adopt.`,
      );
    }
    const outs = definedOnly({ ...base, jobId: inputs.jobId, name: job.name ?? "", status: job.status });
    return { id: outs.jobId, outs };
  }
  const what: DliCreateSpec | undefined =
    inputs.sql !== undefined
      ? { kind: "sql", spec: inputs.sql }
      : inputs.jar !== undefined
        ? { kind: "jar", spec: inputs.jar }
        : undefined;
  if (what === undefined)
    throw new Error(`${kind} "${inputs.resourceName}": none of jobId, sql and jar given`);
  const created = await createDliJobOnce(conn, what, {
    label: `${kind} "${inputs.resourceName}"`,
    attempts: createLookupAttempts,
    delayMs: base.pollIntervalMs,
  });
  const jobId = created.jobId;
  const name = what.spec.name;
  const log = progress(kind, inputs.resourceName, jobId);
  log(
    created.lostAnswer === undefined
      ? `created ${what.kind === "sql" ? "Flink SQL" : "Flink Jar"} job "${name}"`
      : `the create answer was lost (${created.lostAnswer}); found the job it made by its name "${name}"`,
  );
  let outs = definedOnly({ ...base, jobId, name, status: "job_init" });
  try {
    if (outs.run) {
      const result = (await runDliJobs(conn, [jobId])).get(jobId);
      if (result?.isSuccess !== true) {
        throw new Error(
          `DLI refused to run the job: ${result?.message ?? "no entry for the job in the answer"}`,
        );
      }
      log("run submitted");
      const job = await waitUntilDliJobRuns(conn, jobId, {
        timeoutMs: base.deleteTimeoutMs,
        pollIntervalMs: base.pollIntervalMs,
        log,
        before: "job_init",
      });
      log(`running (${job.status})`);
      return { id: jobId, outs: { ...outs, status: job.status } };
    }
    const job = await getDliJob(conn, jobId);
    outs = { ...outs, status: job?.status ?? outs.status };
    return { id: jobId, outs };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const last = (error as { job?: { status?: string } }).job?.status;
    const text = `${kind} "${inputs.resourceName}": job ${jobId} was created but ${message.replace(/\.+$/, "")}. It stays in the stack; fix the cause and run \`pulumi up\` again (it runs the job again), or \`pulumi destroy\` to remove it.`;
    throw new CreatedButFailedError(
      text,
      jobId,
      // The host stores these as the outputs; the serialized provider must be among them, or
      // a later destroy could not load the provider. `run` records that the job is NOT running
      // as asked, so that the next `pulumi up` sees run false → true and runs it again.
      { ...outs, run: false, status: last ?? outs.status, __provider: news["__provider"] },
      // The CLI shows the reasons, not the message: give the whole text, advice included.
      [text],
    );
  }
}

/** The real DliFlinkJob provider; the serialized trampoline in state delegates every call here. */
export const dliFlinkJobProvider: Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> = {
  check: (_olds: Props, news: Props) => checkInputs(dliFlinkJobInputs, news),

  diff(_id: string, olds: Props, news: Props) {
    const outs = readDliFlinkJobOutputs(olds);
    const next = dliFlinkJobInputs.safeParse(userInputs(news));
    if (!next.success) return Promise.resolve({ changes: true });
    const inputs = next.data;
    const replaces: string[] = [];
    let why = "";
    const specChanged = specHash(inputs) !== outs.specHash;
    const log = progress(kind, outs.resourceName, outs.jobId);
    if (origin(inputs) !== outs.origin) {
      replaces.push(inputs.sql ? "sql" : inputs.jar ? "jar" : "jobId");
      why = `${replaces.join(", ")} given instead of ${outs.origin === "adopted" ? "jobId" : outs.origin}`;
    } else if (inputs.jobId !== undefined && inputs.jobId !== outs.jobId) {
      replaces.push("jobId");
      why = "jobId changed";
    } else if (specChanged && outs.origin !== "adopted") {
      // Fields DLI cannot change in place need a new job; everything else is PUT onto this one.
      // Outputs written before in-place updates existed hold no field hashes: replace, as then.
      const fixed =
        outs.fixedSpecHashes === undefined
          ? undefined
          : changedFixedFields(outs.origin, outs.fixedSpecHashes, dliFixedSpecHashes(inputs) ?? {});
      if (fixed === undefined) {
        replaces.push(outs.origin);
        why = `${outs.origin} changed, and outputs written by an earlier release do not record which field (so it replaces, as it did then)`;
      } else if (fixed.length > 0) {
        replaces.push(outs.origin);
        why = `${fixed.join(", ")} changed (DLI cannot change ${fixed.length > 1 ? "these" : "this"} in place)`;
      } else {
        log(
          `${outs.origin} changed: job ${outs.jobId} is updated in place (a running job is stopped with a savepoint, updated, and run again resuming from it)`,
        );
      }
    }
    if (replaces.length > 0) log(replacementWarning(why, outs.jobId));
    // A region, project or endpoint equal to the one in force is no change; another one is a
    // move that update checks (the same job must answer there), never a replace.
    const settings = { ...teardownSettings(inputs), run: inputs.run ?? false };
    const changes =
      replaces.length > 0 ||
      specChanged ||
      movedPlaceFields(inputs, outs).length > 0 ||
      (Object.keys(settings) as (keyof typeof settings)[]).some((k) => settings[k] !== outs[k]);
    // DLI job names are unique in a project and create refuses a name already taken: a
    // replacement that creates a job under the name of the one it replaces must remove the old
    // job first (it is torn down either way; only the order changes).
    const newName = inputs.sql?.name ?? inputs.jar?.name;
    const deleteBeforeReplace = replaces.length > 0 && newName !== undefined && newName === outs.name;
    return Promise.resolve({ changes, replaces, deleteBeforeReplace });
  },

  create,

  async read(id: string, props: Props) {
    const outs = readDliFlinkJobOutputs(props);
    const conn = await connect(outs);
    const job = await getDliJob(conn, id);
    if (job === undefined) return { id: "", props: {} };
    // Outputs of older releases did not store the endpoint: record the place the job answered at.
    return {
      id,
      props: { ...outs, ...(outs.endpoint === undefined ? placeOf(conn) : {}), status: job.status },
    };
  },

  async update(id: string, olds: Props, news: Props) {
    const inputs = parseInputs(kind, dliFlinkJobInputs, news);
    const outs = readDliFlinkJobOutputs(olds);
    const moved = movedPlaceFields(inputs, outs);
    const legacy = outs.endpoint === undefined;
    const conn = await connect(moved.length > 0 || legacy ? placeAfterMove(inputs, outs) : outs);
    const job = await getDliJob(conn, id);
    if (job === undefined && (moved.length > 0 || legacy)) {
      // Switched only where the same job answers; nothing is stopped or deleted either way.
      throw jobNotAtNewPlace(kind, outs.resourceName, id, moved, outs, conn);
    }
    if (moved.length > 0) {
      progress(
        kind,
        outs.resourceName,
        id,
      )(`now managed at ${conn.endpoint} (project ${conn.projectId}): the job answers there`);
    }
    const settled = {
      ...outs,
      ...placeOf(conn),
      ...teardownSettings(inputs),
      status: job?.status ?? outs.status,
    };
    if (outs.origin === "adopted") return { outs: settled };
    return updateCreatedDliJob({ conn, id, inputs, outs: settled, job, provider: news["__provider"] });
  },

  async delete(id: string, props: Props) {
    const outs = readDliFlinkJobOutputs(props);
    const log = progress(kind, outs.resourceName, id);
    const conn = await connect(outs);
    log(`tearing down (deleteTimeout ${seconds(outs.deleteTimeoutMs)}, savepoint ${String(outs.savepoint)})`);
    const plan = dliFlinkJobTeardown(conn, id, outs);
    const result = await tearDownJob(plan.driver, id, plan.label, plan.policy, log);
    log(
      `${result.outcome === "deleted" ? "deleted" : "was already gone"}: ${result.stopsSent} stop and ${result.deletesSent} delete request(s) in ${seconds(result.elapsedMs)}`,
    );
  },
};
