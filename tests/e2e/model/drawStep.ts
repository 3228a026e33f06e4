import { defaultEmulatorCredentials, type FaultRule } from "../../../emulator";
import type { Prng } from "./createPrng";
import type { ModelResource } from "./ModelResource";
import { phase, type ModelPhase, type ModelStep, type StepKind } from "./ModelStep";
import type { StackModel } from "./StackModel";

/** How often each kind is drawn, relative to the others, when it applies. */
const weights: Readonly<Record<StepKind, number>> = {
  tune: 3,
  pinRegion: 1,
  pinApiVersion: 1,
  pinEndpoint: 1,
  pinProjectId: 1,
  replaceJob: 2,
  add: 2,
  remove: 1,
  refresh: 1,
  destroy: 1,
  interruptedDestroy: 1,
  faults: 3,
  elsewhereDestroy: 1,
  elsewhereUp: 1,
  elsewhereRefresh: 1,
  otherRegion: 1,
};

/** Most resources the program declares at once (each CLI run stays a few seconds). */
const maxResources = 6;

/** Kinds a `faults` step wraps: the faults hit that step's first CLI run. */
const faultedKinds: readonly StepKind[] = ["tune", "replaceJob", "remove", "refresh", "destroy"];

function applies(kind: StepKind, program: readonly ModelResource[]): boolean {
  switch (kind) {
    case "add":
      return program.length < maxResources;
    case "refresh":
      return true;
    case "pinRegion":
      return program.some((r) => r.region === undefined);
    case "pinApiVersion":
      return program.some((r) => r.kind === "drs" && r.apiVersion === undefined);
    case "pinEndpoint":
      return program.some((r) => r.endpoint === undefined);
    case "pinProjectId":
      return program.some((r) => r.projectId === undefined);
    default:
      return program.length > 0;
  }
}

function pickWeighted(prng: Prng, kinds: readonly StepKind[]): StepKind {
  const total = kinds.reduce((sum, k) => sum + weights[k], 0);
  let roll = prng.next() * total;
  for (const kind of kinds) {
    roll -= weights[kind];
    if (roll < 0) return kind;
  }
  return kinds[kinds.length - 1]!;
}

/** One or two count-limited faults (5xx, busy entries, latency, resets, 429s) on DRS or DLI calls. */
function drawFaults(prng: Prng): FaultRule[] {
  const one = (): FaultRule => {
    const service = prng.pick(["drs", "dli"]);
    const method = prng.pick([undefined, "POST", "DELETE", "GET"]);
    const match = method === undefined ? { service } : { service, method };
    switch (prng.pick(["error", "busy", "latency", "reset", "throttle"] as const)) {
      case "error":
        return { kind: "error", status: prng.pick([500, 502, 503]), match, count: 3 };
      case "busy":
        return { kind: "busy", match: { service: "drs" }, count: 2 };
      case "latency":
        return { kind: "latency", latencyMs: 700, match, count: 4 };
      case "reset":
        return { kind: "reset", match, count: 2 };
      case "throttle":
        return { kind: "throttle", match, count: 3 };
    }
  };
  return prng.chance(0.5) ? [one(), one()] : [one()];
}

/** After a destroy: the same program over newly seeded jobs (and renamed SQL jobs), brought up again. */
function rebuild(model: StackModel, program: readonly ModelResource[]): ModelPhase {
  return phase(
    "up",
    program.map((r) => model.withNewJob(r)),
  );
}

const pick = <T>(prng: Prng, items: readonly T[], where: (item: T) => boolean): T =>
  prng.pick(items.filter(where));

function drawKind(prng: Prng, model: StackModel, kind: StepKind): Omit<ModelStep, "kind"> {
  const program = model.program;
  const replaceOne = (old: ModelResource, next: ModelResource) => program.map((r) => (r === old ? next : r));
  switch (kind) {
    case "tune": {
      const target = prng.pick(program);
      const { resource, change } = model.tuned(target);
      return { description: `up: ${change}`, phases: [phase("up", replaceOne(target, resource))] };
    }
    case "pinRegion": {
      const target = pick(prng, program, (r) => r.region === undefined);
      const region = defaultEmulatorCredentials.regionName;
      return {
        description: `up: ${target.name} region pinned to ${region}, the region already in force`,
        phases: [phase("up", replaceOne(target, { ...target, region }))],
      };
    }
    case "pinApiVersion": {
      const target = pick(prng, program, (r) => r.kind === "drs" && r.apiVersion === undefined);
      if (target.kind !== "drs") throw new Error("unreachable");
      const apiVersion = model.familyOf(target.jobId);
      return {
        description: `up: ${target.name} apiVersion pinned to ${apiVersion}, the family detected`,
        phases: [phase("up", replaceOne(target, { ...target, apiVersion }))],
      };
    }
    case "pinEndpoint": {
      const target = pick(prng, program, (r) => r.endpoint === undefined);
      return {
        description: `up: ${target.name} endpoint pinned to the home emulator, the endpoint already in force`,
        phases: [phase("up", replaceOne(target, { ...target, endpoint: model.homeUrl }))],
      };
    }
    case "pinProjectId": {
      const target = pick(prng, program, (r) => r.projectId === undefined);
      const { projectId } = defaultEmulatorCredentials;
      return {
        description: `up: ${target.name} projectId pinned to ${projectId}, the project already in force`,
        phases: [phase("up", replaceOne(target, { ...target, projectId }))],
      };
    }
    case "replaceJob": {
      const target = prng.pick(program);
      const next = model.withNewJob(target);
      const what = (r: ModelResource) => r.jobId ?? (r.kind === "dli" ? r.sqlName : undefined);
      return {
        description: `up: ${target.name} job ${what(target) ?? "?"}→${what(next) ?? "?"} (replacement: the old job goes)`,
        phases: [phase("up", replaceOne(target, next))],
      };
    }
    case "add": {
      const added = model.newResource();
      return {
        description: `up: add ${added.name} (${added.kind} ${added.jobId ?? "created SQL job"})`,
        phases: [phase("up", [...program, added])],
      };
    }
    case "remove": {
      const target = prng.pick(program);
      return {
        description: `up: remove ${target.name} (its job goes)`,
        phases: [
          phase(
            "up",
            program.filter((r) => r !== target),
          ),
        ],
      };
    }
    case "refresh":
      return { description: "refresh", phases: [phase("refresh", program)] };
    case "destroy":
      return {
        description: "destroy, then up over new jobs",
        phases: [phase("destroy", program, { mustEndEmpty: true }), rebuild(model, program)],
      };
    case "interruptedDestroy":
      return {
        description:
          "destroy killed at its first stop, cancel, destroy again (must converge), then up over new jobs",
        phases: [
          phase("destroy", program, { interrupt: true, mustSucceed: false }),
          phase("destroy", program, { mustEndEmpty: true }),
          rebuild(model, program),
        ],
      };
    case "faults": {
      const inner = pickWeighted(
        prng,
        faultedKinds.filter((k) => applies(k, program)),
      );
      const step = drawKind(prng, model, inner);
      const faults = drawFaults(prng);
      const [first, ...rest] = step.phases;
      return {
        description: `${step.description}, under faults ${JSON.stringify(faults)}`,
        // A destroy or refresh must get through: every call they make may be sent again. An up
        // may fail, and rightly: a create whose POST failed is never sent blindly again.
        phases: [{ ...first!, faults, mustSucceed: first!.mustSucceed && first!.command !== "up" }, ...rest],
      };
    }
    case "elsewhereDestroy":
      return {
        description:
          "destroy with HW_DRS_ENDPOINT/HW_DLI_ENDPOINT at an emulator without the jobs, then up over new jobs",
        phases: [
          phase("destroy", program, { place: "otherEndpoints", mustSucceed: false }),
          rebuild(model, program),
        ],
      };
    case "elsewhereUp": {
      const target = prng.pick(program);
      const { resource, change } = model.tuned(target);
      return {
        description: `up with HW_DRS_ENDPOINT/HW_DLI_ENDPOINT at an emulator without the jobs: ${change}`,
        phases: [phase("up", replaceOne(target, resource), { place: "otherEndpoints", mustSucceed: false })],
      };
    }
    case "elsewhereRefresh":
      return {
        description: "refresh with HW_DRS_ENDPOINT/HW_DLI_ENDPOINT at an emulator without the jobs",
        phases: [phase("refresh", program, { place: "otherEndpoints", mustSucceed: false })],
      };
    case "otherRegion":
      return prng.chance(0.5)
        ? {
            description: "destroy with HW_REGION_NAME naming another region, then up over new jobs",
            phases: [
              phase("destroy", program, { place: "otherRegion", mustSucceed: false }),
              rebuild(model, program),
            ],
          }
        : {
            description: "up with HW_REGION_NAME naming another region (program unchanged)",
            phases: [phase("up", program, { place: "otherRegion", mustSucceed: false })],
          };
  }
}

/**
 * Draws the next step from the kinds that apply to the model's program, seeding the jobs it
 * needs, and moves the model's program to where the step leaves it. A drawn kind that is
 * `excluded` is drawn all the same (so the PRNG stream, and with it the rest of the sequence,
 * stays as close as possible to the full run's) but comes back without phases and leaves the
 * program as it was; jobs it seeded stay in the emulator as bystanders nothing may touch.
 */
export function drawStep(prng: Prng, model: StackModel, excluded: ReadonlySet<StepKind>): ModelStep {
  const kinds = (Object.keys(weights) as StepKind[]).filter((k) => applies(k, model.program));
  const kind = pickWeighted(prng, kinds);
  const step = drawKind(prng, model, kind);
  if (excluded.has(kind)) return { kind, description: `skipped (excluded): ${step.description}`, phases: [] };
  model.program = step.phases[step.phases.length - 1]!.program;
  return { kind, ...step };
}
