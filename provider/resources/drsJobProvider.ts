import type * as pulumi from "@pulumi/pulumi";
import { defaultAuthFactories } from "../config/defaultAuthFactories";
import { resolveConnection, type PinnedSettings } from "../config/resolveConnection";
import type { ApiConnection } from "../http/ApiConnection";
import { tearDownJob } from "../teardown/tearDownJob";
import { findDrsJob } from "./adoptDrsJob";
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

/** Fields whose change means a different job: the resource is replaced. Everything else updates in place. */
const identityFields = ["jobId", "projectId", "region", "endpoint", "apiVersion"] as const;

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

async function adopt(inputs: DrsJobInputs): Promise<DrsJobOutputsV2> {
  const conn = await connect(inputs);
  const job = await findDrsJob(conn, inputs.jobId, inputs.apiVersion);
  if (job === undefined) {
    throw new Error(
      `DRS job ${inputs.jobId} does not exist in project ${conn.projectId} at ${conn.endpoint}${inputs.apiVersion ? ` (API ${inputs.apiVersion})` : ""}: nothing to adopt.`,
    );
  }
  // Only settings the user pinned are stored; the rest is resolved again at run time, so a
  // destroy follows the environment of the day (for example a moved endpoint).
  return definedOnly<DrsJobOutputsV2>({
    schemaVersion: 2,
    ...teardownSettings(inputs),
    jobId: inputs.jobId,
    apiVersion: job.apiVersion,
    deleteApi: job.deleteApi,
    projectId: conn.projectId,
    region: inputs.region,
    endpoint: inputs.endpoint,
    name: job.name,
    status: job.status,
    engineType: job.engineType,
    jobType: job.jobType,
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
    // An identity setting left unset was resolved (or detected) at create time; only a value the
    // user sets, and that differs from the stored one, means another job.
    const replaces = identityFields.filter(
      (field) => inputs[field] !== undefined && inputs[field] !== outs[field],
    );
    const settings = teardownSettings(inputs);
    const changes =
      replaces.length > 0 ||
      (Object.keys(settings) as (keyof typeof settings)[]).some((key) => settings[key] !== outs[key]);
    return Promise.resolve({ changes, replaces: [...replaces], deleteBeforeReplace: false });
  },

  async create(news: Props) {
    const outs = await adopt(parseInputs("DrsJob", drsJobInputs, news));
    return { id: outs.jobId, outs };
  },

  async read(id: string, props: Props) {
    const outs = readDrsJobOutputs(props);
    const view = await drsDriverFor(await connect(outs), outs).read(id);
    // An empty id tells the engine the job is gone, so refresh drops it from state.
    if (view === undefined) return { id: "", props: {} };
    return { id, props: { ...outs, status: view.status } };
  },

  async update(id: string, olds: Props, news: Props) {
    // Always return complete outputs: missing ones would be wiped from state.
    const inputs = parseInputs("DrsJob", drsJobInputs, news);
    const outs = readDrsJobOutputs(olds);
    const view = await drsDriverFor(await connect(outs), outs).read(id);
    return { outs: { ...outs, ...teardownSettings(inputs), status: view?.status ?? outs.status } };
  },

  async delete(id: string, props: Props) {
    const outs = readDrsJobOutputs(props);
    const log = progress("DrsJob", outs.resourceName, id);
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
