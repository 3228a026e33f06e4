/*
 * The emulator's own lossless JSON reading, kept apart from the provider's on purpose: the
 * emulator stands in for the vendor and must not share code with the client it checks.
 * Integers too large for a JS number keep their exact digits, as decimal strings.
 */

interface SourceContext {
  readonly source?: string;
}
type ReviverWithSource = (key: string, value: unknown, context?: SourceContext) => unknown;
const parseWithSource = JSON.parse as (text: string, reviver: ReviverWithSource) => unknown;
const integerText = /^-?(0|[1-9]\d*)$/;

/** Why a request body could not be read as JSON. */
export class BodyNotJsonError extends Error {}

/**
 * Parses a request body. An empty body gives `undefined`; integers beyond 2^53 come back as their
 * decimal strings instead of being rounded. Throws {@link BodyNotJsonError} for text that is not JSON.
 */
export function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return parseWithSource(text, (_key, value, context) =>
      typeof value === "number" &&
      !Number.isSafeInteger(value) &&
      context?.source !== undefined &&
      integerText.test(context.source)
        ? context.source
        : value,
    );
  } catch (error) {
    throw new BodyNotJsonError(error instanceof Error ? error.message : String(error));
  }
}
