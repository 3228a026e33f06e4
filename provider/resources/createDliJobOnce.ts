import { createDliJarJob, createDliSqlJob, listDliJobIdsNamed } from "../dli/dliApi";
import type { DliJarJobRequest, DliSqlJobRequest } from "../dli/dliSchemas";
import type { ApiConnection } from "../http/ApiConnection";
import { createJobOnce, type CreatedJob, type CreateLookup } from "./createJobOnce";

// Kept here too so that existing imports from this module keep working.
export { isUnclearCreateFailure } from "./createJobOnce";

/** What to create: a Flink SQL job or a Flink Jar job. */
export type DliCreateSpec =
  | { readonly kind: "sql"; readonly spec: DliSqlJobRequest }
  | { readonly kind: "jar"; readonly spec: DliJarJobRequest };

/** How {@link createDliJobOnce} looks for a job whose create answer was lost. */
export type DliCreateLookup = CreateLookup;

/** The job a create made, and whether it was found by name after its answer was lost. */
export type DliCreated = CreatedJob;

/**
 * Creates a DLI Flink job at most once. DLI names are unique in a project, so a name that is
 * already taken is refused before anything is sent (naming the job, which can be adopted). The
 * create is never resent: when its answer is lost, the job is looked for by its name, and the one
 * job of that name (none existed before) is the one this call made.
 */
export function createDliJobOnce(
  conn: ApiConnection,
  what: DliCreateSpec,
  lookup: DliCreateLookup,
): Promise<DliCreated> {
  const name = what.spec.name;
  return createJobOnce(
    {
      service: "DLI",
      name,
      where: `project ${conn.projectId}`,
      instead: what.kind,
      listIdsNamed: () => listDliJobIdsNamed(conn, name),
      create: () =>
        what.kind === "sql" ? createDliSqlJob(conn, what.spec) : createDliJarJob(conn, what.spec),
    },
    lookup,
  );
}
