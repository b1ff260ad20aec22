// Parsed annotations per open document, keyed by version: hover, CodeLens, diagnostics and quick fixes all ask for
// the same parse, and typing re-parses once.
import type * as vscode from "vscode";
import { languageOf, parseAnnotations, type AnnotatedFile } from "../core/annotations";

const cache = new WeakMap<vscode.TextDocument, { version: number; parsed: AnnotatedFile | undefined }>();

/** Languages whose files may carry `@tune` comments. */
export const ANNOTATED_LANGUAGES = ["python", "javascript", "typescript", "javascriptreact", "typescriptreact", "yaml"];

/** The document's annotations, or undefined when it is not a kind of file we read or has no `@tune` at all. */
export function annotationsOf(doc: vscode.TextDocument): AnnotatedFile | undefined {
  const hit = cache.get(doc);
  if (hit && hit.version === doc.version) return hit.parsed;
  let parsed: AnnotatedFile | undefined;
  if (languageOf(doc.fileName) || ANNOTATED_LANGUAGES.includes(doc.languageId)) {
    const text = doc.getText();
    // Files without the marker are the vast majority: skip the parser (and never warn about a missing objective).
    if (text.includes("@tune"))
      parsed = parseAnnotations(
        text,
        languageOf(doc.fileName) ? doc.fileName : `${doc.fileName}.${extFor(doc.languageId)}`,
      );
  }
  cache.set(doc, { version: doc.version, parsed });
  return parsed;
}

function extFor(languageId: string): string {
  return languageId === "python"
    ? "py"
    : languageId === "yaml"
      ? "yaml"
      : languageId.startsWith("typescript")
        ? "ts"
        : "js";
}

/** A file worth offering Start Tuning on: it annotates at least one parameter. */
export function isAnnotated(parsed: AnnotatedFile | undefined): parsed is AnnotatedFile {
  return !!parsed && parsed.params.length > 0;
}
