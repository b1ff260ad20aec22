// Where studies live on disk: `.attune/<study>/` under the workspace root (docs/studies.md).
import { existsSync, readdirSync, statSync, type Dirent } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { JOURNAL_FILE } from "./journal";

export const ATTUNE_DIR = ".attune";

/** The default study name: the annotated file's path relative to the root, with forward slashes. */
export function studyNameFor(root: string, file: string): string {
  const rel = relative(root, file);
  if (!rel || rel.startsWith("..") || isAbsolute(rel)) {
    // A file outside the root: name the study after the file's own name.
    return file.split(/[\\/]/).pop() ?? "study";
  }
  return rel.split(sep).join("/");
}

/** The study's folder; refuses names that would escape `.attune/`. */
export function studyDir(root: string, name: string): string {
  const parts = name.split("/");
  if (!name || parts.some((p) => p === "" || p === "." || p === "..") || isAbsolute(name))
    throw new Error(`invalid study name ${JSON.stringify(name)}: use a relative path without "." or ".." parts`);
  return join(root, ATTUNE_DIR, ...parts);
}

/** All study names under a root (folders holding a journal). */
export function listStudies(root: string): string[] {
  const base = join(root, ATTUNE_DIR);
  const out: string[] = [];
  const walk = (dir: string, prefix: string[]) => {
    let entries: Dirent[];
    try {
      // With their types: no stat per entry (the extension host rescans every few seconds; bench/extension/PROFILE.md).
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.name === JOURNAL_FILE && !e.isDirectory())) out.push(prefix.join("/"));
    for (const e of entries) {
      if (e.name === "trials") continue;
      let folder = e.isDirectory();
      if (e.isSymbolicLink()) {
        try {
          folder = statSync(join(dir, e.name)).isDirectory();
        } catch {
          /* a dangling link */
        }
      }
      if (folder) walk(join(dir, e.name), [...prefix, e.name]);
    }
  };
  if (existsSync(base)) walk(base, []);
  return out.sort();
}
