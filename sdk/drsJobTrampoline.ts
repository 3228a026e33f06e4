/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-call,
   @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return --
   the untyped `require` calls below are the point: they run inside the dynamic-provider host, at
   call time, from the installed package (typing them would not change the emitted code). */
import type * as pulumi from "@pulumi/pulumi";

type Method<K extends keyof pulumi.dynamic.ResourceProvider> = NonNullable<
  pulumi.dynamic.ResourceProvider[K]
>;

/**
 * The provider handed to Pulumi: this module's exports as a whole are the provider object (see
 * DrsJob.ts, which imports it with `import * as`). Pulumi serializes it into the `__provider`
 * property of every DrsJob in the stack state, twice (inputs and outputs), and `pulumi destroy`
 * runs that stored copy.
 *
 * Because the object is the whole exports of a module, Pulumi's closure serializer stores, for a
 * package installed under `node_modules` (every user's case), only a `require` of this module,
 * `pulumi-huaweicloud-jobs/dist/sdk/drsJobTrampoline.js`: a few hundred bytes instead of the text
 * of every method (Pulumi maps the file back through package.json `exports`; the export key is
 * the file's own path, so the stored name is the same whether or not Pulumi finds the package's
 * package.json). COMPATIBILITY PROMISE: that path is written into the state of every stack, so
 * in every future release package.json `exports` must keep allowing
 * `./dist/sdk/drsJobTrampoline.js`, and that module must keep exporting these seven methods.
 *
 * Where the package is not under `node_modules` (linked into place, as in this repository),
 * Pulumi stores the methods' text instead, so each method is itself a trampoline that holds no
 * logic: it loads the provider from the project's installed `pulumi-huaweicloud-jobs` when called
 * and delegates. The text never changes between releases, and a fix in the installed package
 * reaches stacks created earlier, either way.
 *
 * `configure` hands the stack config to the installed package (credentials, region, endpoints);
 * it is held in memory there, never in state.
 *
 * The host loads the stored text as a module without a file name, whose `require` searches the
 * `node_modules` folders of the project directory (the host's working directory). Each method
 * repeats the `require` because every serialized function, a shared loader included, costs about
 * 200 bytes of wrapper in state.
 */
export const configure: Method<"configure"> = (r) => require("pulumi-huaweicloud-jobs/provider").configure(r);
/** Checks inputs: delegates to the installed provider. */
export const check: Method<"check"> = (o, n) =>
  require("pulumi-huaweicloud-jobs/provider").drsJob.check(o, n);
/** Diffs inputs: delegates to the installed provider. */
export const diff: Method<"diff"> = (id, o, n) =>
  require("pulumi-huaweicloud-jobs/provider").drsJob.diff(id, o, n);
/** Creates or adopts the job: delegates to the installed provider. */
export const create: Method<"create"> = (n) => require("pulumi-huaweicloud-jobs/provider").drsJob.create(n);
/** Reads the job: delegates to the installed provider. */
export const read: Method<"read"> = (id, p) => require("pulumi-huaweicloud-jobs/provider").drsJob.read(id, p);
/** Updates the resource: delegates to the installed provider. */
export const update: Method<"update"> = (id, o, n) =>
  require("pulumi-huaweicloud-jobs/provider").drsJob.update(id, o, n);
/** Tears the job down (exported as `delete`): delegates to the installed provider. */
const del: Method<"delete"> = (id, p) => require("pulumi-huaweicloud-jobs/provider").drsJob.delete(id, p);
// `delete` is a reserved word: it can only be exported under that name this way.
export { del as delete };
