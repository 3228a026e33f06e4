import { akskAuthenticator } from "../auth/akskAuthenticator";
import { iamTokenAuthenticator } from "../auth/iamTokenAuthenticator";
import { staticTokenAuthenticator } from "../auth/staticTokenAuthenticator";
import { findProjectId } from "../iam/findProjectId";
import type { AuthFactories } from "./resolveConnection";

/** The real authenticators: AK/SK signing, a given IAM token, or password login through IAM. */
export const defaultAuthFactories: AuthFactories = {
  aksk: (creds, projectId) =>
    akskAuthenticator({
      accessKey: creds.accessKey,
      secretKey: creds.secretKey,
      securityToken: creds.securityToken,
      projectId,
      source: creds.source,
    }),
  token: (creds) => staticTokenAuthenticator(creds.token, creds.source),
  password: (creds, iamEndpoint, scope) =>
    iamTokenAuthenticator({
      iamEndpoint,
      userName: creds.userName,
      password: creds.password,
      domainName: creds.domainName,
      scope,
      source: creds.source,
    }),
  findProjectId: (iam, region) => findProjectId(iam, region),
};
