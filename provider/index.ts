/**
 * The provider side of pulumi-huaweicloud-jobs: code that runs inside Pulumi's dynamic-provider
 * host. The trampolines stored in stack state load this module at run time, so `pulumi destroy`
 * always runs the teardown logic of the installed release.
 */
export { drsJobProvider as drsJob } from "./resources/drsJobProvider";
export { dliFlinkJobProvider as dliFlinkJob, readDliFlinkJobOutputs } from "./resources/dliFlinkJobProvider";
export { readDrsJobOutputs } from "./resources/readDrsJobOutputs";
export { configureFromStack as configure } from "./config/stackConfig";
export { classifyDrsStatus, knownDrsStatuses } from "./drs/classifyDrsStatus";
export { classifyDliStatus, knownDliStatuses } from "./dli/classifyDliStatus";
export type { TeardownPhase } from "./teardown/JobDriver";
export { HuaweiApiError, UnexpectedAnswerError } from "./http/HuaweiApiError";
export { ConfigError } from "./config/ConfigError";
export { DliRefusedError } from "./dli/DliRefusedError";
export { StopBlockedError, StopFailedError, TeardownTimeoutError } from "./teardown/TeardownErrors";
