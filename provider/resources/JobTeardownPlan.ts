import type { JobDriver } from "../teardown/JobDriver";
import type { TeardownPolicy } from "../teardown/tearDownJob";

/**
 * Everything {@link tearDownJob} needs for one job resource, built from its stored outputs: the
 * driver of its family (its retries bounded by the resource's deleteTimeout), the label that
 * names it in messages, and the teardown policy. Built by one function per resource kind so that
 * `delete` and the integration tests wire the teardown in exactly the same way.
 */
export interface JobTeardownPlan {
  readonly driver: JobDriver;
  readonly label: string;
  readonly policy: TeardownPolicy;
}
