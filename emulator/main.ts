/**
 * Runs the DRS emulator on its own: `npm run emulator -- [--port N] [--stop-seconds S] [--seed N]`.
 * Prints the URL, the project id to use and the ids of any seeded running jobs.
 */
import { parseArgs } from "node:util";
import { DrsEmulator } from "./DrsEmulator";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8089" },
      "stop-seconds": { type: "string", default: "5" },
      seed: { type: "string", default: "3" },
      project: { type: "string", default: "0123456789abcdef0123456789abcdef" },
    },
  });
  const emulator = new DrsEmulator({
    port: Number(values.port),
    stopMs: Number(values["stop-seconds"]) * 1000,
  });
  const url = await emulator.start();
  console.log(`DRS emulator listening on ${url}`);
  console.log(`  export HW_DRS_ENDPOINT=${url} HW_PROJECT_ID=${values.project}`);
  for (let i = 1; i <= Number(values.seed); i++) {
    const job = emulator.seed({ projectId: values.project, name: `demo-sync-${i}` });
    console.log(`  seeded running job ${job.id} (${job.name}, ${job.status})`);
  }
  const shutdown = () => void emulator.stop().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
