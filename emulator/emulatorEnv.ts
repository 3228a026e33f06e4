import { defaultEmulatorCredentials } from "./defaultEmulatorCredentials";

/**
 * How a client of the emulator authenticates: AK/SK signatures, a password login through IAM, a
 * given IAM token, or `endpoints` only (credentials come from somewhere else, such as encrypted
 * stack config).
 */
export type EmulatorEnvScheme = "aksk" | "password" | "token" | "endpoints";

/** Variations of {@link emulatorEnv}. */
export interface EmulatorEnvOptions {
  /** Whether `HW_PROJECT_ID` is set (default true); without it the project is looked up through IAM. */
  readonly withProjectId?: boolean;
  /** Replaces the secret key (scheme `aksk` only), to provoke a signature mismatch. */
  readonly secretKey?: string;
  /** The IAM token to give as `HW_AUTH_TOKEN` (scheme `token` only; required there). */
  readonly token?: string;
}

/**
 * The `HW_*` environment that points every service (DRS, DLI, IAM) at the emulator at `url`, with
 * the emulator's default region, project and credentials of `scheme`. The one place that knows
 * how a client is aimed at the emulator: the emulator's own start-up banner, the demo, the
 * benchmark and the tests all use it.
 */
export function emulatorEnv(
  url: string,
  scheme: EmulatorEnvScheme,
  options: EmulatorEnvOptions = {},
): Record<string, string> {
  const { projectId, regionName } = defaultEmulatorCredentials;
  const [key] = defaultEmulatorCredentials.accessKeys;
  const [user] = defaultEmulatorCredentials.users;
  const base: Record<string, string> = {
    HW_DRS_ENDPOINT: url,
    HW_DLI_ENDPOINT: url,
    HW_IAM_ENDPOINT: url,
    HW_REGION_NAME: regionName,
    ...(options.withProjectId === false ? {} : { HW_PROJECT_ID: projectId }),
  };
  switch (scheme) {
    case "aksk":
      return {
        ...base,
        HW_ACCESS_KEY: key.accessKeyId,
        HW_SECRET_KEY: options.secretKey ?? key.secretAccessKey,
      };
    case "password":
      return {
        ...base,
        HW_USER_NAME: user.userName,
        HW_PASSWORD: user.password,
        HW_DOMAIN_NAME: user.domainName,
      };
    case "token":
      if (options.token === undefined) throw new Error('emulatorEnv: the "token" scheme needs options.token');
      return { ...base, HW_AUTH_TOKEN: options.token };
    case "endpoints":
      return base;
  }
}
