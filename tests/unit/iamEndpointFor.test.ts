import { iamBaseUrl, iamEndpointFor } from "../../provider/iam/iamEndpointFor";

describe("iamEndpointFor", () => {
  it("gives the regional IAM endpoint of each cloud", () => {
    expect(iamEndpointFor("myhuaweicloud.com", "ap-southeast-1")).toBe(
      "https://iam.ap-southeast-1.myhuaweicloud.com",
    );
    expect(iamEndpointFor("otc.t-systems.com", "eu-de")).toBe("https://iam.eu-de.otc.t-systems.com");
    expect(iamEndpointFor("myhuaweicloud.eu", "eu-west-101")).toBe(
      "https://iam.eu-west-101.myhuaweicloud.eu",
    );
  });

  it("gives Huawei Cloud's global endpoint without a region, and refuses that elsewhere", () => {
    expect(iamEndpointFor("myhuaweicloud.com")).toBe("https://iam.myhuaweicloud.com");
    expect(() => iamEndpointFor("otc.t-systems.com")).toThrow(/depends on the region/);
  });

  it("refuses values that are not host names rather than building a surprising URL", () => {
    expect(() => iamEndpointFor("evil.com/x?", "r")).toThrow(/not a host name suffix/);
    expect(() => iamEndpointFor("myhuaweicloud.com", "a.b@c")).toThrow(/not a valid region/);
  });
});

describe("iamBaseUrl", () => {
  it("drops a trailing /v3, slashes and the default port of an auth URL", () => {
    expect(iamBaseUrl("https://iam.eu-de.otc.t-systems.com/v3")).toBe("https://iam.eu-de.otc.t-systems.com");
    expect(iamBaseUrl("https://iam.myhuaweicloud.com:443/v3/")).toBe("https://iam.myhuaweicloud.com");
    expect(iamBaseUrl("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
  });

  it("refuses other paths, queries and non-HTTP URLs", () => {
    expect(() => iamBaseUrl("https://h/identity/v3")).toThrow(/only have the path \/v3/);
    expect(() => iamBaseUrl("https://h/v3?x=1")).toThrow(/only have the path \/v3/);
    expect(() => iamBaseUrl("ftp://h/v3")).toThrow(/https/);
    expect(() => iamBaseUrl("iam.example")).toThrow(/not a URL/);
  });
});
