/**
 * pulumi-huaweicloud-jobs: Pulumi resources for Huawei Cloud DRS and DLI jobs whose teardown stops
 * each job before deleting it and waits until it is really gone.
 */
export { DrsJob, type DrsJobArgs, type DrsJobSpec } from "./DrsJob";
export { DliFlinkJob, type DliFlinkJobArgs, type DliJarJobSpec, type DliSqlJobSpec } from "./DliFlinkJob";
