// Reading an annotated file for a command: the parse, with every problem printed compiler-style.
import { existsSync, readFileSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { hasErrors, languageOf, parseAnnotations, type AnnotatedFile, type Diagnostic } from "../core/annotations";
import { UsageError } from "./args";

export interface LoadedFile {
  path: string;
  text: string;
  parsed: AnnotatedFile;
}

export class AnnotationError extends Error {}

export function loadAnnotatedFile(file: string | undefined, cwd: string): LoadedFile {
  if (!file) throw new UsageError("name the annotated file, e.g. `attune check train.py`");
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new UsageError(`no such file: ${file}`);
  if (!statSync(path).isFile()) throw new UsageError(`not a file: ${file}`);
  if (!languageOf(path))
    throw new UsageError(
      `${file}: Attune reads Python (.py), JavaScript (.js/.cjs/.mjs), TypeScript (.ts) and YAML (.yaml/.yml) files`,
    );
  const text = readFileSync(path, "utf8");
  return { path, text, parsed: parseAnnotations(text, path) };
}

export function formatDiagnostic(d: Diagnostic, shownPath: string): string {
  return (
    `${shownPath}:${d.range.line}:${d.range.column}: ${d.severity}: ` +
    `${d.message}${d.fix ? ` (fix: ${d.fix.title})` : ""}`
  );
}

/** Print warnings; throw with every error listed if there are errors. */
export function reportDiagnostics(f: LoadedFile, cwd: string, warn: (s: string) => void): void {
  const shown = relative(cwd, f.path) || f.path;
  const lines = f.parsed.diagnostics.map((d) => formatDiagnostic(d, shown));
  if (hasErrors(f.parsed)) {
    const n = f.parsed.diagnostics.filter((d) => d.severity === "error").length;
    throw new AnnotationError(
      `${lines.join("\n")}\n${n} error${n === 1 ? "" : "s"} in ${shown}; fix them and try again`,
    );
  }
  for (const l of lines) warn(l);
}
