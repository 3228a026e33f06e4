/**
 * The provider side of pulumi-huaweicloud-jobs: code that runs inside Pulumi's dynamic-provider
 * host. The trampolines stored in stack state load this module at run time, so `pulumi destroy`
 * always runs the teardown logic of the installed release.
 */
export { drsJobProvider as drsJob } from "./resources/drsJobProvider";
export { readDrsJobOutputs } from "./resources/readDrsJobOutputs";
export { classifyDrsStatus, knownDrsStatuses, type DrsTeardownPhase } from "./drs/classifyDrsStatus";
export { HuaweiApiError, UnexpectedAnswerError } from "./http/HuaweiApiError";
export { ConfigError } from "./config/ConfigError";
export { TeardownTimeoutError } from "./teardown/TeardownTimeoutError";
