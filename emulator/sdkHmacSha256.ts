import { createHash, createHmac } from "node:crypto";

/*
 * The API gateway's `SDK-HMAC-SHA256` signature, computed from a received request the way the
 * vendor documents it (api-facts.md §4). Written from the description, not from any SDK, so that
 * tests can hold it against the official SDK's signer.
 */

/** The name of the algorithm in the `Authorization` header and the string to sign. */
export const sdkSigningAlgorithm = "SDK-HMAC-SHA256";

/** A received request, as far as the signature covers it. */
export interface ReceivedRequest {
  readonly method: string;
  /** The request target as sent on the wire: path and optional query, still percent-encoded. */
  readonly target: string;
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The exact body bytes. */
  readonly body: Buffer;
}

/** The parts of an `Authorization: SDK-HMAC-SHA256 ...` header. */
export interface SdkAuthorization {
  readonly accessKeyId: string;
  /** Lower-case header names, in the order the client listed them. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** Reads an `Authorization` header; `undefined` when it is not a well-formed SDK-HMAC-SHA256 one. */
export function parseSdkAuthorization(header: string): SdkAuthorization | undefined {
  const prefix = `${sdkSigningAlgorithm} `;
  if (!header.startsWith(prefix)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(prefix.length).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get("Access");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return { accessKeyId, signedHeaders: signedHeaders.split(";").map((h) => h.toLowerCase()), signature };
}

// RFC 3986 unreserved characters stay as they are; everything else is %XX with upper-case hex.
function escape(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Each path segment escaped, always ending in `/`. */
export function canonicalUri(rawPath: string): string {
  const path = rawPath
    .split("/")
    .map((segment) => escape(decode(segment)))
    .join("/");
  return path.endsWith("/") ? path : `${path}/`;
}

/** Keys sorted, values sorted within a key, both escaped, `k=v` joined by `&`. */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === "") return "";
  const pairs = rawQuery
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const key = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? "" : pair.slice(eq + 1);
      return [escape(decode(key)), escape(decode(value))] as const;
    });
  pairs.sort(([ka, va], [kb, vb]) => (ka === kb ? compare(va, vb) : compare(ka, kb)));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/**
 * The canonical request the signature is computed over, or `undefined` when a signed header is
 * missing from the request.
 */
export function canonicalRequest(req: ReceivedRequest, signedHeaders: readonly string[]): string | undefined {
  const q = req.target.indexOf("?");
  const rawPath = q < 0 ? req.target : req.target.slice(0, q);
  const rawQuery = q < 0 ? "" : req.target.slice(q + 1);
  const names = [...signedHeaders].sort(compare);
  let headerLines = "";
  for (const name of names) {
    const value = req.headers[name];
    if (value === undefined) return undefined;
    headerLines += `${name}:${value.trim()}\n`;
  }
  return [
    req.method.toUpperCase(),
    canonicalUri(rawPath),
    canonicalQuery(rawQuery),
    headerLines,
    names.join(";"),
    sha256Hex(req.body),
  ].join("\n");
}

/** The lower-case hex signature of a canonical request, dated with the `X-Sdk-Date` value. */
export function signCanonicalRequest(canonical: string, sdkDate: string, secretKey: string): string {
  const stringToSign = `${sdkSigningAlgorithm}\n${sdkDate}\n${sha256Hex(canonical)}`;
  return createHmac("sha256", secretKey).update(stringToSign).digest("hex");
}

/** Reads `YYYYMMDDTHHMMSSZ` as epoch milliseconds; `undefined` when malformed. */
export function parseSdkDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isNaN(ms) ? undefined : ms;
}
