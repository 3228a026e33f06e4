import type { Authenticator } from "../../provider/http/ApiConnection";
import {
  clearConnectionCache,
  findCredentials,
  resolveConnection,
  type AuthFactories,
  type SettingSources,
} from "../../provider/config/resolveConnection";
import { configureFromStack, stackConfig } from "../../provider/config/stackConfig";

/** Fake authenticators that say which credential they were built from. */
function fakeFactories(): AuthFactories & { lookups: string[] } {
  const lookups: string[] = [];
  const auth = (description: string): Authenticator => ({
    description,
    authorize: () => Promise.resolve({}),
  });
  return {
    lookups,
    aksk: (c, projectId) => auth(`aksk ${c.accessKey} ${projectId ?? "-"} ${c.securityToken ?? "-"}`),
    token: (c) => auth(`token from ${c.source}`),
    password: (c, iam, scope) =>
      auth(`password ${c.userName}@${c.domainName} ${iam} ${JSON.stringify(scope)}`),
    findProjectId: (iam, region) => {
      lookups.push(`${iam.endpoint} ${region} ${iam.auth.description}`);
      return Promise.resolve(`pid-of-${region}`);
    },
  };
}

const sources = (env: Record<string, string>, stack: Record<string, string> = {}): SettingSources => {
  void configureFromStack({ config: { get: (k) => stack[k], require: (k) => stack[k] ?? "" } });
  return { env, stack: stackConfig() };
};

beforeEach(() => clearConnectionCache());

describe("resolveConnection", () => {
  it("builds regional endpoints from region and cloud domain for both services", async () => {
    const env = {
      HW_REGION_NAME: "eu-west-101",
      HW_CLOUD: "myhuaweicloud.eu",
      HW_PROJECT_ID: "p1",
      HW_AUTH_TOKEN: "t",
    };
    const drs = await resolveConnection("drs", {}, fakeFactories(), sources(env));
    const dli = await resolveConnection("dli", {}, fakeFactories(), sources(env));
    expect(drs.endpoint).toBe("https://drs.eu-west-101.myhuaweicloud.eu");
    expect(dli.endpoint).toBe("https://dli.eu-west-101.myhuaweicloud.eu");
    expect(drs.projectId).toBe("p1");
  });

  it("prefers resource inputs, then stack config, then HW_, OS_, HUAWEICLOUD_SDK_ variables", async () => {
    const env = {
      HW_PROJECT_ID: "hw",
      OS_PROJECT_ID: "os",
      HUAWEICLOUD_SDK_PROJECT_ID: "sdk",
      OS_REGION_NAME: "eu-de",
      HUAWEICLOUD_SDK_REGION: "ap-southeast-1",
      OS_TOKEN: "t",
    };
    const f = fakeFactories();
    expect((await resolveConnection("drs", { projectId: "mine" }, f, sources(env))).projectId).toBe("mine");
    expect(
      (await resolveConnection("drs", {}, f, sources(env, { "huaweicloud-jobs:projectId": "cfg" })))
        .projectId,
    ).toBe("cfg");
    expect((await resolveConnection("drs", {}, f, sources(env))).projectId).toBe("hw");
    expect((await resolveConnection("drs", {}, f, sources({ ...env, HW_PROJECT_ID: "" }))).projectId).toBe(
      "os",
    );
    expect((await resolveConnection("drs", {}, f, sources(env))).endpoint).toBe(
      "https://drs.eu-de.myhuaweicloud.com",
    );
  });

  it("reads the Huawei Cloud Pulumi provider's keys when this package's keys are absent", async () => {
    const stack = {
      "huaweicloud:region": "la-south-2",
      "huaweicloud:accessKey": "AK1",
      "huaweicloud:secretKey": "SK1",
    };
    const conn = await resolveConnection("dli", { projectId: "p" }, fakeFactories(), sources({}, stack));
    expect(conn.endpoint).toBe("https://dli.la-south-2.myhuaweicloud.com");
    expect(conn.auth.description).toBe("aksk AK1 p -");
  });

  it("uses endpoint overrides from config and environment, keeping only the origin", async () => {
    const env = { HW_PROJECT_ID: "p", HW_AUTH_TOKEN: "t", HW_DLI_ENDPOINT: "http://127.0.0.1:9/ignored" };
    const f = fakeFactories();
    expect((await resolveConnection("dli", {}, f, sources(env))).endpoint).toBe("http://127.0.0.1:9");
    const stack = { "huaweicloud-jobs:drsEndpoint": "https://drs.example.internal" };
    expect((await resolveConnection("drs", {}, f, sources(env, stack))).endpoint).toBe(
      "https://drs.example.internal",
    );
  });

  it("refuses plain http to anything but loopback, naming where the endpoint came from", async () => {
    const env = { HW_PROJECT_ID: "p", HW_AUTH_TOKEN: "t", HW_DRS_ENDPOINT: "http://drs.example.com" };
    await expect(resolveConnection("drs", {}, fakeFactories(), sources(env))).rejects.toThrow(
      /Refusing DRS endpoint http:\/\/drs.example.com \(from environment HW_DRS_ENDPOINT\): plain http/,
    );
    await expect(
      resolveConnection("drs", { endpoint: "http://[::1]:8080" }, fakeFactories(), sources(env)),
    ).resolves.toMatchObject({ endpoint: "http://[::1]:8080" });
  });

  it("looks the project id up through IAM by region, once for many resources", async () => {
    const f = fakeFactories();
    const env = { HW_REGION_NAME: "ap-southeast-1", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK" };
    const conns = await Promise.all(
      Array.from({ length: 5 }, () => resolveConnection("drs", {}, f, sources(env))),
    );
    expect(conns.map((c) => c.projectId)).toEqual(Array(5).fill("pid-of-ap-southeast-1"));
    // The lookup is signed without X-Project-Id; service calls then carry the project id.
    expect(f.lookups).toEqual(["https://iam.myhuaweicloud.com ap-southeast-1 aksk AK - -"]);
    expect(conns[0]!.auth.description).toBe("aksk AK pid-of-ap-southeast-1 -");
  });

  it("logs in with a password scoped to the region when no project id is known, on OTC's regional IAM", async () => {
    const f = fakeFactories();
    const env = {
      OS_REGION_NAME: "eu-de",
      HW_CLOUD: "otc.t-systems.com",
      OS_USERNAME: "ops",
      OS_PASSWORD: "pw",
      OS_DOMAIN_NAME: "OTC-EU-DE-0001",
    };
    const conn = await resolveConnection("drs", {}, f, sources(env));
    expect(conn.endpoint).toBe("https://drs.eu-de.otc.t-systems.com");
    expect(f.lookups[0]).toBe(
      'https://iam.eu-de.otc.t-systems.com eu-de password ops@OTC-EU-DE-0001 https://iam.eu-de.otc.t-systems.com {"region":"eu-de"}',
    );
    expect(conn.auth.description).toContain('{"projectId":"pid-of-eu-de"}');
  });

  it("accepts an IAM endpoint given with /v3, as Terraform's auth URL variables are", async () => {
    const f = fakeFactories();
    const env = { HW_REGION_NAME: "r1", HW_AUTH_TOKEN: "t", OS_AUTH_URL: "https://iam.r1.example.com/v3/" };
    await resolveConnection("drs", {}, f, sources(env));
    expect(f.lookups[0]).toMatch(/^https:\/\/iam.r1.example.com r1 token from environment HW_AUTH_TOKEN$/);
  });

  it("logs in again for the same user and project behind another IAM endpoint, sharing a login otherwise", async () => {
    const env = (iam: string) => ({
      HW_REGION_NAME: "r1",
      HW_PROJECT_ID: "p1",
      HW_USER_NAME: "ops",
      HW_PASSWORD: "pw",
      HW_DOMAIN_NAME: "d",
      HW_IAM_ENDPOINT: iam,
    });
    const first = await resolveConnection(
      "drs",
      {},
      fakeFactories(),
      sources(env("https://iam.one.example")),
    );
    const again = await resolveConnection(
      "dli",
      {},
      fakeFactories(),
      sources(env("https://iam.one.example")),
    );
    const other = await resolveConnection(
      "drs",
      {},
      fakeFactories(),
      sources(env("https://iam.two.example")),
    );
    expect(again.auth).toBe(first.auth);
    expect(other.auth).not.toBe(first.auth);
    expect(other.auth.description).toContain("https://iam.two.example");
  });
});

describe("findCredentials", () => {
  it("takes every credential from one place: stack config beats the environment", () => {
    const s = sources(
      { HW_ACCESS_KEY: "ENVAK", HW_SECRET_KEY: "ENVSK" },
      { "huaweicloud-jobs:authToken": "cfgtoken" },
    );
    expect(findCredentials(s)).toEqual({
      kind: "token",
      token: "cfgtoken",
      source: "stack config huaweicloud-jobs:authToken",
    });
  });

  it("prefers AK/SK over a token over a password within one place, and keeps the security token", () => {
    const env = {
      OS_ACCESS_KEY: "AK",
      HUAWEICLOUD_SDK_SK: "SK",
      HW_SECURITY_TOKEN: "ST",
      HW_AUTH_TOKEN: "T",
      HW_USER_NAME: "u",
      HW_PASSWORD: "p",
    };
    expect(findCredentials(sources(env))).toEqual({
      kind: "aksk",
      accessKey: "AK",
      secretKey: "SK",
      securityToken: "ST",
      source: "environment OS_ACCESS_KEY",
    });
  });

  it("names every place it looked at when there are no credentials, and never prints values", () => {
    let message = "";
    try {
      findCredentials(sources({ HW_REGION_NAME: "r" }));
    } catch (error) {
      message = (error as Error).message;
    }
    for (const place of [
      "huaweicloud-jobs:accessKey",
      "HW_ACCESS_KEY",
      "OS_ACCESS_KEY",
      "HUAWEICLOUD_SDK_AK",
      "HW_SECRET_KEY",
      "HW_AUTH_TOKEN",
      "OS_TOKEN",
      "huaweicloud-jobs:password",
      "OS_PASSWORD",
      "HW_DOMAIN_NAME",
    ]) {
      expect(message).toContain(place);
    }
  });

  it("refuses half a key pair or half a password login without echoing the secret", () => {
    expect(() => findCredentials(sources({ HW_SECRET_KEY: "TOPSECRETVALUE" }))).toThrow(
      /Found a secret key in environment HW_SECRET_KEY but no access key/,
    );
    try {
      findCredentials(sources({ HW_SECRET_KEY: "TOPSECRETVALUE" }));
    } catch (error) {
      expect((error as Error).message).not.toContain("TOPSECRETVALUE");
    }
    expect(() => findCredentials(sources({ HW_USER_NAME: "u", HW_PASSWORD: "p" }))).toThrow(
      /the domain name is missing/,
    );
  });
});
