import { HuaweiApiError, UnexpectedAnswerError } from "../http/HuaweiApiError";

/** How {@link createJobOnce} looks for a job whose create answer was lost. */
export interface CreateLookup {
  /** Names the resource in messages, for example `DliFlinkJob "etl"`. */
  readonly label: string;
  /** How many times the job list is read before concluding that nothing was made. */
  readonly attempts: number;
  /** Pause between two reads of the list. */
  readonly delayMs: number;
}

/** The job a create made, and whether it was found by name after its answer was lost. */
export interface CreatedJob {
  readonly jobId: string;
  /** The failure that lost the answer, when the job had to be found by name. */
  readonly lostAnswer?: string;
}

/** One service's part of {@link createJobOnce}. */
export interface CreateOnceCalls {
  /** The service, for messages: `DLI`, `DRS`. */
  readonly service: string;
  /** The job's name, unique among the service's jobs for as long as this create runs. */
  readonly name: string;
  /** Where the jobs live, for messages: `project 0123...`. */
  readonly where: string;
  /** The input the user would give instead to adopt an existing job, for messages: `sql`, `spec`. */
  readonly instead: string;
  /** Ids of the existing jobs named {@link name}. */
  listIdsNamed(): Promise<string[]>;
  /** Sends the create once and resolves the new job's id. */
  create(): Promise<string>;
}

/**
 * Whether a failed create leaves open that the service made the job: no answer at all (reset,
 * timeout), a 5xx after the request was sent, or a 2xx answer that could not be read. A 4xx, a
 * throttle and a refusal in a 2xx answer mean nothing was made.
 */
export function isUnclearCreateFailure(error: unknown): boolean {
  if (error instanceof UnexpectedAnswerError) return true;
  return error instanceof HuaweiApiError && (error.httpStatus === 0 || error.httpStatus >= 500);
}

/**
 * Creates a job at most once. A name already taken is refused before anything is sent (naming
 * the job, which can be adopted), so that afterwards the one job of that name is this call's.
 * The create is never resent: when its answer is lost, the job is looked for by its name.
 */
export async function createJobOnce(calls: CreateOnceCalls, lookup: CreateLookup): Promise<CreatedJob> {
  const taken = await calls.listIdsNamed();
  if (taken.length > 0) {
    throw new Error(
      `${lookup.label}: ${calls.where} already has a ${calls.service} job named "${calls.name}" (job id ${taken.join(", ")}). ` +
        `Nothing was created. To manage that job with this resource, give jobId: "${taken[0] ?? ""}" instead of ${calls.instead}; ` +
        "otherwise choose another name, or delete that job first.",
    );
  }
  try {
    return { jobId: await calls.create() };
  } catch (error) {
    if (!isUnclearCreateFailure(error)) throw error;
    const lostAnswer = error instanceof Error ? error.message : String(error);
    return { jobId: await findCreatedJob(calls, lookup, lostAnswer, error), lostAnswer };
  }
}

async function findCreatedJob(
  calls: CreateOnceCalls,
  lookup: CreateLookup,
  lostAnswer: string,
  cause: unknown,
): Promise<string> {
  const unclear = `${lookup.label}: the answer to the create of ${calls.service} job "${calls.name}" was lost (${lostAnswer})`;
  for (let attempt = 1; ; attempt++) {
    let found: string[];
    try {
      found = await calls.listIdsNamed();
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
        `${unclear}, and no job of that name appeared in ${lookup.attempts} reads of the job list: ${calls.service} did not make it. ` +
          "Run `pulumi up` again: it looks for a job of that name before creating one.",
        { cause },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, lookup.delayMs));
  }
}
