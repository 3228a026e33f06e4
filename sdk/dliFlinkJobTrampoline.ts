/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-call,
   @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return --
   the untyped `require` calls below are the point: they run inside the dynamic-provider host, at
   call time, from the installed package (typing them would not change the emitted code). */
import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object handed to Pulumi. Pulumi serializes it into the `__provider` property of
 * every DliFlinkJob in the stack state, and `pulumi destroy` runs that stored copy. So it holds no
 * logic: each method loads the provider from the project's installed `pulumi-huaweicloud-jobs`
 * when called and delegates. The stored text stays about 2 KB, never changes between releases,
 * and a fix in the installed package reaches stacks created earlier.
 *
 * `configure` hands the stack config to the installed package (credentials, region, endpoints);
 * it is held in memory there, never in state.
 *
 * The host loads this text as a module without a file name, whose `require` searches the
 * `node_modules` folders of the project directory (the host's working directory). Each method
 * repeats the `require` because every serialized function, a shared loader included, costs
 * about 200 bytes of wrapper in state.
 */
export const dliFlinkJobTrampoline: pulumi.dynamic.ResourceProvider = {
  configure: (r) => require("pulumi-huaweicloud-jobs/provider").configure(r),
  check: (o, n) => require("pulumi-huaweicloud-jobs/provider").dliFlinkJob.check(o, n),
  diff: (id, o, n) => require("pulumi-huaweicloud-jobs/provider").dliFlinkJob.diff(id, o, n),
  create: (n) => require("pulumi-huaweicloud-jobs/provider").dliFlinkJob.create(n),
  read: (id, p) => require("pulumi-huaweicloud-jobs/provider").dliFlinkJob.read(id, p),
  update: (id, o, n) => require("pulumi-huaweicloud-jobs/provider").dliFlinkJob.update(id, o, n),
  delete: (id, p) => require("pulumi-huaweicloud-jobs/provider").dliFlinkJob.delete(id, p),
};
