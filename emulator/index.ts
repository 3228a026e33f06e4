/** A local stand-in for Huawei Cloud (IAM, DRS, and mounted services such as DLI) for trying pulumi-huaweicloud-jobs and for its tests. */
export { emulatorEnv, type EmulatorEnvScheme, type EmulatorEnvOptions } from "./emulatorEnv";
export { HuaweiEmulator, type HuaweiEmulatorOptions, type EmulatorCall } from "./HuaweiEmulator";
export {
  defaultEmulatorCredentials,
  type EmulatorCredentials,
  type EmulatorAccessKey,
  type EmulatorUser,
} from "./defaultEmulatorCredentials";
export {
  DrsJobStore,
  v5DeleteManyEngines,
  v5DeleteOneEngines,
  deletableStatuses,
  stoppingStatuses,
  type EmulatedDrsJob,
  type SeedDrsJob,
  type DrsTiming,
  type GracefulStopBehaviour,
} from "./DrsJobStore";
export { DrsService, drsErrorCodes, type DrsServiceOptions } from "./DrsService";
export { EmulatorAuth, type AuthResult, type AuthScheme, type AuthTiming } from "./EmulatorAuth";
export {
  FaultInjector,
  type FaultRule,
  type FaultKind,
  type FaultMatch,
  type ActiveFault,
  type CallFacts,
  type FailedPrecheckItem,
  type StepFaultKind,
} from "./FaultInjector";
export { DliService, dliMessages, type DliServiceOptions } from "./DliService";
export {
  DliJobStore,
  dliJobStatuses,
  defaultFirstDliJobId,
  type EmulatedDliJob,
  type SeedDliJob,
  type DliTiming,
  type DliJobStoreOptions,
  type DliJobStatus,
  type DliJobType,
  type DliJobChanges,
  type DliJobUpdateRecord,
  type DliJobRunRecord,
  defaultSubmitFailure,
} from "./DliJobStore";
export { seedCrowd, type CrowdCounts, type CrowdTarget } from "./seedCrowd";
export type {
  EmulatedService,
  EmulatorRequest,
  EmulatorAnswer,
  ServiceContext,
  StepFault,
} from "./EmulatedService";
export {
  crowdSize,
  emulatorModeFromEnv,
  emulatorModes,
  lenientStrictness,
  pessimisticStrictness,
  resolveStrictness,
  type EmulatorMode,
  type EmulatorStrictness,
} from "./emulatorStrictness";
