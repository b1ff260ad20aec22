// The annotation parser (docs/annotations.md): source text → search space, run directives and diagnostics with exact
// ranges; and the inverse, writing chosen values back into the literals.
export type {
  AnnotatedFile,
  AnnotatedParam,
  Diagnostic,
  DiagnosticCode,
  Directives,
  Fix,
  Language,
  Severity,
  SourceRange,
  TextEdit,
} from "./types";
export { languageOf } from "./language";
export { parseAnnotations } from "./parse";
export { formatLiteral } from "./literals";
export { applyValues, literalEdits } from "./apply";
export { parseDuration, ALGORITHMS, DIRECTIVE_NAMES } from "./directives";
import type { AnnotatedFile } from "./types";

export function hasErrors(f: AnnotatedFile): boolean {
  return f.diagnostics.some((d) => d.severity === "error");
}
