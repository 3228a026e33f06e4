import type * as pulumi from "@pulumi/pulumi";
import { defaultAuthFactories } from "../config/defaultAuthFactories";
import { resolveConnection, type PinnedSettings } from "../config/resolveConnection";
import type { ApiConnection } from "../http/ApiConnection";
import { tearDownJob } from "../teardown/tearDownJob";
import { findDrsJob, type AdoptedDrsJob } from "./adoptDrsJob";
import { drsDriverFor, drsJobTeardown } from "./drsJobTeardown";
import {
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
function outputsOf(inputs: DrsJobInputs, conn: ApiConnection, job: AdoptedDrsJob): DrsJobOutputsV2 {
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

async function adopt(inputs: DrsJobInputs): Promise<DrsJobOutputsV2> {
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

/** The real DrsJob provider; the serialized trampoline in state delegates every call here. */
export const drsJobProvider: Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> = {
  check: (_olds: Props, news: Props) => checkInputs(drsJobInputs, news),

  diff(_id: string, olds: Props, news: Props) {
    // `olds` are the stored outputs, which hold normalised settings: compare parsed values.
    const outs = readDrsJobOutputs(olds);
    const next = drsJobInputs.safeParse(userInputs(news));
    if (!next.success) return Promise.resolve({ changes: true });
    const inputs = next.data;
    // Only another jobId means another job; the replaced job is then torn down, which the
    // preview says next to its "replace". A region, project, endpoint or API family equal to the
    // one in force is no change; a different one is a move, checked by update (never a replace,
    // which would stop and delete the very job the replacement adopts).
    const replaces = inputs.jobId !== outs.jobId ? ["jobId"] : [];
    if (replaces.length > 0) {
      progress(
        kind,
        outs.resourceName,
        outs.jobId,
      )(replacementWarning(`jobId changes from ${outs.jobId} to ${inputs.jobId}`, outs.jobId));
    }
    const settings = teardownSettings(inputs);
    const changes =
      replaces.length > 0 ||
      moves(inputs, outs).length > 0 ||
      (Object.keys(settings) as (keyof typeof settings)[]).some((key) => settings[key] !== outs[key]);
    return Promise.resolve({ changes, replaces, deleteBeforeReplace: false });
  },

  async create(news: Props) {
    const outs = await adopt(parseInputs(kind, drsJobInputs, news));
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
    if (moved.length > 0 || outs.endpoint === undefined) {
      // The job is looked for where the user now says it is (or, for outputs of older releases,
      // where the environment says), and the place is switched only if the same job answers.
      const conn = await connect(placeAfterMove(inputs, outs));
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
      return { outs: outputsOf({ ...inputs, jobId: id }, conn, job) };
    }
    const view = await drsDriverFor(await connect(outs), outs).read(id);
    return { outs: { ...outs, ...teardownSettings(inputs), status: view?.status ?? outs.status } };
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
