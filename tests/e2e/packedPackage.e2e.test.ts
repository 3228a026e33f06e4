/**
 * Release check: the package exactly as `npm pack` makes it, installed by `npm install` into a
 * separate Pulumi project outside the repository, type-checked from TypeScript, and driven by the
 * real Pulumi CLI against the emulator (adopt one DRS and one DLI job, then destroy them).
 *
 * The CLI environment comes from scripts/pulumiCli.ts, which also links the repository to itself
 * as `node_modules/pulumi-huaweicloud-jobs`. So the test records, in every Node process the CLI
 * starts, which files of the package were loaded, and fails if any came from the repository.
 */
import { execFileSync, spawnSync, type ExecFileSyncOptions } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
  lstatSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { defaultEmulatorCredentials, HuaweiEmulator } from "../../emulator";
import { callKind, teardownCallsFor } from "../../scripts/describeJobTeardown";
import { pulumiEnv, repoRoot, runPulumiOk } from "../../scripts/pulumiCli";

jest.setTimeout(10 * 60_000);

const packageName = "pulumi-huaweicloud-jobs";
const { projectId, regionName } = defaultEmulatorCredentials;
const accessKey = defaultEmulatorCredentials.accessKeys[0];

/**
 * Environment for npm run from inside `npm test`: npm passes its own settings down as
 * `npm_config_*` / `npm_package_*` variables, and a nested npm would take the repository for its
 * project. Only the cache location is kept, so the warm cache of `npm ci` is reused.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith("npm_") && lower !== "npm_config_cache") continue;
    env[key] = value;
  }
  return env;
}

function npm(args: readonly string[], cwd: string): string {
  const options: ExecFileSyncOptions = { cwd, env: npmEnv(), stdio: ["ignore", "pipe", "pipe"] };
  return execFileSync("npm", args, { ...options, encoding: "utf8" });
}

/** Preload that appends `<pid> <main script> <file>` for every package file a process loads. */
function writeLoadTracer(file: string, log: string): void {
  writeFileSync(
    file,
    [
      `const { appendFileSync } = require("node:fs");`,
      `const { registerHooks } = require("node:module");`,
      `const { fileURLToPath } = require("node:url");`,
      `registerHooks({`,
      `  load(url, context, nextLoad) {`,
      `    if (url.startsWith("file:")) {`,
      `      const file = fileURLToPath(url);`,
      `      if (file.includes(${JSON.stringify(`${path.sep}${packageName}${path.sep}`)}) || file.startsWith(${JSON.stringify(repoRoot + path.sep)}))`,
      `        appendFileSync(${JSON.stringify(log)}, process.pid + " " + (process.argv[1] ?? "") + " " + file + "\\n");`,
      `    }`,
      `    return nextLoad(url, context);`,
      `  },`,
      `});`,
      "",
    ].join("\n"),
  );
}

type StateResource = { type: string; urn: string; outputs?: Record<string, unknown> };

describe(`the packed ${packageName} in a separate Pulumi project`, () => {
  const emulator = new HuaweiEmulator({
    stopMs: 1_500,
    deletedLingerMs: 300,
    dli: { submitMs: 300, stopMs: 1_000, savepointMs: 300 },
  });
  let work: string;
  let project: string;
  let tarball: string;
  let packedFiles: string[];
  let env: NodeJS.ProcessEnv;
  let loadLog: string;

  beforeAll(async () => {
    // realpath: module file names are real paths, and the temp folder may sit behind a link.
    work = realpathSync(mkdtempSync(path.join(tmpdir(), "hwjobs-pack-")));
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", work], repoRoot)) as {
      filename: string;
      files: { path: string }[];
    }[];
    tarball = path.join(work, packed[0]!.filename);
    packedFiles = packed[0]!.files.map((f) => f.path).sort();
    project = path.join(work, "consumer");
    mkdirSync(project);
    await emulator.start();
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("packs the compiled SDK, provider and emulator with README, CHANGELOG and LICENSE, and nothing else", () => {
    const repoPackage = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
      version: string;
    };
    expect(path.basename(tarball)).toBe(`${packageName}-${repoPackage.version}.tgz`);
    for (const file of ["package.json", "README.md", "CHANGELOG.md", "LICENSE"])
      expect(packedFiles).toContain(file);
    for (const entry of ["sdk", "provider", "emulator"]) {
      expect(packedFiles).toContain(`dist/${entry}/index.js`);
      expect(packedFiles).toContain(`dist/${entry}/index.d.ts`);
    }
    // At the top: the four files above; below it: only compiled SDK, provider and emulator code.
    expect(packedFiles.filter((f) => !f.includes("/"))).toEqual(
      ["CHANGELOG.md", "LICENSE", "README.md", "package.json"].sort(),
    );
    expect(
      packedFiles.filter(
        (f) => f.includes("/") && !/^dist\/(sdk|provider|emulator)\/.+\.(js|d\.ts)$/.test(f),
      ),
    ).toEqual([]);
    // Source maps would point at TypeScript sources that are not shipped; tests and scripts stay home.
    expect(packedFiles.filter((f) => /\.map$|(^|\/)(tests?|scripts|examples)\//.test(f))).toEqual([]);
    expect(readFileSync(path.join(repoRoot, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0/);
  });

  it("holds no secret: no emulator key, no private key, no .env or .npmrc", () => {
    execFileSync("tar", ["-xzf", tarball, "-C", work]);
    const unpacked = path.join(work, "package");
    expect(packedFiles.filter((f) => /(^|\/)\.(env|npmrc)|\.pem$|\.key$/.test(f))).toEqual([]);
    for (const file of packedFiles) {
      const text = readFileSync(path.join(unpacked, file), "utf8");
      expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      // The emulator's own secret key is a documented local default; it may appear only in the
      // emulator (and the README that documents it), never in the SDK or the provider.
      if (file.startsWith("dist/sdk/") || file.startsWith("dist/provider/"))
        expect(text).not.toContain(accessKey.secretAccessKey);
    }
  });

  it("installs into a project outside the repository, and its types resolve for a TypeScript consumer", () => {
    const pulumiVersion = (
      JSON.parse(
        readFileSync(require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] }), "utf8"),
      ) as { version: string }
    ).version;
    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify(
        {
          name: "release-check-consumer",
          private: true,
          main: "index.js",
          dependencies: { "@pulumi/pulumi": pulumiVersion, [packageName]: `file:${tarball}` },
        },
        null,
        2,
      ),
    );
    // Plain JavaScript: a TypeScript program would be compiled by the TypeScript that
    // @pulumi/pulumi vendors (3.8), which is not what this check is about; types are checked below.
    writeFileSync(
      path.join(project, "Pulumi.yaml"),
      "name: release-check\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
    );
    writeFileSync(
      path.join(project, "index.js"),
      [
        `const pulumi = require("@pulumi/pulumi");`,
        `const { DrsJob, DliFlinkJob } = require("${packageName}");`,
        `const config = new pulumi.Config();`,
        `const drs = new DrsJob("orders-sync", { jobId: config.require("drsJobId"), pollInterval: "250ms" });`,
        `const dli = new DliFlinkJob("clickstream", { jobId: config.require("dliJobId"), savepoint: true, pollInterval: "250ms" });`,
        `exports.drsStatus = drs.status;`,
        `exports.dliStatus = dli.status;`,
        `exports.sdkFile = require.resolve("${packageName}");`,
        "",
      ].join("\n"),
    );
    npm(["install", "--prefer-offline", "--no-audit", "--no-fund"], project);
    const installed = path.join(project, "node_modules", packageName);
    // A copy from the tarball, not a link back to the repository.
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(realpathSync(installed)).toBe(installed);
    expect(require.resolve(`${packageName}/provider`, { paths: [project] })).toBe(
      path.join(installed, "dist", "provider", "index.js"),
    );

    // Types: every entry point, with the module resolution of `pulumi new typescript` (node10)
    // and with node16, where `exports` decides. An unknown input must be a type error.
    writeFileSync(
      path.join(project, "consumer.ts"),
      [
        `import * as pulumi from "@pulumi/pulumi";`,
        `import { DliFlinkJob, DrsJob, type DrsJobArgs } from "${packageName}";`,
        `import { classifyDrsStatus, TeardownTimeoutError } from "${packageName}/provider";`,
        `import { defaultEmulatorCredentials, HuaweiEmulator } from "${packageName}/emulator";`,
        `const args: DrsJobArgs = { jobId: "job", deleteTimeout: "45m", forceStop: "onTimeout" };`,
        `const status: pulumi.Output<string> = new DrsJob("a", args).status;`,
        `const dliId: pulumi.Output<string> = new DliFlinkJob("b", { jobId: "9007199254740993" }).jobId;`,
        `// @ts-expect-error a misspelt input is refused by the types`,
        `new DrsJob("c", { jobId: "job", deleteTimout: "45m" });`,
        `const phase: string = classifyDrsStatus("RELEASE_RESOURCE_COMPLETE");`,
        `const isError: boolean = TeardownTimeoutError.prototype instanceof Error;`,
        `const emulator: HuaweiEmulator = new HuaweiEmulator({ port: 0 });`,
        `const region: string = defaultEmulatorCredentials.regionName;`,
        `export { status, dliId, phase, isError, emulator, region };`,
        "",
      ].join("\n"),
    );
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    for (const [module, moduleResolution] of [
      ["commonjs", "node10"],
      ["node16", "node16"],
    ] as const) {
      const tsconfig = path.join(project, `tsconfig.${moduleResolution}.json`);
      writeFileSync(
        tsconfig,
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: [],
            target: "ES2022",
            module,
            moduleResolution,
          },
          files: ["consumer.ts"],
        }),
      );
      const result = spawnSync(process.execPath, [tsc, "-p", tsconfig], { cwd: project, encoding: "utf8" });
      // The diagnostics, if any, are the useful failure message.
      expect(`${moduleResolution}: ${result.stdout}${result.stderr}`).toBe(`${moduleResolution}: `);
      expect(result.status).toBe(0);
    }
  });

  it("adopts a DRS and a DLI job with the real CLI, and destroy stops and deletes both through the installed package", async () => {
    const drsJob = emulator.seed({ projectId, name: "orders-sync", status: "INCRE_TRANSFER_STARTED" });
    const dliJob = emulator.dli.seed({ projectId, name: "clickstream", status: "job_running" });
    const url = emulator.url;

    loadLog = path.join(work, "loaded-files.log");
    const tracer = path.join(work, "trace-loads.js");
    writeLoadTracer(tracer, loadLog);
    const base = pulumiEnv(path.join(work, "state"));
    // pulumiEnv puts the repository's @pulumi/pulumi (for its dynamic-provider shim) on PATH; a
    // user's project uses its own, so swap it for the installed one.
    const repoPulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] }));
    const projectPulumiDir = path.join(project, "node_modules", "@pulumi", "pulumi");
    const pathDirs = (base["PATH"] ?? "")
      .split(path.delimiter)
      .map((d) => (d === repoPulumiDir ? projectPulumiDir : d));
    expect(pathDirs).toContain(projectPulumiDir);
    env = {
      ...base,
      PATH: pathDirs.join(path.delimiter),
      NODE_OPTIONS: `${base["NODE_OPTIONS"] ?? ""} --require ${tracer}`.trim(),
    };
    const pulumi = (...args: string[]) => runPulumiOk(args, { cwd: project, env });

    await pulumi("stack", "init", "release");
    // Everything through stack config, the secret key encrypted, as the README tells users to.
    await pulumi("config", "set", "drsJobId", drsJob.id);
    await pulumi("config", "set", "dliJobId", dliJob.id);
    await pulumi("config", "set", "huaweicloud-jobs:region", regionName);
    await pulumi("config", "set", "huaweicloud-jobs:projectId", projectId);
    await pulumi("config", "set", "huaweicloud-jobs:drsEndpoint", url);
    await pulumi("config", "set", "huaweicloud-jobs:dliEndpoint", url);
    await pulumi("config", "set", "huaweicloud-jobs:accessKey", accessKey.accessKeyId);
    await pulumi("config", "set", "--secret", "huaweicloud-jobs:secretKey", accessKey.secretAccessKey);

    const up = await pulumi("up", "--yes", "--skip-preview");
    expect(up).toMatch(/\+ 3 created/);
    const exported = await pulumi("stack", "export");
    const resources = (JSON.parse(exported) as { deployment: { resources: StateResource[] } }).deployment
      .resources;
    const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    expect(stack?.outputs?.["sdkFile"]).toBe(
      path.join(project, "node_modules", packageName, "dist", "sdk", "index.js"),
    );
    expect(stack?.outputs).toMatchObject({ drsStatus: "INCRE_TRANSFER_STARTED", dliStatus: "job_running" });
    const jobs = resources.filter((r) => /DrsJob|DliFlinkJob/.test(r.type));
    expect(jobs).toHaveLength(2);
    for (const job of jobs) {
      const trampoline = String(job.outputs?.["__provider"]);
      // The stored provider loads the installed package by name, never by a path on this machine:
      // installed under node_modules, it is a require of the trampoline module's export path
      // (a compatibility promise, see sdk/drsJobTrampoline.ts), a few hundred bytes.
      const kind = job.type.includes("DrsJob") ? "drsJob" : "dliFlinkJob";
      expect(trampoline).toContain(`require("${packageName}/dist/sdk/${kind}Trampoline.js")`);
      expect(Buffer.byteLength(trampoline)).toBeLessThan(400);
      expect(trampoline).not.toContain(repoRoot);
      expect(trampoline).not.toContain(work);
    }
    expect(exported).not.toContain(accessKey.secretAccessKey);

    const destroy = await pulumi("destroy", "--yes", "--skip-preview");
    expect(destroy).toMatch(/- 3 deleted/);
    expect(destroy).not.toContain(accessKey.secretAccessKey);

    // From the emulator's call log: each job was stopped, then deleted while stopped.
    const calls = emulator.calls();
    for (const job of [drsJob, dliJob]) {
      const steps = teardownCallsFor(job.id, calls);
      const kinds = steps.map((c) => callKind(c, job.id));
      expect(kinds[0]).toBe("stop");
      expect(kinds).toContain("delete");
      for (const del of steps.filter((c) => callKind(c, job.id) === "delete"))
        expect(["RELEASE_RESOURCE_COMPLETE", "job_cancel_success"]).toContain(del.jobStatusBefore[job.id]);
    }
    expect(drsJob.removed || drsJob.status === "DELETED").toBe(true);
    expect(emulator.dli.store.all().find((j) => j.id === dliJob.id)?.removed).toBe(true);

    // Which copy of the package each process loaded: the program (SDK) and the dynamic-provider
    // host (provider) used the installed one; nothing of the package came from the repository.
    const loads = readFileSync(loadLog, "utf8")
      .trim()
      .split("\n")
      .map((line) => {
        const [pid, main, file] = line.split(" ");
        return { pid: pid ?? "", main: main ?? "", file: file ?? "" };
      });
    const installedDist = path.join(project, "node_modules", packageName, "dist");
    const repoPackageFiles = loads.filter((l) =>
      ["sdk", "provider", "emulator"].some((dir) =>
        l.file.startsWith(path.join(repoRoot, "dist", dir) + path.sep),
      ),
    );
    expect(repoPackageFiles).toEqual([]);
    const providerHostLoads = loads.filter(
      (l) => l.main.startsWith(projectPulumiDir) && l.main.includes("dynamic-provider"),
    );
    expect(providerHostLoads.some((l) => l.file === path.join(installedDist, "provider", "index.js"))).toBe(
      true,
    );
    const programLoads = loads.filter((l) => l.file === path.join(installedDist, "sdk", "index.js"));
    expect(programLoads.length).toBeGreaterThan(0);
  });
});
