/* eslint-disable @typescript-eslint/no-require-imports -- Pulumi's generated gRPC stubs are CommonJS without typings we can import by path */
/**
 * A Node.js language host for the Pulumi CLI, used by this project's demo and end-to-end tests.
 *
 * Why it exists: the machines this project is built on reach package registries only. The Pulumi
 * CLI builds from Go modules, but the official Node language host (`pulumi-language-nodejs`)
 * is a separate Go module that the module proxy refuses to serve. The language host's job is
 * small: answer the CLI's `LanguageRuntime` gRPC calls and, for `Run`, start
 * `@pulumi/pulumi/cmd/run` with the program, the engine and monitor addresses and the stack
 * config, exactly as the Go host does. Everything else (engine, state, dynamic-provider host,
 * our provider) is the real Pulumi code. Where a real `pulumi-language-nodejs` of the same
 * version as the CLI is installed, the scripts use it instead (see scripts/pulumiCli.ts).
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";

const grpc = require("@grpc/grpc-js") as typeof grpcTypes;
const languageGrpc = require("@pulumi/pulumi/proto/language_grpc_pb") as {
  LanguageRuntimeService: grpcTypes.ServiceDefinition;
};
const languagePb = require("@pulumi/pulumi/proto/language_pb") as Record<string, new () => Message>;
const pluginPb = require("@pulumi/pulumi/proto/plugin_pb") as Record<string, new () => Message>;
const sdkVersion = (require("@pulumi/pulumi/package.json") as { version: string }).version;

/** The part of a generated protobuf message this host uses. */
type Message = Record<string, (...args: unknown[]) => unknown>;
type Unary = (call: { request: Message }, callback: (err: Error | null, res?: unknown) => void) => void;

function make(pb: Record<string, new () => Message>, name: string): Message {
  const Ctor = pb[name];
  if (Ctor === undefined) throw new Error(`@pulumi/pulumi ${sdkVersion} has no protobuf message ${name}`);
  return new Ctor();
}

/** Flags first (`-tracing=…`, `-root=…`), then the engine's address, as the CLI launches plugins. */
let engineAddress = process.argv.slice(2).find((arg) => !arg.startsWith("-")) ?? "";

function str(message: Message, getter: string): string {
  const fn = message[getter];
  const value =
    typeof fn === "function" ? (fn.call(message) as string | number | boolean | undefined) : undefined;
  return value === undefined ? "" : String(value);
}

/** Runs one program the way the Go language host does, and reports how it ended. */
async function runProgram(req: Message): Promise<{ error: string; bail: boolean }> {
  const info = (req["getInfo"]?.call(req) ?? undefined) as Message | undefined;
  const root = info ? str(info, "getRootDirectory") : str(req, "getPwd");
  const programDir = info ? str(info, "getProgramDirectory") : root;
  const entry = info ? str(info, "getEntryPoint") : str(req, "getProgram") || ".";
  // Runtime options from Pulumi.yaml (`typescript`, `tsconfig`, ...), a protobuf Struct.
  const optionsStruct = info?.["getOptions"]?.call(info) as Message | undefined;
  const options = (optionsStruct?.["toJavaScript"]?.call(optionsStruct) ?? {}) as Record<string, unknown>;

  let runPath: string;
  try {
    runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [programDir, root] });
  } catch {
    return {
      error: `@pulumi/pulumi is not installed for the program in ${programDir}: run npm install`,
      bail: false,
    };
  }
  const args = [runPath];
  const add = (flag: string, value: string) => {
    if (value !== "") args.push(`--${flag}`, value);
  };
  add("monitor", str(req, "getMonitorAddress"));
  add("engine", engineAddress);
  add("organization", str(req, "getOrganization"));
  add("project", str(req, "getProject"));
  add("root-directory", root);
  add("stack", str(req, "getStack"));
  add("pwd", str(req, "getPwd"));
  if (req["getDryrun"]?.call(req) === true) args.push("--dry-run");
  add("parallel", str(req, "getParallel"));
  args.push(path.resolve(programDir, entry));
  args.push(...((req["getArgsList"]?.call(req) as string[] | undefined) ?? []));

  const config: Record<string, string> = {};
  const configMap = req["getConfigMap"]?.call(req) as
    { forEach(cb: (v: string, k: string) => void): void } | undefined;
  configMap?.forEach((value, key) => (config[key] = value));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req["getConfigsecretkeysList"]?.call(req) ?? []),
    PULUMI_NODEJS_TYPESCRIPT: String(options["typescript"] !== false),
  };
  if (typeof options["tsconfig"] === "string") env["PULUMI_NODEJS_TSCONFIG_PATH"] = options["tsconfig"];

  const code = await new Promise<number | string>((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: str(req, "getPwd") || root,
      env,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", (err) => resolve(err.message));
    child.on("exit", (exitCode, signal) => resolve(exitCode ?? `signal ${signal ?? "?"}`));
  });
  if (code === 0) return { error: "", bail: false };
  // 32: the program already reported its error to the engine; the CLI must not print it again.
  if (code === 32) return { error: "", bail: true };
  return { error: `Program exited with non-zero exit code: ${code}`, bail: false };
}

const handlers: Record<string, Unary | ((call: { end(): void }) => void)> = {
  handshake: (call, callback) => {
    engineAddress = str(call.request, "getEngineAddress") || engineAddress;
    callback(null, make(languagePb, "LanguageHandshakeResponse"));
  },
  getPluginInfo: (_call, callback) => {
    const info = make(pluginPb, "PluginInfo");
    info["setVersion"]?.call(info, sdkVersion);
    callback(null, info);
  },
  getRequiredPlugins: (_call, callback) => callback(null, make(languagePb, "GetRequiredPluginsResponse")),
  getRequiredPackages: (_call, callback) => callback(null, make(languagePb, "GetRequiredPackagesResponse")),
  runtimeOptionsPrompts: (_call, callback) => callback(null, make(languagePb, "RuntimeOptionsResponse")),
  about: (_call, callback) => {
    const res = make(languagePb, "AboutResponse");
    res["setExecutable"]?.call(res, process.execPath);
    res["setVersion"]?.call(res, process.version);
    callback(null, res);
  },
  // Installing dependencies is the user's `npm install`; nothing to stream.
  installDependencies: (call: { end(): void }) => {
    call.end();
  },
  run: (call, callback) => {
    runProgram(call.request).then(
      ({ error, bail }) => {
        const res = make(languagePb, "RunResponse");
        res["setError"]?.call(res, error);
        res["setBail"]?.call(res, bail);
        callback(null, res);
      },
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  },
};

const server = new grpc.Server();
server.addService(languageGrpc.LanguageRuntimeService, handlers);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    console.error(`language host could not listen: ${err.message}`);
    process.exit(1);
  }
  // The CLI reads the port from the first line of our stdout.
  process.stdout.write(`${port}\n`);
});
