// Jest runs the compiled tests (npm test builds first), so what is tested is exactly what ships.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/dist/tests"],
  testMatch: ["**/*.test.js"],
  testTimeout: 60_000,
  // Holds every emulator's DRS and DLI answers to the vendor SDK models (tests/fixtures/sdk-contract.json).
  setupFilesAfterEnv: ["<rootDir>/dist/tests/helpers/sdkContractHook.js"],
  reporters: ["default", "<rootDir>/scripts/jestSummaryReporter.js"],
};
