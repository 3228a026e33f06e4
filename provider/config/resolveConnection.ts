import { createHash } from "node:crypto";
import type { ApiConnection, Authenticator } from "../http/ApiConnection";
import { defaultCloud, iamBaseUrl, iamEndpointFor } from "../iam/iamEndpointFor";
import { ConfigError } from "./ConfigError";
import { configNamespace, settingSpecs, type SettingKey } from "./settings";
import { stackConfig, type StackSetting } from "./stackConfig";

/** The services this package calls. */
export type ServiceName = "drs" | "dli";

/** Connection settings a resource pins in its inputs (and outputs). Never secret. */
export interface PinnedSettings {
  readonly region?: string | undefined;
  readonly projectId?: string | undefined;
  /** Endpoint of the resource's own service, overriding config and environment. */
  readonly endpoint?: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Which credential was found, and where. */
export type Credentials =
  | {
      readonly kind: "aksk";
      readonly accessKey: string;
      readonly secretKey: string;
      readonly securityToken?: string | undefined;
      readonly source: string;
    }
  | { readonly kind: "token"; readonly token: string; readonly source: string }
  | {
      readonly kind: "password";
      readonly userName: string;
      readonly password: string;
      readonly domainName: string;
      readonly source: string;
    };

/** How credentials become authenticators; replaced in unit tests. */
export interface AuthFactories {
  /** Signs requests; `projectId` adds `X-Project-Id` (omitted for IAM calls). */
  aksk(creds: Extract<Credentials, { kind: "aksk" }>, projectId: string | undefined): Authenticator;
  token(creds: Extract<Credentials, { kind: "token" }>): Authenticator;
  /** Logs in with the password, scoped to the project id or, without one, to the region's project. */
  password(
    creds: Extract<Credentials, { kind: "password" }>,
    iamEndpoint: string,
    scope: { projectId: string } | { region: string },
  ): Authenticator;
  findProjectId(iam: { endpoint: string; auth: Authenticator }, region: string): Promise<string>;
}

/** Where settings are read from besides the resource's own inputs. */
export interface SettingSources {
  readonly stack: ReadonlyMap<SettingKey, StackSetting>;
  readonly env: Env;
}

/** A setting's value and the place it came from, for messages. */
interface Found {
  readonly value: string;
  readonly source: string;
}

function envSpec(key: SettingKey): readonly string[] {
  return settingSpecs.find((s) => s.key === key)?.env ?? [];
}

function fromEnv(env: Env, key: SettingKey): Found | undefined {
  for (const name of envSpec(key)) {
    const value = env[name]?.trim();
    if (value) return { value, source: `environment ${name}` };
  }
  return undefined;
}

/** Stack config first, then the environment. */
function lookup(sources: SettingSources, key: SettingKey): Found | undefined {
  return sources.stack.get(key) ?? fromEnv(sources.env, key);
}

function places(keys: readonly SettingKey[]): string {
  const config = keys.map((k) => `${configNamespace}:${k}`);
  const env = keys.flatMap(envSpec);
  return `stack config ${config.join(", ")}; environment ${env.join(", ")}`;
}

/** Whether a URL's host is on this machine (the only place plain HTTP is allowed to go). */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

// Huawei Cloud and OTC region names (ap-southeast-1, eu-de, eu-west-101): lower-case letters and
// digits in dash-separated parts. A region becomes part of a host name, so nothing that could end
// or redirect the host (`/`, `#`, `@`, `:`, `.`) may pass.
const regionName = /^(?=.{2,64}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What a region name may look like, for messages. */
export const regionRule =
  "a region name such as ap-southeast-1: lower-case letters and digits in dash-separated parts, at most 64 characters";

/** Whether `value` is a plausible region name (see {@link regionRule}). */
export function isRegionName(value: string): boolean {
  return regionName.test(value);
}

/** Parses an endpoint and refuses plain HTTP to anything but loopback. Returns the origin. */
export function checkEndpoint(what: string, text: string, source: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`The ${what} endpoint "${text}" (from ${source}) is not a URL.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackUrl(url))) {
    throw new ConfigError(
      `Refusing ${what} endpoint ${url.origin} (from ${source}): plain http is allowed only to this machine (localhost, 127.0.0.0/8, ::1); use https.`,
    );
  }
  return url.origin;
}

/**
 * Finds the credentials: the first place (stack config, then environment) holding any of them
 * wins, so an access key from one place is never paired with a secret key from another. Within
 * a place: AK/SK, then a ready token, then a password login.
 */
export function findCredentials(sources: SettingSources): Credentials {
  const readers: ((key: SettingKey) => Found | undefined)[] = [
    (key) => sources.stack.get(key),
    (key) => fromEnv(sources.env, key),
  ];
  for (const read of readers) {
    const ak = read("accessKey");
    const sk = read("secretKey");
    if (ak !== undefined || sk !== undefined) {
      if (ak === undefined || sk === undefined) {
        const have = (ak ?? sk) as Found;
        throw new ConfigError(
          `Found ${ak === undefined ? "a secret key" : "an access key"} in ${have.source} but no ${ak === undefined ? "access key" : "secret key"} beside it; set both (${places(["accessKey", "secretKey"])}).`,
        );
      }
      const token = read("securityToken");
      return {
        kind: "aksk",
        accessKey: ak.value,
        secretKey: sk.value,
        securityToken: token?.value,
        source: ak.source,
      };
    }
    const token = read("authToken");
    if (token !== undefined) return { kind: "token", token: token.value, source: token.source };
    const user = read("userName");
    const password = read("password");
    if (user !== undefined || password !== undefined) {
      const domain = read("domainName");
      if (user === undefined || password === undefined || domain === undefined) {
        throw new ConfigError(
          `Password login needs a user name, a password and a domain name together; ${[
            user === undefined ? "the user name" : undefined,
            password === undefined ? "the password" : undefined,
            domain === undefined ? "the domain name" : undefined,
          ]
            .filter(Boolean)
            .join(" and ")} is missing (${places(["userName", "password", "domainName"])}).`,
        );
      }
      return {
        kind: "password",
        userName: user.value,
        password: password.value,
        domainName: domain.value,
        source: user.source,
      };
    }
  }
  throw new ConfigError(
    `No Huawei Cloud credentials found. Looked at: ${places(["accessKey", "secretKey"])}; ${places(["authToken"])}; ${places(["userName", "password", "domainName"])}. Set an AK/SK pair, an IAM token, or a user name, password and domain name.`,
  );
}

/** The IAM endpoint: configured (a trailing `/v3` is dropped), or the cloud's default. */
export function iamEndpointOf(sources: SettingSources, cloud: string, region: string | undefined): string {
  const configured = lookup(sources, "iamEndpoint");
  try {
    if (configured !== undefined) {
      return checkEndpoint("IAM", iamBaseUrl(configured.value), configured.source);
    }
    // Huawei Cloud's global IAM serves every region; other clouds have regional IAM only.
    return iamEndpointFor(cloud, cloud === defaultCloud ? undefined : region);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `No usable IAM endpoint (${reason}): set a region (${places(["region"])}) or the IAM endpoint (${places(["iamEndpoint"])}).`,
    );
  }
}

// Authenticators and project lookups shared by every resource of the process, so that a destroy
// of many jobs logs in and looks up the project once. Keys are hashes: no secret is kept twice.
const cache = new Map<string, Promise<unknown>>();

function cached<T>(parts: readonly unknown[], make: () => Promise<T>): Promise<T> {
  const key = createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  let hit = cache.get(key) as Promise<T> | undefined;
  if (hit === undefined) {
    hit = make();
    cache.set(key, hit);
    // A failed lookup must not stick: the next resource tries again.
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

/** Forgets cached authenticators and project ids (tests, or after credentials change). */
export function clearConnectionCache(): void {
  cache.clear();
}

/**
 * Works out where calls to `service` go and how they authenticate, at run time: the resource's
 * pinned settings, then the stack config given to `configure`, then the environment (`HW_*`,
 * then `OS_*`, then `HUAWEICLOUD_SDK_*`), then defaults. A missing project id is looked up
 * through IAM by region. Nothing returned is ever written to state.
 */
export async function resolveConnection(
  service: ServiceName,
  pinned: PinnedSettings,
  factories: AuthFactories,
  sources: SettingSources = { stack: stackConfig(), env: process.env },
): Promise<ApiConnection> {
  const region: Found | undefined =
    pinned.region !== undefined
      ? { value: pinned.region, source: "resource input region" }
      : lookup(sources, "region");
  if (region !== undefined && !isRegionName(region.value)) {
    throw new ConfigError(
      `The region "${region.value.slice(0, 64)}" (from ${region.source}) is not ${regionRule}.`,
    );
  }
  const cloud = lookup(sources, "cloud")?.value ?? "myhuaweicloud.com";
  if (!/^[a-z0-9.-]+$/i.test(cloud)) {
    throw new ConfigError(
      `The cloud domain "${cloud}" is not a domain name (for example myhuaweicloud.com).`,
    );
  }
  const endpointKey = service === "drs" ? "drsEndpoint" : "dliEndpoint";
  const endpointFound: Found | undefined =
    pinned.endpoint !== undefined
      ? { value: pinned.endpoint, source: "resource input endpoint" }
      : (lookup(sources, endpointKey) ??
        (region === undefined
          ? undefined
          : { value: `https://${service}.${region.value}.${cloud}`, source: `region ${region.value}` }));
  if (endpointFound === undefined) {
    throw new ConfigError(
      `No ${service.toUpperCase()} endpoint: set the resource's region or endpoint input, or ${places(["region", endpointKey])}.`,
    );
  }
  const endpoint = checkEndpoint(service.toUpperCase(), endpointFound.value, endpointFound.source);
  const creds = findCredentials(sources);

  const projectId =
    pinned.projectId ??
    lookup(sources, "projectId")?.value ??
    (await lookUpProjectId(sources, factories, creds, cloud, region));
  // A password login is keyed by the IAM endpoint too: the same user and project behind another
  // IAM (another region's, or a test's emulator) must not reuse a token issued elsewhere.
  const iamEndpoint = creds.kind === "password" ? iamEndpointOf(sources, cloud, region?.value) : undefined;
  const auth = await cached(["auth", creds, projectId, iamEndpoint], () =>
    Promise.resolve(
      creds.kind === "aksk"
        ? factories.aksk(creds, projectId)
        : creds.kind === "token"
          ? factories.token(creds)
          : factories.password(creds, iamEndpointOf(sources, cloud, region?.value), { projectId }),
    ),
  );
  return { endpoint, projectId, auth, ...(region === undefined ? {} : { region: region.value }) };
}

async function lookUpProjectId(
  sources: SettingSources,
  factories: AuthFactories,
  creds: Credentials,
  cloud: string,
  region: Found | undefined,
): Promise<string> {
  if (region === undefined) {
    throw new ConfigError(
      `No project id, and no region to look it up by: set the resource's projectId or region input, or ${places(["projectId", "region"])}.`,
    );
  }
  const iamEndpoint = iamEndpointOf(sources, cloud, region.value);
  return cached(["project", creds, iamEndpoint, region.value], async () => {
    const auth =
      creds.kind === "aksk"
        ? factories.aksk(creds, undefined)
        : creds.kind === "token"
          ? factories.token(creds)
          : factories.password(creds, iamEndpoint, { region: region.value });
    return factories.findProjectId({ endpoint: iamEndpoint, auth }, region.value);
  });
}
