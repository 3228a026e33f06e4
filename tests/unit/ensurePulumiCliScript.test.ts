/**
 * scripts/ensure-pulumi-cli.sh picks the Pulumi CLI: a user's own CLI at or above the supported
 * minimum wins, older ones are passed over with a message, PULUMI_CLI_DIR is honoured, and a
 * build that fails leaves nothing in the cache. Driven with fake `pulumi` and `go` executables
 * (small shell scripts) on a PATH that holds nothing else of the kind.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const script = path.join(repoRoot, "scripts", "ensure-pulumi-cli.sh");
const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  pulumiCliVersion: string;
  pulumiCliMinimum: string;
};
const tested = pkg.pulumiCliVersion;
const minimum = pkg.pulumiCliMinimum;

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "hwjobs-ensure-cli-"));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes an executable shell script `name` into `dir` (created if needed) and returns `dir`. */
function fakeTool(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return dir;
}

/** A fake `pulumi` in `dir` whose `pulumi version` prints `v<version>`. */
function fakePulumi(dir: string, version: string): string {
  return fakeTool(dir, "pulumi", `[ "$1" = version ] && echo "v${version}"`);
}

/** Runs the script with `extraPath` first on a PATH holding only Node and the system tools. */
function ensure(extraPath: readonly string[], env: Record<string, string> = {}) {
  const run = spawnSync("bash", [script], {
    encoding: "utf8",
    env: {
      HOME: scratch,
      PULUMI_JOBS_CACHE: path.join(scratch, "cache"),
      PATH: [...extraPath, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
      ...env,
    },
  });
  return { code: run.status, dir: run.stdout.trim(), log: run.stderr };
}

describe("ensure-pulumi-cli.sh", () => {
  it("ignores a pulumi on PATH older than the minimum, says so, and falls back to the cache", () => {
    const old = fakePulumi(path.join(scratch, "old"), "3.100.0");
    const cached = fakePulumi(path.join(scratch, "cache", `pulumi-v${tested}`, "bin"), tested);
    const run = ensure([old]);
    expect(run.code).toBe(0);
    expect(run.dir).toBe(cached);
    expect(run.log).toContain(`ignoring pulumi '3.100.0' on PATH at ${old}/pulumi`);
    expect(run.log).toContain(`older than the supported minimum ${minimum}`);
    expect(run.log).toContain(`using pulumi ${tested} from the cache`);
  });

  it.each([minimum, "3.300.1", "4.0.0-alpha.2+dirty"])("uses and names a pulumi %s on PATH", (version) => {
    const own = fakePulumi(path.join(scratch, "own"), version);
    const run = ensure([own]);
    expect(run.code).toBe(0);
    expect(run.dir).toBe(own);
    expect(run.log).toContain(`using pulumi ${version} found on PATH at ${own}/pulumi`);
  });

  it("honours PULUMI_CLI_DIR ahead of a usable pulumi on PATH", () => {
    const onPath = fakePulumi(path.join(scratch, "on-path"), "3.280.0");
    const chosen = fakePulumi(path.join(scratch, "chosen"), "3.200.0");
    const run = ensure([onPath], { PULUMI_CLI_DIR: chosen });
    expect(run.code).toBe(0);
    expect(run.dir).toBe(chosen);
    expect(run.log).toContain(`using pulumi 3.200.0 from PULUMI_CLI_DIR=${chosen}`);
  });

  it("stops when PULUMI_CLI_DIR holds a pulumi older than the minimum", () => {
    const chosen = fakePulumi(path.join(scratch, "chosen"), "3.120.0");
    const run = ensure([], { PULUMI_CLI_DIR: chosen });
    expect(run.code).toBe(1);
    expect(run.dir).toBe("");
    expect(run.log).toContain(`older than the supported minimum ${minimum}`);
  });

  it("without a usable pulumi or Go, fails and says how to point at a CLI", () => {
    const run = ensure([]);
    expect(run.code).toBe(1);
    expect(run.log).toContain(`set PULUMI_CLI_DIR to a folder holding pulumi >= ${minimum}`);
    expect(existsSync(path.join(scratch, "cache"))).toBe(false);
  });

  it("a failed build leaves no cache entry, even when the compiler wrote part of its output", () => {
    // This fake `go` writes a truncated binary where `-o` points, then fails as a real build might.
    const go = fakeTool(
      path.join(scratch, "go"),
      "go",
      [
        'out=""',
        'while [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done',
        'mkdir -p "$(dirname "$out")" && printf half > "$out"',
        "echo 'compile: out of memory' >&2",
        "exit 2",
      ].join("\n"),
    );
    const run = ensure([go]);
    expect(run.code).toBe(1);
    expect(run.log).toContain("compile: out of memory");
    expect(run.log).toContain("nothing was cached");
    expect(run.log).toContain("set PULUMI_CLI_DIR");
    const cache = path.join(scratch, "cache");
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });
});
