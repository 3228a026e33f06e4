/**
 * The security suite, in process: the provider's methods are driven against the emulator over
 * real HTTP with right and wrong AK/SK, temporary keys, tokens and passwords until they fail in
 * every way a user can meet (refused signature, refused login, job not found, prepaid job,
 * failing stops, timeout, half-given credentials). Every error, written out in full (message,
 * stack, hidden properties, causes), and every progress line must be free of secrets.
 */
import { defaultEmulatorCredentials, HuaweiEmulator } from "../../emulator";
import { clearConnectionCache } from "../../provider/config/resolveConnection";
import { configureFromStack } from "../../provider/config/stackConfig";
import { dliFlinkJobProvider } from "../../provider/resources/dliFlinkJobProvider";
import { drsJobProvider } from "../../provider/resources/drsJobProvider";
import { describeError, findSecrets, type Secret } from "../helpers/secretScan";

jest.setTimeout(120_000);

const { projectId, regionName } = defaultEmulatorCredentials;
const key = defaultEmulatorCredentials.accessKeys[0];
const user = defaultEmulatorCredentials.users[0];
const tempKey = {
  accessKeyId: "EMULATORTEMPAK000002",
  secretAccessKey: "temporary-secret-key-0000000000000000000002",
  securityToken: "temporary-security-token-00000000000000000000003",
};
const wrong = {
  secretKey: "wrong-secret-key-of-the-security-suite-0004",
  securityToken: "wrong-security-token-of-the-security-suite-0005",
  password: "wrong-password-of-the-security-suite-0006",
  authToken: "MIIwrong-static-token-of-the-security-suite-0007",
};

describe("errors and progress lines of the provider hold no secret", () => {
  const emulator = new HuaweiEmulator({
    stopMs: 300,
    forceStopMs: 300,
    deletedLingerMs: 100,
    dli: { submitMs: 100, stopMs: 1_500, savepointMs: 100 },
    credentials: { ...defaultEmulatorCredentials, accessKeys: [key, tempKey] },
  });
  const issued: string[] = [];
  let stderr = "";
  let url: string;

  beforeAll(async () => {
    url = await emulator.start();
    // Every token the emulator's IAM hands out is a secret to look for.
    const issue = emulator.auth.issueToken.bind(emulator.auth);
    jest.spyOn(emulator.auth, "issueToken").mockImplementation((...args) => {
      const result = issue(...args);
      if (typeof result === "object") issued.push(result.token);
      return result;
    });
    // Progress lines go to the host's stderr, which `pulumi` prints.
    jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await emulator.stop();
  });

  /** Stack config as `configure` hands it over: endpoints on the emulator plus `creds`. */
  function configure(creds: Record<string, string>): void {
    clearConnectionCache();
    const config: Record<string, string> = {
      "huaweicloud-jobs:drsEndpoint": url,
      "huaweicloud-jobs:dliEndpoint": url,
      "huaweicloud-jobs:iamEndpoint": url,
      "huaweicloud-jobs:region": regionName,
      ...creds,
    };
    void configureFromStack({ config: { get: (k) => config[k], require: (k) => config[k] ?? "" } });
  }

  const aksk = {
    "huaweicloud-jobs:accessKey": key.accessKeyId,
    "huaweicloud-jobs:secretKey": key.secretAccessKey,
  };
  const temporary = {
    "huaweicloud-jobs:accessKey": tempKey.accessKeyId,
    "huaweicloud-jobs:secretKey": tempKey.secretAccessKey,
    "huaweicloud-jobs:securityToken": tempKey.securityToken,
  };
  const password = {
    "huaweicloud-jobs:userName": user.userName,
    "huaweicloud-jobs:password": user.password,
    "huaweicloud-jobs:domainName": user.domainName,
  };
  const teardown = { deleteTimeout: "20s", pollInterval: "100ms" };

  async function failure(run: () => Promise<unknown>): Promise<unknown> {
    try {
      await run();
    } catch (error) {
      return error;
    }
    throw new Error("expected the call to fail");
  }

  const errors: [string, unknown][] = [];

  it("fails in every way a user can meet, each error saying what happened", async () => {
    const drsJob = emulator.seed({ projectId, name: "sec-running", engineType: "mysql" });
    const adoptDrs = (jobId: string, extra: Record<string, unknown> = {}) =>
      drsJobProvider.create({ resourceName: "sec-drs", jobId, ...teardown, ...extra });

    configure({ ...aksk, "huaweicloud-jobs:secretKey": wrong.secretKey });
    errors.push(["wrong secret key", await failure(() => adoptDrs(drsJob.id))]);

    configure({ ...temporary, "huaweicloud-jobs:securityToken": wrong.securityToken });
    errors.push(["wrong security token", await failure(() => adoptDrs(drsJob.id))]);

    configure({ ...password, "huaweicloud-jobs:password": wrong.password });
    errors.push(["wrong password", await failure(() => adoptDrs(drsJob.id))]);

    configure({ "huaweicloud-jobs:authToken": wrong.authToken, "huaweicloud-jobs:projectId": projectId });
    errors.push(["unknown IAM token", await failure(() => adoptDrs(drsJob.id))]);

    configure({ "huaweicloud-jobs:secretKey": key.secretAccessKey });
    errors.push(["secret key without access key", await failure(() => adoptDrs(drsJob.id))]);

    configure(aksk);
    errors.push(["job not found", await failure(() => adoptDrs("140b5236-88ad-43c8-811c-1268453jb101"))]);

    // A prepaid job: the destroy refuses to stop it, with temporary credentials.
    configure(temporary);
    const prepaid = emulator.seed({
      projectId,
      name: "sec-prepaid",
      chargingMode: "period",
      periodOrderId: "CS0001",
    });
    const prepaidOuts = (await adoptDrs(prepaid.id)).outs as Record<string, unknown>;
    errors.push(["prepaid job", await failure(() => drsJobProvider.delete(prepaid.id, prepaidOuts))]);

    // A stop that hangs with forceStop "never" runs into deleteTimeout, logged in with a password.
    configure(password);
    const hangs = emulator.seed({ projectId, name: "sec-hangs", gracefulStop: "hangs" });
    const hangsOuts = (await adoptDrs(hangs.id, { forceStop: "never", deleteTimeout: "2s" })).outs as Record<
      string,
      unknown
    >;
    errors.push(["teardown timeout", await failure(() => drsJobProvider.delete(hangs.id, hangsOuts))]);

    // A DLI job whose stops keep failing. Each stop shows job_canceling long enough to be seen,
    // so that every job_cancel_fail after it counts as a new failure.
    const flink = emulator.dli.seed({
      projectId,
      name: "sec-flink",
      status: "job_running",
      stopFailsTimes: 10,
    });
    const flinkOuts = (
      await dliFlinkJobProvider.create({
        resourceName: "sec-dli",
        jobId: flink.id,
        ...teardown,
        deleteTimeout: "90s",
      })
    ).outs as Record<string, unknown>;
    errors.push(["failing DLI stops", await failure(() => dliFlinkJobProvider.delete(flink.id, flinkOuts))]);

    const expected: Record<string, RegExp> = {
      "wrong secret key": /HTTP 401: APIG\.0301/,
      "wrong security token": /HTTP 401: APIG\.0301/,
      "wrong password": /HTTP 401.*IAM refused the user name, password or account name/,
      "unknown IAM token": /HTTP 401: APIG\.0301/,
      "secret key without access key": /Found a secret key in stack config .* but no access key/,
      "job not found": /does not exist/,
      "prepaid job": /not stopped and not deleted/,
      "teardown timeout": /not deleted after waiting/,
      "failing DLI stops": /the stop failed/,
    };
    expect(errors.map(([what]) => what)).toEqual(Object.keys(expected));
    for (const [what, error] of errors) expect((error as Error).message).toMatch(expected[what] ?? /^$/);
    // The password login really happened, so there were IAM tokens that could have leaked.
    expect(issued.length).toBeGreaterThan(0);
    expect(stderr).toMatch(/\[DliFlinkJob sec-dli \d+\] /);
  });

  it("leaks none of the secrets in any error or progress line", () => {
    const secrets: Secret[] = [
      { name: "secret key", value: key.secretAccessKey },
      { name: "temporary secret key", value: tempKey.secretAccessKey },
      { name: "security token", value: tempKey.securityToken },
      { name: "password", value: user.password },
      ...Object.entries(wrong).map(([name, value]) => ({ name: `wrong ${name}`, value })),
      ...issued.map((value, i) => ({ name: `IAM token ${i + 1}`, value })),
    ];
    expect(errors.length).toBe(9);
    // The scan sees a secret even deep in a cause, so an empty result means something.
    const probe = new Error("outer", { cause: new Error(`inner ${tempKey.securityToken}`) });
    expect(findSecrets("probe", describeError(probe), secrets)).toEqual(["security token in probe"]);
    const leaks = [
      ...errors.flatMap(([what, error]) => findSecrets(`error "${what}"`, describeError(error), secrets)),
      ...findSecrets("progress lines", stderr, secrets),
    ];
    expect(leaks).toEqual([]);
  });
});
