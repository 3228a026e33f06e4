/* eslint-disable @typescript-eslint/no-require-imports -- Pulumi's generated gRPC stubs are CommonJS without typings we can import by path */
/**
 * Asks a `pulumi-language-nodejs` executable which version it is, the way the CLI does: start
 * it, read the port it prints, call `LanguageRuntime.GetPluginInfo`, stop it. A language host
 * has no `--version` flag, and one built for another CLI version may speak a different protocol,
 * so scripts/pulumiCli.ts uses an installed one only when this answer matches the CLI in use.
 *
 * Run as a script (`node languageHostVersion.js <executable>`) it prints the version, without a
 * leading "v", so that synchronous callers can use it.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";

const grpc = require("@grpc/grpc-js") as typeof grpcTypes;
type Client = {
  getPluginInfo(req: unknown, cb: (err: Error | null, res?: { getVersion(): string }) => void): void;
  close(): void;
};
const languageGrpc = require("@pulumi/pulumi/proto/language_grpc_pb") as {
  LanguageRuntimeClient: new (address: string, creds: grpcTypes.ChannelCredentials) => Client;
};
// google-protobuf comes with @pulumi/pulumi; resolve it from there rather than declare it ourselves.
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const { Empty } = require(
  require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }),
) as { Empty: new () => unknown };

/** The version `executable` reports through GetPluginInfo, without a leading "v". */
export function languageHostVersion(executable: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, [], { stdio: ["ignore", "pipe", "ignore"] });
    let client: Client | undefined;
    let settled = false;
    const finish = (error: Error | undefined, version = "") => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client?.close();
      child.kill();
      if (error) reject(error);
      else resolve(version.replace(/^v/, ""));
    };
    const timer = setTimeout(
      () => finish(new Error(`${executable} gave no version within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.on("error", (err) => finish(err));
    child.on("exit", (code) =>
      finish(new Error(`${executable} exited (${code ?? "signal"}) before answering`)),
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const newline = out.indexOf("\n");
      if (newline < 0 || client) return;
      // The first line is the port the host listens on, as for every Pulumi plugin.
      client = new languageGrpc.LanguageRuntimeClient(
        `127.0.0.1:${out.slice(0, newline).trim()}`,
        grpc.credentials.createInsecure(),
      );
      client.getPluginInfo(new Empty(), (err, res) => finish(err ?? undefined, res?.getVersion() ?? ""));
    });
  });
}

if (require.main === module) {
  const executable = process.argv[2];
  if (executable === undefined) {
    console.error("usage: node languageHostVersion.js <pulumi-language-nodejs executable>");
    process.exit(2);
  }
  languageHostVersion(executable).then(
    (version) => process.stdout.write(`${version}\n`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
