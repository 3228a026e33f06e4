import { lstatSync, mkdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";

/**
 * Makes `require("pulumi-huaweicloud-jobs/...")` work from the repository root, the project
 * directory of the demo stack, by linking `node_modules/pulumi-huaweicloud-jobs` to the
 * repository. A user's project has the package installed there already; the repository is the
 * one project that *is* the package. Idempotent; `npm ci` removes the link, the scripts recreate it.
 */
export function linkPackageToItself(repoRoot: string): void {
  const link = path.join(repoRoot, "node_modules", "pulumi-huaweicloud-jobs");
  try {
    lstatSync(link);
    return;
  } catch {
    // not there yet
  }
  mkdirSync(path.dirname(link), { recursive: true });
  try {
    symlinkSync("..", link, "dir");
  } catch (error) {
    // Two end-to-end test files may start at once (jest workers): the other one made it first.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}
