import type { ApiConnection } from "../http/ApiConnection";
import { mayBeOneJobsFault } from "./mayBeOneJobsFault";

/** A call queued for a batch, with the connection of the job it is for. */
export interface Queued<T> {
  readonly conn: ApiConnection;
  readonly item: T;
}

/** Batch key part naming a service endpoint and project: calls for different ones never share a batch. */
export function connectionKey(conn: ApiConnection): string {
  return `${conn.endpoint}|${conn.projectId}`;
}

/**
 * The connection to send a batch over: the jobs of one batch share endpoint, project and
 * credentials, and the batch may retry until the latest of their deadlines.
 */
export function batchConnection(queued: readonly Queued<unknown>[]): ApiConnection {
  const first = queued[0];
  if (first === undefined) throw new Error("internal error: empty batch");
  const deadlines = queued.map((q) => q.conn.deadline ?? Number.POSITIVE_INFINITY);
  const latest = Math.max(...deadlines);
  return { ...first.conn, deadline: Number.isFinite(latest) ? latest : undefined };
}

/**
 * Gathering of every vendor batch call: a batch leaves once no call joined it for
 * `batchWindowMs`, at the latest `batchMaxWaitMs` after its first call, or when it holds
 * `maxBatchSize` calls (no vendor maximum is documented). The quiet window is what lets the stops
 * of a large destroy share calls: the CLI hands the deletes over one state save at a time, about
 * 35 ms apart at N = 200, so a fixed 25 ms window sent most stops alone. A job's call waits at
 * most `batchMaxWaitMs`, nothing next to a DRS or DLI stop of minutes; the last job's call, the
 * one a destroy's end waits for, leaves `batchWindowMs` after it arrived.
 */
export const batchWindowMs = 60;
export const batchMaxWaitMs = 1000;
export const maxBatchSize = 100;

/**
 * The CallBatcher settings every teardown batch shares: the window, the largest batch, and
 * one-by-one calls after the service refused a batch as a whole for what may be one job's sake.
 */
export const teardownBatching = {
  windowMs: batchWindowMs,
  maxWaitMs: batchMaxWaitMs,
  maxBatch: maxBatchSize,
  retryAlone: mayBeOneJobsFault,
} as const;
