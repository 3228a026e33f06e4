import { randomBytes } from "node:crypto";
import type { EmulatorCredentials, EmulatorUser } from "./defaultEmulatorCredentials";
import {
  canonicalRequest,
  parseSdkAuthorization,
  parseSdkDate,
  signCanonicalRequest,
  type ReceivedRequest,
} from "./sdkHmacSha256";

/** How a call authenticated itself. */
export type AuthScheme = "aksk" | "token" | "none";

/** The outcome of checking one request's credentials. */
export type AuthResult =
  | {
      readonly ok: true;
      readonly scheme: AuthScheme;
      readonly accessKeyId?: string;
      /** The project a token is scoped to. */
      readonly projectId?: string;
    }
  | {
      readonly ok: false;
      readonly scheme: AuthScheme;
      readonly accessKeyId?: string;
      readonly reason: string;
    };

/** An IAM token the emulator issued. The value itself is only ever handed to the client. */
interface IssuedToken {
  readonly expiresAt: number;
  readonly projectId: string;
  readonly user: EmulatorUser;
}

/** Timing of authentication. */
export interface AuthTiming {
  /** How long an access key stays locked after five failed signatures in a row (vendor: 5 min). */
  lockMs: number;
  /** How long an issued token lives (vendor: 24 h). */
  tokenTtlMs: number;
}

/** The gateway accepts `X-Sdk-Date` values up to this far from its clock. */
const maxClockSkewMs = 15 * 60_000;
/** Failed signatures in a row after which an access key is locked. */
const failuresBeforeLock = 5;

/**
 * Checks credentials as the Huawei API gateway does: `SDK-HMAC-SHA256` signatures re-computed from
 * the request, with the access key lock-out, and IAM tokens this emulator issued.
 */
export class EmulatorAuth {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly failures = new Map<string, { inARow: number; lockedUntil: number }>();

  constructor(
    readonly credentials: EmulatorCredentials,
    readonly timing: AuthTiming,
  ) {}

  /** Checks one service call's credentials (`X-Auth-Token` first, then `Authorization`). */
  verify(req: ReceivedRequest, now = Date.now()): AuthResult {
    const token = req.headers["x-auth-token"];
    if (token !== undefined) {
      const issued = this.tokens.get(token);
      if (issued === undefined) return { ok: false, scheme: "token", reason: "the token is not valid" };
      if (issued.expiresAt <= now) return { ok: false, scheme: "token", reason: "the token has expired" };
      return { ok: true, scheme: "token", projectId: issued.projectId };
    }
    const header = req.headers["authorization"];
    if (header === undefined) return { ok: false, scheme: "none", reason: "no credentials were sent" };
    const auth = parseSdkAuthorization(header);
    if (auth === undefined) {
      return { ok: false, scheme: "aksk", reason: "the Authorization header is not SDK-HMAC-SHA256" };
    }
    const accessKeyId = auth.accessKeyId;
    const key = this.credentials.accessKeys.find((k) => k.accessKeyId === accessKeyId);
    if (key === undefined) return { ok: false, scheme: "aksk", accessKeyId, reason: "unknown access key" };

    const record = this.failures.get(accessKeyId) ?? { inARow: 0, lockedUntil: 0 };
    this.failures.set(accessKeyId, record);
    if (record.lockedUntil > now) {
      return {
        ok: false,
        scheme: "aksk",
        accessKeyId,
        reason: "the access key is locked after failed signatures",
      };
    }
    const reason = this.signatureProblem(req, auth.signedHeaders, auth.signature, key, now);
    if (reason !== undefined) {
      record.inARow += 1;
      if (record.inARow >= failuresBeforeLock) {
        record.inARow = 0;
        record.lockedUntil = now + this.timing.lockMs;
      }
      return { ok: false, scheme: "aksk", accessKeyId, reason };
    }
    record.inARow = 0;
    return { ok: true, scheme: "aksk", accessKeyId };
  }

  private signatureProblem(
    req: ReceivedRequest,
    signedHeaders: readonly string[],
    signature: string,
    key: EmulatorCredentials["accessKeys"][number],
    now: number,
  ): string | undefined {
    const sdkDate = req.headers["x-sdk-date"];
    if (sdkDate === undefined) return "X-Sdk-Date is missing";
    if (!signedHeaders.includes("x-sdk-date")) return "X-Sdk-Date is not among SignedHeaders";
    const dated = parseSdkDate(sdkDate.trim());
    if (dated === undefined) return "X-Sdk-Date is not YYYYMMDDTHHMMSSZ";
    if (Math.abs(now - dated) > maxClockSkewMs)
      return "the signature has expired (X-Sdk-Date is over 15 minutes off)";
    if (key.securityToken !== undefined) {
      if (req.headers["x-security-token"] !== key.securityToken)
        return "X-Security-Token is missing or wrong";
      if (!signedHeaders.includes("x-security-token")) return "X-Security-Token is not among SignedHeaders";
    }
    const canonical = canonicalRequest(req, signedHeaders);
    if (canonical === undefined) return "a signed header is missing from the request";
    const expected = signCanonicalRequest(canonical, sdkDate.trim(), key.secretAccessKey);
    return expected === signature.toLowerCase() ? undefined : "the signature does not match";
  }

  /**
   * Issues a token for a password identity, or `undefined` when the user, domain or password is
   * wrong. `scope` names the project by id or by name (the region).
   */
  issueToken(
    identity: { domainName: string; userName: string; password: string },
    scope: { projectId?: string; projectName?: string },
    now = Date.now(),
  ):
    | { token: string; expiresAt: number; issuedAt: number; user: EmulatorUser }
    | "bad-password"
    | "bad-scope" {
    const user = this.credentials.users.find(
      (u) =>
        u.domainName === identity.domainName &&
        u.userName === identity.userName &&
        u.password === identity.password,
    );
    if (user === undefined) return "bad-password";
    const { projectId, regionName } = this.credentials;
    const inScope =
      (scope.projectId !== undefined && scope.projectId === projectId) ||
      (scope.projectId === undefined && scope.projectName === regionName);
    if (!inScope) return "bad-scope";
    const token = `MIIemulator${randomBytes(48).toString("base64url")}`;
    const expiresAt = now + this.timing.tokenTtlMs;
    this.tokens.set(token, { expiresAt, projectId, user });
    return { token, expiresAt, issuedAt: now, user };
  }

  /** Makes every issued token expire now. */
  expireAllTokens(now = Date.now()): void {
    for (const [token, issued] of this.tokens) this.tokens.set(token, { ...issued, expiresAt: now });
  }

  /** Forgets tokens and access key failure counts and locks. */
  reset(): void {
    this.tokens.clear();
    this.failures.clear();
  }
}
