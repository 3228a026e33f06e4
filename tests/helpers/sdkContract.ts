import { readFileSync } from "node:fs";
import path from "node:path";

/** One field of a vendor SDK model, as the fixture lists it. */
interface ContractField {
  readonly type: string;
  readonly required: boolean;
  readonly enum?: readonly string[];
}

/** One vendor API operation, as the fixture lists it. */
interface ContractOperation {
  readonly sdkOperation: string;
  readonly method: string;
  readonly path: string;
  readonly pathParams: Readonly<Record<string, ContractField>>;
  readonly query: Readonly<Record<string, ContractField>>;
  readonly body: { readonly type: string; readonly required: boolean } | null;
  readonly response: { readonly type: string };
}

/** The checked-in fixture written by scripts/sdk-contract/generate_sdk_contract.py. */
export interface SdkContract {
  readonly sdk: Readonly<Record<string, string>>;
  readonly operations: readonly ContractOperation[];
  readonly models: Readonly<Record<string, { readonly fields: Readonly<Record<string, ContractField>> }>>;
}

/** A call as the emulator's call log records it (the fields the contract looks at). */
export interface ContractCall {
  readonly method: string;
  readonly path: string;
  readonly service?: string | undefined;
  readonly body: unknown;
  readonly status: number;
  readonly answer: unknown;
}

/** Reads the fixture from the source tree (compiled tests run from dist/tests/helpers). */
export function loadSdkContract(): SdkContract {
  const file = path.join(__dirname, "..", "..", "..", "tests", "fixtures", "sdk-contract.json");
  return JSON.parse(readFileSync(file, "utf8")) as SdkContract;
}

/**
 * Where the vendor's own sources disagree with the SDK models, both are accepted, each for a
 * reason. Keyed by `model.field` (a model name without its namespace), the extra JSON types or
 * enum values allowed beyond what the model declares.
 */
export const knownSdkDeviations: Readonly<
  Record<
    string,
    { readonly types?: readonly string[]; readonly values?: readonly string[]; readonly why: string }
  >
> = {
  // DLI is_success: the API page documents a boolean; the SDK model types it `str` and the
  // vendor's examples show the strings "true"/"false". Both are accepted on both sides.
  "FlinkSuccessResponse.is_success": { types: ["bool"], why: "API page: boolean; SDK and examples: string" },
  "ShowFlinkJobResponse.is_success": { types: ["bool"], why: "API page: boolean; SDK and examples: string" },
  "ListFlinkJobsResponse.is_success": { types: ["bool"], why: "API page: boolean; SDK and examples: string" },
  "CreateFlinkSqlJobResponse.is_success": {
    types: ["bool"],
    why: "API page: boolean; SDK and examples: string",
  },
  "CreateFlinkJarJobResponse.is_success": {
    types: ["bool"],
    why: "API page: boolean; SDK and examples: string",
  },
  "DeleteFlinkJobResponse.is_success": {
    types: ["bool"],
    why: "API page: boolean; SDK and examples: string",
  },
  // v5 MySQL->MySQL: the v5 SDK spells the pair `mysql-to-mysql`; v3 and older v5 pages say
  // `mysql`. A v5 job may report either, so both are documented values for the client.
  "JobBaseInfo.engine_type": { values: ["mysql"], why: "v3 and older v5 pages spell MySQL->MySQL `mysql`" },
  "JobListResp.engine_type": {
    values: ["mysql", "mysql-to-mysql", "mysql-to-kafka", "taurus-to-kafka"],
    why: "the list model documents fewer pairs than JobBaseInfo and the delete-one page (MySQL/TaurusDB->Kafka)",
  },
};

const primitiveTypes = new Set(["str", "int", "bool", "float", "object", "date", "datetime"]);

interface RawJsonCapable {
  isRawJSON?: (value: unknown) => boolean;
}
// The emulator writes 64-bit DLI ids with JSON.rawJSON: in the call log they are raw-JSON values.
const isRawJson = (value: unknown): boolean =>
  (JSON as unknown as RawJsonCapable).isRawJSON?.(value) === true;
const rawText = (value: unknown): string => (value as { rawJSON: string }).rawJSON;

/** The JSON kind of a value, in the SDK's type names. */
function kindOf(value: unknown): string {
  if (isRawJson(value)) return /^-?\d+$/.test(rawText(value)) ? "int" : "float";
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return typeof value === "object" ? "object" : typeof value;
}

/** What a check applies: requests must carry mandatory fields and only documented enum values. */
type Side = "request" | "answer";

/** Holds values to the fixture's models; collects problems as `where: what` lines. */
class ContractChecker {
  readonly problems: string[] = [];
  private readonly enumsByField: ReadonlyMap<string, ReadonlySet<string>>;

  constructor(private readonly contract: SdkContract) {
    this.enumsByField = enumsOf(contract);
  }

  value(value: unknown, type: string, where: string, side: Side): void {
    const list = /^list\[(.+)\]$/.exec(type);
    if (list?.[1] !== undefined) {
      if (!Array.isArray(value)) {
        this.fail(where, `${kindOf(value)} where the model has ${type}`);
        return;
      }
      value.forEach((item, i) => this.value(item, list[1] ?? "", `${where}[${i}]`, side));
      return;
    }
    const dict = /^dict\(str, (.+)\)$/.exec(type);
    if (dict?.[1] !== undefined) {
      if (kindOf(value) !== "object") {
        this.fail(where, `${kindOf(value)} where the model has ${type}`);
        return;
      }
      for (const [k, v] of Object.entries(value as object)) this.value(v, dict[1], `${where}.${k}`, side);
      return;
    }
    if (primitiveTypes.has(type)) {
      if (!fitsPrimitive(value, type) && !(side === "request" && type === "int" && isExactBigInteger(value)))
        this.fail(where, `${kindOf(value)} where the model has ${type}`);
      return;
    }
    const model = this.contract.models[type];
    if (model === undefined) {
      this.fail(where, `the fixture has no model ${type}`);
      return;
    }
    if (kindOf(value) !== "object") {
      this.fail(where, `${kindOf(value)} where the model has ${type}`);
      return;
    }
    const record = value as Record<string, unknown>;
    const modelName = type.split(".").at(-1) ?? type;
    for (const [name, v] of Object.entries(record)) {
      const field = model.fields[name];
      if (field === undefined) {
        this.fail(`${where}.${name}`, `not a field of ${type}`);
        continue;
      }
      this.field(v, field, `${modelName}.${name}`, type, `${where}.${name}`, side);
    }
    if (side === "request") {
      for (const [name, field] of Object.entries(model.fields)) {
        if (field.required && record[name] === undefined)
          this.fail(`${where}.${name}`, `mandatory in ${type} but missing`);
      }
    }
  }

  field(value: unknown, field: ContractField, key: string, model: string, where: string, side: Side): void {
    const deviation = knownSdkDeviations[key];
    // An answer may leave an optional field null; the SDK reads that as absent.
    if (value === null && side === "answer" && !field.required) return;
    if (deviation?.types?.some((t) => fitsPrimitive(value, t)) === true) return;
    this.value(value, field.type, where, side);
    if (field.enum === undefined || typeof value !== "string") return;
    if (deviation?.values?.includes(value) === true) return;
    const documented =
      side === "request"
        ? new Set(field.enum)
        : this.enumsByField.get(`${model.split(".")[0] ?? ""}.${key.split(".")[1] ?? ""}`);
    if (documented !== undefined && !documented.has(value))
      this.fail(where, `"${value}" is not a value the SDK documents (${[...documented].join(", ")})`);
  }

  fail(where: string, what: string): void {
    this.problems.push(`${where}: ${what}`);
  }
}

// The emulator reads request integers beyond 2^53 as their exact decimal strings (a safe integer
// stays a number), so in a logged request such a string is an integer the client sent.
function isExactBigInteger(value: unknown): boolean {
  return typeof value === "string" && /^-?\d+$/.test(value) && !Number.isSafeInteger(Number(value));
}

const enumCache = new WeakMap<SdkContract, Map<string, Set<string>>>();

/**
 * Every value a service documents for a field name, as `service.field` (for example
 * `drs.status`): an answer's value is judged against all of them, since a status the detail
 * model lists but the list model forgot is still a status.
 */
function enumsOf(contract: SdkContract): Map<string, Set<string>> {
  const cached = enumCache.get(contract);
  if (cached !== undefined) return cached;
  const out = new Map<string, Set<string>>();
  const add = (service: string, name: string, values: readonly string[] | undefined): void => {
    if (values === undefined) return;
    const set = out.get(`${service}.${name}`) ?? new Set<string>();
    values.forEach((v) => set.add(v));
    out.set(`${service}.${name}`, set);
  };
  for (const [key, model] of Object.entries(contract.models)) {
    for (const [name, field] of Object.entries(model.fields)) add(key.split(".")[0] ?? "", name, field.enum);
  }
  for (const op of contract.operations) {
    for (const [name, field] of Object.entries(op.query))
      add(op.sdkOperation.split(".")[0] ?? "", name, field.enum);
  }
  enumCache.set(contract, out);
  return out;
}

function fitsPrimitive(value: unknown, type: string): boolean {
  const kind = kindOf(value);
  switch (type) {
    case "str":
    case "date":
    case "datetime":
      return kind === "str";
    case "int":
      return kind === "int";
    case "float":
      return kind === "int" || kind === "float";
    case "bool":
      return kind === "bool";
    default:
      return type === "object";
  }
}

/** The fixture's operation for a method and a path (without query), or `undefined`. */
export function findSdkOperation(
  contract: SdkContract,
  method: string,
  pathOnly: string,
): ContractOperation | undefined {
  return contract.operations.find(
    (op) =>
      op.method === method.toUpperCase() &&
      new RegExp(`^${op.path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}/?$`).test(pathOnly),
  );
}

/** How strictly {@link sdkContractProblems} judges a call. */
export interface ContractCheckOptions {
  /**
   * Also hold the request to the model when the emulator refused it (4xx). Off for calls made by
   * tests on purpose malformed; on for requests the client built.
   */
  readonly requestsEvenIfRefused?: boolean;
}

/**
 * What in a logged call leaves the vendor SDK models: a request field the model does not declare,
 * a mandatory one missing, a value of the wrong type or an undocumented enum value; an answer
 * field the model does not declare or of the wrong type; an error answer that is not
 * `{error_code, error_msg}`; a 2xx answer on a path no modelled operation has. Empty when it fits.
 */
export function sdkContractProblems(
  contract: SdkContract,
  call: ContractCall,
  options: ContractCheckOptions = {},
): string[] {
  const url = new URL(call.path, "http://contract");
  const op = findSdkOperation(contract, call.method, url.pathname);
  const label = `${call.method} ${url.pathname}`;
  const checker = new ContractChecker(contract);
  if (call.status === 0) return [];
  if (call.status >= 400) checkErrorAnswer(checker, call.answer);
  if (op === undefined) {
    if (call.status < 400) checker.fail("(path)", "answered, but no SDK operation has this method and path");
    return checker.problems.map((p) => `${label} ${p}`);
  }
  const name = op.sdkOperation;
  if (call.status < 400 || options.requestsEvenIfRefused === true) {
    for (const [key, value] of url.searchParams) {
      const field = op.query[key];
      if (field === undefined) checker.fail(`query ${key}`, `not a query parameter of ${name}`);
      else if (!queryFits(value, field.type))
        checker.fail(`query ${key}`, `"${value}" is not a ${field.type}`);
      else if (field.enum !== undefined && !value.split(",").every((v) => field.enum?.includes(v)))
        checker.fail(
          `query ${key}`,
          `"${value}" is not a value the SDK documents (${field.enum.join(", ")})`,
        );
    }
    for (const [key, field] of Object.entries(op.query)) {
      if (field.required && !url.searchParams.has(key))
        checker.fail(`query ${key}`, `mandatory in ${name} but missing`);
    }
    if (op.body === null) {
      if (call.body !== undefined) checker.fail("body", `${name} takes no body`);
    } else if (call.body === undefined) {
      if (op.body.required) checker.fail("body", `mandatory in ${name} but missing`);
    } else checker.value(call.body, op.body.type, "body", "request");
  }
  if (call.status < 400 && call.answer !== undefined)
    checker.value(call.answer, op.response.type, "answer", "answer");
  return checker.problems.map((p) => `${label} ${p}`);
}

function queryFits(value: string, type: string): boolean {
  if (type === "int") return /^-?\d+$/.test(value);
  if (type === "bool") return value === "true" || value === "false";
  return true;
}

// Error bodies are not modelled per operation; the SDK's error handling reads these two fields.
function checkErrorAnswer(checker: ContractChecker, answer: unknown): void {
  if (answer === undefined) return;
  if (kindOf(answer) !== "object") {
    checker.fail("error answer", `${kindOf(answer)} instead of an object`);
    return;
  }
  const record = answer as Record<string, unknown>;
  for (const key of ["error_code", "error_msg"]) {
    if (typeof record[key] !== "string") checker.fail(`error answer.${key}`, "missing or not a string");
  }
  for (const key of Object.keys(record)) {
    if (key !== "error_code" && key !== "error_msg")
      checker.fail(`error answer.${key}`, "not a field of an error body");
  }
}

/**
 * Every enum value in `values` that the SDK does not document for `service.field` (for example
 * `drs.engine_type`), minus those the caller handles as unknown on purpose (`tolerated`).
 */
export function undocumentedValues(
  contract: SdkContract,
  serviceField: string,
  values: Iterable<string>,
  tolerated: readonly string[] = [],
): string[] {
  const documented = enumsOf(contract).get(serviceField) ?? new Set<string>();
  return [...values].filter((v) => !documented.has(v) && !tolerated.includes(v));
}
