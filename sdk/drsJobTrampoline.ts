/* eslint-disable @typescript-eslint/no-require-imports -- the `require` calls below are the point:
   they run inside the dynamic-provider host, at call time, from the installed package. */
import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object handed to Pulumi. Pulumi serializes it into the `__provider` property of
 * every DrsJob in the stack state, and `pulumi destroy` runs that stored copy. So it holds no
 * logic: each method loads `pulumi-huaweicloud-jobs/provider` from the project's installed
 * packages when it is called and delegates. The stored text stays a few hundred bytes and never
 * changes between releases, and a fix in the installed package reaches stacks created earlier.
 *
 * `createRequire` anchored in the project directory (the host's working directory) finds the
 * package both when it is installed in `node_modules` and when the project *is* the package (the
 * repository's own demo), which a bare `require` from a module without a file name does not.
 */
export const drsJobTrampoline: pulumi.dynamic.ResourceProvider = {
  check(olds, news) {
    return load().drsJobProvider.check(olds, news);
  },
  diff(id, olds, news) {
    return load().drsJobProvider.diff(id, olds, news);
  },
  create(inputs) {
    return load().drsJobProvider.create(inputs);
  },
  read(id, props) {
    return load().drsJobProvider.read(id, props);
  },
  update(id, olds, news) {
    return load().drsJobProvider.update(id, olds, news);
  },
  delete(id, props) {
    return load().drsJobProvider.delete(id, props);
  },
};

function load(): typeof import("../provider") {
  const anchor = require("path").join(process.cwd(), "__pulumi_program__.js") as string;
  return require("module").createRequire(anchor)("pulumi-huaweicloud-jobs/provider") as typeof import("../provider");
}
