// The shapes the annotation parser hands to the CLI, the runner and the VS Code extension.
// Offsets are indices into the source string (UTF-16 code units, like VS Code); lines and columns are 1-based.
import type { Budget, Param, Space } from "../space";
import type { Constraint, Direction, Literal } from "../types";

export type Language = "python" | "javascript" | "typescript" | "yaml";

export interface SourceRange {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One `@tune` spec on one literal. `param` (or `budget`) is absent when the annotation has errors. */
export interface AnnotatedParam {
  name: string;
  param?: Param;
  budget?: Budget;
  /** The literal the trial replaces; `value` is the parameter's default. */
  literal: SourceRange & { text: string; value: Literal };
  /** From `@tune` to the end of the comment. */
  annotation: SourceRange;
  /** The spec as written, condition included: `int(32, 512, step=32) if num_layers >= 2`. */
  spec: string;
}

export interface Directives {
  /** The (first) objective. */
  objective?: { direction: Direction; metric: string };
  /** Several objectives (`objective: maximize a, minimize b`): all of them, the first included. */
  objectives?: { direction: Direction; metric: string }[];
  /** `constraint: <metric> <= <number>` lines, in order. */
  constraints?: Constraint[];
  run?: string;
  trials?: number;
  algorithm?: string;
  parallel?: number;
  timeoutMs?: number;
  /** `@tune time: 30m`: a wall-clock budget for the whole study; no trial starts after it (docs/cli.md). */
  timeMs?: number;
  /** `@tune baseline: off` turns off trial 0 with the file's own values (docs/trials.md). */
  baseline?: boolean;
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A machine-applicable quick fix. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  severity: Severity;
  /** Stable identifier of the problem kind (see DiagnosticCode). */
  code: DiagnosticCode;
  message: string;
  range: SourceRange;
  fix?: Fix;
}

export type DiagnosticCode =
  | "unsupported-file"
  | "syntax"
  | "empty-annotation"
  | "trailing-text"
  | "unknown-spec"
  | "bad-arguments"
  | "bad-name"
  | "bounds-order"
  | "log-nonpositive"
  | "int-bounds"
  | "step-invalid"
  | "step-range"
  | "choice-duplicate"
  | "budget-range"
  | "invalid-spec"
  | "prefer-log"
  | "default-type"
  | "default-outside"
  | "default-off-grid"
  | "no-literal"
  | "no-name"
  | "duplicate-name"
  | "duplicate-budget"
  | "condition-unknown"
  | "condition-later"
  | "condition-never"
  | "unknown-directive"
  | "bad-directive"
  | "duplicate-directive"
  | "directive-placement"
  | "missing-objective"
  | "list-literal"
  | "list-bounds";

export interface AnnotatedFile {
  language: Language;
  params: AnnotatedParam[];
  space: Space;
  directives: Directives;
  diagnostics: Diagnostic[];
}
