import type { Authenticator } from "../http/ApiConnection";

/**
 * Sends an IAM token given directly (environment or config) as `X-Auth-Token`. It cannot be
 * refreshed: a 401 means the user must supply a new one.
 */
export function staticTokenAuthenticator(token: string, source: string): Authenticator {
  return {
    description: `IAM token from ${source}`,
    authorize: () => Promise.resolve({ "x-auth-token": token }),
  };
}
