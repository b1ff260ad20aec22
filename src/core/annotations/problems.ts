// Problems found while reading annotations: each points at the source span at fault, in the order found (the
// parser sorts them by position at the end), with a quick fix where the right edit is obvious.
import type { Span } from "./syntax";
import type { DiagnosticCode, Fix, Severity } from "./types";

export interface Problem extends Span {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  fix?: Fix;
}

/** Collects problems into `problems` (an array the caller may share with other reports). */
export class Report {
  constructor(readonly problems: Problem[] = []) {}

  error(code: DiagnosticCode, span: Span, message: string, fix?: Fix): void {
    this.add("error", code, span, message, fix);
  }
  warn(code: DiagnosticCode, span: Span, message: string, fix?: Fix): void {
    this.add("warning", code, span, message, fix);
  }
  add(severity: Severity, code: DiagnosticCode, span: Span, message: string, fix?: Fix): void {
    this.problems.push({ severity, code, message, start: span.start, end: span.end, fix });
  }
  /** Whether any error has been reported (warnings do not count). */
  get failed(): boolean {
    return this.problems.some((p) => p.severity === "error");
  }
}

/** The quick fix that replaces `span` with the suggestion `s`, when there is one. */
export function changeTo(s: string | undefined, span: Span): Fix | undefined {
  return s ? { title: `Change to ${s}`, edits: [{ start: span.start, end: span.end, newText: s }] } : undefined;
}
