/*
 * DLI job ids are Java longs. A JS number holds integers exactly only up to 2^53, so ids are kept
 * as decimal strings everywhere and converted only at the JSON boundary, with the source-text
 * access of `JSON.parse` and `JSON.rawJSON` (Node 21 and later).
 */

interface RawJson {
  readonly rawJSON: string;
}
interface JsonWithRaw {
  rawJSON(text: string): RawJson;
  parse(
    text: string,
    reviver: (key: string, value: unknown, context?: { source?: string }) => unknown,
  ): unknown;
}
const json = JSON as unknown as JsonWithRaw;

const decimalInteger = /^-?(0|[1-9]\d*)$/;

/**
 * A decimal integer string that {@link stringifyJson} writes as a bare JSON number, exactly.
 * Throws on anything that is not a plain decimal integer.
 */
export function jsonInteger(digits: string): unknown {
  if (!decimalInteger.test(digits)) throw new RangeError(`"${digits}" is not a decimal integer`);
  return json.rawJSON(digits);
}

/** `JSON.stringify`, writing values made by {@link jsonInteger} as exact numbers. */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Parses JSON text; integers too large for a JS number come back as their decimal strings
 * instead of being rounded. Text that is not JSON comes back as the text itself, and an empty
 * body as `undefined`.
 */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return json.parse(text, (_key, value, context) =>
      typeof value === "number" &&
      !Number.isSafeInteger(value) &&
      context?.source !== undefined &&
      decimalInteger.test(context.source)
        ? context.source
        : value,
    );
  } catch {
    return text;
  }
}
