import { writeFileSync } from "node:fs";
import * as prettier from "prettier";

/**
 * Writes a generated Markdown or JSON file formatted by the repository's Prettier settings, so that
 * committing a fresh bench report keeps `npm run lint` (which checks formatting) passing.
 */
export async function writeFormatted(file: string, text: string): Promise<void> {
  const config = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(text, { ...config, filepath: file }));
}
