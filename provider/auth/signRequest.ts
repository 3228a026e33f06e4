import { createHash, createHmac } from "node:crypto";
import type { SignableRequest } from "../http/ApiConnection";

/** Name of the Huawei API gateway signing scheme, first word of the `Authorization` header. */
export const signingAlgorithm = "SDK-HMAC-SHA256";

/** An access key pair. The secret key is only ever used as an HMAC key, never printed. */
export interface SigningCredentials {
  readonly accessKey: string;
  readonly secretKey: string;
}

/** The headers a signature adds to a request. */
export interface SignatureHeaders {
  readonly "x-sdk-date": string;
  readonly authorization: string;
}

/**
 * Escapes a string the way the gateway does before signing: every byte of its UTF-8 form except
 * the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) becomes `%XX` with upper-case hex.
 */
export function escapeForSigning(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // Only a lone UTF-16 surrogate gets here; it has no UTF-8 form the server could agree on.
    throw new Error(`Cannot sign a request: ${JSON.stringify(value)} is not valid Unicode text`);
  }
  // encodeURIComponent keeps five characters that RFC 3986 reserves.
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `X-Sdk-Date` value for an instant: `YYYYMMDDTHHMMSSZ` in UTC. */
export function sdkDate(date: Date): string {
  if (Number.isNaN(date.getTime()))
    throw new Error("Cannot sign a request: the clock returned an invalid date");
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/**
 * Canonical URI: each path segment decoded and escaped again with {@link escapeForSigning},
 * always ending in `/` although the request itself has no trailing slash.
 */
export function canonicalUri(url: URL): string {
  // The server sees the decoded path and escapes it its own way, so a segment that our URL
  // escaped differently (`!`, `(`, a space written `%20`) must be normalised the same way here.
  const escaped = url.pathname.split("/").map((segment) => escapeForSigning(decodeSegment(segment)));
  const path = escaped.join("/");
  return path.endsWith("/") ? path : `${path}/`;
}

/**
 * Canonical query: `key=value` pairs, sorted by key and then by value (code point order of the
 * unescaped text), both escaped with {@link escapeForSigning}, joined by `&`; empty without a query.
 */
export function canonicalQuery(url: URL): string {
  const pairs = [...url.searchParams.entries()];
  pairs.sort(([ka, va], [kb, vb]) => compareCodePoints(ka, kb) || compareCodePoints(va, vb));
  return pairs.map(([key, value]) => `${escapeForSigning(key)}=${escapeForSigning(value)}`).join("&");
}

/**
 * Lower-case, sorted, de-duplicated header names, as they appear after `SignedHeaders=`.
 * `x-sdk-date` is always included: the gateway refuses signatures that do not cover it.
 */
export function signedHeaderNames(names: readonly string[]): string[] {
  const lower = new Set(names.map((n) => n.trim().toLowerCase()));
  lower.add("x-sdk-date");
  return [...lower].sort(compareCodePoints);
}

/**
 * Canonical headers: one `name:value\n` line per signed header (lower-case name, trimmed value),
 * in the order of {@link signedHeaderNames}. Throws when a signed header is missing.
 */
export function canonicalHeaders(
  headers: Readonly<Record<string, string>>,
  signed: readonly string[],
): string {
  const byName = lowerCaseHeaders(headers);
  return signedHeaderNames(signed)
    .map((name) => {
      const value = byName.get(name);
      if (value === undefined)
        throw new Error(`Cannot sign a request: header "${name}" is to be signed but not set`);
      return `${name}:${value.trim()}\n`;
    })
    .join("");
}

/** Lower-case hex SHA-256 of the exact body text (UTF-8), also for an empty body. */
export function hashBody(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}

/**
 * The canonical request the signature covers: method, canonical URI, canonical query, canonical
 * headers, signed header names and body hash, joined by `\n`. `req.headers` must already contain
 * every header in `signedHeaders`, `x-sdk-date` included.
 */
export function canonicalRequest(req: SignableRequest, signedHeaders: readonly string[]): string {
  return [
    req.method.toUpperCase(),
    canonicalUri(req.url),
    canonicalQuery(req.url),
    canonicalHeaders(req.headers, signedHeaders),
    signedHeaderNames(signedHeaders).join(";"),
    hashBody(req.body),
  ].join("\n");
}

/** String to sign: the algorithm, the `X-Sdk-Date` value and the hex SHA-256 of the canonical request. */
export function stringToSign(canonical: string, date: string): string {
  return [signingAlgorithm, date, createHash("sha256").update(canonical, "utf8").digest("hex")].join("\n");
}

/**
 * Signs a request with an access key pair (`SDK-HMAC-SHA256`, HMAC keyed with the secret key
 * itself, no key derivation) and returns the two headers to add to it. The signature covers
 * `signedHeaders` (default: every header of `req.headers`) plus `x-sdk-date`, which this adds.
 * Headers signed must be sent unchanged, and the body sent must be exactly `req.body`.
 */
export function signRequest(
  req: SignableRequest,
  creds: SigningCredentials,
  date: Date,
  signedHeaders?: readonly string[],
): SignatureHeaders {
  const xSdkDate = sdkDate(date);
  const headers = { ...withoutName(req.headers, "x-sdk-date"), "x-sdk-date": xSdkDate };
  const names = signedHeaderNames(signedHeaders ?? Object.keys(req.headers));
  const canonical = canonicalRequest({ ...req, headers }, names);
  const signature = createHmac("sha256", creds.secretKey)
    .update(stringToSign(canonical, xSdkDate), "utf8")
    .digest("hex");
  return {
    "x-sdk-date": xSdkDate,
    authorization: `${signingAlgorithm} Access=${creds.accessKey}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new Error(`Cannot sign a request: path segment "${segment}" is not valid percent-encoded UTF-8`);
  }
}

// Code point order equals the byte order of the UTF-8 forms, which is what the Go signer (the
// source of the published test vectors) sorts by; plain `<` compares UTF-16 code units instead.
function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function lowerCaseHeaders(headers: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) out.set(name.toLowerCase(), value);
  return out;
}

function withoutName(headers: Readonly<Record<string, string>>, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() !== name) out[key] = value;
  return out;
}
