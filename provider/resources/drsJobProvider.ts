import type * as pulumi from "@pulumi/pulumi";
import { defaultAuthFactories } from "../config/defaultAuthFactories";
import { resolveConnection, type PinnedSettings } from "../config/resolveConnection";
import type { ApiConnection } from "../http/ApiConnection";
import { drsRunningStatuses } from "../drs/decideDrsCreateStep";
import { chooseDrsDeleteApi } from "../drs/drsV5Api";
import { tearDownJob } from "../teardown/tearDownJob";
import { findDrsJob, type AdoptedDrsJob } from "./adoptDrsJob";
import { CreatedButFailedError } from "./CreatedButFailedError";
import {
  createDrsApiFor,
  DrsCreateStepError,
  driveDrsJobToRunning,
  makeDrsJob,
  type DrsCreateOptions,
} from "./createDrsJob";
import { diffDrsJobSpec } from "./diffDrsJobSpec";
import { summarizeDrsJobSpec, type DrsJobSpec } from "./drsJobSpec";
import { updateDrsJobSettings } from "./updateDrsJobSettings";
import { drsDriverFor, drsJobTeardown } from "./drsJobTeardown";
import {
  defaultCreateTimeoutMs,
  defaultDeleteTimeoutMs,
  defaultForceStop,
  defaultGracefulStopTimeoutMs,
  defaultPollIntervalMs,
  drsJobInputs,
  type DrsJobInputs,
  type DrsJobOutputsV2,
} from "./drsJobSchemas";
import {
  checkInputs,
  definedOnly,
  parseInputs,
  progress,
  seconds,
  userInputs,
  type Props,
} from "./providerCommon";
import { readDrsJobOutputs } from "./readDrsJobOutputs";
import { jobNotAtNewPlace, movedPlaceFields, placeAfterMove, placeOf, replacementWarning } from "./jobPlace";

const kind = "DrsJob";
/** Reads of the job list, a poll interval apart, before a create whose answer was lost counts as not done. */
const createLookupAttempts = 3;

function connect(settings: PinnedSettings): Promise<ApiConnection> {
  return resolveConnection("drs", settings, defaultAuthFactories);
}

/** The teardown settings of inputs, with defaults, as stored in outputs. */
function teardownSettings(inputs: DrsJobInputs) {
  return {
    resourceName: inputs.resourceName,
    deleteTimeoutMs: inputs.deleteTimeout ?? defaultDeleteTimeoutMs,
    pollIntervalMs: inputs.pollInterval ?? defaultPollIntervalMs,
    forceStop: inputs.forceStop ?? defaultForceStop,
    gracefulStopTimeoutMs: inputs.gracefulStopTimeout ?? defaultGracefulStopTimeoutMs,
  };
}

/** The outputs of a job found at `conn`: its place (region, project, endpoint) is fixed here. */
function outputsOf(
  inputs: DrsJobInputs & { jobId: string },
  conn: ApiConnection,
  job: AdoptedDrsJob,
): DrsJobOutputsV2 {
  return definedOnly<DrsJobOutputsV2>({
    schemaVersion: 2,
    ...teardownSettings(inputs),
    jobId: inputs.jobId,
    apiVersion: job.apiVersion,
    deleteApi: job.deleteApi,
    ...placeOf(conn),
    name: job.name,
    status: job.status,
    engineType: job.engineType,
    jobType: job.jobType,
  });
}

async function adopt(inputs: DrsJobInputs & { jobId: string }): Promise<DrsJobOutputsV2> {
  const conn = await connect(inputs);
  const job = await findDrsJob(conn, inputs.jobId, inputs.apiVersion);
  if (job === undefined) {
    throw new Error(
      `DRS job ${inputs.jobId} does not exist in project ${conn.projectId} at ${conn.endpoint}${inputs.apiVersion ? ` (API ${inputs.apiVersion})` : ""}: nothing to adopt.`,
    );
  }
  // The place the job was found at is stored whole (region, project, endpoint): every later
  // read, stop and delete goes there, whatever the environment says on the day.
  return outputsOf(inputs, conn, job);
}

/**
 * Settings that would point the resource at the job somewhere else (another region, project,
 * endpoint or API family), or record the place for the first time (outputs of older releases).
 * These never replace: the update checks that the same job answers there before switching.
 */
function moves(inputs: DrsJobInputs, outs: DrsJobOutputsV2): string[] {
  const moved: string[] = movedPlaceFields(inputs, outs);
  if (inputs.apiVersion !== undefined && inputs.apiVersion !== outs.apiVersion) moved.push("apiVersion");
  return moved;
}

/** How a create or a resumed create is run, for these inputs. */
function createOptions(inputs: DrsJobInputs): DrsCreateOptions {
  return {
    label: `${kind} "${inputs.resourceName}"`,
    apiVersion: inputs.apiVersion,
    pollIntervalMs: inputs.pollInterval ?? defaultPollIntervalMs,
    timeoutMs: inputs.createTimeout ?? defaultCreateTimeoutMs,
    lookupAttempts: createLookupAttempts,
    log: (jobId) => progress(kind, inputs.resourceName, jobId ?? "(new job)"),
  };
}

/** The reasons and message of a failed create step; never a credential (only vendor texts and names). */
function failureOf(error: unknown): { message: string; reasons: string[] } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DrsCreateStepError && error.reasons.length > 0) {
    return { message: `${message}: ${error.reasons.join("; ")}`, reasons: [...error.reasons] };
  }
  return { message, reasons: [message] };
}

/**
 * Creates a DRS job from `spec` and drives it to running. A job that exists but failed a later
 * step is reported with {@link CreatedButFailedError}: the engine keeps it in the stack, so a
 * later `pulumi up` resumes it and `pulumi destroy` removes it.
 */
async function createFromSpec(inputs: DrsJobInputs, spec: DrsJobSpec, news: Props) {
  const conn = await connect(inputs);
  const options = createOptions(inputs);
  const made = await makeDrsJob(conn, spec, options);
  const jobId = made.jobId;
  const log = options.log(jobId);
  log(
    made.lostAnswer === undefined
      ? `created DRS job "${spec.name}" through DRS ${made.api.apiVersion} (${made.api.engineType}, ${spec.job_type})`
      : `the create answer was lost (${made.lostAnswer}); found the job it made by its name "${spec.name}"`,
  );
  const outs = definedOnly<DrsJobOutputsV2>({
    schemaVersion: 2,
    ...teardownSettings(inputs),
    jobId,
    apiVersion: made.api.apiVersion,
    // The job is torn down with the delete call its engine pair allows, as an adopted one.
    deleteApi: made.api.apiVersion === "v5" ? chooseDrsDeleteApi(made.api.engineType) : "v3",
    ...placeOf(conn),
    name: spec.name,
    status: "CREATING",
    engineType: made.api.engineType,
    jobType: spec.job_type,
    origin: "spec",
    specSummary: summarizeDrsJobSpec(spec),
    createTimeoutMs: options.timeoutMs,
  });
  try {
    const status = await driveDrsJobToRunning(made.api, jobId, spec, options);
    return { id: jobId, outs: { ...outs, status } };
  } catch (error) {
    const failure = failureOf(error);
    const status = await made.api.readStatus(jobId).catch(() => undefined);
    throw new CreatedButFailedError(
      `${options.label}: DRS job ${jobId} was created but ${failure.message}. It stays in the stack; fix the cause and run \`pulumi up\` again (it resumes this job), or \`pulumi destroy\` to remove it.`,
      jobId,
      // The host stores these as the outputs; the serialized provider must be among them, or
      // a later destroy could not load the provider.
      { ...outs, status: status ?? outs.status, __provider: news["__provider"] },
      failure.reasons,
    );
  }
}

/** Statuses in which a job being made has failed for good. */
const createFailedStatuses: ReadonlySet<string> = new Set([
  "CREATE_FAILED",
  "START_JOB_FAILED",
  "FULL_TRANSFER_FAILED",
  "INCRE_TRANSFER_FAILED",
]);

/** Whether the create that stored `status` took the job to running (or to its start time). */
function createFinished(status: string): boolean {
  return drsRunningStatuses.has(status) || status === "WAITING_FOR_START";
}

/** Statuses from which an update carries an unfinished create on (configuration, starting). */
const resumableStatuses: ReadonlySet<string> = new Set([
  "CREATING",
  "CONFIGURATION",
  "STARTJOBING",
  "WAITING_FOR_START",
]);

/**
 * Applies a changed spec to the job it made: the fields DRS changes in place, and, for a job a
 * failed create left behind, the rest of the create sequence. Returns complete outputs.
 */
async function updateFromSpec(
  id: string,
  inputs: DrsJobInputs,
  spec: DrsJobSpec,
  outs: DrsJobOutputsV2,
  conn: ApiConnection,
): Promise<DrsJobOutputsV2> {
  const options = createOptions(inputs);
  const log = options.log(id);
  const change = diffDrsJobSpec(outs.specSummary, spec, outs.apiVersion);
  for (const field of change.inPlace) {
    if (field === "name") await updateDrsJobSettings(conn, outs.apiVersion, id, { name: spec.name });
    if (field === "description") {
      await updateDrsJobSettings(conn, outs.apiVersion, id, { description: spec.description ?? "" });
    }
    if (field === "speed_limit") {
      await updateDrsJobSettings(conn, outs.apiVersion, id, { speed_limit: spec.speed_limit ?? [] });
    }
    log(`${field} changed in place`);
  }
  if (change.recorded.length > 0)
    log(`${change.recorded.join(", ")} recorded (only used while the job is made)`);
  const api = createDrsApiFor(conn, spec, outs.apiVersion);
  let status = (await api.readStatus(id)) ?? outs.status;
  if (!createFinished(outs.status) && createFailedStatuses.has(status)) {
    // A create that never reached running and ended in a failed status cannot be carried on:
    // saying "updated" would hide that the job does not run.
    throw new Error(
      `${options.label}: DRS job ${id} was created but never ran (status ${status}), and DRS offers no way to carry that create on. Replace it with \`pulumi up --replace <urn of this DrsJob>\`, or remove it with \`pulumi destroy\`.`,
    );
  }
  if (resumableStatuses.has(status) && !(status === "WAITING_FOR_START" && spec.start_time !== undefined)) {
    log(`the job is in ${status}: carrying its create on`);
    try {
      status = await driveDrsJobToRunning(api, id, spec, options);
    } catch (error) {
      throw new Error(
        `${options.label}: DRS job ${id} is not running yet and ${failureOf(error).message}. Fix the cause and run \`pulumi up\` again, or \`pulumi destroy\` to remove the job.`,
        { cause: error },
      );
    }
  }
  return definedOnly<DrsJobOutputsV2>({
    ...outs,
    ...teardownSettings(inputs),
    name: spec.name,
    status,
    specSummary: summarizeDrsJobSpec(spec),
    createTimeoutMs: options.timeoutMs,
  });
}

/** The real DrsJob provider; the serialized trampoline in state delegates every call here. */
export const drsJobProvider: Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> = {
  check: (_olds: Props, news: Props) => checkInputs(drsJobInputs, news),

  diff(_id: string, olds: Props, news: Props) {
    // `olds` are the stored outputs, which hold normalised settings: compare parsed values.
    const outs = readDrsJobOutputs(olds);
    const next = drsJobInputs.safeParse(userInputs(news));
    if (!next.success) return Promise.resolve({ changes: true });
    const inputs = next.data;
    // Only another job means a replace: another jobId, a switch between jobId and spec, or a spec
    // change DRS cannot make on the existing job. The replaced job is then torn down, which the
    // preview says next to its "replace". A region, project, endpoint or API family equal to the
    // one in force is no change; a different one is a move, checked by update (never a replace,
    // which would stop and delete the very job the replacement adopts).
    const createdHere = outs.origin === "spec";
    const replaces: string[] = [];
    let why = "";
    let specChanges = false;
    if (inputs.spec !== undefined && !createdHere) {
      replaces.push("spec");
      why = `spec replaces jobId ${outs.jobId} (a new job will be created)`;
    } else if (inputs.spec === undefined && createdHere) {
      replaces.push("jobId");
      why = `jobId ${inputs.jobId ?? ""} replaces the spec job ${outs.jobId} was created from`;
    } else if (inputs.spec !== undefined) {
      const change = diffDrsJobSpec(outs.specSummary, inputs.spec, outs.apiVersion);
      if (change.replace.length > 0) {
        replaces.push("spec");
        why = `spec field(s) ${change.replace.join(", ")} change, which DRS cannot change on an existing job`;
      }
      specChanges = change.inPlace.length > 0 || change.recorded.length > 0;
    } else if (inputs.jobId !== outs.jobId) {
      replaces.push("jobId");
      why = `jobId changes from ${outs.jobId} to ${inputs.jobId ?? ""}`;
    }
    if (replaces.length > 0)
      progress(kind, outs.resourceName, outs.jobId)(replacementWarning(why, outs.jobId));
    const settings = teardownSettings(inputs);
    const changes =
      replaces.length > 0 ||
      specChanges ||
      moves(inputs, outs).length > 0 ||
      (createdHere && (inputs.createTimeout ?? defaultCreateTimeoutMs) !== outs.createTimeoutMs) ||
      (Object.keys(settings) as (keyof typeof settings)[]).some((key) => settings[key] !== outs[key]);
    // This provider refuses to create a job under a name already taken (so that a lost create
    // answer can be found by name): a replacement under the same name removes the old job first.
    const deleteBeforeReplace =
      replaces.length > 0 &&
      inputs.spec !== undefined &&
      inputs.spec.name.toLowerCase() === outs.name.toLowerCase();
    return Promise.resolve({ changes, replaces, deleteBeforeReplace });
  },

  async create(news: Props) {
    const inputs = parseInputs(kind, drsJobInputs, news);
    if (inputs.spec !== undefined) return createFromSpec(inputs, inputs.spec, news);
    if (inputs.jobId === undefined)
      throw new Error(`${kind} "${inputs.resourceName}": neither jobId nor spec given`);
    const outs = await adopt({ ...inputs, jobId: inputs.jobId });
    return { id: outs.jobId, outs };
  },

  async read(id: string, props: Props) {
    const outs = readDrsJobOutputs(props);
    const conn = await connect(outs);
    const view = await drsDriverFor(conn, outs).read(id);
    // An empty id tells the engine the job is gone, so refresh drops it from state.
    if (view === undefined) return { id: "", props: {} };
    // Outputs of older releases did not store the endpoint: record the place the job answered at.
    return {
      id,
      props: { ...outs, ...(outs.endpoint === undefined ? placeOf(conn) : {}), status: view.status },
    };
  },

  async update(id: string, olds: Props, news: Props) {
    // Always return complete outputs: missing ones would be wiped from state.
    const inputs = parseInputs(kind, drsJobInputs, news);
    const outs = readDrsJobOutputs(olds);
    const moved = moves(inputs, outs);
    let current = outs;
    let conn: ApiConnection | undefined;
    if (moved.length > 0 || outs.endpoint === undefined) {
      // The job is looked for where the user now says it is (or, for outputs of older releases,
      // where the environment says), and the place is switched only if the same job answers.
      conn = await connect(placeAfterMove(inputs, outs));
      const job = await findDrsJob(conn, id, inputs.apiVersion ?? outs.apiVersion);
      if (job === undefined) throw jobNotAtNewPlace(kind, outs.resourceName, id, moved, outs, conn);
      if (moved.length > 0) {
        progress(
          kind,
          outs.resourceName,
          id,
        )(
          `now managed at ${conn.endpoint} (project ${conn.projectId}, DRS ${job.apiVersion}): the job answers there`,
        );
      }
      // What the job was made from (origin, specSummary) stays as stored; outputsOf does not set
      // it. No key may be set to undefined: the engine refuses such outputs after the move.
      current = { ...outs, ...outputsOf({ ...inputs, jobId: id }, conn, job) };
      if (inputs.spec === undefined) return { outs: current };
    }
    conn ??= await connect(current);
    if (inputs.spec !== undefined && current.origin === "spec") {
      return { outs: await updateFromSpec(id, inputs, inputs.spec, current, conn) };
    }
    const view = await drsDriverFor(conn, current).read(id);
    return { outs: { ...current, ...teardownSettings(inputs), status: view?.status ?? current.status } };
  },

  async delete(id: string, props: Props) {
    const outs = readDrsJobOutputs(props);
    const log = progress(kind, outs.resourceName, id);
    const conn = await connect(outs);
    log(
      `tearing down through DRS ${outs.apiVersion} (deleteTimeout ${seconds(outs.deleteTimeoutMs)}, forceStop ${outs.forceStop})`,
    );
    const plan = drsJobTeardown(conn, id, outs);
    const result = await tearDownJob(plan.driver, id, plan.label, plan.policy, log);
    log(
      `${result.outcome === "deleted" ? "deleted" : "was already gone"}: ${result.stopsSent} stop (${result.forcedStopsSent} forced) and ${result.deletesSent} delete request(s) in ${seconds(result.elapsedMs)}`,
    );
  },
};
