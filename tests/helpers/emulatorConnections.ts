/*
 * Test helper: builds provider connections to a running HuaweiEmulator exactly as the provider
 * does at run time (resolveConnection + defaultAuthFactories, reading an HW_* environment).
 */
import { defaultEmulatorCredentials } from "../../emulator";
import { defaultAuthFactories } from "../../provider/config/defaultAuthFactories";
import { resolveConnection, type ServiceName } from "../../provider/config/resolveConnection";
import type { SettingKey } from "../../provider/config/settings";
import type { StackSetting } from "../../provider/config/stackConfig";
import type { ApiConnection } from "../../provider/http/ApiConnection";

/** The `HW_*` environment aiming a client at the emulator (lives in the emulator package). */
export { emulatorEnv, type EmulatorEnvScheme as EmulatorScheme } from "../../emulator";

/** A connection to `service` resolved from `env` alone (no stack config), with the real authenticators. */
export function connectFromEnv(service: ServiceName, env: Record<string, string>): Promise<ApiConnection> {
  return resolveConnection(service, {}, defaultAuthFactories, {
    stack: new Map<SettingKey, StackSetting>(),
    env,
  });
}

/**
 * The same connection, but every header set its authenticator adds is also pushed to `seen`,
 * so that a test can check that no signature or token leaks into errors.
 */
export function recordingAuth(conn: ApiConnection, seen: Record<string, string>[]): ApiConnection {
  const inner = conn.auth;
  return {
    ...conn,
    auth: {
      description: inner.description,
      async authorize(req) {
        const headers = await inner.authorize(req);
        seen.push(headers);
        return headers;
      },
      ...(inner.refresh === undefined ? {} : { refresh: () => inner.refresh!() }),
    },
  };
}

/** Empties the emulator's call log through its control interface, keeping jobs and tokens. */
export async function clearEmulatorCalls(url: string): Promise<void> {
  const res = await fetch(`${url}/__emulator/calls`, { method: "DELETE" });
  if (res.status !== 204) throw new Error(`clearing the emulator call log answered ${res.status}`);
}

/** Asks the emulator's IAM for a project-scoped token of the default user, as a client would. */
export async function issueEmulatorToken(url: string): Promise<string> {
  const [user] = defaultEmulatorCredentials.users;
  const res = await fetch(`${url}/v3/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: {
            user: { name: user.userName, password: user.password, domain: { name: user.domainName } },
          },
        },
        scope: { project: { id: defaultEmulatorCredentials.projectId } },
      },
    }),
  });
  const token = res.headers.get("x-subject-token");
  if (res.status !== 201 || token === null)
    throw new Error(`the emulator issued no token (HTTP ${res.status})`);
  return token;
}
