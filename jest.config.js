// Jest runs the compiled tests (npm test builds first), so what is tested is exactly what ships.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/dist/tests"],
  testMatch: ["**/*.test.js"],
  testTimeout: 60_000,
  // Holds every emulator's DRS and DLI answers to the vendor SDK models (tests/fixtures/sdk-contract.json);
  // with HWJOBS_SKIP_E2E=1 (npm run test:fast), skips the real-CLI layer, loudly.
  setupFilesAfterEnv: [
    "<rootDir>/dist/tests/helpers/sdkContractHook.js",
    "<rootDir>/dist/tests/helpers/skipRealCliTestsWhenAsked.js",
  ],
  reporters: ["default", "<rootDir>/scripts/jestSummaryReporter.js"],
};
