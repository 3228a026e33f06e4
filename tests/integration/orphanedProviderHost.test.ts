/* eslint-disable @typescript-eslint/no-require-imports -- Pulumi's generated gRPC stubs are CommonJS without typings we can import by path */
/**
 * Pulumi's real dynamic-provider host, driven over gRPC as the CLI drives it, with a stand-in for
 * the CLI's engine server. A killed CLI takes two things with it: its engine server and the read
 * ends of the host's stdout and stderr. Each case takes away only one of them mid-delete, so that
 * each sign is shown to suffice: from then on no stop or delete may reach the emulator, and the
 * orphaned host ends.
 */
import { spawn } from "node:child_process";
import { createServer, type AddressInfo, type Server } from "node:net";
import * as pulumi from "@pulumi/pulumi";
import type * as grpcTypes from "@grpc/grpc-js";
import { defaultEmulatorCredentials, emulatorEnv, HuaweiEmulator } from "../../emulator";
import { callKind } from "../../scripts/describeJobTeardown";
import { linkPackageToItself } from "../../scripts/linkPackageToItself";
import { repoRoot } from "../../scripts/pulumiCli";
import * as drsJobTrampoline from "../../sdk/drsJobTrampoline";
import { connectFromEnv } from "../helpers/emulatorConnections";
import { adoptedDrsOutputs } from "../helpers/teardownOverEmulator";

const grpc = require("@grpc/grpc-js") as typeof grpcTypes;
type Message = { [setter: string]: (value: unknown) => unknown };
const providerPb = require("@pulumi/pulumi/proto/provider_pb") as Record<string, new () => Message>;
const structPb = require("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(value: Record<string, unknown>): unknown };
};
type Unary = (request: Message, callback: (error: Error | null) => void) => void;
const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
  ResourceProviderClient: new (
    address: string,
    credentials: grpcTypes.ChannelCredentials,
  ) => {
    configure: Unary;
    delete: Unary;
    close(): void;
  };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const { projectId } = defaultEmulatorCredentials;

describe("the dynamic-provider host when the CLI goes away mid-delete", () => {
  const emulator = new HuaweiEmulator({ stopMs: 1_500, deletedLingerMs: 300 });
  const cleanups: (() => void)[] = [];

  beforeAll(() => linkPackageToItself(repoRoot));
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
  afterAll(() => emulator.stop());

  it.each([
    ["the engine refuses connections", "engine"],
    ["its output pipes are closed", "output"],
  ] as const)(
    "sends no stop or delete once %s, and ends",
    async (_, cut) => {
      const url = await emulator.start();
      const env = emulatorEnv(url, "password");
      const jobs = [0, 1].map((i) =>
        emulator.seed({
          projectId,
          name: `orphan-${i}`,
          status: "INCRE_TRANSFER_STARTED",
          engineType: "mysql",
        }),
      );
      const { text } = await pulumi.runtime.serializeFunction(() => drsJobTrampoline);
      const conn = await connectFromEnv("drs", env);

      const engine: Server = createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
      cleanups.push(() => engine.close());
      const engineAddress = `127.0.0.1:${(engine.address() as AddressInfo).port}`;
      const child = spawn(
        process.execPath,
        [require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [repoRoot] }), engineAddress],
        { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] },
      );
      cleanups.push(() => child.kill("SIGKILL"));
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      let output = "";
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const port = await new Promise<string>((resolve) =>
        child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim())),
      );
      const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      cleanups.push(() => client.close());
      const call = (method: "configure" | "delete", request: Message) =>
        new Promise<Error | null>((resolve) => client[method](request, resolve));

      const configure = new providerPb["ConfigureRequest"]!();
      configure["setArgs"]!(structPb.Struct.fromJavaScript({}));
      expect(await call("configure", configure)).toBeNull();
      const deletes = jobs.map(async (job) => {
        const outs = await adoptedDrsOutputs(conn, job.id, { deleteTimeoutMs: 30_000 });
        const request = new providerPb["DeleteRequest"]!();
        request["setId"]!(job.id);
        request["setUrn"]!(`urn:pulumi:test::test::pulumi-nodejs:dynamic:Resource::${job.id}`);
        request["setProperties"]!(structPb.Struct.fromJavaScript({ ...outs, __provider: text }));
        return call("delete", request);
      });

      // Once both jobs are stopping, the engine goes away as a killed CLI's does.
      const ids = jobs.map((j) => j.id);
      const teardownCalls = (fromSeq: number) =>
        emulator
          .calls()
          .filter((c) => c.seq > fromSeq)
          .flatMap((c) =>
            ids.filter((id) => Object.hasOwn(c.jobStatusBefore, id)).map((id) => callKind(c, id)),
          )
          .filter((kind) => kind !== "read");
      const deadline = Date.now() + 20_000;
      while (!jobs.every((j) => j.status !== "INCRE_TRANSFER_STARTED")) {
        if (Date.now() > deadline) throw new Error(`the host never stopped the jobs:\n${output}`);
        await sleep(20);
      }
      if (cut === "engine") await new Promise((resolve) => engine.close(resolve));
      else {
        child.stdout.destroy();
        child.stderr.destroy();
      }
      const closedSeq = emulator.calls().at(-1)?.seq ?? 0;

      // Longer than the stop takes: a host that kept going would have deleted both jobs by now.
      const ended = await Promise.race([exited.then(() => true), sleep(4_000).then(() => false)]);
      await sleep(1_000);
      expect(teardownCalls(closedSeq)).toEqual([]);
      expect(ended).toBe(true);
      for (const job of jobs) expect(job.removed).toBe(false);
      if (cut === "output") return; // the deletes' answers cannot be read any more either
      // The deletes failed (the host ended under them); the CLI would have left them pending.
      for (const error of await Promise.all(deletes)) expect(error).not.toBeNull();
    },
    60_000,
  );
});
