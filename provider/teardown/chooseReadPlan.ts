/**
 * How one poll round reads the status of the jobs waiting in it:
 *
 * - `details`: one detail call per job. The only read that tells "gone" for certain.
 * - `filteredList`: the list call filtered by job ids (DRS v5: at most 10 ids a call).
 * - `pages`: walking the unfiltered list of the whole project (DLI, which has no id filter),
 *   `pageSize` jobs a page; `probe` when the project's size is not known yet, so that the first
 *   page is also the probe that tells it (see {@link keepPaging} for the rest of the walk).
 *
 * `calls` is what the plan is expected to cost, not counting the detail reads that confirm a job
 * a list did not show (such a job is never taken as gone on the list's word).
 */
export type ReadPlan =
  | { readonly kind: "details"; readonly calls: number }
  | { readonly kind: "filteredList"; readonly calls: number }
  | { readonly kind: "pages"; readonly calls: number; readonly probe: boolean };

/** What {@link chooseReadPlan} decides from. */
export interface ReadRound {
  /** Jobs whose status this round must read. */
  readonly waiting: number;
  /**
   * The project's job count (`total_count`) from the last unfiltered list answer, or `undefined`
   * when none was seen yet.
   */
  readonly projectSize?: number | undefined;
  /** Largest page of the unfiltered list (DLI: 100); absent when the family is not read by paging. */
  readonly pageSize?: number | undefined;
  /** Ids one filtered list call takes (DRS v5: 10); absent when the list has no id filter. */
  readonly idsPerListCall?: number | undefined;
}

/**
 * Chooses the cheapest way to read `waiting` jobs this round, so that a round costs at most
 * `min(waiting, ceil(projectSize / pageSize))` calls once the project's size is known (and, for a
 * list with an id filter, at most `ceil(waiting / idsPerListCall)`). A poll round of a few jobs in
 * a project of thousands then costs a few detail calls instead of the whole list, and a round of
 * hundreds of jobs a few pages instead of hundreds of details.
 *
 * Ties go to the detail calls, then to the filtered list: a detail read answers "gone" at once,
 * where a job missing from a list answer costs a detail read more to confirm.
 *
 * While the size is unknown (the first round of a provider process), one job is read by its
 * detail; several start the page walk, whose first page (the largest allowed) is the probe: it
 * carries `total_count` and up to a page of statuses for the price of one call, so it is never
 * worse than a `limit=1` probe. That first round may cost one call more than the bound.
 */
export function chooseReadPlan(round: ReadRound): ReadPlan {
  const waiting = wholeAtLeast(0, round.waiting, "waiting");
  let best: ReadPlan = { kind: "details", calls: waiting };
  if (waiting <= 1) return best;
  if (round.idsPerListCall !== undefined) {
    const perCall = wholeAtLeast(1, round.idsPerListCall, "idsPerListCall");
    const calls = Math.ceil(waiting / perCall);
    if (calls < best.calls) best = { kind: "filteredList", calls };
  }
  if (round.pageSize !== undefined) {
    const pageSize = wholeAtLeast(1, round.pageSize, "pageSize");
    if (round.projectSize === undefined) {
      // Unknown size: the walk re-decides after its first page (keepPaging), so it costs at most
      // one call more than the best plan would have; only a cheaper known plan beats it.
      if (best.calls > 1 && best.kind === "details") return { kind: "pages", calls: 1, probe: true };
      return best;
    }
    const size = wholeAtLeast(0, round.projectSize, "projectSize");
    // An empty project still takes one call to be seen empty.
    const calls = Math.max(1, Math.ceil(size / pageSize));
    if (calls < best.calls) best = { kind: "pages", calls, probe: false };
  }
  return best;
}

/**
 * Whether a page walk goes on after a page: only while the pages left are fewer than the jobs
 * still missing (each of which its own detail call could read instead). Equal counts stop the
 * walk, as details are the more certain read. Stopping never concludes anything about the jobs
 * not seen: they are read by their details.
 */
export function keepPaging(state: { readonly pagesLeft: number; readonly missing: number }): boolean {
  return state.missing > 0 && state.pagesLeft > 0 && state.pagesLeft < state.missing;
}

function wholeAtLeast(min: number, value: number, name: string): number {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer of at least ${min}, got ${value}`);
  return value;
}
