/**
 * `npm run demo`: starts the DRS emulator, seeds three running jobs, adopts them with the real
 * Pulumi CLI (`pulumi up`), tears them down (`pulumi destroy`) and says what happened to each job.
 */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { HuaweiEmulator } from "../emulator";
import { pulumiEnv, repoRoot, runPulumi } from "./pulumiCli";
import { describeJobTeardown } from "./describeJobTeardown";

const projectId = "0123456789abcdef0123456789abcdef";

async function main(): Promise<void> {
  // Credentials are not checked yet: the integrator moves the demo to the default credentials.
  const emulator = new HuaweiEmulator({ stopMs: 4_000, deletedLingerMs: 1_000, auth: "off" });
  const url = await emulator.start();
  const jobs = [
    emulator.seed({ projectId, name: "orders-sync", status: "INCRE_TRANSFER_STARTED" }),
    emulator.seed({ projectId, name: "billing-sync", status: "FULL_TRANSFER_STARTED" }),
    emulator.seed({ projectId, name: "audit-sync", status: "INCRE_TRANSFER_STARTED" }),
  ];
  say(`DRS emulator on ${url} with three running jobs:`);
  for (const job of jobs) say(`  ${job.id}  ${job.name}  ${job.status}`);

  const stateDir = path.join(repoRoot, ".tmp", "demo-state");
  rmSync(stateDir, { recursive: true, force: true });
  const env = pulumiEnv(stateDir, { HW_DRS_ENDPOINT: url, HW_PROJECT_ID: projectId });
  const pulumi = async (...args: string[]) => {
    say(`\n$ pulumi ${args.join(" ")}`);
    const run = await runPulumi(args, { cwd: repoRoot, env, echo: (text) => process.stdout.write(text) });
    if (run.code !== 0) throw new Error(`pulumi ${args[0] ?? ""} failed with exit code ${run.code}`);
  };

  try {
    await pulumi("stack", "init", "demo");
    await pulumi("config", "set", "jobIds", JSON.stringify(jobs.map((j) => j.id)));
    await pulumi("up", "--yes", "--skip-preview");
    await pulumi("destroy", "--yes", "--skip-preview");
    await pulumi("stack", "rm", "demo", "--yes");

    say("\nWhat happened to each job (from the emulator's records):");
    for (const job of jobs) say(`  ${describeJobTeardown(job, emulator.calls())}`);
    emulator.store.all(); // apply due status changes before judging
    // DELETED counts as gone, as it does for the provider; DRS forgets such a job shortly after.
    const left = jobs.filter((job) => !job.removed && job.status !== "DELETED");
    if (left.length > 0) throw new Error(`${left.length} job(s) were not deleted`);
    say("\nAll three jobs were stopped, then deleted, and are gone.");
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
