/** A local DRS service for trying pulumi-huaweicloud-jobs and for its tests. */
export { DrsEmulator, type DrsEmulatorOptions, type EmulatorCall } from "./DrsEmulator";
export {
  DrsJobStore,
  v5DeleteManyEngines,
  type EmulatedDrsJob,
  type SeedDrsJob,
  type DrsTiming,
} from "./DrsJobStore";
