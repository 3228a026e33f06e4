// Jest runs the compiled tests (npm test builds first), so what is tested is exactly what ships.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/dist/tests"],
  testMatch: ["**/*.test.js"],
  testTimeout: 60_000,
  reporters: ["default", "<rootDir>/scripts/jestSummaryReporter.js"],
};
