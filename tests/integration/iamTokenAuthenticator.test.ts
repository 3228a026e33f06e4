import {
  iamTokenAuthenticator,
  type IamTokenAuthenticatorOptions,
} from "../../provider/auth/iamTokenAuthenticator";
import { HuaweiApiError } from "../../provider/http/HuaweiApiError";
import { requestJson } from "../../provider/http/requestJson";
import { LocalJsonServer, type CannedAnswer, type ReceivedRequest } from "./localJsonServer";

const password = "Pa55-w0rd-never-printed";
const hour = 60 * 60 * 1_000;

/** A fake IAM plus a fake service that accepts only the tokens IAM handed out and not revoked. */
class FakeCloud {
  issued = 0;
  valid = new Set<string>();
  iamAnswer: ((req: ReceivedRequest) => CannedAnswer | undefined) | undefined;
  lifetimeMs = 24 * hour;
  /** IAM's clock: deliberately far off the test's, to show local expiry does not depend on it. */
  iamNow = Date.parse("2030-06-01T00:00:00Z");

  readonly server = new LocalJsonServer((req) => {
    if (req.target.startsWith("/v3/auth/tokens")) {
      const special = this.iamAnswer?.(req);
      if (special) return special;
      const token = `token-${++this.issued}-${"x".repeat(40)}`;
      this.valid.add(token);
      return {
        status: 201,
        delayMs: 50,
        headers: { "x-subject-token": token },
        body: {
          token: {
            issued_at: new Date(this.iamNow).toISOString(),
            expires_at: new Date(this.iamNow + this.lifetimeMs).toISOString(),
          },
        },
      };
    }
    const token = req.headers["x-auth-token"];
    return typeof token === "string" && this.valid.has(token)
      ? { status: 200, body: { served: true } }
      : {
          status: 401,
          body: { error_code: "APIG.0301", error_msg: "Incorrect IAM authentication information" },
        };
  });

  tokenRequests(): ReceivedRequest[] {
    return this.server.to("/v3/auth/tokens");
  }
  serviceRequests(): ReceivedRequest[] {
    return this.server.received.filter((r) => r.target.startsWith("/service"));
  }
}

describe("IAM password-token authenticator against a local IAM and service", () => {
  const cloud = new FakeCloud();
  let endpoint: string;
  let now = Date.parse("2025-03-01T12:00:00Z");

  beforeAll(async () => {
    endpoint = await cloud.server.start();
  });
  afterAll(() => cloud.server.stop());
  beforeEach(() => {
    cloud.server.received.length = 0;
    cloud.valid.clear();
    cloud.iamAnswer = undefined;
    cloud.lifetimeMs = 24 * hour;
  });

  const makeAuth = (extra: Partial<IamTokenAuthenticatorOptions> = {}) =>
    iamTokenAuthenticator({
      iamEndpoint: endpoint,
      userName: "deployer",
      password,
      domainName: "acme",
      scope: { region: "ap-southeast-1" },
      source: "OS_USERNAME/OS_PASSWORD",
      clock: () => now,
      ...extra,
    });
  const callService = (auth: ReturnType<typeof makeAuth>, idempotent = true) =>
    requestJson({ api: "test service", method: "GET", endpoint, path: "/service/things", auth, idempotent });

  it("asks IAM for a project-scoped token with the password identity", async () => {
    await callService(makeAuth());
    const [tokenRequest] = cloud.tokenRequests();
    expect(tokenRequest?.method).toBe("POST");
    expect(JSON.parse(tokenRequest!.body)).toEqual({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: "deployer", password, domain: { name: "acme" } } },
        },
        scope: { project: { name: "ap-southeast-1" } },
      },
    });
  });

  it("scopes the token by project id when one is given", async () => {
    await callService(makeAuth({ scope: { projectId: "0123abcd" } }));
    const body = JSON.parse(cloud.tokenRequests()[0]!.body) as { auth: { scope: unknown } };
    expect(body.auth.scope).toEqual({ project: { id: "0123abcd" } });
  });

  it("fetches one token for many requests starting together, and sends it as X-Auth-Token", async () => {
    const auth = makeAuth();
    await Promise.all(Array.from({ length: 8 }, () => callService(auth)));
    expect(cloud.tokenRequests()).toHaveLength(1);
    const sent = new Set(cloud.serviceRequests().map((r) => r.headers["x-auth-token"]));
    expect([...sent]).toEqual(["token-" + String(cloud.issued) + "-" + "x".repeat(40)]);
  });

  it("keeps using the token until shortly before it expires, by the local clock", async () => {
    const auth = makeAuth({ refreshAheadMs: 10 * 60 * 1_000 });
    cloud.lifetimeMs = hour;
    await callService(auth);
    now += 49 * 60 * 1_000;
    await callService(auth);
    expect(cloud.tokenRequests()).toHaveLength(1);
    now += 2 * 60 * 1_000;
    await callService(auth);
    expect(cloud.tokenRequests()).toHaveLength(2);
  });

  it("after a 401 fetches a new token once and retries once, even a non-idempotent call", async () => {
    const auth = makeAuth();
    await callService(auth);
    cloud.valid.clear();
    cloud.server.received.length = 0;
    await expect(callService(auth, false)).resolves.toMatchObject({ status: 200 });
    expect(cloud.tokenRequests()).toHaveLength(1);
    const [first, second] = cloud.serviceRequests();
    expect(cloud.serviceRequests()).toHaveLength(2);
    expect(first?.headers["x-auth-token"]).not.toBe(second?.headers["x-auth-token"]);
  });

  it("fails on a second 401 with an error carrying neither the token nor the password", async () => {
    const auth = makeAuth();
    cloud.iamAnswer = () => ({
      status: 201,
      headers: { "x-subject-token": "token-never-accepted" },
      body: {},
    });
    const failure = callService(auth);
    await expect(failure).rejects.toBeInstanceOf(HuaweiApiError);
    const error = (await failure.catch((e: unknown) => e)) as HuaweiApiError;
    expect(error.httpStatus).toBe(401);
    expect(cloud.tokenRequests()).toHaveLength(2);
    expect(cloud.serviceRequests()).toHaveLength(2);
    expect(error.message).not.toContain("token-never-accepted");
    expect(error.message).not.toContain(password);
  });

  it("explains a refused password naming the IAM endpoint and the user, not the password", async () => {
    cloud.iamAnswer = () => ({
      status: 401,
      body: { error: { code: 401, message: "The username or password is wrong." } },
    });
    const failure = callService(makeAuth());
    await expect(failure).rejects.toThrow(HuaweiApiError);
    const error = (await failure.catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(endpoint);
    expect(error.message).toContain('user "deployer"');
    expect(error.message).toMatch(/refused the user name, password or account name/);
    expect(error.message).not.toContain(password);
    expect(cloud.tokenRequests()).toHaveLength(1);
  });

  it("refuses an IAM answer without X-Subject-Token, and tries again on the next request", async () => {
    cloud.iamAnswer = () => ({ status: 201, body: {} });
    const auth = makeAuth();
    await expect(callService(auth)).rejects.toThrow(/without an X-Subject-Token header/);
    cloud.iamAnswer = undefined;
    await expect(callService(auth)).resolves.toMatchObject({ status: 200 });
    expect(cloud.tokenRequests()).toHaveLength(2);
  });

  it("describes itself by user, IAM endpoint and source, without the password", () => {
    const { description } = makeAuth();
    expect(description).toContain("deployer");
    expect(description).toContain(endpoint);
    expect(description).toContain("OS_USERNAME/OS_PASSWORD");
    expect(description).not.toContain(password);
  });
});
