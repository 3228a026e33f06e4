import { createHmac } from "node:crypto";
import { akskAuthenticator } from "../../provider/auth/akskAuthenticator";
import { canonicalRequest, stringToSign } from "../../provider/auth/signRequest";
import { HuaweiApiError } from "../../provider/http/HuaweiApiError";
import { requestJson } from "../../provider/http/requestJson";
import { LocalJsonServer, type ReceivedRequest } from "./localJsonServer";

const accessKey = "AKLOCALTEST000000001";
const secretKey = "LocalTestSecretKey";

/** Checks a request's signature the way the gateway does: from what actually arrived. */
function signatureIsValid(req: ReceivedRequest): boolean {
  const match = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    String(req.headers.authorization),
  );
  if (match?.[1] !== accessKey) return false;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === "string") headers[name] = value;
  const url = new URL(req.target, `http://${headers["host"] ?? ""}`);
  const signed = match[2]!.split(";");
  const canonical = canonicalRequest({ method: req.method, url, headers, body: req.body }, signed);
  const expected = createHmac("sha256", secretKey)
    .update(stringToSign(canonical, headers["x-sdk-date"] ?? ""))
    .digest("hex");
  return expected === match[3];
}

describe("AK/SK-signed requests over HTTP", () => {
  let rejectAll = false;
  const server = new LocalJsonServer((req) =>
    !rejectAll && signatureIsValid(req)
      ? { status: 200, body: { ok: true } }
      : {
          status: 401,
          body: { error_code: "APIG.0301", error_msg: "Incorrect IAM authentication information" },
        },
  );
  let endpoint: string;
  beforeAll(async () => {
    endpoint = await server.start();
  });
  afterAll(() => server.stop());

  const auth = akskAuthenticator({ accessKey, secretKey, projectId: "p1", source: "HW_ACCESS_KEY" });

  it("arrive with a signature the server can verify, port, query and body included", async () => {
    const res = await requestJson({
      api: "test batch-stop",
      method: "POST",
      endpoint,
      path: "/v5/p1/jobs/batch-stop",
      query: { note: "a b+c", z: "é" },
      body: { jobs: [{ job_id: "j-1" }], text: "ünïcode" },
      auth,
      idempotent: false,
    });
    expect(res.body).toEqual({ ok: true });
    const [received] = server.to("/v5/p1/jobs/batch-stop");
    expect(received?.headers.host).toBe(new URL(endpoint).host);
    expect(received?.headers["x-project-id"]).toBe("p1");
  });

  it("are sent once only when the signature is refused, since retries could lock the key", async () => {
    rejectAll = true;
    const before = server.to("/v5/p1/jobs").length;
    const failure = requestJson({
      api: "test list",
      method: "GET",
      endpoint,
      path: "/v5/p1/jobs",
      auth,
      idempotent: true,
    });
    await expect(failure).rejects.toThrow(HuaweiApiError);
    await expect(failure).rejects.toMatchObject({ httpStatus: 401, errorCode: "APIG.0301" });
    expect(server.to("/v5/p1/jobs").length - before).toBe(1);
    rejectAll = false;
  });
});
