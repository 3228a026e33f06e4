import type { EmulatorAuth } from "./EmulatorAuth";

/** An IAM answer; unlike the other services it may set headers (`X-Subject-Token`). */
export interface IamAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const iamError = (status: number, title: string, message: string): IamAnswer => ({
  status,
  // Keystone-style error body, as IAM's token API answers.
  body: { error: { code: status, title, message } },
});

/**
 * The two IAM calls a client needs: issuing a project-scoped token for a password identity
 * (`POST /v3/auth/tokens`, the only call that needs no credentials) and finding a project by its
 * region name (`GET /v3/projects?name=...`).
 */
export class IamService {
  readonly name = "iam";

  constructor(private readonly auth: EmulatorAuth) {}

  /** Whether this is the one call that is answered without credentials. */
  static isTokenIssue(method: string, path: string): boolean {
    return method === "POST" && path.replace(/\/+$/, "") === "/v3/auth/tokens";
  }

  /** Whether IAM owns this path. */
  static owns(path: string): boolean {
    return /^\/v3\/(auth\/tokens|projects)\/?$/.test(path);
  }

  handle(method: string, path: string, query: URLSearchParams, body: unknown): IamAnswer {
    if (IamService.isTokenIssue(method, path)) return this.issue(body);
    if (method === "GET" && /^\/v3\/projects\/?$/.test(path)) {
      const { projectId, regionName } = this.auth.credentials;
      const name = query.get("name");
      const projects =
        name === null || name === regionName
          ? [
              {
                id: projectId,
                name: regionName,
                domain_id: "emulator-domain-id",
                enabled: true,
                is_domain: false,
              },
            ]
          : [];
      return {
        status: 200,
        body: { projects, links: { self: `/v3/projects${name ? `?name=${name}` : ""}` } },
      };
    }
    return {
      status: 404,
      body: {
        error_code: "APIG.0101",
        error_msg: "The API does not exist or has not been published in the environment.",
      },
    };
  }

  private issue(body: unknown): IamAnswer {
    const auth = get(body, "auth");
    const methods = get(get(auth, "identity"), "methods");
    const user = get(get(get(auth, "identity"), "password"), "user");
    const domainName = get(get(user, "domain"), "name");
    const userName = get(user, "name");
    const password = get(user, "password");
    const project = get(get(auth, "scope"), "project");
    const projectId = get(project, "id");
    const projectName = get(project, "name");
    if (
      !Array.isArray(methods) ||
      !methods.includes("password") ||
      typeof domainName !== "string" ||
      typeof userName !== "string" ||
      typeof password !== "string"
    ) {
      return iamError(
        400,
        "Bad Request",
        "auth.identity must use the password method with user.name, user.password and user.domain.name.",
      );
    }
    if (typeof projectId !== "string" && typeof projectName !== "string") {
      return iamError(400, "Bad Request", "auth.scope.project needs an id or a name (the region).");
    }
    const issued = this.auth.issueToken(
      { domainName, userName, password },
      {
        ...(typeof projectId === "string" ? { projectId } : {}),
        ...(typeof projectName === "string" ? { projectName } : {}),
      },
    );
    if (issued === "bad-password") return iamError(401, "Unauthorized", "The username or password is wrong.");
    if (issued === "bad-scope")
      return iamError(401, "Unauthorized", "The project in auth.scope does not exist.");
    const { projectId: pid, regionName } = this.auth.credentials;
    const domain = { id: "emulator-domain-id", name: issued.user.domainName };
    return {
      status: 201,
      headers: { "x-subject-token": issued.token },
      body: {
        token: {
          methods: ["password"],
          expires_at: new Date(issued.expiresAt).toISOString(),
          issued_at: new Date(issued.issuedAt).toISOString(),
          user: { id: "emulator-user-id", name: issued.user.userName, domain },
          project: { id: pid, name: regionName, domain },
          catalog: [],
          roles: [{ id: "emulator-role-id", name: "te_admin" }],
        },
      },
    };
  }
}

function get(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The token request body with the password replaced, safe for the call log. */
export function redactTokenRequest(body: unknown): unknown {
  return JSON.parse(
    JSON.stringify(body ?? null, (key, value: unknown) =>
      key === "password" && typeof value === "string" ? "***" : value,
    ),
  ) as unknown;
}
