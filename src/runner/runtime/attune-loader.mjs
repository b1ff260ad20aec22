// @ts-check
// ESM loader hooks (see attune-register.mjs). The user's original file URL loads the patched text (or its
// transpilation for TypeScript); other .ts modules are transpiled on the fly by attune-transpile.cjs; "./x.js" from
// TypeScript may mean "./x.ts".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const original = process.env.ATTUNE_RT_ORIGINAL;
const patched = process.env.ATTUNE_RT_PATCHED;
const originalUrl = original ? pathToFileURL(original).href : undefined;
const format = process.env.ATTUNE_RT_FORMAT === "commonjs" ? "commonjs" : "module";
const isTs = (/** @type {string} */ url) => /\.[cm]?tsx?$/.test(new URL(url).pathname);

/** @type {import("node:module").ResolveHook} */
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (context.parentURL && isTs(context.parentURL) && /^\.\.?\/.*\.[cm]?js$/.test(specifier)) {
      return next(specifier.replace(/js$/, "ts"), context);
    }
    throw err;
  }
}

/** @type {import("node:module").LoadHook} */
export async function load(url, context, next) {
  if (url === originalUrl && patched) {
    return { format, source: readFileSync(patched, "utf8"), shortCircuit: true };
  }
  if (url.startsWith("file:") && isTs(url)) {
    const { transpile } = createRequire(import.meta.url)("./attune-transpile.cjs");
    const filename = fileURLToPath(url);
    const source = transpile(readFileSync(filename, "utf8"), filename, "esm", process.env.ATTUNE_RT_ESBUILD);
    return { format: "module", source, shortCircuit: true };
  }
  return next(url, context);
}
