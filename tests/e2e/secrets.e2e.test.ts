/**
 * The security suite end to end with the real Pulumi CLI against the emulator: a stack goes
 * through `pulumi up`, `pulumi refresh`, a `pulumi destroy` that fails (a prepaid DRS job, a DLI
 * job whose stops fail) and, once the causes are fixed in the emulator, a `pulumi destroy` that
 * succeeds, with (a) AK/SK from encrypted stack config, (b) a temporary AK/SK with a security
 * token from the environment, (c) a password login from encrypted stack config. No secret may be
 * in any CLI output, in the exported state (with or without `--show-secrets`), in any file of the
 * state folder, or in the emulator's call log; the stack's config file holds secrets only as
 * ciphertext. Then: plain http to a remote endpoint fails `pulumi up` before anything is sent,
 * and a bad input fails `pulumi preview` with the property named.
 */
import { createServer, type Server } from "node:http";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import * as path from "node:path";
import {
  defaultEmulatorCredentials,
  emulatorEnv,
  emulatorModeFromEnv,
  HuaweiEmulator,
  type EmulatedDrsJob,
} from "../../emulator";
import { pulumiEnv, repoRoot, runPulumi, type PulumiRun } from "../../scripts/pulumiCli";
import { findSecrets, type Secret } from "../helpers/secretScan";

jest.setTimeout(20 * 60_000);

const { projectId } = defaultEmulatorCredentials;
const key = defaultEmulatorCredentials.accessKeys[0];
const user = defaultEmulatorCredentials.users[0];
/** Temporary credentials (AK/SK with a security token), accepted by this test's emulator only. */
const tempKey = {
  accessKeyId: "EMULATORTEMPAK000003",
  secretAccessKey: "temporary-secret-key-of-the-e2e-security-suite-01",
  securityToken: "temporary-security-token-of-the-e2e-security-suite-02",
};

/** Every file under `dir` (symbolic links not followed), with its contents. */
function filesUnder(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    const stat = lstatSync(file);
    if (stat.isDirectory()) out.push(...filesUnder(file));
    else if (stat.isFile()) out.push({ file, text: readFileSync(file).toString("latin1") });
  }
  return out;
}

/** Pulumi's marker of a secret value in exported state. */
const secretSig = "4dabf18193072939515e22adb298388d";

/**
 * The exported state without the secret stack config that the engine keeps as the inputs and
 * outputs of the default `pulumi-nodejs` provider (that is how `configure` receives it). Those
 * values must be secret-typed: ciphertext in the state, plain text only in a `--show-secrets`
 * export. Everything else is returned for scanning.
 */
function withoutSecretConfig(exported: string, secretKeys: readonly string[]): string {
  const state = JSON.parse(exported) as {
    deployment: {
      resources?: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[];
    };
  };
  for (const resource of state.deployment.resources ?? []) {
    if (resource.type !== "pulumi:providers:pulumi-nodejs") continue;
    for (const bag of [resource.inputs, resource.outputs]) {
      for (const k of secretKeys) {
        if (bag?.[k] === undefined) continue;
        expect(Object.keys(bag[k] as object)).toContain(secretSig);
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the keys are the scenario's secret config
        delete bag[k];
      }
    }
  }
  return JSON.stringify(state);
}

/** A non-loopback IPv4 address of this machine, when it has one (reachable, so a leak would show). */
function remoteAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === "IPv4" && !a.internal)?.address;
}

describe("no secret leaves the provider, with the real Pulumi CLI", () => {
  const emulator = new HuaweiEmulator({
    pessimistic: emulatorModeFromEnv() === "pessimistic",
    stopMs: 1_000,
    forceStopMs: 500,
    deletedLingerMs: 300,
    dli: { submitMs: 300, stopMs: 1_500, savepointMs: 300 },
    credentials: { ...defaultEmulatorCredentials, accessKeys: [key, tempKey] },
  });
  const issuedTokens: string[] = [];
  const stateDirs: string[] = [];
  const stackFiles: string[] = [];
  let url: string;

  beforeAll(async () => {
    url = await emulator.start();
    const issue = emulator.auth.issueToken.bind(emulator.auth);
    jest.spyOn(emulator.auth, "issueToken").mockImplementation((...args) => {
      const result = issue(...args);
      if (typeof result === "object") issuedTokens.push(result.token);
      return result;
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await emulator.stop();
    for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
    for (const file of stackFiles) rmSync(file, { force: true });
  });

  /** A stack of its own (state folder, name, config file) and a `pulumi` runner that records every output. */
  function stack(name: string, extraEnv: Record<string, string>) {
    const stateDir = mkdtempSync(path.join(tmpdir(), `hwjobs-${name}-`));
    stateDirs.push(stateDir);
    const stackFile = path.join(repoRoot, `Pulumi.${name}.yaml`);
    stackFiles.push(stackFile);
    const env = pulumiEnv(stateDir, {
      ...emulatorEnv(url, "endpoints", { withProjectId: false }),
      ...extraEnv,
    });
    const outputs: { command: string; output: string }[] = [];
    const run = async (...args: string[]): Promise<PulumiRun> => {
      const result = await runPulumi(args, { cwd: repoRoot, env });
      outputs.push({ command: args.join(" "), output: result.output });
      return result;
    };
    const pulumi = async (...args: string[]): Promise<string> => {
      const result = await run(...args);
      if (result.code !== 0)
        throw new Error(`pulumi ${args[0] ?? ""} failed (${result.code}):\n${result.output}`);
      return result.output;
    };
    return { name, stateDir, stackFile, env, outputs, run, pulumi };
  }

  const allSecrets = (): Secret[] => [
    { name: "secret key", value: key.secretAccessKey },
    { name: "temporary secret key", value: tempKey.secretAccessKey },
    { name: "security token", value: tempKey.securityToken },
    { name: "password", value: user.password },
    ...issuedTokens.map((value, i) => ({ name: `IAM token ${i + 1}`, value })),
  ];

  const scenarios: {
    what: string;
    name: string;
    env: Record<string, string>;
    config: [key: string, value: string, secret: boolean][];
    scheme: "aksk" | "token";
  }[] = [
    {
      what: "AK/SK from encrypted stack config",
      name: "sec-config",
      env: {},
      config: [
        ["huaweicloud-jobs:accessKey", key.accessKeyId, false],
        ["huaweicloud-jobs:secretKey", key.secretAccessKey, true],
      ],
      scheme: "aksk",
    },
    {
      what: "temporary AK/SK with a security token from the environment",
      name: "sec-env",
      env: {
        HW_ACCESS_KEY: tempKey.accessKeyId,
        HW_SECRET_KEY: tempKey.secretAccessKey,
        HW_SECURITY_TOKEN: tempKey.securityToken,
      },
      config: [],
      scheme: "aksk",
    },
    {
      what: "a password login from encrypted stack config",
      name: "sec-password",
      env: {},
      config: [
        ["huaweicloud-jobs:userName", user.userName, false],
        ["huaweicloud-jobs:password", user.password, true],
        ["huaweicloud-jobs:domainName", user.domainName, false],
      ],
      scheme: "token",
    },
  ];

  it.each(scenarios)("$what: up, refresh, a failing and a succeeding destroy", async (scenario) => {
    const s = stack(scenario.name, scenario.env);
    const firstCall = emulator.calls().length;
    const running = emulator.seed({ projectId, name: `${s.name}-running`, engineType: "mysql" });
    const prepaid: EmulatedDrsJob = emulator.seed({
      projectId,
      name: `${s.name}-prepaid`,
      chargingMode: "period",
      periodOrderId: "CS2400000001",
    });
    const flink = emulator.dli.seed({
      projectId,
      name: `${s.name}-flink`,
      status: "job_running",
      stopFailsTimes: 100,
    });

    await s.pulumi("stack", "init", s.name);
    for (const [k, value, secret] of scenario.config) {
      await s.pulumi("config", "set", ...(secret ? ["--secret"] : []), k, value);
    }
    await s.pulumi("config", "set", "drsV5JobIds", JSON.stringify([running.id, prepaid.id]));
    await s.pulumi("config", "set", "dliJobIds", JSON.stringify([flink.id]));
    await s.pulumi("config", "set", "createSqlJob", "true");
    await s.pulumi("config", "set", "pollInterval", "250ms");
    await s.pulumi("config", "set", "deleteTimeout", "2m");
    expect(await s.pulumi("up", "--yes", "--skip-preview")).toMatch(/\+ 5 created/);
    const exports = [await s.pulumi("stack", "export"), await s.pulumi("stack", "export", "--show-secrets")];
    // The engine keeps the stack config as the dynamic provider's inputs, secrets as ciphertext.
    if (scenario.config.some(([, , secret]) => secret)) expect(exports[0]).toContain(secretSig);
    await s.pulumi("refresh", "--yes", "--skip-preview");

    // The first destroy fails: DRS refuses to stop a prepaid job, and the DLI job's stops fail.
    const failed = await s.run("destroy", "--yes", "--skip-preview");
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/not stopped and not deleted/);
    expect(failed.output).toMatch(/the stop failed \d+ time/);
    exports.push(await s.pulumi("stack", "export", "--show-secrets"));
    expect(exports[2]).toContain(prepaid.id);

    // Fix both causes, as a user would in the console: the order is unsubscribed (the job is
    // billed on demand now) and the DLI job stops normally again.
    (prepaid as { chargingMode: string }).chargingMode = "on_demand";
    (prepaid as { periodOrderId: string | undefined }).periodOrderId = undefined;
    const flinkJob = emulator.dli.store.all().find((j) => j.id === flink.id);
    if (flinkJob === undefined) throw new Error("the DLI job vanished");
    flinkJob.stopFailuresLeft = 0;
    expect(await s.pulumi("destroy", "--yes", "--skip-preview")).toMatch(/- \d+ deleted/);
    for (const job of [running, prepaid]) expect(job.removed || job.status === "DELETED").toBe(true);
    expect(flinkJob.removed).toBe(true);

    // The calls of this stack were made with the scheme under test, and the log is what a user
    // of the control interface sees.
    const calls = emulator.calls().slice(firstCall);
    const serviceCalls = calls.filter((c) => c.service === "drs" || c.service === "dli");
    expect(serviceCalls.length).toBeGreaterThan(0);
    for (const call of serviceCalls) expect(call.auth).toBe(scenario.scheme);
    const controlLog = await (await fetch(`${url}/__emulator/calls`)).text();

    // The stack's config file holds each secret as ciphertext only.
    const stackYaml = readFileSync(s.stackFile, "utf8");
    for (const [k] of scenario.config.filter(([, , secret]) => secret)) {
      expect(stackYaml).toMatch(new RegExp(`${k}:\\s*\\n\\s*secure: v1:[A-Za-z0-9+/=:]+`));
    }
    const files = filesUnder(s.stateDir);
    expect(files.some((f) => f.file.includes(`${path.sep}.pulumi${path.sep}history`))).toBe(true);
    if (scenario.scheme === "token") expect(issuedTokens.length).toBeGreaterThan(0);

    const secrets = allSecrets();
    const secretKeys = scenario.config.filter(([, , secret]) => secret).map(([k]) => k);
    // A `--show-secrets` export is scanned without the secret config, which was just checked to
    // be secret-typed (ciphertext in the state); every other text as it is.
    const scanned = (text: string, command: string) =>
      command.includes("--show-secrets") ? withoutSecretConfig(text, secretKeys) : text;
    const leaks = [
      ...s.outputs.flatMap(({ command, output }) =>
        findSecrets(`output of pulumi ${command}`, scanned(output, command), secrets),
      ),
      ...exports.flatMap((text, i) =>
        findSecrets(`stack export ${i + 1}`, scanned(text, i === 0 ? "" : "--show-secrets"), secrets),
      ),
      ...files.flatMap(({ file, text }) => findSecrets(path.relative(s.stateDir, file), text, secrets)),
      ...findSecrets(`Pulumi.${s.name}.yaml`, stackYaml, secrets),
      ...findSecrets("emulator call log", JSON.stringify(calls), secrets),
      ...findSecrets("emulator control call log", controlLog, secrets),
    ];
    expect(leaks).toEqual([]);
    // The jobs' inputs and outputs carry no credential at all, not even the access key id.
    for (const text of exports) {
      const resources = (JSON.parse(text) as { deployment: { resources?: { type: string }[] } }).deployment
        .resources;
      const jobs = JSON.stringify((resources ?? []).filter((r) => /DrsJob|DliFlinkJob/.test(r.type)));
      expect(jobs).not.toContain(key.accessKeyId);
      expect(jobs).not.toContain(tempKey.accessKeyId);
    }

    await s.pulumi("stack", "rm", s.name, "--yes");
  });

  describe("plain http to a remote host", () => {
    let trap: Server;
    const trapped: string[] = [];
    let trapUrl: string;

    beforeAll(async () => {
      // A server on every interface: were a request sent to the remote address, it would arrive here.
      trap = createServer((req, res) => {
        trapped.push(`${req.method ?? ""} ${req.url ?? ""}`);
        res.writeHead(500).end();
      });
      await new Promise<void>((resolve) => trap.listen(0, "0.0.0.0", resolve));
      const address = remoteAddress() ?? "192.0.2.1";
      trapUrl = `http://${address}:${(trap.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => trap.close(resolve));
    });

    it.each([
      ["DRS", { HW_DRS_ENDPOINT: "trap" }, "sec-http-drs"],
      ["IAM", { HW_IAM_ENDPOINT: "trap" }, "sec-http-iam"],
    ] as const)(
      "refuses an http:// %s endpoint on pulumi up before anything is sent",
      async (which, env, name) => {
        const endpoints = Object.fromEntries(Object.keys(env).map((k) => [k, trapUrl]));
        // Password login without a project id: the IAM endpoint is needed for the login and the lookup.
        const s = stack(name, {
          HW_USER_NAME: user.userName,
          HW_PASSWORD: user.password,
          HW_DOMAIN_NAME: user.domainName,
          ...endpoints,
        });
        const job = emulator.seed({ projectId, name: `${name}-job`, engineType: "mysql" });
        await s.pulumi("stack", "init", name);
        await s.pulumi("config", "set", "drsV5JobIds", JSON.stringify([job.id]));
        const before = emulator.calls().length;
        const up = await s.run("up", "--yes", "--skip-preview");
        expect(up.code).not.toBe(0);
        expect(up.output).toContain(
          `Refusing ${which} endpoint ${trapUrl} (from environment HW_${which}_ENDPOINT): plain http is allowed only to this machine (localhost, 127.0.0.0/8, ::1); use https.`,
        );
        expect(trapped).toEqual([]);
        expect(emulator.calls().slice(before)).toEqual([]);
        expect(findSecrets("pulumi up", up.output, allSecrets())).toEqual([]);
        await s.pulumi("stack", "rm", name, "--yes", "--force");
      },
    );
  });

  it("fails pulumi preview on a bad input, naming the property and what is allowed", async () => {
    const s = stack("sec-bad-input", {
      HW_ACCESS_KEY: key.accessKeyId,
      HW_SECRET_KEY: key.secretAccessKey,
    });
    const job = emulator.seed({ projectId, name: "sec-bad-input", engineType: "mysql" });
    await s.pulumi("stack", "init", "sec-bad-input");
    await s.pulumi("config", "set", "drsV5JobIds", JSON.stringify([job.id]));
    await s.pulumi("config", "set", "deleteTimeout", "0s");
    const before = emulator.calls().length;
    const preview = await s.run("preview");
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(
      /resource 'drs-v5-1': property deleteTimeout value \{0s\} has a problem: deleteTimeout must be a duration such as \\?"90s\\?", \\?"30m\\?" or \\?"2h\\?" \(or a number of seconds\) between 1s and 48h/,
    );
    expect(emulator.calls().slice(before)).toEqual([]);
    await s.pulumi("stack", "rm", "sec-bad-input", "--yes", "--force");
    expect(existsSync(s.stackFile)).toBe(false);
  });
});
