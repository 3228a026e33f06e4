import { akskAuthenticator } from "../../provider/auth/akskAuthenticator";
import { canonicalRequest, signRequest } from "../../provider/auth/signRequest";
import type { SignableRequest } from "../../provider/http/ApiConnection";

const secretKey = "TopSecretSecretKeyValue0123456789";
const accessKey = "AKEXAMPLE000000000001";
const securityToken = "TemporarySecurityTokenValue";
const at = (iso: string) => new Date(iso);

function get(url: string, headers: Record<string, string> = { accept: "application/json" }): SignableRequest {
  return { method: "GET", url: new URL(url), headers, body: "" };
}

describe("akskAuthenticator", () => {
  it("adds host, date, project id and signature, signing exactly those", async () => {
    const auth = akskAuthenticator({
      accessKey,
      secretKey,
      projectId: "pid1",
      source: "HW_ACCESS_KEY",
      clock: () => at("2025-01-02T03:04:05Z"),
    });
    const headers = await auth.authorize(get("https://drs.ap-southeast-1.myhuaweicloud.com/v5/pid1/jobs/j"));
    expect(headers).toMatchObject({
      host: "drs.ap-southeast-1.myhuaweicloud.com",
      "x-project-id": "pid1",
      "x-sdk-date": "20250102T030405Z",
    });
    expect(headers).not.toHaveProperty("x-security-token");
    expect(headers["authorization"]).toMatch(
      /^SDK-HMAC-SHA256 Access=AKEXAMPLE000000000001, SignedHeaders=host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
  });

  it("produces the signature a server recomputes from the headers as sent", async () => {
    const auth = akskAuthenticator({
      accessKey,
      secretKey,
      projectId: "p",
      source: "s",
      clock: () => at("2025-01-02T03:04:05Z"),
    });
    const request: SignableRequest = {
      method: "POST",
      url: new URL("https://h.example/v5/p/jobs/batch-stop"),
      headers: { accept: "application/json", "content-type": "application/json" },
      body: '{"jobs":[]}',
    };
    const added = await auth.authorize(request);
    const sent = { ...request, headers: { ...request.headers, ...added } };
    const names = ["content-type", "host", "x-project-id", "x-sdk-date"];
    expect(added["authorization"]).toContain(`SignedHeaders=${names.join(";")},`);
    expect(added["authorization"]).toBe(
      signRequest(sent, { accessKey, secretKey }, at("2025-01-02T03:04:05Z"), names).authorization,
    );
    expect(canonicalRequest(sent, names)).toContain("content-type:application/json\nhost:h.example\n");
  });

  it("sends and signs the security token of temporary credentials", async () => {
    const auth = akskAuthenticator({ accessKey, secretKey, securityToken, source: "HW_ACCESS_KEY" });
    const headers = await auth.authorize(get("https://iam.myhuaweicloud.com/v3/projects?name=eu-west-101"));
    expect(headers["x-security-token"]).toBe(securityToken);
    expect(headers["authorization"]).toContain("SignedHeaders=host;x-sdk-date;x-security-token,");
    expect(auth.description).toBe("temporary access key from HW_ACCESS_KEY");
  });

  it("keeps a non-default port in the host header and drops the default one", async () => {
    const auth = akskAuthenticator({ accessKey, secretKey, source: "s" });
    expect((await auth.authorize(get("http://127.0.0.1:8123/x")))["host"]).toBe("127.0.0.1:8123");
    expect((await auth.authorize(get("https://h.example:443/x")))["host"]).toBe("h.example");
    expect((await auth.authorize(get("http://h.example:80/x")))["host"]).toBe("h.example");
  });

  it("reads the clock for every request, so retries carry a fresh date and signature", async () => {
    const times = [at("2025-01-02T03:04:05Z"), at("2025-01-02T03:09:59Z")];
    let calls = 0;
    const auth = akskAuthenticator({ accessKey, secretKey, source: "s", clock: () => times[calls++]! });
    const first = await auth.authorize(get("https://h.example/x"));
    const second = await auth.authorize(get("https://h.example/x"));
    expect(calls).toBe(2);
    expect([first["x-sdk-date"], second["x-sdk-date"]]).toEqual(["20250102T030405Z", "20250102T030959Z"]);
    expect(first["authorization"]).not.toBe(second["authorization"]);
  });

  it("names where the key came from, never the key, secret or token, and offers no refresh", () => {
    const auth = akskAuthenticator({
      accessKey,
      secretKey,
      securityToken,
      projectId: "p",
      source: "OS_ACCESS_KEY",
    });
    expect(auth.description).toContain("OS_ACCESS_KEY");
    for (const secret of [accessKey, secretKey, securityToken])
      expect(auth.description).not.toContain(secret);
    expect("refresh" in auth).toBe(false);
  });

  it("refuses an empty key pair, naming its source", () => {
    expect(() => akskAuthenticator({ accessKey: "", secretKey, source: "HW_ACCESS_KEY" })).toThrow(
      /from HW_ACCESS_KEY is empty/,
    );
    expect(() => akskAuthenticator({ accessKey, secretKey: "", source: "cfg" })).toThrow(/from cfg is empty/);
  });
});
