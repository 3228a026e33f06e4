/**
 * Runs the real Pulumi CLI against a local file backend, for the demo and the end-to-end tests.
 * The CLI comes from scripts/ensure-pulumi-cli.sh (built from Go modules and cached when no
 * matching `pulumi` is installed); nothing here talks to the Pulumi service.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { linkPackageToItself } from "./linkPackageToItself";

/** The repository root (this file runs from dist/scripts). */
export const repoRoot = path.resolve(__dirname, "..", "..");

/** Folder holding the `pulumi` binary, building it on first use (several minutes, once per machine). */
export function ensurePulumiCli(): string {
  return execFileSync("bash", [path.join(repoRoot, "scripts", "ensure-pulumi-cli.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

/** Whether an executable of that name is in one of the folders. */
function onPath(name: string, dirs: readonly string[]): boolean {
  return dirs.some((dir) => existsSync(path.join(dir, name)));
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
  const dirs: string[] = [cliDir];
  // Prefer an official pulumi-language-nodejs when one is installed; otherwise ours.
  if (!onPath("pulumi-language-nodejs", [cliDir, ...inherited])) {
    dirs.push(path.join(repoRoot, "scripts", "language-host", "bin"));
  }
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
