/*
 * Test helper for the security suite: looks for secret values in text, also in the forms a
 * secret can take on its way out (JSON-escaped, base64, URL-encoded), and says which leaked where.
 */
import { inspect } from "node:util";

/** A named secret value to look for. */
export interface Secret {
  readonly name: string;
  readonly value: string;
}

/** The spellings of one secret worth looking for: as is, JSON-escaped, base64 and URL-encoded. */
function spellings(value: string): string[] {
  return [
    ...new Set([
      value,
      JSON.stringify(value).slice(1, -1),
      Buffer.from(value).toString("base64"),
      encodeURIComponent(value),
    ]),
  ];
}

/** Every `secret name in place` where a secret shows up in `text`; empty when nothing leaked. */
export function findSecrets(place: string, text: string, secrets: readonly Secret[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    if (secret.value.length < 6) throw new Error(`secret ${secret.name} is too short to look for reliably`);
    if (spellings(secret.value).some((s) => text.includes(s))) found.push(`${secret.name} in ${place}`);
  }
  return found;
}

/**
 * An error written out every way a host or a user could see it: message, stack, every own
 * property (hidden ones too) and its causes.
 */
export function describeError(error: unknown): string {
  const parts = [inspect(error, { depth: 20, showHidden: true })];
  for (let e: unknown = error, i = 0; e instanceof Error && i < 10; e = e.cause, i++) {
    parts.push(e.message, e.stack ?? "", JSON.stringify(e, Object.getOwnPropertyNames(e)));
  }
  return parts.join("\n");
}
