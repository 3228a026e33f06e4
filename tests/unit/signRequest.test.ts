import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  escapeForSigning,
  hashBody,
  sdkDate,
  signRequest,
  stringToSign,
} from "../../provider/auth/signRequest";
import type { SignableRequest } from "../../provider/http/ApiConnection";

const creds = { accessKey: "AccessKey", secretKey: "SecretKey" };
const goVectorDate = new Date(Date.UTC(2006, 0, 2, 15, 4, 5));

function req(method: string, url: string, body = "", headers: Record<string, string> = {}): SignableRequest {
  return { method, url: new URL(url), headers, body };
}

describe("SDK-HMAC-SHA256 signing: published test vectors of the official Go SDK", () => {
  it("signs GET /path?limit=1 with only x-sdk-date signed", () => {
    const r = req("GET", "https://example.huaweicloud.com/path?limit=1");
    expect(canonicalUri(r.url)).toBe("/path/");
    expect(canonicalQuery(r.url)).toBe("limit=1");
    expect(signRequest(r, creds, goVectorDate, [])).toEqual({
      "x-sdk-date": "20060102T150405Z",
      authorization:
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, " +
        "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
    });
  });

  it("signs POST /path?key=value with a JSON body ending in a newline", () => {
    const r = req("POST", "https://example.huaweicloud.com/path?key=value", '{"Name":"test","Id":1}\n');
    expect(signRequest(r, creds, goVectorDate, ["x-sdk-date"]).authorization).toBe(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, " +
        "Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
    );
  });

  it("covers the exact body bytes: the same body without its newline signs differently", () => {
    const r = req("POST", "https://example.huaweicloud.com/path?key=value", '{"Name":"test","Id":1}');
    expect(signRequest(r, creds, goVectorDate, []).authorization).not.toContain(
      "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
    );
  });
});

describe("canonical request parts", () => {
  it("escapes everything but RFC 3986 unreserved characters, with upper-case hex of the UTF-8 bytes", () => {
    expect(escapeForSigning("AZaz09-._~")).toBe("AZaz09-._~");
    expect(escapeForSigning("a b!'()*+,/:;=?@é😀")).toBe(
      "a%20b%21%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%C3%A9%F0%9F%98%80",
    );
  });

  it("refuses text without a UTF-8 form instead of signing something the server cannot match", () => {
    expect(() => escapeForSigning("\ud800")).toThrow(/not valid Unicode/);
  });

  it("ends the canonical URI in a slash, also for the root and for a path that has one", () => {
    expect(canonicalUri(new URL("https://h/v5/p/jobs"))).toBe("/v5/p/jobs/");
    expect(canonicalUri(new URL("https://h/v5/p/jobs/"))).toBe("/v5/p/jobs/");
    expect(canonicalUri(new URL("https://h"))).toBe("/");
  });

  it("escapes each path segment once, whatever escaping the URL used, keeping an escaped slash escaped", () => {
    // WHATWG URLs keep `!()*:@` and turn a space into %20 and é into %C3%A9.
    const url = new URL("https://h/v1.0/p/jobs/a b!(x)*:@é/c%2Fd/%7e");
    expect(canonicalUri(url)).toBe("/v1.0/p/jobs/a%20b%21%28x%29%2A%3A%40%C3%A9/c%2Fd/~/");
  });

  it("sorts the query by key and then by value, escaping both the same way", () => {
    const url = new URL("https://h/p?b=2&a=z&a=y&c=x%20y&%C3%A9=1&empty=&a=%2B");
    expect(canonicalQuery(url)).toBe("a=%2B&a=y&a=z&b=2&c=x%20y&empty=&%C3%A9=1");
  });

  it("sorts by code point like the Go SDK, not by UTF-16 unit (an emoji after a full-width tilde)", () => {
    // In UTF-16 the emoji's high surrogate (0xD83D) sorts before U+FF5E; as code points it is after.
    const url = new URL("https://h/p?k=%F0%9F%98%80&k=%EF%BD%9E");
    expect(canonicalQuery(url)).toBe("k=%EF%BD%9E&k=%F0%9F%98%80");
  });

  it("gives an empty canonical query when there is none", () => {
    expect(canonicalQuery(new URL("https://h/p"))).toBe("");
    expect(canonicalQuery(new URL("https://h/p?"))).toBe("");
  });

  it("writes signed headers lower-case, trimmed and sorted, x-sdk-date always among them", () => {
    const headers = {
      Host: "h.example",
      "Content-Type": " application/json ",
      "x-sdk-date": "d",
      accept: "x",
    };
    expect(canonicalHeaders(headers, ["host", "Content-Type"])).toBe(
      "content-type:application/json\nhost:h.example\nx-sdk-date:d\n",
    );
  });

  it("refuses to sign a header that is not set, naming it", () => {
    expect(() => canonicalHeaders({ "x-sdk-date": "d" }, ["x-project-id"])).toThrow(/"x-project-id"/);
  });

  it("formats X-Sdk-Date as basic ISO 8601 in UTC without milliseconds", () => {
    expect(sdkDate(new Date("2024-02-29T23:59:58.999+02:00"))).toBe("20240229T215958Z");
    expect(() => sdkDate(new Date(Number.NaN))).toThrow(/invalid date/);
  });

  it("hashes an empty body like any other", () => {
    expect(hashBody("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("joins method, URI, query, headers, header names and body hash with newlines", () => {
    const r = req("delete", "https://h/v3/p/jobs?x=1", "{}", { host: "h", "x-sdk-date": "20060102T150405Z" });
    expect(canonicalRequest(r, ["host"]).split("\n")).toEqual([
      "DELETE",
      "/v3/p/jobs/",
      "x=1",
      "host:h",
      "x-sdk-date:20060102T150405Z",
      "",
      "host;x-sdk-date",
      hashBody("{}"),
    ]);
    expect(stringToSign("abc", "20060102T150405Z")).toBe(
      "SDK-HMAC-SHA256\n20060102T150405Z\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});

describe("signRequest", () => {
  it("signs every header given when no list is passed", () => {
    const r = req("GET", "https://h/p", "", { host: "h", "x-project-id": "pid" });
    expect(signRequest(r, creds, goVectorDate).authorization).toContain(
      "SignedHeaders=host;x-project-id;x-sdk-date,",
    );
  });

  it("uses its own date even when the request already carries an X-Sdk-Date", () => {
    const fresh = req("GET", "https://h/p");
    const stale = req("GET", "https://h/p", "", { "X-Sdk-Date": "19990101T000000Z" });
    expect(signRequest(stale, creds, goVectorDate, [])).toEqual(signRequest(fresh, creds, goVectorDate, []));
  });

  it("depends on the secret key but never writes it into the headers", () => {
    const r = req("GET", "https://h/p");
    const a = signRequest(r, creds, goVectorDate, []);
    const b = signRequest(r, { ...creds, secretKey: "OtherKey" }, goVectorDate, []);
    expect(a.authorization).not.toBe(b.authorization);
    expect(JSON.stringify(a)).not.toContain("SecretKey");
  });
});
