// Prints one plain closing line, "jest: N passed, N failed, N skipped", which CI systems that do
// not parse jest's own summary can read.
class JestSummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    process.stdout.write(
      `jest: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`,
    );
  }
}
module.exports = JestSummaryReporter;
