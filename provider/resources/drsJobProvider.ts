import type * as pulumi from "@pulumi/pulumi";
import { resolveDrsConnection } from "../config/resolveDrsConnection";
import { getDrsV5Job, v5DeleteManyEngines } from "../drs/drsV5Api";
import { tearDownDrsV5Job } from "../teardown/tearDownDrsV5Job";
import {
  defaultDeleteTimeoutMs,
  defaultPollIntervalMs,
  drsJobInputs,
  drsJobOutputsV1,
  unknownSentinel,
  type DrsJobInputs,
  type DrsJobOutputsV1,
} from "./drsJobSchemas";

type Props = Record<string, unknown>;

/** Fields whose change means a different job: the resource is replaced. Everything else updates in place. */
const identityFields = ["jobId", "projectId", "region", "endpoint"] as const;

function progress(outs: Pick<DrsJobOutputsV1, "resourceName" | "jobId">): (message: string) => void {
  // The engine never tells a dynamic provider the resource's name, so it travels as an input.
  // stderr of the provider host is shown in the `pulumi` output.
  return (message) => process.stderr.write(`[DrsJob ${outs.resourceName} ${outs.jobId}] ${message}\n`);
}

/** The user's inputs without the serialized provider the host adds to them. */
function userInputs(news: Props): Props {
  const { __provider, ...rest } = news;
  return rest;
}

function parseInputs(news: Props): DrsJobInputs {
  const parsed = drsJobInputs.safeParse(userInputs(news));
  if (!parsed.success) throw new Error(`Invalid DrsJob inputs: ${parsed.error.message}`);
  return parsed.data;
}

/** Reads stored outputs of any schema version this release knows. */
export function readDrsJobOutputs(props: Props): DrsJobOutputsV1 {
  const parsed = drsJobOutputsV1.safeParse(props);
  if (parsed.success) return parsed.data;
  throw new Error(
    `These DrsJob outputs (schemaVersion ${JSON.stringify(props["schemaVersion"])}) are not understood by this release of pulumi-huaweicloud-jobs; upgrade the package. Details: ${parsed.error.message}`,
  );
}

async function adopt(inputs: DrsJobInputs): Promise<DrsJobOutputsV1> {
  const conn = resolveDrsConnection(inputs);
  const job = await getDrsV5Job(conn, inputs.jobId);
  if (job === undefined) {
    throw new Error(
      `DRS job ${inputs.jobId} does not exist in project ${conn.projectId} at ${conn.endpoint}: nothing to adopt.`,
    );
  }
  const engine = job.base_info?.engine_type;
  if (engine !== undefined && !v5DeleteManyEngines.has(engine)) {
    // Refuse at adoption rather than fail at destroy: this release deletes v5 jobs only with the
    // delete-many call, which DRS accepts for these engine pairs only.
    throw new Error(
      `DRS job ${job.id} has engine type "${engine}"; this release can tear down only v5 jobs of engine types ${[...v5DeleteManyEngines].join(", ")}.`,
    );
  }
  const outs: DrsJobOutputsV1 = {
    schemaVersion: 1,
    resourceName: inputs.resourceName,
    jobId: job.id,
    apiVersion: "v5",
    projectId: conn.projectId,
    deleteTimeoutMs: inputs.deleteTimeout ?? defaultDeleteTimeoutMs,
    pollIntervalMs: inputs.pollInterval ?? defaultPollIntervalMs,
    name: job.name ?? job.base_info?.name ?? "",
    status: job.status,
  };
  // Only settings the user pinned are stored; the rest is resolved again at run time, so a
  // destroy follows the environment of the day (for example a moved endpoint).
  if (inputs.region !== undefined) outs.region = inputs.region;
  if (inputs.endpoint !== undefined) outs.endpoint = inputs.endpoint;
  if (job.base_info?.engine_type !== undefined) outs.engineType = job.base_info.engine_type;
  return outs;
}

/** The real DrsJob provider; the serialized trampoline in state delegates every call here. */
export const drsJobProvider: Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> = {
  check(_olds: Props, news: Props) {
    const parsed = drsJobInputs.safeParse(userInputs(news));
    if (parsed.success) return Promise.resolve({ inputs: news });
    const failures = parsed.error.issues
      // During preview an input may be the unknown placeholder: judge it when it is known.
      .filter((issue) => issue.path.length === 0 || news[String(issue.path[0])] !== unknownSentinel)
      .map((issue) => ({
        property: issue.path.map(String).join(".") || "(inputs)",
        reason: issue.message,
      }));
    return Promise.resolve(failures.length > 0 ? { failures } : { inputs: news });
  },

  diff(_id: string, olds: Props, news: Props) {
    // `olds` are the stored outputs, which hold normalised settings: compare parsed values.
    const outs = readDrsJobOutputs(olds);
    const next = drsJobInputs.safeParse(userInputs(news));
    if (!next.success) return Promise.resolve({ changes: true });
    const inputs = next.data;
    // An identity setting left unset was resolved from the environment at create time; only a
    // value the user sets, and that differs from the stored one, means another job.
    const replaces = identityFields.filter(
      (field) => inputs[field] !== undefined && inputs[field] !== outs[field],
    );
    const changes =
      replaces.length > 0 ||
      inputs.resourceName !== outs.resourceName ||
      (inputs.deleteTimeout ?? defaultDeleteTimeoutMs) !== outs.deleteTimeoutMs ||
      (inputs.pollInterval ?? defaultPollIntervalMs) !== outs.pollIntervalMs;
    return Promise.resolve({ changes, replaces: [...replaces], deleteBeforeReplace: false });
  },

  async create(news: Props) {
    const outs = await adopt(parseInputs(news));
    return { id: outs.jobId, outs };
  },

  async read(id: string, props: Props) {
    const outs = readDrsJobOutputs(props);
    const job = await getDrsV5Job(resolveDrsConnection(outs), id);
    // An empty id tells the engine the job is gone, so refresh drops it from state.
    if (job === undefined) return { id: "", props: {} };
    return { id, props: { ...outs, status: job.status, name: job.name ?? outs.name } };
  },

  async update(id: string, olds: Props, news: Props) {
    // Always return complete outputs: missing ones would be wiped from state.
    const inputs = parseInputs(news);
    const outs = readDrsJobOutputs(olds);
    const job = await getDrsV5Job(resolveDrsConnection(outs), id);
    return {
      outs: {
        ...outs,
        resourceName: inputs.resourceName,
        deleteTimeoutMs: inputs.deleteTimeout ?? defaultDeleteTimeoutMs,
        pollIntervalMs: inputs.pollInterval ?? defaultPollIntervalMs,
        status: job?.status ?? outs.status,
      },
    };
  },

  async delete(id: string, props: Props) {
    const outs = readDrsJobOutputs(props);
    const log = progress(outs);
    const conn = resolveDrsConnection(outs);
    log(`tearing down (deleteTimeout ${Math.round(outs.deleteTimeoutMs / 1000)}s)`);
    const result = await tearDownDrsV5Job(
      conn,
      id,
      `DrsJob "${outs.resourceName}" (job ${id})`,
      { timeoutMs: outs.deleteTimeoutMs, maxPollMs: outs.pollIntervalMs },
      log,
    );
    log(
      `${result.outcome === "deleted" ? "deleted" : "was already gone"}: ${result.stopsSent} stop and ${result.deletesSent} delete request(s) in ${Math.round(result.elapsedMs / 100) / 10}s`,
    );
  },
};
