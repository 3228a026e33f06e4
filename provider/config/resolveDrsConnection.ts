import type { ApiConnection } from "../http/ApiConnection";
import { staticTokenAuthenticator } from "../auth/staticTokenAuthenticator";
import type { Authenticator } from "../http/ApiConnection";
import { ConfigError } from "./ConfigError";

/** Connection settings a resource may pin (stored in its outputs, never secret). */
export interface DrsLocation {
  readonly region?: string | undefined;
  readonly projectId?: string | undefined;
  /** Explicit DRS endpoint override, for example a private endpoint or the local emulator. */
  readonly endpoint?: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The first non-empty environment variable of `names`, with the name it came from. */
function fromEnv(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

const regionVars = ["HW_REGION_NAME", "OS_REGION_NAME", "HUAWEICLOUD_SDK_REGION"];
const projectVars = ["HW_PROJECT_ID", "OS_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"];
const tokenVars = ["HW_AUTH_TOKEN", "OS_AUTH_TOKEN", "OS_TOKEN"];
const akVars = ["HW_ACCESS_KEY", "OS_ACCESS_KEY", "HUAWEICLOUD_SDK_AK"];

/** Whether a URL's host is on this machine (the only place plain HTTP is allowed to go). */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Works out where DRS calls go and how they authenticate, at run time: resource settings first,
 * then the environment (`HW_*`, then `OS_*`, then `HUAWEICLOUD_SDK_*`), then defaults. Nothing
 * returned here is written to state; the headers carry the credential.
 */
export function resolveDrsConnection(location: DrsLocation, env: Env = process.env): ApiConnection {
  const region = location.region ?? fromEnv(env, regionVars)?.value;
  const projectId = location.projectId ?? fromEnv(env, projectVars)?.value;
  if (projectId === undefined) {
    throw new ConfigError(
      `No project id: set the resource's projectId input or one of ${projectVars.join(", ")}.`,
    );
  }

  const cloud = fromEnv(env, ["HW_CLOUD"])?.value ?? "myhuaweicloud.com";
  const endpointText =
    location.endpoint ??
    fromEnv(env, ["HW_DRS_ENDPOINT"])?.value ??
    (region === undefined ? undefined : `https://drs.${region}.${cloud}`);
  if (endpointText === undefined) {
    throw new ConfigError(
      `No DRS endpoint: set the resource's region or endpoint input, or one of ${[...regionVars, "HW_DRS_ENDPOINT"].join(", ")}.`,
    );
  }
  let endpoint: URL;
  try {
    endpoint = new URL(endpointText);
  } catch {
    throw new ConfigError(`The DRS endpoint "${endpointText}" is not a URL.`);
  }
  const loopback = isLoopbackUrl(endpoint);
  if (endpoint.protocol !== "https:" && !(endpoint.protocol === "http:" && loopback)) {
    throw new ConfigError(
      `Refusing DRS endpoint ${endpoint.origin}: plain http is allowed only to this machine (localhost, 127.0.0.0/8, ::1); use https.`,
    );
  }

  const token = fromEnv(env, tokenVars);
  if (token === undefined && !loopback) {
    const ak = fromEnv(env, akVars);
    throw new ConfigError(
      ak === undefined
        ? `No credentials for ${endpoint.origin}: set an IAM token in one of ${tokenVars.join(", ")}.`
        : `Found an access key in ${ak.name}, but AK/SK signing is not available in this release yet: set an IAM token in one of ${tokenVars.join(", ")}.`,
    );
  }
  const auth: Authenticator =
    token === undefined
      ? { description: "no credentials (loopback)", authorize: () => Promise.resolve({}) }
      : staticTokenAuthenticator(token.value, token.name);
  return { endpoint: endpoint.origin, projectId, auth };
}
