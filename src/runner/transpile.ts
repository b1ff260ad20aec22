// TypeScript trials: the patched text is transpiled (types stripped, no type-check) before the run, by the one
// transpile helper the trial's own hooks use too (runtime/attune-transpile.cjs: the project's esbuild, else the
// sucrase Attune carries). The user's line numbers are kept, so stack traces point at the user's own lines.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

interface TranspileHelper {
  transpile(code: string, filename: string, format: "cjs" | "esm", esbuildDir?: string): string;
  findEsbuild(dir: string): string | undefined;
}

const helpers = new Map<string, TranspileHelper>();
function helper(runtimeDir: string): TranspileHelper {
  let h = helpers.get(runtimeDir);
  if (!h) {
    h = require(join(runtimeDir, "attune-transpile.cjs")) as TranspileHelper;
    helpers.set(runtimeDir, h);
  }
  return h;
}

export function transpileTs(
  source: string,
  originalFile: string,
  out: { outFile: string; format: "cjs" | "esm" },
  runtimeDir: string,
  esbuild: string | undefined,
): void {
  writeFileSync(out.outFile, helper(runtimeDir).transpile(source, originalFile, out.format, esbuild));
}

/** The user's project's esbuild package folder for a trial of `file` (undefined: the carried sucrase is used) —
 * looked up once per trial and handed to the trial's hooks (ATTUNE_RT_ESBUILD) for its sibling `.ts` modules. */
export function esbuildDir(file: string, runtimeDir: string): string | undefined {
  return helper(runtimeDir).findEsbuild(dirname(file));
}
