// TypeScript trials: the patched text is transpiled (esbuild, types stripped, no type-check) before the run. An inline
// source map that names the user's original file keeps stack traces pointing at the user's own lines.
import { writeFileSync } from "node:fs";

export function transpileTs(source: string, originalFile: string, out: { outFile: string; format: "cjs" | "esm" }): void {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = require("esbuild") as typeof import("esbuild");
  } catch {
    throw new Error("TypeScript trials need esbuild, which is missing: run `npm install esbuild` in your project (or reinstall Attune)");
  }
  const result = esbuild.transformSync(source, {
    loader: /\.tsx$/i.test(originalFile) ? "tsx" : "ts",
    format: out.format,
    sourcemap: "inline",
    sourcefile: originalFile,
    target: `node${process.versions.node.split(".")[0]}`,
  });
  writeFileSync(out.outFile, result.code);
}
