/**
 * The security suite's transport rules at run time: plain `http://` goes to loopback only, for
 * the DRS, DLI and IAM endpoints from every place they can come from, and is refused before any
 * authenticator is built or any request (IAM login, project lookup, service call) is sent. A
 * region, which becomes part of a host name, cannot redirect calls to another host.
 */
import { ConfigError } from "../../provider/config/ConfigError";
import {
  clearConnectionCache,
  isLoopbackUrl,
  resolveConnection,
  type AuthFactories,
  type SettingSources,
} from "../../provider/config/resolveConnection";
import { configureFromStack, stackConfig } from "../../provider/config/stackConfig";

/** Factories that only record being used: any entry means something was about to be sent. */
function recordingFactories(): AuthFactories & { used: string[] } {
  const used: string[] = [];
  const auth = { description: "fake", authorize: () => Promise.resolve({}) };
  return {
    used,
    aksk: () => (used.push("aksk"), auth),
    token: () => (used.push("token"), auth),
    password: (_c, iam) => (used.push(`password login at ${iam}`), auth),
    findProjectId: (iam) => (used.push(`project lookup at ${iam.endpoint}`), Promise.resolve("pid")),
  };
}

function sources(env: Record<string, string>, stack: Record<string, string> = {}): SettingSources {
  void configureFromStack({ config: { get: (k) => stack[k], require: (k) => stack[k] ?? "" } });
  return { env, stack: stackConfig() };
}

const loopback = [
  "http://127.0.0.1",
  "http://127.0.0.1:8089",
  "http://127.12.34.56:1",
  "http://127.255.255.254",
  // Spellings the URL parser turns into 127.0.0.1.
  "http://127.1",
  "http://0x7f000001",
  "http://localhost",
  "http://LOCALHOST:9000",
  "http://[::1]:8080",
];
const remote = [
  "http://drs.example.com",
  "http://203.0.113.7:8080",
  "http://10.0.0.1",
  "http://0.0.0.0:8089",
  "http://localhost.example.com",
  "http://localhost.",
  "http://127.0.0.1.nip.io",
  "http://127.0.0.1.example.com:8089",
  "http://[2001:db8::1]",
  "http://[fd00::2]:8080",
  "http://[::]:8089",
  // Mapped addresses are refused too: the rule names loopback forms, it does not guess.
  "http://[::ffff:127.0.0.1]",
  // The host is what follows the @; the loopback-looking part is a user name.
  "http://127.0.0.1@evil.example",
  "http://127.0.0.1:8089@evil.example:80",
  "http://localhost@203.0.113.7",
];

describe("isLoopbackUrl", () => {
  it.each(loopback)("takes %s for this machine", (text) => expect(isLoopbackUrl(new URL(text))).toBe(true));
  it.each(remote)("does not take %s for this machine", (text) =>
    expect(isLoopbackUrl(new URL(text))).toBe(false),
  );
});

beforeEach(() => clearConnectionCache());

describe("plain http is refused to anything but loopback, before anything is sent", () => {
  const creds = { HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK", HW_PROJECT_ID: "p" };
  const places: [
    string,
    "drs" | "dli",
    (url: string) => [Record<string, string>, Record<string, string>, string?],
  ][] = [
    ["DRS endpoint from the environment", "drs", (url) => [{ ...creds, HW_DRS_ENDPOINT: url }, {}]],
    ["DLI endpoint from the environment", "dli", (url) => [{ ...creds, HW_DLI_ENDPOINT: url }, {}]],
    ["DRS endpoint from stack config", "drs", (url) => [creds, { "huaweicloud-jobs:drsEndpoint": url }]],
    ["DRS endpoint from the resource input", "drs", (url) => [creds, {}, url]],
    ["DLI endpoint from the resource input", "dli", (url) => [creds, {}, url]],
    [
      "IAM endpoint for a password login",
      "drs",
      (url) => [
        {
          HW_DRS_ENDPOINT: "https://drs.example.com",
          HW_USER_NAME: "u",
          HW_PASSWORD: "pw",
          HW_DOMAIN_NAME: "d",
          HW_PROJECT_ID: "p",
          HW_IAM_ENDPOINT: url,
        },
        {},
      ],
    ],
    [
      "IAM endpoint for a project lookup",
      "dli",
      (url) => [
        {
          HW_DLI_ENDPOINT: "https://dli.example.com",
          HW_REGION_NAME: "ap-southeast-1",
          OS_AUTH_URL: `${url}/v3`,
        },
        { "huaweicloud-jobs:accessKey": "AK", "huaweicloud-jobs:secretKey": "SK" },
      ],
    ],
  ];

  const cases = places.flatMap(([where, service, make]) =>
    remote.map((url) => [where, url, service, make] as const),
  );
  it.each(cases)("%s %s", async (_where, url, service, make) => {
    const [env, stack, pinned] = make(url);
    const factories = recordingFactories();
    const attempt = resolveConnection(
      service,
      pinned === undefined ? {} : { endpoint: pinned },
      factories,
      sources(env, stack),
    );
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(
      /^Refusing (DRS|DLI|IAM) endpoint \S+ \(from [^)]+\): plain http is allowed only to this machine \(localhost, 127\.0\.0\.0\/8, ::1\); use https\.$/,
    );
    expect(factories.used).toEqual([]);
  });

  it.each(loopback)("accepts %s for DRS, DLI and IAM", async (url) => {
    const factories = recordingFactories();
    const env = {
      HW_DRS_ENDPOINT: url,
      HW_DLI_ENDPOINT: url,
      HW_IAM_ENDPOINT: url,
      HW_REGION_NAME: "ap-southeast-1",
      HW_USER_NAME: "u",
      HW_PASSWORD: "pw",
      HW_DOMAIN_NAME: "d",
    };
    const drs = await resolveConnection("drs", {}, factories, sources(env));
    const dli = await resolveConnection("dli", {}, factories, sources(env));
    expect(drs.endpoint).toBe(new URL(url).origin);
    expect(dli.endpoint).toBe(new URL(url).origin);
    expect(factories.used[0]).toBe(`password login at ${new URL(url).origin}`);
  });

  it("never names the user name or password of an endpoint URL in its message", async () => {
    const env = { ...creds, HW_DRS_ENDPOINT: "http://admin:hunter2@drs.example.com" };
    await expect(resolveConnection("drs", {}, recordingFactories(), sources(env))).rejects.toThrow(
      /^Refusing DRS endpoint http:\/\/drs\.example\.com \(/,
    );
  });
});

describe("a region cannot move calls to another host", () => {
  it.each([
    "x.evil.example/#",
    "evil.example?",
    "a@evil.example",
    "ap-southeast-1:8080",
    "ap-southeast-1.evil",
    "AP-SOUTHEAST-1",
  ])("refuses region %j from the environment, naming where it came from", async (region) => {
    const factories = recordingFactories();
    const env = { HW_REGION_NAME: region, HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK" };
    await expect(resolveConnection("drs", {}, factories, sources(env))).rejects.toThrow(
      /^The region ".*" \(from environment HW_REGION_NAME\) is not a region name such as ap-southeast-1/,
    );
    expect(factories.used).toEqual([]);
  });

  it("accepts real region names and builds the endpoints from them", async () => {
    for (const region of ["ap-southeast-1", "eu-de", "eu-west-101", "cn-north-4"]) {
      const env = { HW_REGION_NAME: region, HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK", HW_PROJECT_ID: "p" };
      const conn = await resolveConnection("dli", {}, recordingFactories(), sources(env));
      expect(conn.endpoint).toBe(`https://dli.${region}.myhuaweicloud.com`);
    }
  });
});
