// Prints one plain closing line, "jest: N passed, N failed, N skipped", which CI systems that do
// not parse jest's own summary can read.
class JestSummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    process.stdout.write(
      `jest: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`,
    );
    // Repeated at the end so that a fast run is never read as a full one.
    if (process.env.HWJOBS_SKIP_E2E === "1") {
      process.stdout.write(
        "jest: the real-CLI layer (tests/e2e) was skipped (HWJOBS_SKIP_E2E=1); npm test runs it\n",
      );
    }
  }
}
module.exports = JestSummaryReporter;
