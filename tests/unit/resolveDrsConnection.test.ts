import { resolveDrsConnection } from "../../provider/config/resolveDrsConnection";

describe("resolveDrsConnection", () => {
  it("builds the regional endpoint from the region and cloud domain", async () => {
    const conn = resolveDrsConnection(
      {},
      {
        HW_REGION_NAME: "eu-west-101",
        HW_CLOUD: "myhuaweicloud.eu",
        HW_PROJECT_ID: "p1",
        HW_AUTH_TOKEN: "t",
      },
    );
    expect(conn.endpoint).toBe("https://drs.eu-west-101.myhuaweicloud.eu");
    expect(
      await conn.auth.authorize({ method: "GET", url: new URL(conn.endpoint), headers: {}, body: "" }),
    ).toEqual({
      "x-auth-token": "t",
    });
  });

  it("prefers resource settings over HW_* over OS_* variables", () => {
    const env = { HW_PROJECT_ID: "hw", OS_PROJECT_ID: "os", OS_REGION_NAME: "eu-de", OS_TOKEN: "t" };
    expect(resolveDrsConnection({ projectId: "mine" }, env).projectId).toBe("mine");
    expect(resolveDrsConnection({}, env).projectId).toBe("hw");
    expect(resolveDrsConnection({}, env).endpoint).toBe("https://drs.eu-de.myhuaweicloud.com");
  });

  it("refuses plain http to anything but this machine", () => {
    expect(() =>
      resolveDrsConnection(
        { endpoint: "http://drs.example.com" },
        { HW_PROJECT_ID: "p", HW_AUTH_TOKEN: "t" },
      ),
    ).toThrow(/plain http is allowed only to this machine/);
    expect(resolveDrsConnection({ endpoint: "http://127.0.0.1:8080" }, { HW_PROJECT_ID: "p" }).endpoint).toBe(
      "http://127.0.0.1:8080",
    );
  });

  it("names every place it looked when there is no credential, without echoing any value", () => {
    expect(() => resolveDrsConnection({}, { HW_PROJECT_ID: "p", HW_REGION_NAME: "r" })).toThrow(
      /HW_AUTH_TOKEN, OS_AUTH_TOKEN, OS_TOKEN/,
    );
    let message = "";
    try {
      resolveDrsConnection({}, { HW_PROJECT_ID: "p", HW_REGION_NAME: "r", HW_ACCESS_KEY: "AKSECRETVALUE" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/HW_ACCESS_KEY/);
    expect(message).not.toContain("AKSECRETVALUE");
  });

  it("asks for a project id when none is set", () =>
    expect(() => resolveDrsConnection({}, { HW_REGION_NAME: "r" })).toThrow(/No project id/));
});
