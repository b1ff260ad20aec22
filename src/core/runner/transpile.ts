// TypeScript trials: the patched text is transpiled (esbuild, types stripped, no type-check) before the run. An inline
// source map that names the user's original file keeps stack traces pointing at the user's own lines.
import { writeFileSync } from "node:fs";
import { dirname } from "node:path";

type Esbuild = typeof import("esbuild");

export function transpileTs(
  source: string,
  originalFile: string,
  out: { outFile: string; format: "cjs" | "esm" },
): void {
  const dir = esbuildDir(originalFile);
  if (!dir) {
    throw new Error(
      `TypeScript trials need esbuild to strip types, and none was found from ${dirname(originalFile)} or Attune's install: ` +
        "run `npm install --save-dev esbuild` in your project",
    );
  }
  const esbuild = require(dir) as Esbuild;
  const result = esbuild.transformSync(source, {
    loader: /\.tsx$/i.test(originalFile) ? "tsx" : "ts",
    format: out.format,
    sourcemap: "inline",
    sourcefile: originalFile,
    target: `node${process.versions.node.split(".")[0]}`,
  });
  writeFileSync(out.outFile, result.code);
}

/** The esbuild package folder a trial of `file` uses — for its main file here, and for sibling `.ts` modules in the
 * trial's loader hook (ATTUNE_RT_ESBUILD): the user's project's first (the .vsix ships none: its native binary is
 * platform-specific), then Attune's own. */
export function esbuildDir(file: string): string | undefined {
  for (const from of [dirname(file), __dirname]) {
    try {
      return dirname(require.resolve("esbuild/package.json", { paths: [from] }));
    } catch {
      // not installed there; try the next place
    }
  }
  return undefined;
}
