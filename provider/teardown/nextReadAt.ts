import type { TeardownPolicy } from "./TeardownPolicy";

/**
 * When the next status read is due, `pollMs` after `now`. Short early waits land on the fine
 * grid. Once a job polls at its full `maxPollMs`, it wakes on the process-wide multiples of that
 * interval instead: jobs whose deletes the CLI handed over a few hundred ms apart would otherwise
 * poll in several phase groups and pay one batch call per group per round. Waking at the nearest
 * multiple at least half an interval away keeps the gaps between reads between 0.5 and 1.5
 * intervals.
 */
export function nextReadAt(now: number, pollMs: number, policy: TeardownPolicy): number {
  const grid = policy.pollGridMs ?? 250;
  if (pollMs < policy.maxPollMs || policy.maxPollMs <= grid) return Math.ceil((now + pollMs) / grid) * grid;
  return Math.ceil((now + pollMs / 2) / policy.maxPollMs) * policy.maxPollMs;
}
