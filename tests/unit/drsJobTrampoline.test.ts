import * as pulumi from "@pulumi/pulumi";
import { drsJobTrampoline } from "../../sdk/drsJobTrampoline";
import { linkPackageToItself } from "../../scripts/linkPackageToItself";
import { repoRoot } from "../../scripts/pulumiCli";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the loader the dynamic-provider host itself uses
const requireFromString = require("require-from-string") as (code: string) => Record<string, () => unknown>;

describe("the serialized DrsJob provider (what is stored in state)", () => {
  let text: string;
  let exportName: string;

  beforeAll(async () => {
    linkPackageToItself(repoRoot); // jest runs in the repository root, like the demo stack
    const serialized = await pulumi.runtime.serializeFunction(() => drsJobTrampoline);
    text = serialized.text;
    exportName = serialized.exportName;
  });

  it("is a small trampoline without teardown logic", () => {
    // Seven methods (configure included) of about 300 bytes each; the size never changes between releases.
    expect(Buffer.byteLength(text)).toBeLessThan(2560);
    expect(text).toContain("pulumi-huaweicloud-jobs/provider");
    expect(text).not.toMatch(/batch-stop|tearDown|RELEASE_RESOURCE/);
  });

  it("loads the installed provider at call time and delegates to it, as the host would", async () => {
    const handler = requireFromString(text)[exportName];
    if (handler === undefined) throw new Error(`serialized module has no ${exportName}`);
    const provider = handler() as pulumi.dynamic.ResourceProvider;
    const result = await provider.check?.({}, { resourceName: "r", jobId: "not a job id!" });
    expect(result?.failures?.map((f) => f.property)).toEqual(["jobId"]);
  });
});
