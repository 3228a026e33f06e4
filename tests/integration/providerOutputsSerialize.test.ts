/*
 * What a provider method returns is sent to the engine as a protobuf Struct, which refuses an
 * `undefined` value ("Unexpected struct type"): the update then fails after the provider acted.
 * Each case drives a provider method as the host does, over the emulator, and hands the result
 * to the same Struct conversion the dynamic-provider host uses.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { defaultEmulatorCredentials, HuaweiEmulator } from "../../emulator";
import { dliFlinkJobProvider } from "../../provider/resources/dliFlinkJobProvider";
import { drsJobProvider } from "../../provider/resources/drsJobProvider";
import { useEmulatorEnv } from "../helpers/useEmulatorEnv";

const { projectId } = defaultEmulatorCredentials;

/** The paths (a.b.c) of every undefined value in `value`. */
function undefinedPaths(value: unknown, at = ""): string[] {
  if (value === undefined) return [at || "(root)"];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => undefinedPaths(inner, at ? `${at}.${key}` : key));
}

describe("provider results serialize as the host sends them", () => {
  const emulator = new HuaweiEmulator();
  useEmulatorEnv(emulator);
  beforeEach(() => emulator.reset());

  it.each(["v3", "v5"] as const)(
    "a DrsJob (%s) adopted by an earlier release and moved where it answers returns outputs the engine accepts",
    async (family) => {
      const job = emulator.seed({ projectId, family });
      const news = { resourceName: `moved-${family}`, jobId: job.id };
      const created = (await drsJobProvider.create(news)) as { outs: Record<string, unknown> };
      // Outputs of an earlier release: no origin, and the job recorded at a place it has left.
      const olds: Record<string, unknown> = { ...created.outs, endpoint: "http://127.0.0.1:9" };
      delete olds["origin"];
      const endpoint = emulator.url;
      const { outs } = (await drsJobProvider.update(job.id, olds, { ...news, endpoint })) as {
        outs: Record<string, unknown>;
      };
      expect(undefinedPaths(outs)).toEqual([]);
      expect(() => Struct.fromJavaScript(outs as Parameters<typeof Struct.fromJavaScript>[0])).not.toThrow();
      expect(outs).toMatchObject({ jobId: job.id, endpoint });
    },
  );

  it("a DliFlinkJob adopted and moved where it answers returns outputs the engine accepts", async () => {
    const job = emulator.dli.seed({ projectId, status: "job_running" });
    const news = { resourceName: "moved-dli", jobId: job.id };
    const created = (await dliFlinkJobProvider.create(news)) as { outs: Record<string, unknown> };
    const olds: Record<string, unknown> = { ...created.outs, endpoint: "http://127.0.0.1:9" };
    const endpoint = emulator.url;
    const { outs } = (await dliFlinkJobProvider.update(job.id, olds, { ...news, endpoint })) as {
      outs: Record<string, unknown>;
    };
    expect(undefinedPaths(outs)).toEqual([]);
    expect(() => Struct.fromJavaScript(outs as Parameters<typeof Struct.fromJavaScript>[0])).not.toThrow();
    expect(outs).toMatchObject({ endpoint, status: "job_running" });
  });
});
