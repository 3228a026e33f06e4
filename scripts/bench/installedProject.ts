import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/**
 * Makes a Pulumi project in `dir` that uses the package as a user's project does: the demo
 * program (dist/examples/demo), with `pulumi-huaweicloud-jobs` installed as files under its
 * `node_modules` (package.json and the shipped dist folders, copied from this build), and every
 * other dependency linked to the repository's. The layout matters: only a package that lives
 * under `node_modules` gets its provider stored in state as a `require` of its trampoline module
 * (see sdk/drsJobTrampoline.ts); the repository's own link to itself resolves outside it.
 */
export function installedProject(repoRoot: string, dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  const modules = path.join(dir, "node_modules");
  const installed = path.join(modules, "pulumi-huaweicloud-jobs");
  mkdirSync(installed, { recursive: true });
  cpSync(path.join(repoRoot, "package.json"), path.join(installed, "package.json"));
  for (const shipped of ["sdk", "provider", "emulator"])
    cpSync(path.join(repoRoot, "dist", shipped), path.join(installed, "dist", shipped), {
      recursive: true,
      // As npm pack ships it: no source maps (package.json `files`).
      filter: (from) => !from.endsWith(".map"),
    });
  const repoModules = path.join(repoRoot, "node_modules");
  for (const entry of readdirSync(repoModules)) {
    if (entry === "pulumi-huaweicloud-jobs" || entry === ".bin" || entry.startsWith(".")) continue;
    symlinkSync(path.join(repoModules, entry), path.join(modules, entry), "dir");
  }
  cpSync(path.join(repoRoot, "dist", "examples", "demo", "index.js"), path.join(dir, "index.js"));
  // A package.json of its own, as every user's project has: without it, Node would take the
  // repository's package.json (above this folder) as the program's package, and resolve
  // `pulumi-huaweicloud-jobs` to the repository itself (a package may import itself by name).
  writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: "hwjobs-bench-project", private: true, main: "index.js" }, null, 2)}\n`,
  );
  writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    [
      "# The bench's copy of the demo stack, with the package installed as a user's project has it.",
      "name: huaweicloud-jobs-demo",
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: false",
      "main: index.js",
      "",
    ].join("\n"),
  );
  return dir;
}
