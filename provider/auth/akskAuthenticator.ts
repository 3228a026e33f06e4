import type { Authenticator } from "../http/ApiConnection";
import { signRequest } from "./signRequest";

/** Options of {@link akskAuthenticator}. */
export interface AkskAuthenticatorOptions {
  readonly accessKey: string;
  readonly secretKey: string;
  /** Present for temporary credentials (STS); sent and signed as `X-Security-Token`. */
  readonly securityToken?: string | undefined;
  /** Sent and signed as `X-Project-Id` on every call; leave out for global (IAM) calls. */
  readonly projectId?: string | undefined;
  /** Where the access key came from, for example `HW_ACCESS_KEY` or `huaweicloud:accessKey`. */
  readonly source: string;
  /** Time of each signature; defaults to the system clock. */
  readonly clock?: (() => Date) | undefined;
}

/**
 * Signs every request with an access key pair (`SDK-HMAC-SHA256`). It sets `Host`, `X-Sdk-Date`,
 * `X-Project-Id` and `X-Security-Token` as needed and signs them together with `Content-Type`.
 * Each attempt is signed afresh with the current time. There is no `refresh`: a rejected
 * signature will be rejected again, and five in a row lock the key for five minutes.
 */
export function akskAuthenticator(opts: AkskAuthenticatorOptions): Authenticator {
  const { accessKey, secretKey, securityToken, projectId } = opts;
  if (accessKey === "" || secretKey === "") {
    throw new Error(`The access key or secret key from ${opts.source} is empty`);
  }
  const clock = opts.clock ?? (() => new Date());
  const kind = securityToken === undefined ? "access key" : "temporary access key";
  return {
    description: `${kind} from ${opts.source}`,
    authorize(req) {
      // URL.host leaves out the port exactly when it is the scheme's default, as clients send it.
      const added: Record<string, string> = { host: req.url.host };
      if (projectId !== undefined) added["x-project-id"] = projectId;
      if (securityToken !== undefined) added["x-security-token"] = securityToken;
      const headers = { ...req.headers, ...added };
      const signed = [...Object.keys(added), ...("content-type" in headers ? ["content-type"] : [])];
      const signature = signRequest({ ...req, headers }, { accessKey, secretKey }, clock(), signed);
      return Promise.resolve({ ...added, ...signature });
    },
  };
}
