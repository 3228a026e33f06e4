import type { EmulatorCall } from "../../emulator";
import type { RequestCounts } from "./StrategyResult";

type Body = Record<string, unknown>;
const asBody = (value: unknown): Body => (typeof value === "object" && value !== null ? (value as Body) : {});

/** What one request did, judged from its method, path and body (DRS v3/v5, DLI, IAM). */
export function requestKind(call: EmulatorCall): keyof Omit<RequestCounts, "total"> {
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

/** Counts requests by kind. */
export function countRequests(calls: readonly EmulatorCall[]): RequestCounts {
  const counts = { total: calls.length, reads: 0, stops: 0, deletes: 0, other: 0 };
  for (const call of calls) counts[requestKind(call)]++;
  return counts;
}
