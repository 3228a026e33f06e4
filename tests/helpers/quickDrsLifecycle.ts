import type { HuaweiEmulatorOptions } from "../../emulator";

/**
 * DRS durations for real-CLI stacks that create jobs from a spec: each create step takes a few
 * hundred milliseconds, long enough that a provider that did not wait for a step would be caught
 * (it would read CREATING or STARTJOBING), short enough to keep a stack run within seconds.
 */
export const quickDrsLifecycle: Partial<HuaweiEmulatorOptions> = {
  createMs: 300,
  connectionTestMs: 150,
  precheckMs: 150,
  startMs: 300,
  fullTransferMs: 300,
  stopMs: 500,
  deletedLingerMs: 200,
};
