import type { EmulatorAnswer } from "./EmulatedService";
import type { AuthResult } from "./EmulatorAuth";

// The project id sits right after the version in every DRS and DLI path.
const projectInPath: Readonly<Record<string, RegExp>> = {
  drs: /^\/v(?:3|5)\/([^/]+)\//,
  dli: /^\/v1\.0\/([^/]+)\/streaming(?:\/|$)/,
};

// DRS documents DRS.M00261 (HTTP 403, "Invalid project ID."); for DLI the code is the emulator's
// pick among the documented auth failures.
const refusals: Readonly<Record<string, EmulatorAnswer>> = {
  drs: { status: 403, body: { error_code: "DRS.M00261", error_msg: "Invalid project ID." } },
  dli: {
    status: 403,
    body: { error_code: "DLI.0013", error_msg: "The credentials are not valid for the project in the path." },
  },
};

/**
 * The refusal of a DRS or DLI call whose path names a project the credentials are not for: the
 * token's scope, the signed `X-Project-Id` when one was sent, and in any case the account's
 * project. `undefined` when the call may go on.
 */
export function projectMismatch(
  service: string | undefined,
  path: string,
  headers: Readonly<Record<string, string>>,
  auth: AuthResult,
  accountProjectId: string,
): EmulatorAnswer | undefined {
  const pattern = service === undefined ? undefined : projectInPath[service];
  const refusal = service === undefined ? undefined : refusals[service];
  const inPath = pattern?.exec(path)?.[1];
  if (inPath === undefined || refusal === undefined) return undefined;
  const project = decodeURIComponent(inPath);
  const held = auth.ok && auth.scheme === "token" ? auth.projectId : headers["x-project-id"];
  if (project !== accountProjectId || (held !== undefined && held !== project)) return refusal;
  return undefined;
}
