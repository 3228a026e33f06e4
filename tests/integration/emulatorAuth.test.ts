import { defaultEmulatorCredentials, HuaweiEmulator } from "../../emulator";
import { EmulatorTestClient, sdkDate } from "./emulatorTestClient";

const { projectId, regionName } = defaultEmulatorCredentials;
const key = defaultEmulatorCredentials.accessKeys[0];
const temporary = {
  accessKeyId: "TEMPORARYAK000000001",
  secretAccessKey: "temporary-sk",
  securityToken: "sts-token-value",
};
const statusCall = (ids: string[] = ["missing-job"]) => ({
  method: "POST",
  path: `/v3/${projectId}/jobs/batch-status`,
  body: { jobs: ids, page_req: { cur_page: 1, per_page: 10 } },
});
const rejected = { error_code: "APIG.0301" };

describe("emulator authentication", () => {
  const emulator = new HuaweiEmulator({
    lockMs: 400,
    credentials: {
      ...defaultEmulatorCredentials,
      accessKeys: [...defaultEmulatorCredentials.accessKeys, temporary],
    },
  });
  let client: EmulatorTestClient;
  beforeAll(async () => {
    client = new EmulatorTestClient(await emulator.start());
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  describe("AK/SK signatures made by the official Node SDK", () => {
    it("accepts a good signature and logs the scheme and access key id, never the secret", async () => {
      const job = emulator.seed({ projectId });
      const answer = await client.signed(statusCall([job.id]));
      expect(answer.status).toBe(200);
      const [call] = emulator.calls();
      expect(call).toMatchObject({ auth: "aksk", accessKeyId: key.accessKeyId, service: "drs", status: 200 });
      expect(JSON.stringify(emulator.calls())).not.toContain(key.secretAccessKey);
      expect(JSON.stringify(emulator.calls())).not.toMatch(/Signature=/);
    });

    it("accepts a signed GET with a query string", async () => {
      const answer = await client.signed({
        method: "GET",
        path: `/v5/${projectId}/jobs`,
        query: { job_type: "sync", name: "a,b" },
      });
      expect(answer).toMatchObject({ status: 200, body: { total_count: 0 } });
    });

    it.each([
      ["body", { body: JSON.stringify({ jobs: ["other"], page_req: { cur_page: 1, per_page: 10 } }) }],
      ["path", { path: `/v3/${projectId}/jobs/batch-detail` }],
      ["query", { query: { extra: "1" } }],
      // One minute off: within the allowed skew, so only the signature can catch it.
      ["date", { headers: { "X-Sdk-Date": sdkDate(new Date(Date.now() + 60_000)) } }],
    ])("rejects a request whose %s was changed after signing with 401 APIG.0301", async (_what, tamper) => {
      const answer = await client.signed(statusCall(), { tamper });
      expect(answer).toMatchObject({ status: 401, body: rejected });
    });

    it("rejects a signature dated more than 15 minutes away, and accepts one 10 minutes away", async () => {
      const late = await client.signed(statusCall(), { date: new Date(Date.now() - 16 * 60_000) });
      expect(late).toMatchObject({ status: 401, body: rejected });
      expect(emulator.calls()[0]?.authError).toMatch(/15 minutes/);
      const skewed = await client.signed(statusCall(), { date: new Date(Date.now() + 10 * 60_000) });
      expect(skewed.status).toBe(400); // authenticated; the job simply does not exist
    });

    it("rejects an unknown access key and a wrong secret key", async () => {
      expect(await client.signed(statusCall(), { ak: "NOSUCHKEY" })).toMatchObject({
        status: 401,
        body: rejected,
      });
      expect(await client.signed(statusCall(), { sk: "wrong" })).toMatchObject({
        status: 401,
        body: rejected,
      });
    });

    it("rejects a signature that does not cover X-Sdk-Date", async () => {
      const answer = await client.signed(statusCall(), {
        tamper: { headers: { "X-Sdk-Date": "" } },
      });
      expect(answer.status).toBe(401);
      const unsigned = await fetch(`${client.base}/v3/${projectId}/jobs/batch-status`, {
        method: "POST",
        headers: {
          authorization: `SDK-HMAC-SHA256 Access=${key.accessKeyId}, SignedHeaders=host, Signature=00`,
          "x-sdk-date": "20240101T000000Z",
        },
        body: "{}",
      });
      expect(unsigned.status).toBe(401);
    });

    it("locks an access key after five failed signatures in a row, refusing even good ones until the lock ends", async () => {
      for (let i = 0; i < 5; i++) {
        expect((await client.signed(statusCall(), { sk: "wrong" })).status).toBe(401);
      }
      const locked = await client.signed(statusCall());
      expect(locked).toMatchObject({ status: 401, body: rejected });
      expect(emulator.calls().at(-1)?.authError).toMatch(/locked/);
      await new Promise((r) => setTimeout(r, 450));
      expect((await client.signed(statusCall())).status).toBe(400);
    });

    it("does not lock a key when a good signature comes between failures", async () => {
      for (let i = 0; i < 4; i++) await client.signed(statusCall(), { sk: "wrong" });
      expect((await client.signed(statusCall())).status).toBe(400);
      for (let i = 0; i < 4; i++) await client.signed(statusCall(), { sk: "wrong" });
      expect((await client.signed(statusCall())).status).toBe(400);
    });

    it("requires a signed X-Security-Token for temporary access keys", async () => {
      const creds = { ak: temporary.accessKeyId, sk: temporary.secretAccessKey };
      expect(await client.signed(statusCall(), creds)).toMatchObject({ status: 401, body: rejected });
      const good = await client.signed(
        { ...statusCall(), headers: { "X-Security-Token": temporary.securityToken } },
        creds,
      );
      expect(good.status).toBe(400);
      const wrong = await client.signed({ ...statusCall(), headers: { "X-Security-Token": "other" } }, creds);
      expect(wrong.status).toBe(401);
    });

    it("answers 401 APIG.0301 to a call without any credentials", async () => {
      expect(await client.plain(statusCall())).toMatchObject({ status: 401, body: rejected });
      expect(emulator.calls()[0]).toMatchObject({ auth: "none", status: 401 });
    });
  });

  describe("IAM tokens", () => {
    it("issues a token scoped by project id in X-Subject-Token with HTTP 201", async () => {
      const answer = await client.token({ id: projectId });
      expect(answer.status).toBe(201);
      expect(answer.headers.get("x-subject-token")).toMatch(/^MII/);
      expect(answer.body).toMatchObject({
        token: { project: { id: projectId, name: regionName }, expires_at: expect.any(String) as unknown },
      });
      const expiresAt = Date.parse((answer.body as { token: { expires_at: string } }).token.expires_at);
      expect(expiresAt - Date.now()).toBeGreaterThan(23 * 3_600_000);
    });

    it("issues a token scoped by project name (the region)", async () => {
      const answer = await client.token({ name: regionName });
      expect(answer.status).toBe(201);
    });

    it("refuses a wrong password with 401 and never logs the password or the token", async () => {
      const answer = await client.token({ id: projectId }, "not-the-password");
      expect(answer.status).toBe(401);
      expect(answer.headers.get("x-subject-token")).toBeNull();
      const good = await client.token();
      const token = good.headers.get("x-subject-token") ?? "";
      await client.withToken(token, statusCall());
      const log = JSON.stringify(emulator.calls());
      expect(log).not.toContain("not-the-password");
      expect(log).not.toContain(defaultEmulatorCredentials.users[0].password);
      expect(log).not.toContain(token);
    });

    it("accepts a live token and refuses an unknown one", async () => {
      const token = (await client.token()).headers.get("x-subject-token") ?? "";
      expect((await client.withToken(token, statusCall())).status).toBe(400);
      expect(emulator.calls().at(-1)).toMatchObject({ auth: "token", accessKeyId: undefined });
      expect(await client.withToken("MIIforged", statusCall())).toMatchObject({
        status: 401,
        body: rejected,
      });
    });

    it("refuses every token after POST /__emulator/tokens/expire", async () => {
      const token = (await client.token()).headers.get("x-subject-token") ?? "";
      expect((await client.control("POST", "tokens/expire")).status).toBe(204);
      expect(await client.withToken(token, statusCall())).toMatchObject({ status: 401, body: rejected });
      const fresh = (await client.token()).headers.get("x-subject-token") ?? "";
      expect((await client.withToken(fresh, statusCall())).status).toBe(400);
    });

    it("refuses tokens once their lifetime is over", async () => {
      emulator.auth.timing.tokenTtlMs = 100;
      try {
        const token = (await client.token()).headers.get("x-subject-token") ?? "";
        await new Promise((r) => setTimeout(r, 150));
        expect((await client.withToken(token, statusCall())).status).toBe(401);
      } finally {
        emulator.auth.timing.tokenTtlMs = 24 * 3_600_000;
      }
    });
  });

  describe("project lookup", () => {
    it("finds the project by region name, for signed and token calls alike", async () => {
      const signed = await client.signed({
        method: "GET",
        path: "/v3/projects",
        query: { name: regionName },
      });
      expect(signed).toMatchObject({
        status: 200,
        body: { projects: [{ id: projectId, name: regionName }] },
      });
      const token = (await client.token()).headers.get("x-subject-token") ?? "";
      const withToken = await client.withToken(token, {
        method: "GET",
        path: "/v3/projects",
        query: { name: regionName },
      });
      expect(withToken.body).toEqual(signed.body);
    });

    it("answers an empty list for another region and 401 without credentials", async () => {
      const other = await client.signed({
        method: "GET",
        path: "/v3/projects",
        query: { name: "eu-west-0" },
      });
      expect(other.body).toMatchObject({ projects: [] });
      expect(
        (await client.plain({ method: "GET", path: "/v3/projects", query: { name: regionName } })).status,
      ).toBe(401);
    });
  });
});
