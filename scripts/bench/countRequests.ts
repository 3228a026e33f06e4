import type { EmulatorCall } from "../../emulator";
import type { RequestCounts } from "./StrategyResult";

type Body = Record<string, unknown>;
const asBody = (value: unknown): Body => (typeof value === "object" && value !== null ? (value as Body) : {});

/** What one request did, judged from its method, path and body (DRS v3/v5, DLI, IAM). */
export function requestKind(call: EmulatorCall): "reads" | "stops" | "deletes" | "other" {
  const path = call.path.split("?")[0] ?? "";
  if (path.endsWith("/actions")) return "other";
  if (call.method === "GET" || /\/batch-(status|detail)$/.test(path)) return "reads";
  if (path.endsWith("/batch-jobs")) {
    // Stops and deletes share the v3 call; a batch of one kind is what both strategies send.
    const first = asBody((asBody(call.body)["jobs"] as unknown[] | undefined)?.[0]);
    return first["delete_type"] === "delete" ? "deletes" : "stops";
  }
  if (path.endsWith("/batch-stop") || path.endsWith("/stop")) return "stops";
  if (call.method === "DELETE" || path.endsWith("/streaming/jobs/delete")) return "deletes";
  return "other";
}

/**
 * Whether a call is about one job named in its path (a detail read, an actions read, a stop-one
 * or delete-one): a call that no batching can share, as the vendor offers it only per job.
 */
export function isOneJobCall(call: EmulatorCall): boolean {
  const path = call.path.split("?")[0] ?? "";
  return /\/v5\/[^/]+\/jobs\/[^/]+(\/(actions|stop))?$/.test(path) && !/\/jobs\/batch-/.test(path)
    ? true
    : /\/streaming\/jobs\/\d+$/.test(path);
}

/** Counts requests by kind. */
export function countRequests(calls: readonly EmulatorCall[]): RequestCounts {
  const counts = { total: calls.length, reads: 0, stops: 0, deletes: 0, other: 0, oneJob: 0 };
  for (const call of calls) {
    counts[requestKind(call)]++;
    if (isOneJobCall(call)) counts.oneJob++;
  }
  return counts;
}

/** Status reads per poll round of a teardown, from the emulator's log. */
export interface ReadsPerRound {
  /** Poll intervals (from the first request on) in which any read was sent. */
  readonly rounds: number;
  /** Reads per such interval: the mean, and the largest. */
  readonly mean: number;
  readonly max: number;
  /** DLI list pages among the reads (the list without an id filter, whose cost grows with the project). */
  readonly dliListPages: number;
}

/**
 * Splits the reads of `calls` into poll rounds of `pollMs` (the provider's pollInterval on the
 * emulator's clock) counted from the first request, and counts the reads of each round that has
 * any. Time windows rather than the provider's own batches, so that the reference (which has no
 * batches) is measured the same way.
 */
export function readsPerRound(calls: readonly EmulatorCall[], pollMs: number): ReadsPerRound {
  const first = calls[0]?.at ?? 0;
  const perRound = new Map<number, number>();
  let dliListPages = 0;
  for (const call of calls) {
    if (requestKind(call) !== "reads") continue;
    const round = Math.floor((call.at - first) / pollMs);
    perRound.set(round, (perRound.get(round) ?? 0) + 1);
    if (call.method === "GET" && /\/streaming\/jobs$/.test(call.path.split("?")[0] ?? "")) dliListPages++;
  }
  const counts = [...perRound.values()];
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    rounds: counts.length,
    mean: counts.length === 0 ? 0 : total / counts.length,
    max: Math.max(0, ...counts),
    dliListPages,
  };
}
