/**
 * `npm run demo`: starts the Huawei Cloud emulator, seeds running DRS (v5 and v3) and DLI jobs,
 * adopts them, creates two DRS jobs from a spec (v5 MySQL->MySQL, v3 MySQL->Kafka) and a Flink SQL
 * job with the real Pulumi CLI (`pulumi up`), tears the whole
 * stack down (`pulumi destroy`) and says what happened to each job. Credentials are the
 * emulator's default access key, given as encrypted stack config.
 */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { defaultEmulatorCredentials, emulatorEnv, HuaweiEmulator } from "../emulator";
import { describeJobTeardown } from "./describeJobTeardown";
import { pulumiEnv, repoRoot, runPulumi } from "./pulumiCli";

const { projectId, regionName } = defaultEmulatorCredentials;
const key = defaultEmulatorCredentials.accessKeys[0];

async function main(): Promise<void> {
  const emulator = new HuaweiEmulator({
    stopMs: 4_000,
    deletedLingerMs: 1_000,
    dli: { submitMs: 1_500, stopMs: 3_000, savepointMs: 1_500 },
  });
  const url = await emulator.start();
  const drsV5 = [
    emulator.seed({ projectId, name: "orders-sync", status: "INCRE_TRANSFER_STARTED", engineType: "mysql" }),
    emulator.seed({ projectId, name: "events-to-kafka", status: "PAUSING", engineType: "mysql-to-kafka" }),
  ];
  const drsV3 = [
    emulator.seed({ projectId, name: "legacy-migration", status: "INCRE_TRANSFER_FAILED", family: "v3" }),
  ];
  const dli = [emulator.dli.seed({ projectId, name: "clickstream-agg", status: "job_running" })];
  say(`Huawei Cloud emulator on ${url} (project ${projectId}, region ${regionName}) with:`);
  for (const job of [...drsV5, ...drsV3]) say(`  DRS ${job.family} ${job.id}  ${job.name}  ${job.status}`);
  for (const job of dli) say(`  DLI    ${job.id}  ${job.name}  ${job.status}`);

  const stateDir = path.join(repoRoot, ".tmp", "demo-state");
  rmSync(stateDir, { recursive: true, force: true });
  // Endpoints come from the environment; the credentials from encrypted stack config.
  const env = pulumiEnv(stateDir, emulatorEnv(url, "endpoints", { withProjectId: false }));
  const pulumi = async (...args: string[]) => {
    const shown = args.includes("--secret") ? [...args.slice(0, -1), "[secret]"] : args;
    say(`\n$ pulumi ${shown.join(" ")}`);
    const run = await runPulumi(args, { cwd: repoRoot, env, echo: (text) => process.stdout.write(text) });
    if (run.code !== 0) throw new Error(`pulumi ${args[0] ?? ""} failed with exit code ${run.code}`);
  };

  try {
    await pulumi("stack", "init", "demo");
    await pulumi("config", "set", "huaweicloud-jobs:accessKey", key.accessKeyId);
    await pulumi("config", "set", "--secret", "huaweicloud-jobs:secretKey", key.secretAccessKey);
    await pulumi("config", "set", "drsV5JobIds", JSON.stringify(drsV5.map((j) => j.id)));
    await pulumi("config", "set", "drsV3JobIds", JSON.stringify(drsV3.map((j) => j.id)));
    await pulumi("config", "set", "dliJobIds", JSON.stringify(dli.map((j) => j.id)));
    await pulumi("config", "set", "createSqlJob", "true");
    await pulumi("config", "set", "createDrsJobs", JSON.stringify(["v5", "v3"]));
    await pulumi("config", "set", "--secret", "drsDbPassword", "Demo-Db-Pa55word");
    await pulumi("up", "--yes", "--skip-preview");
    await pulumi("destroy", "--yes", "--skip-preview");
    await pulumi("stack", "rm", "demo", "--yes");

    say("\nWhat happened to each job (from the emulator's records):");
    const allDli = emulator.dli.store.all();
    for (const job of [...emulator.store.all(), ...allDli])
      say(`  ${describeJobTeardown(job, emulator.calls())}`);
    // DELETED counts as gone, as it does for the provider; DRS forgets such a job shortly after.
    const leftDrs = emulator.store.all().filter((job) => !job.removed && job.status !== "DELETED");
    const leftDli = allDli.filter((job) => !job.removed);
    if (leftDrs.length + leftDli.length > 0) {
      throw new Error(`${leftDrs.length + leftDli.length} job(s) were not deleted`);
    }
    say(
      `\nAll ${emulator.store.all().length + allDli.length} jobs were stopped first, then deleted, and are gone.`,
    );
  } finally {
    await emulator.stop();
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
