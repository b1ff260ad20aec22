// Writing values into the annotated literals: `attune apply`, and the runner's patched copy of a trial's source.
// Only literal ranges change; every other byte, and so every line number, stays as it was.
import type { Literal } from "../types";
import { formatLiteral } from "./literals";
import type { AnnotatedFile, TextEdit } from "./types";

function same(a: Literal, b: Literal): boolean {
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  return a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));
}

/**
 * Edits that write `values` (by parameter or budget name) into the file's literals, only where the value changes.
 * Names not in the file are ignored; literals without a value (inactive parameters) are left alone.
 */
export function literalEdits(f: AnnotatedFile, values: Record<string, Literal>): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const p of f.params) {
    if (!Object.prototype.hasOwnProperty.call(values, p.name)) continue;
    const v = values[p.name];
    if (v === undefined || same(v, p.literal.value)) continue;
    edits.push({ start: p.literal.start, end: p.literal.end, newText: formatLiteral(v, f.language, p.literal.text) });
  }
  return edits.sort((a, b) => a.start - b.start);
}

/** `text` with `values` written into its literals; byte-for-byte identical outside them. */
export function applyValues(text: string, f: AnnotatedFile, values: Record<string, Literal>): string {
  const edits = literalEdits(f, values);
  for (const p of f.params)
    if (text.slice(p.literal.start, p.literal.end) !== p.literal.text)
      throw new Error(
        `the file changed since it was parsed: expected ${JSON.stringify(p.literal.text)} at line ${p.literal.line}, ` +
          `column ${p.literal.column}`,
      );
  let out = "";
  let at = 0;
  for (const e of edits) {
    if (e.start < at) continue; // two names on one literal cannot happen; be safe anyway
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}
