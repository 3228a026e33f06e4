/**
 * The scripts run an installed official `pulumi-language-nodejs` only when it is the version of
 * the CLI in use; otherwise they put this repository's language host first on PATH. The "official"
 * host here is a tiny gRPC server answering GetPluginInfo with a chosen version, next to a fake
 * `pulumi` named through PULUMI_CLI_DIR; no real CLI is needed.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { languageHostVersion } from "../../scripts/language-host/languageHostVersion";
import { pulumiEnv, repoRoot } from "../../scripts/pulumiCli";

const ourHost = path.join(repoRoot, "scripts", "language-host", "bin");
let scratch: string;
let savedCliDir: string | undefined;

beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "hwjobs-langhost-"));
  savedCliDir = process.env["PULUMI_CLI_DIR"];
});
afterEach(() => {
  if (savedCliDir === undefined) delete process.env["PULUMI_CLI_DIR"];
  else process.env["PULUMI_CLI_DIR"] = savedCliDir;
  rmSync(scratch, { recursive: true, force: true });
});

function executable(file: string, text: string): void {
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

/** A folder with a fake `pulumi` of `cli` and, if given, a language host reporting `host`. */
function cliFolder(cli: string, host?: string): string {
  const dir = path.join(scratch, "cli");
  mkdirSync(dir, { recursive: true });
  executable(path.join(dir, "pulumi"), `#!/bin/sh\n[ "$1" = version ] && echo "v${cli}"\n`);
  if (host !== undefined) {
    const from = (id: string) => JSON.stringify(require.resolve(id, { paths: [repoRoot] }));
    const server = path.join(scratch, "fakeLanguageHost.js");
    writeFileSync(
      server,
      [
        `const grpc = require(${from("@grpc/grpc-js")});`,
        `const services = require(${from("@pulumi/pulumi/proto/language_grpc_pb")});`,
        `const { PluginInfo } = require(${from("@pulumi/pulumi/proto/plugin_pb")});`,
        "const server = new grpc.Server();",
        "server.addService(services.LanguageRuntimeService, {",
        "  getPluginInfo: (_call, cb) => { const info = new PluginInfo(); info.setVersion(process.argv[2]); cb(null, info); },",
        "});",
        'server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {',
        "  if (err) process.exit(1);",
        "  process.stdout.write(port + '\\n');",
        "});",
      ].join("\n"),
    );
    executable(
      path.join(dir, "pulumi-language-nodejs"),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(server)} "v${host}"\n`,
    );
  }
  process.env["PULUMI_CLI_DIR"] = dir;
  return dir;
}

const pathOf = (env: NodeJS.ProcessEnv) => (env["PATH"] ?? "").split(path.delimiter);

describe("choosing the Node language host", () => {
  it("reads an installed host's version over gRPC", async () => {
    const dir = cliFolder("3.276.0", "3.276.0");
    await expect(languageHostVersion(path.join(dir, "pulumi-language-nodejs"))).resolves.toBe("3.276.0");
  });

  it("uses an installed host of the CLI's version", () => {
    const dir = cliFolder("3.276.0", "3.276.0");
    const env = pulumiEnv(path.join(scratch, "state"));
    expect(pathOf(env)[0]).toBe(dir);
    expect(pathOf(env)).not.toContain(ourHost);
  });

  it("passes over an installed host of another version, and says so", () => {
    cliFolder("3.276.0", "3.250.0");
    const errors: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    try {
      const env = pulumiEnv(path.join(scratch, "state"));
      expect(pathOf(env)[0]).toBe(ourHost);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join("\n")).toMatch(/pulumi-language-nodejs \(3\.250\.0\): the CLI in use is 3\.276\.0/);
  });

  it("uses this repository's host when none is installed", () => {
    const dir = cliFolder("3.276.0");
    const env = pulumiEnv(path.join(scratch, "state"));
    expect(pathOf(env).slice(0, 2)).toEqual([ourHost, dir]);
  });
});
