/**
 * Jest setup file (setupFilesAfterEnv): every emulator a test file starts has each DRS and DLI
 * call it answers held to the vendor SDK models (tests/fixtures/sdk-contract.json); the file
 * fails at its end if one left them. So every answer on every path the suites exercise is checked.
 * Requests are judged only when the emulator accepted them: tests send malformed requests on
 * purpose, and the client's own requests are held to the models, refused or not, by
 * sdkContract.test.ts.
 */
import { HuaweiEmulator } from "../../emulator";
import { loadSdkContract, sdkContractProblems } from "./sdkContract";

/**
 * Undocumented values some tests make the emulator answer on purpose, to prove the client
 * handles a value it does not know; each with the reason.
 */
const sentOnPurpose: Readonly<Record<string, string>> = {
  SOME_FUTURE_STATUS: "emulatorDrs.test: an unknown DRS status must be reported as it came",
};

const contract = loadSdkContract();
const listening = new WeakSet<HuaweiEmulator>();
const problems: string[] = [];

// Kept as a plain function and always called with the emulator as `this`.
// eslint-disable-next-line @typescript-eslint/unbound-method
const { start } = HuaweiEmulator.prototype;
HuaweiEmulator.prototype.start = function (this: HuaweiEmulator): Promise<string> {
  if (!listening.has(this)) {
    listening.add(this);
    this.onCall((call) => {
      if (call.service !== "drs" && call.service !== "dli") return;
      for (const problem of sdkContractProblems(contract, call)) {
        if (Object.keys(sentOnPurpose).some((value) => problem.includes(`"${value}"`))) continue;
        if (problems.length < 40) problems.push(`call ${call.seq}: ${problem}`);
      }
    });
  }
  return start.call(this);
};

afterAll(() => {
  HuaweiEmulator.prototype.start = start;
  if (problems.length > 0) {
    throw new Error(
      `The emulator left the vendor SDK models (tests/fixtures/sdk-contract.json):\n  ${problems.join("\n  ")}`,
    );
  }
});
