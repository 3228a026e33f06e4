/**
 * Runs the real Pulumi CLI against a local file backend, for the demo and the end-to-end tests.
 * The CLI comes from scripts/ensure-pulumi-cli.sh (the user's own when recent enough, else built
 * from Go modules and cached); nothing here talks to the Pulumi service.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { linkPackageToItself } from "./linkPackageToItself";

/** The repository root (this file runs from dist/scripts). */
export const repoRoot = path.resolve(__dirname, "..", "..");

/** Folder holding the `pulumi` binary, building it when no usable one exists (minutes, once per machine). */
export function ensurePulumiCli(): string {
  return execFileSync("bash", [path.join(repoRoot, "scripts", "ensure-pulumi-cli.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    // Explicitly this process's environment: under jest, `process.env` is the test's own copy,
    // and a PULUMI_CLI_DIR set there must reach the script.
    env: process.env,
  }).trim();
}

/** The first executable of that name in the folders, if any. */
function findOnPath(name: string, dirs: readonly string[]): string | undefined {
  return dirs.map((dir) => path.join(dir, name)).find((file) => existsSync(file));
}

/** The version a `pulumi` binary reports, without a leading "v". */
function cliVersion(cliDir: string): string {
  return execFileSync(path.join(cliDir, "pulumi"), ["version"], { encoding: "utf8" })
    .trim()
    .replace(/^v/, "");
}

/**
 * Folders to put ahead of the CLI on PATH for its Node language host. An installed official
 * `pulumi-language-nodejs` is used only when it is the same version as the CLI: a host from
 * another release may disagree with the CLI on the language protocol, and the mix is one Pulumi
 * never ships. Otherwise (none installed, or another version) this repository's own host is used.
 */
function languageHostDirs(cliDir: string, inherited: readonly string[]): string[] {
  const ours = path.join(repoRoot, "scripts", "language-host", "bin");
  const official = findOnPath("pulumi-language-nodejs", [cliDir, ...inherited]);
  if (official === undefined) return [ours];
  const cli = cliVersion(cliDir);
  let host: string;
  try {
    host = execFileSync(
      process.execPath,
      [path.join(__dirname, "language-host", "languageHostVersion.js"), official],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    ).trim();
  } catch {
    host = "of unknown version";
  }
  if (host === cli) return [];
  console.error(
    `[pulumi-cli] not using ${official} (${host}): the CLI in use is ${cli}; using this repository's language host instead`,
  );
  return [ours];
}

/**
 * Environment for running `pulumi`: the CLI, a Node language host, the dynamic-provider shim and
 * this Node first on PATH; a local file backend; no update checks, no plugin downloads.
 */
export function pulumiEnv(stateDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const cliDir = ensurePulumiCli();
  mkdirSync(stateDir, { recursive: true });
  linkPackageToItself(repoRoot);
  const inherited = (process.env["PATH"] ?? "").split(path.delimiter).filter(Boolean);
  const dirs: string[] = [...languageHostDirs(cliDir, inherited), cliDir];
  // The dynamic-provider shim ships inside the @pulumi/pulumi npm package.
  dirs.push(path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] })));
  // The project's own Node LTS (npm package `node`), else the one running us: the machine's
  // default Node may be older than @pulumi/pulumi supports.
  const projectNode = path.join(repoRoot, "node_modules", "node", "bin");
  dirs.push(existsSync(path.join(projectNode, "node")) ? projectNode : path.dirname(process.execPath));
  return {
    ...process.env,
    PATH: [...dirs, ...inherited].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_HOME: path.join(stateDir, ".pulumi-home"),
    PULUMI_CONFIG_PASSPHRASE: "local-demo-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    ...extra,
  };
}

/** What one `pulumi` command did. */
export interface PulumiRun {
  readonly code: number;
  readonly output: string;
}

/** Runs `pulumi <args>` in `cwd`; `echo` streams its output as it comes. */
export function runPulumi(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; echo?: (chunk: string) => void },
): Promise<PulumiRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", [...args, "--non-interactive"], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const take = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output += text;
      options.echo?.(text);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

/** Runs `pulumi <args>` like {@link runPulumi}; resolves with its output, or throws with it on a non-zero exit. */
export async function runPulumiOk(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; echo?: (chunk: string) => void },
): Promise<string> {
  const run = await runPulumi(args, options);
  if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (${run.code}):\n${run.output}`);
  return run.output;
}

/**
 * Removes `Pulumi.<stack>.yaml` from the repository's root project. `pulumi config set` writes a
 * stack's config there, next to the demo program, and a file left by an earlier run (or another
 * test file using the same stack name) would hand its keys to a new stack of that name.
 */
export function forgetStackConfig(stack: string): void {
  rmSync(path.join(repoRoot, `Pulumi.${stack}.yaml`), { force: true });
}
