// Which annotation syntax a file uses, from its extension.
import type { Language } from "./types";

const BY_EXTENSION: Record<string, Language> = {
  py: "python",
  pyw: "python",
  js: "javascript",
  cjs: "javascript",
  mjs: "javascript",
  jsx: "javascript",
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  yaml: "yaml",
  yml: "yaml",
};

export function languageOf(fileName: string): Language | undefined {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName);
  return m ? BY_EXTENSION[m[1].toLowerCase()] : undefined;
}
