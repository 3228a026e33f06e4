/** One access key the emulator accepts for `SDK-HMAC-SHA256` signatures. */
export interface EmulatorAccessKey {
  /** The access key id (AK), sent in the clear in the `Authorization` header. */
  readonly accessKeyId: string;
  /** The secret access key (SK) that signs requests; never sent. */
  readonly secretAccessKey: string;
  /**
   * Set for temporary credentials: requests must then carry this value as a signed
   * `X-Security-Token` header.
   */
  readonly securityToken?: string;
}

/** One IAM user the emulator issues tokens to. */
export interface EmulatorUser {
  /** Account (domain) name the user belongs to. */
  readonly domainName: string;
  /** IAM user name. */
  readonly userName: string;
  /** The user's password for `POST /v3/auth/tokens`. */
  readonly password: string;
}

/** Everything the emulator accepts as a credential, and the one project it serves. */
export interface EmulatorCredentials {
  /** Access keys whose signatures are accepted. */
  readonly accessKeys: readonly EmulatorAccessKey[];
  /** Users who may log in for an IAM token. */
  readonly users: readonly EmulatorUser[];
  /** Id of the one project the emulator serves. */
  readonly projectId: string;
  /** The region, which is also the project's name (`GET /v3/projects?name=...`). */
  readonly regionName: string;
}

/**
 * The credentials an emulator accepts unless told otherwise. They are public test values for the
 * local emulator only; the README, the demo and `npm run emulator` print them.
 */
export const defaultEmulatorCredentials = {
  accessKeys: [
    {
      accessKeyId: "EMULATORAK0000000001",
      secretAccessKey: "emulator-secret-key-0000000000000000000001",
    },
  ],
  users: [{ domainName: "emulator-domain", userName: "emulator-user", password: "emulator-password" }],
  projectId: "0123456789abcdef0123456789abcdef",
  regionName: "ap-southeast-1",
} as const satisfies EmulatorCredentials;
