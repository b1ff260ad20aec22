// TypeScript trials: the patched text is transpiled (esbuild, types stripped, no type-check) before the run. An inline
// source map that names the user's original file keeps stack traces pointing at the user's own lines.
import { writeFileSync } from "node:fs";
import { dirname } from "node:path";

type Esbuild = typeof import("esbuild");

export function transpileTs(source: string, originalFile: string, out: { outFile: string; format: "cjs" | "esm" }): void {
  const esbuild = loadEsbuild(originalFile);
  const result = esbuild.transformSync(source, {
    loader: /\.tsx$/i.test(originalFile) ? "tsx" : "ts",
    format: out.format,
    sourcemap: "inline",
    sourcefile: originalFile,
    target: `node${process.versions.node.split(".")[0]}`,
  });
  writeFileSync(out.outFile, result.code);
}

/** The user's project's esbuild first (the .vsix ships none: its native binary is platform-specific), then ours. */
function loadEsbuild(originalFile: string): Esbuild {
  for (const from of [dirname(originalFile), __dirname]) {
    try {
      return require(require.resolve("esbuild", { paths: [from] })) as Esbuild;
    } catch {
      // not installed there; try the next place
    }
  }
  throw new Error(
    `TypeScript trials need esbuild to strip types, and none was found from ${dirname(originalFile)} or Attune's install: ` +
      "run `npm install --save-dev esbuild` in your project",
  );
}
