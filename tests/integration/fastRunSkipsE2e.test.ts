/**
 * `npm run test:fast` (HWJOBS_SKIP_E2E=1) skips the real-CLI layer out loud: an e2e file run that
 * way starts no CLI, names itself as skipped with the reason, and the closing summary says the
 * layer was left out. Runs jest itself on one e2e file.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

it("an e2e file run with HWJOBS_SKIP_E2E=1 is skipped with a message, not silently", () => {
  const run = spawnSync(
    process.execPath,
    [path.join(repoRoot, "node_modules", "jest", "bin", "jest.js"), "dist/tests/e2e/identity.e2e.test.js"],
    { cwd: repoRoot, encoding: "utf8", env: { ...process.env, HWJOBS_SKIP_E2E: "1" } },
  );
  const output = run.stdout + run.stderr;
  expect(run.status).toBe(0);
  expect(output).toContain("SKIPPED: identity.e2e.test.js needs the real Pulumi CLI");
  expect(output).toMatch(/jest: 0 passed, 0 failed, [1-9]\d* skipped/);
  expect(output).toContain("the real-CLI layer (tests/e2e) was skipped (HWJOBS_SKIP_E2E=1)");
  expect(output).not.toContain("ensure-pulumi-cli");
});
