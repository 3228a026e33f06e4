// Jest runs the compiled tests (npm test builds first), so what is tested is exactly what ships.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/dist/tests"],
  testMatch: ["**/*.test.js"],
  testTimeout: 60_000,
  // With HWJOBS_SKIP_E2E=1 (npm run test:fast), the real-CLI layer is skipped, loudly.
  setupFilesAfterEnv: ["<rootDir>/dist/tests/helpers/skipRealCliTestsWhenAsked.js"],
  reporters: ["default", "<rootDir>/scripts/jestSummaryReporter.js"],
};
