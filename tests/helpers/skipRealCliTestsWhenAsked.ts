/**
 * Jest setup (setupFilesAfterEnv) for `npm run test:fast`: with HWJOBS_SKIP_E2E=1, every test in
 * tests/e2e (the layer that needs the real Pulumi CLI, and Go to build one) is registered as
 * skipped, and each such file says so and why, so that a skipped layer is never mistaken for a
 * passing one. Done here rather than in each e2e file so that a new e2e file cannot forget it.
 */
import * as path from "node:path";

const testPath = expect.getState().testPath ?? "";
const isRealCliTest = testPath.split(path.sep).includes("e2e");

if (process.env["HWJOBS_SKIP_E2E"] === "1" && isRealCliTest) {
  // Straight to stderr: jest prints no console output for a file whose tests were all skipped.
  process.stderr.write(
    `SKIPPED: ${path.basename(testPath)} needs the real Pulumi CLI, and HWJOBS_SKIP_E2E=1 ` +
      "(npm run test:fast) skips that layer. Run `npm test` to include it.\n",
  );
  // `describe.skip` keeps `.each`, so every form the e2e files use is still accepted.
  Object.assign(globalThis, { describe: describe.skip, it: it.skip, test: test.skip });
}
