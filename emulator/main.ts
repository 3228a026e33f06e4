/**
 * Runs the Huawei Cloud emulator on its own:
 * `npm run emulator -- [--port N] [--speed F] [--seed N] [--cloud huaweicloud|otc] [--no-auth]`.
 * Prints the URL, the `export` lines for both authentication schemes with the default
 * credentials, and the ids of the seeded running jobs.
 */
import { parseArgs } from "node:util";
import { defaultEmulatorCredentials } from "./defaultEmulatorCredentials";
import { emulatorEnv } from "./emulatorEnv";
import { HuaweiEmulator } from "./HuaweiEmulator";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8089" },
      speed: { type: "string", default: "1" },
      seed: { type: "string", default: "3" },
      cloud: { type: "string", default: "huaweicloud" },
      "no-auth": { type: "boolean", default: false },
    },
  });
  const speed = Number(values.speed);
  const port = Number(values.port);
  const seedCount = Number(values.seed);
  if (!(speed > 0)) throw new Error(`--speed must be a positive number, not "${values.speed}"`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535`);
  if (!Number.isInteger(seedCount) || seedCount < 0) throw new Error(`--seed must be a whole number`);
  if (values.cloud !== "huaweicloud" && values.cloud !== "otc")
    throw new Error(`--cloud must be huaweicloud or otc`);

  // --speed 10 makes every duration ten times shorter.
  const scaled = (ms: number) => Math.round(ms / speed);
  const emulator = new HuaweiEmulator({
    port,
    cloud: values.cloud,
    auth: values["no-auth"] ? "off" : "verify",
    stopMs: scaled(5_000),
    forceStopMs: scaled(2_000),
    deletedLingerMs: scaled(2_000),
    createMs: scaled(5_000),
    connectionTestMs: scaled(2_000),
    precheckMs: scaled(5_000),
    startMs: scaled(3_000),
    fullTransferMs: scaled(10_000),
    lockMs: scaled(5 * 60_000),
    dli: { submitMs: scaled(3_000), stopMs: scaled(4_000), savepointMs: scaled(2_000) },
  });
  const url = await emulator.start();
  const creds = defaultEmulatorCredentials;
  const exports = (env: Record<string, string>) =>
    `  export ${Object.entries(env)
      .map(([name, value]) => `${name}=${value}`)
      .join(" ")}`;
  const lines = [
    `Huawei Cloud emulator (${values.cloud}) listening on ${url}`,
    "",
    "AK/SK signing:",
    exports(emulatorEnv(url, "aksk")),
    "",
    "IAM token (password identity):",
    exports(emulatorEnv(url, "password")),
    "",
    `Control: ${url}/__emulator/calls, /__emulator/jobs, /__emulator/dli/jobs, /__emulator/faults`,
    ...(seedCount > 0 ? ["", `Seeded DRS jobs (project ${creds.projectId}):`] : []),
  ];
  for (let i = 1; i <= seedCount; i++) {
    const job = emulator.seed({ projectId: creds.projectId, name: `demo-sync-${i}` });
    lines.push(`  seeded running job ${job.id} (${job.name}, ${job.status})`);
  }
  if (seedCount > 0) lines.push("", "Seeded DLI Flink jobs:");
  for (let i = 1; i <= seedCount; i++) {
    const job = emulator.dli.seed({
      projectId: creds.projectId,
      name: `demo-flink-${i}`,
      status: "job_running",
    });
    lines.push(`  seeded running job ${job.id} (${job.name}, ${job.status})`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  const shutdown = () => void emulator.stop().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
