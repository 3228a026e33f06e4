import { staticTokenAuthenticator } from "../../provider/auth/staticTokenAuthenticator";
import { UnexpectedAnswerError } from "../../provider/http/HuaweiApiError";
import { findProjectId } from "../../provider/iam/findProjectId";
import { LocalJsonServer } from "./localJsonServer";

const projectsByName: Record<string, unknown> = {
  "ap-southeast-1": {
    projects: [{ id: "aaaa1111", name: "ap-southeast-1", domain_id: "d1", enabled: true }],
    links: { self: "x" },
  },
  "eu-west-101": { projects: [], links: { self: "x" } },
  "la-north-2": { projects: [{ name: "la-north-2" }] },
  // A server that ignored the name filter.
  "cn-north-4": { projects: [{ id: "bbbb2222", name: "cn-south-1" }] },
};

describe("findProjectId against a local IAM", () => {
  const server = new LocalJsonServer((req) => {
    const url = new URL(req.target, "http://x");
    if (url.pathname !== "/v3/projects") return { status: 404, body: {} };
    return { status: 200, body: projectsByName[url.searchParams.get("name") ?? ""] ?? { projects: [] } };
  });
  let endpoint: string;
  beforeAll(async () => {
    endpoint = await server.start();
  });
  afterAll(() => server.stop());
  const iam = () => ({ endpoint, auth: staticTokenAuthenticator("tok", "test") });

  it("answers the id of the project named after the region, asking IAM with credentials", async () => {
    await expect(findProjectId(iam(), "ap-southeast-1")).resolves.toBe("aaaa1111");
    const last = server.received.at(-1)!;
    expect(last.method).toBe("GET");
    expect(last.target).toBe("/v3/projects?name=ap-southeast-1");
    expect(last.headers["x-auth-token"]).toBe("tok");
  });

  it("fails naming the region and the IAM endpoint when the account has no such project", async () => {
    const failure = findProjectId(iam(), "eu-west-101");
    await expect(failure).rejects.toThrow(/no project named "eu-west-101"/);
    await expect(failure).rejects.toThrow(endpoint);
  });

  it("does not take another region's project from a server that ignored the filter", async () => {
    await expect(findProjectId(iam(), "cn-north-4")).rejects.toThrow(/no project named "cn-north-4"/);
  });

  it("rejects an answer whose project has no id, naming the field", async () => {
    const failure = findProjectId(iam(), "la-north-2");
    await expect(failure).rejects.toThrow(UnexpectedAnswerError);
    await expect(failure).rejects.toThrow(/projects\.0\.id/);
  });
});
