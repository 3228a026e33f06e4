import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import * as path from "node:path";
import { ensurePulumiCli, repoRoot } from "../pulumiCli";

/** The machine and software a bench ran on. */
export interface MachineFacts {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  /** 1-minute load average when the bench started: the machine may be shared. */
  readonly loadAverageAtStart: number;
  readonly node: string;
  readonly pulumiCli: string;
  readonly pulumiSdk: string;
  readonly platform: string;
}

/** Reads the facts of this machine (the CLI's version by running it). */
export function machineFacts(): MachineFacts {
  const cli = execFileSync(path.join(ensurePulumiCli(), "pulumi"), ["version"], { encoding: "utf8" }).trim();
  const sdkManifest = require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] });
  const sdk = (JSON.parse(readFileSync(sdkManifest, "utf8")) as { version: string }).version;
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: Number((loadavg()[0] ?? 0).toFixed(2)),
    node: process.version,
    pulumiCli: cli,
    pulumiSdk: sdk,
    platform: `${process.platform} ${process.arch}`,
  };
}
