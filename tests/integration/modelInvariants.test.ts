/*
 * The model-based e2e test (tests/e2e/modelBased.e2e.test.ts) is only as good as its judges: each
 * of its three invariants is shown here to catch a violation made on purpose over real HTTP, and
 * to stay quiet when the same call was meant. Also the model's reading of intent and of the state.
 */
import { defaultEmulatorCredentials, HuaweiEmulator } from "../../emulator";
import { checkInvariants, type PhaseRecord } from "../e2e/model/checkInvariants";
import { intendedDeletions } from "../e2e/model/intendedDeletions";
import type { ModelDrsResource, ModelResource } from "../e2e/model/ModelResource";
import { readStackJobs, type StackJob } from "../e2e/model/readStackJobs";

const { projectId } = defaultEmulatorCredentials;
const settings = { deleteTimeout: "30s", pollInterval: "250ms" };

function stackJob(name: string, jobId: string, more: Partial<StackJob> = {}): StackJob {
  return { kind: "drs", name, jobId, jobName: undefined, pendingDelete: false, outputs: {}, ...more };
}

describe("the model-based test's invariant checks, over the emulator", () => {
  const home = new HuaweiEmulator({ auth: "off", stopMs: 100, deletedLingerMs: 50 });
  const other = new HuaweiEmulator({ auth: "off" });
  let base: string;
  beforeAll(async () => {
    base = await home.start();
    await other.start();
  });
  afterAll(async () => {
    await home.stop();
    await other.stop();
  });

  const send = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    await res.text();
  };
  const stop = (id: string) => send("POST", `/v5/${projectId}/jobs/batch-stop`, { jobs: [{ job_id: id }] });
  const remove = (id: string) => send("DELETE", `/v5/${projectId}/jobs`, { jobs: [id] });
  const record = (fromSeq: number, more: Partial<PhaseRecord>): PhaseRecord => ({
    home,
    other,
    fromSeq: { home: fromSeq, other: other.calls().length },
    intended: new Set(),
    before: [],
    after: [],
    ...more,
  });

  it("1: a stop or delete of a job whose resource was not being deleted is a violation; a meant one is not", async () => {
    const job = home.seed({ projectId, name: "kept" });
    const from = home.calls().length;
    await stop(job.id);
    expect(checkInvariants(record(from, {}))).toEqual([
      expect.stringMatching(/^1\. stop of job kept .*not being deleted/),
    ]);
    expect(checkInvariants(record(from, { intended: new Set([job.id]) }))).toEqual([]);
  });

  it("3: a delete that meets a running job is a violation; one after the stop completed is not", async () => {
    const running = home.seed({ projectId, name: "running" });
    let from = home.calls().length;
    await remove(running.id);
    expect(checkInvariants(record(from, { intended: new Set([running.id]) }))).toEqual([
      expect.stringMatching(/^3\. delete of job running .* met it in INCRE_TRANSFER_STARTED/),
    ]);
    const stopped = home.seed({ projectId, name: "stopped", status: "RELEASE_RESOURCE_COMPLETE" });
    from = home.calls().length;
    await remove(stopped.id);
    expect(checkInvariants(record(from, { intended: new Set([stopped.id]) }))).toEqual([]);
  });

  it("2: a resource that leaves the state while its job lives is a violation; one whose job is gone is not", async () => {
    const alive = home.seed({ projectId, name: "alive" });
    const gone = home.seed({ projectId, name: "gone", status: "RELEASE_RESOURCE_COMPLETE" });
    const from = home.calls().length;
    await remove(gone.id);
    const before = [stackJob("a", alive.id), stackJob("g", gone.id)];
    expect(checkInvariants(record(from, { before, after: [], intended: new Set([gone.id]) }))).toEqual([
      expect.stringMatching(/^2\. resource a left the state while its job alive .* is alive/),
    ]);
    expect(
      checkInvariants(record(from, { before, after: [before[0]!], intended: new Set([gone.id]) })),
    ).toEqual([]);
  });
});

describe("the model's reading of intent and state", () => {
  const drs = (name: string, jobId: string, more: Partial<ModelDrsResource> = {}): ModelDrsResource => ({
    kind: "drs",
    name,
    jobId,
    forceStop: "onTimeout",
    ...settings,
    ...more,
  });

  it("an up means to delete removed and replaced resources' jobs, never pinned or retuned ones", () => {
    const state = [
      stackJob("kept", "job-1"),
      stackJob("pinned", "job-2"),
      stackJob("replaced", "job-3"),
      stackJob("removed", "job-4"),
      stackJob("old-half", "job-5", { pendingDelete: true }),
      stackJob("sql", "7", { kind: "dli", jobName: "model-sql-1", outputs: { origin: "sql" } }),
      stackJob("sql-renamed", "8", { kind: "dli", jobName: "model-sql-2", outputs: { origin: "sql" } }),
    ];
    const program: ModelResource[] = [
      drs("kept", "job-1", { pollInterval: "400ms" }),
      drs("pinned", "job-2", { region: "ap-southeast-1", apiVersion: "v5" }),
      drs("replaced", "job-9"),
      drs("old-half", "job-5"),
      { kind: "dli", name: "sql", sqlName: "model-sql-1", ...settings },
      { kind: "dli", name: "sql-renamed", sqlName: "model-sql-3", ...settings },
    ];
    expect([...intendedDeletions("up", program, state)].sort()).toEqual(["8", "job-3", "job-4", "job-5"]);
    expect(intendedDeletions("refresh", program, state).size).toBe(0);
    expect(intendedDeletions("destroy", [], state).size).toBe(state.length);
  });

  it("reads job resources of an export, by their dynamic resource type, with pending operations", () => {
    const resource = (name: string, type: string, jobId: string) => ({
      type: `pulumi-nodejs:dynamic/huaweicloud-jobs:${type}:Resource`,
      urn: `urn:pulumi:model::hwjobs-model::pulumi-nodejs:dynamic/huaweicloud-jobs:${type}:Resource::${name}`,
      id: jobId,
      outputs: { jobId, name: `job ${name}` },
    });
    const exported = JSON.stringify({
      deployment: {
        resources: [
          { type: "pulumi:pulumi:Stack", urn: "urn:pulumi:model::hwjobs-model::pulumi:pulumi:Stack::x" },
          resource("drs-1", "drs:DrsJob", "a-job-id-1"),
          { ...resource("drs-2", "drs:DrsJob", "a-job-id-2"), delete: true },
        ],
        pending_operations: [{ type: "deleting", resource: resource("flink-3", "dli:DliFlinkJob", "42") }],
      },
    });
    expect(readStackJobs(exported).map((j) => [j.kind, j.name, j.jobId, j.pendingDelete])).toEqual([
      ["drs", "drs-1", "a-job-id-1", false],
      ["drs", "drs-2", "a-job-id-2", true],
      ["dli", "flink-3", "42", false],
    ]);
  });
});
