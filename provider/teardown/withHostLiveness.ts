import type { ApiConnection } from "../http/ApiConnection";
import { HostGoneError } from "./HostGoneError";
import type { HostLiveness } from "./hostLiveness";
import type { JobDriver } from "./JobDriver";

// A stop or delete asks for an answer found right before it (probes of calls asked together are
// shared); a read may reuse one up to a second old, so that polling costs about one local TCP
// connect per second for the whole process, and ends within a poll of the CLI's death.
const actionMaxAgeMs = 100;
const readMaxAgeMs = 1_000;

/**
 * `conn`, with a fresh liveness answer required right before every attempt of a call that is not a
 * plain read: the last moment before anything leaves the process, after any batch window and any
 * retry pause. The driver-level checks of {@link withHostLiveness} end the loop early; this one
 * closes the window between a check and the request it allowed.
 */
export function withLiveConnection(
  conn: ApiConnection,
  label: string,
  liveness: HostLiveness | undefined,
): ApiConnection {
  if (liveness === undefined) return conn;
  return {
    ...conn,
    beforeSend: async () => {
      const evidence = await liveness.goneEvidence(0);
      if (evidence !== undefined) throw new HostGoneError(label, evidence);
    },
  };
}

/**
 * `driver`, with every call first checking that the CLI behind this process is alive: once it is
 * gone, each call throws {@link HostGoneError} instead of reaching the service, so no new stop or
 * delete is sent and the teardown loop ends at its next read. Without `liveness` (not running in
 * a dynamic-provider host) the driver is returned as is.
 */
export function withHostLiveness(
  driver: JobDriver,
  label: string,
  liveness: HostLiveness | undefined,
): JobDriver {
  if (liveness === undefined) return driver;
  const alive = async (maxAgeMs: number) => {
    const evidence = await liveness.goneEvidence(maxAgeMs);
    if (evidence !== undefined) throw new HostGoneError(label, evidence);
  };
  return {
    family: driver.family,
    canForceStop: driver.canForceStop,
    read: async (jobId) => {
      await alive(readMaxAgeMs);
      return driver.read(jobId);
    },
    stop: async (jobId, force) => {
      await alive(actionMaxAgeMs);
      return driver.stop(jobId, force);
    },
    delete: async (jobId) => {
      await alive(actionMaxAgeMs);
      return driver.delete(jobId);
    },
    ...(driver.stopBlocker === undefined
      ? {}
      : {
          stopBlocker: async (jobId: string) => {
            await alive(readMaxAgeMs);
            return driver.stopBlocker?.(jobId);
          },
        }),
  };
}
