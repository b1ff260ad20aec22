// What applying a trial's values to a file changes: one edit per annotated literal, in the file's own syntax.
// Pure (text in, edits out) so it is tested without VS Code; the extension turns the edits into a WorkspaceEdit.
import { literalEdits } from "../../core/annotations/apply";
import type { AnnotatedFile, TextEdit } from "../../core/annotations/types";
import type { Literal, Params } from "../../core/types";

export interface ApplyPlan {
  edits: TextEdit[];
  /** Names whose literal changes. */
  changed: string[];
  /** Annotated parameters the trial has no value for (inactive conditionals), left as they are. */
  untouched: string[];
}
export type ApplyResult = { ok: true; plan: ApplyPlan } | { ok: false; error: string };

/**
 * Edits that write `params` (and the trial's `budget`, when it has one) into `text`, whose annotations are `parsed`.
 * Refuses, with a message that says what to do, when the file no longer annotates a parameter of the trial or when
 * a literal's text is not what the parser saw (the file changed after it was parsed).
 */
export function planApply(text: string, parsed: AnnotatedFile, params: Params, budget?: number): ApplyResult {
  const byName = new Map(parsed.params.map((p) => [p.name, p]));
  const missing = Object.keys(params).filter((n) => !byName.has(n));
  if (missing.length)
    return {
      ok: false,
      error:
        `The file no longer annotates ${missing.map((n) => `"${n}"`).join(", ")}; nothing was changed. Restore ` +
        `the annotation or apply by hand.`,
    };
  const values: Params = {};
  const untouched: string[] = [];
  for (const p of parsed.params) {
    let value: Literal | undefined = params[p.name];
    if (value === undefined && p.budget && budget !== undefined) value = budget;
    if (value === undefined) {
      untouched.push(p.name);
      continue;
    }
    const lit = p.literal;
    const now = text.slice(lit.start, lit.end);
    if (now !== lit.text)
      return {
        ok: false,
        error: `"${p.name}" on line ${lit.line} changed: expected ${lit.text}, found ${now || "nothing"}. Nothing was changed; try again.`,
      };
    values[p.name] = value;
  }
  // The core decides what changes (equal values, `1e-3` vs 0.001, are left as written) and how literals are spelled.
  const edits = literalEdits(parsed, values);
  const byStart = new Map(parsed.params.map((p) => [p.literal.start, p.name]));
  const changed = edits.map((e) => byStart.get(e.start)!).filter(Boolean);
  return { ok: true, plan: { edits, changed, untouched } };
}

/** Apply non-overlapping edits to a string (for tests and for files not open in an editor). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
