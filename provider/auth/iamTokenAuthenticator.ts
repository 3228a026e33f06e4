import { z } from "zod";
import type { Authenticator } from "../http/ApiConnection";
import { HuaweiApiError } from "../http/HuaweiApiError";
import { requestJson } from "../http/requestJson";

/** Which project the token is for: by id, or by name (a project's name is its region). */
export type IamTokenScope = { readonly projectId: string } | { readonly region: string };

/** Options of {@link iamTokenAuthenticator}. */
export interface IamTokenAuthenticatorOptions {
  /** IAM base URL without `/v3`, for example `https://iam.ap-southeast-1.myhuaweicloud.com`. */
  readonly iamEndpoint: string;
  /** IAM user name. */
  readonly userName: string;
  readonly password: string;
  /** Account (domain) the user belongs to. */
  readonly domainName: string;
  readonly scope: IamTokenScope;
  /** Where the user and password came from, for example `OS_USERNAME/OS_PASSWORD`. */
  readonly source: string;
  /** A token is replaced when it has less than this left (default 10 minutes). */
  readonly refreshAheadMs?: number | undefined;
  /** Current time in epoch ms; defaults to `Date.now`. */
  readonly clock?: (() => number) | undefined;
  /** Per-attempt timeout of the IAM call (default 30 s). */
  readonly timeoutMs?: number | undefined;
}

/** Tokens live 24 h; assume so when IAM does not say. */
const defaultLifetimeMs = 24 * 60 * 60 * 1_000;

const tokenAnswer = z.looseObject({
  token: z
    .looseObject({
      expires_at: z.string().optional(),
      issued_at: z.string().optional(),
    })
    .optional(),
});

interface CachedToken {
  readonly value: string;
  /** Local epoch ms after which the token is no longer used. */
  readonly renewAt: number;
}

/**
 * Sends an IAM token obtained with a user name and password as `X-Auth-Token`. The token is
 * fetched on first use (once, however many requests start together), replaced some minutes
 * before it expires, and fetched again by `refresh` after a 401. Errors name the IAM endpoint
 * and the user, never the password or a token.
 */
export function iamTokenAuthenticator(opts: IamTokenAuthenticatorOptions): Authenticator {
  const clock = opts.clock ?? Date.now;
  const refreshAheadMs = opts.refreshAheadMs ?? 10 * 60 * 1_000;
  const who = `user "${opts.userName}" of account "${opts.domainName}"`;
  const api = `IAM token for ${who} at ${opts.iamEndpoint}`;
  let cached: CachedToken | undefined;
  let inFlight: Promise<CachedToken> | undefined;

  // Every caller that needs a token while one is being fetched waits for that same fetch.
  const fetchShared = (): Promise<CachedToken> => {
    inFlight ??= fetchToken().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const fetchToken = async (): Promise<CachedToken> => {
    const started = clock();
    const res = await requestJson({
      api,
      method: "POST",
      endpoint: opts.iamEndpoint,
      path: "/v3/auth/tokens",
      // The service catalogue is large and unused here.
      query: { nocatalog: "true" },
      body: tokenRequestBody(opts),
      // Asking for a token twice does no harm.
      idempotent: true,
      timeoutMs: opts.timeoutMs,
    }).catch((error: unknown) => {
      if (error instanceof HuaweiApiError && error.httpStatus === 401 && error.errorMessage === undefined) {
        // Keystone-style error bodies are not in the gateway's format, so say what a 401 means here.
        throw new HuaweiApiError(
          {
            api: error.api,
            httpStatus: 401,
            ...(error.errorCode === undefined ? {} : { errorCode: error.errorCode }),
            errorMessage: "IAM refused the user name, password or account name",
            ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
          },
          { cause: error },
        );
      }
      throw error;
    });
    const token = res.headers["x-subject-token"];
    if (token === undefined || token === "") {
      // A HuaweiApiError passes through the caller's requestJson as is; another error would be
      // taken for a network failure and the whole token request repeated.
      throw new HuaweiApiError({
        api,
        httpStatus: res.status,
        errorMessage: "IAM answered without an X-Subject-Token header",
        ...(res.requestId === undefined ? {} : { requestId: res.requestId }),
      });
    }
    const lifetime = lifetimeMs(res.body);
    // A refresh margin longer than the token's life would fetch a new token for every call.
    const fresh = { value: token, renewAt: started + Math.max(lifetime - refreshAheadMs, lifetime / 2) };
    cached = fresh;
    return fresh;
  };

  // Issued and expiry times are both the server's, so their difference does not suffer from a
  // skewed local clock; an expiry alone is used as is.
  const lifetimeMs = (body: unknown): number => {
    const parsed = tokenAnswer.safeParse(body);
    const expires = parsed.success ? Date.parse(parsed.data.token?.expires_at ?? "") : Number.NaN;
    const issued = parsed.success ? Date.parse(parsed.data.token?.issued_at ?? "") : Number.NaN;
    if (Number.isNaN(expires)) return defaultLifetimeMs;
    return Number.isNaN(issued) ? expires - clock() : expires - issued;
  };

  return {
    description: `IAM token for ${who} at ${opts.iamEndpoint}, credentials from ${opts.source}`,
    async authorize() {
      const token = cached !== undefined && clock() < cached.renewAt ? cached : await fetchShared();
      return { "x-auth-token": token.value };
    },
    async refresh() {
      cached = undefined;
      await fetchShared();
      return true;
    },
  };
}

function tokenRequestBody(opts: IamTokenAuthenticatorOptions): unknown {
  const project = "projectId" in opts.scope ? { id: opts.scope.projectId } : { name: opts.scope.region };
  return {
    auth: {
      identity: {
        methods: ["password"],
        password: {
          user: { name: opts.userName, password: opts.password, domain: { name: opts.domainName } },
        },
      },
      scope: { project },
    },
  };
}
