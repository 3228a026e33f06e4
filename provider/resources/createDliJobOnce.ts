import { createDliJarJob, createDliSqlJob, listDliJobIdsNamed } from "../dli/dliApi";
import type { DliJarJobRequest, DliSqlJobRequest } from "../dli/dliSchemas";
import type { ApiConnection } from "../http/ApiConnection";
import { HuaweiApiError, UnexpectedAnswerError } from "../http/HuaweiApiError";

/** What to create: a Flink SQL job or a Flink Jar job. */
export type DliCreateSpec =
  | { readonly kind: "sql"; readonly spec: DliSqlJobRequest }
  | { readonly kind: "jar"; readonly spec: DliJarJobRequest };

/** How {@link createDliJobOnce} looks for a job whose create answer was lost. */
export interface DliCreateLookup {
  /** Names the resource in messages, for example `DliFlinkJob "etl"`. */
  readonly label: string;
  /** How many times the job list is read before concluding that nothing was made. */
  readonly attempts: number;
  /** Pause between two reads of the list. */
  readonly delayMs: number;
}

/** The job a create made, and whether it was found by name after its answer was lost. */
export interface DliCreated {
  readonly jobId: string;
  /** The failure that lost the answer, when the job had to be found by name. */
  readonly lostAnswer?: string;
}

/**
 * Whether a failed create leaves open that DLI made the job: no answer at all (reset, timeout),
 * a 5xx after the request was sent, or a 2xx answer that could not be read. A 4xx, a throttle and
 * an `is_success: false` answer are refusals: nothing was made.
 */
export function isUnclearCreateFailure(error: unknown): boolean {
  if (error instanceof UnexpectedAnswerError) return true;
  return error instanceof HuaweiApiError && (error.httpStatus === 0 || error.httpStatus >= 500);
}

/**
 * Creates a DLI Flink job at most once. DLI names are unique in a project, so a name that is
 * already taken is refused before anything is sent (naming the job, which can be adopted). The
 * create is never resent: when its answer is lost, the job is looked for by its name, and the one
 * job of that name (none existed before) is the one this call made.
 */
export async function createDliJobOnce(
  conn: ApiConnection,
  what: DliCreateSpec,
  lookup: DliCreateLookup,
): Promise<DliCreated> {
  const name = what.spec.name;
  const taken = await listDliJobIdsNamed(conn, name);
  if (taken.length > 0) {
    throw new Error(
      `${lookup.label}: project ${conn.projectId} already has a DLI job named "${name}" (job id ${taken.join(", ")}). ` +
        `Nothing was created. To manage that job with this resource, give jobId: "${taken[0] ?? ""}" instead of ${what.kind}; ` +
        "otherwise choose another name, or delete that job first.",
    );
  }
  try {
    const jobId =
      what.kind === "sql" ? await createDliSqlJob(conn, what.spec) : await createDliJarJob(conn, what.spec);
    return { jobId };
  } catch (error) {
    if (!isUnclearCreateFailure(error)) throw error;
    const lostAnswer = error instanceof Error ? error.message : String(error);
    return { jobId: await findCreatedJob(conn, name, lookup, lostAnswer, error), lostAnswer };
  }
}

async function findCreatedJob(
  conn: ApiConnection,
  name: string,
  lookup: DliCreateLookup,
  lostAnswer: string,
  cause: unknown,
): Promise<string> {
  const unclear = `${lookup.label}: the answer to the create of DLI job "${name}" was lost (${lostAnswer})`;
  for (let attempt = 1; ; attempt++) {
    let found: string[];
    try {
      found = await listDliJobIdsNamed(conn, name);
    } catch (error) {
      throw new Error(
        `${unclear}, and the job list could not be read to find out whether the job was made ` +
          `(${error instanceof Error ? error.message : String(error)}). Run \`pulumi up\` again: it looks for a job of that name before creating one.`,
        { cause },
      );
    }
    if (found.length === 1 && found[0] !== undefined) return found[0];
    if (found.length > 1) {
      throw new Error(
        `${unclear}, and ${found.length} jobs of that name appeared since (job ids ${found.join(", ")}): ` +
          "something else creates jobs of that name too, so none is taken as this one. Adopt the right one with jobId and delete the others.",
        { cause },
      );
    }
    if (attempt >= lookup.attempts) {
      throw new Error(
        `${unclear}, and no job of that name appeared in ${lookup.attempts} reads of the job list: DLI did not make it. ` +
          "Run `pulumi up` again: it looks for a job of that name before creating one.",
        { cause },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, lookup.delayMs));
  }
}
