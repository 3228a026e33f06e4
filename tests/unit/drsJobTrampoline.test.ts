import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as dliFlinkJobTrampoline from "../../sdk/dliFlinkJobTrampoline";
import * as drsJobTrampoline from "../../sdk/drsJobTrampoline";
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

describe.each([
  ["drsJob", drsJobTrampoline],
  ["dliFlinkJob", dliFlinkJobTrampoline],
] as const)("the %s trampoline module of an installed package (what users store)", (kind, inRepo) => {
  const file = `dist/sdk/${kind}Trampoline.js`;
  let project: string;
  let text: string;
  let exportName: string;

  beforeAll(async () => {
    linkPackageToItself(repoRoot);
    // A user's project: the package installed as files under node_modules, not linked.
    project = mkdtempSync(path.join(tmpdir(), "hwjobs-installed-"));
    const installed = path.join(project, "node_modules", "pulumi-huaweicloud-jobs");
    mkdirSync(path.join(installed, "dist", "sdk"), { recursive: true });
    copyFileSync(path.join(repoRoot, "package.json"), path.join(installed, "package.json"));
    copyFileSync(path.join(repoRoot, file), path.join(installed, file));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded from where a user's project has it
    const installedModule = require(path.join(installed, file)) as pulumi.dynamic.ResourceProvider;
    const serialized = await pulumi.runtime.serializeFunction(() => installedModule);
    text = serialized.text;
    exportName = serialized.exportName;
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("exports exactly the provider's seven methods (the state of every stack requires them)", () => {
    expect(Object.keys(inRepo).sort()).toEqual(
      ["check", "configure", "create", "delete", "diff", "read", "update"].sort(),
    );
  });

  it("is stored as a require of the module's export path: a few hundred bytes, no machine path", () => {
    expect(text).toContain(`require("pulumi-huaweicloud-jobs/${file}")`);
    expect(Buffer.byteLength(text)).toBeLessThan(400);
    expect(text).not.toContain(project);
    expect(text).not.toContain(repoRoot);
  });

  it("resolves through the package's exports, as the host would load it, and delegates", async () => {
    // The compatibility promise: package.json `exports` keeps allowing this path.
    expect(() => require.resolve(`pulumi-huaweicloud-jobs/${file}`, { paths: [repoRoot] })).not.toThrow();
    const handler = requireFromString(text)[exportName];
    if (handler === undefined) throw new Error(`serialized module has no ${exportName}`);
    const provider = handler() as pulumi.dynamic.ResourceProvider;
    const result = await provider.check?.({}, { resourceName: "r", jobId: "not a job id!" });
    expect(result?.failures?.map((f) => f.property)).toEqual(["jobId"]);
  });
});
