// @ts-check
"use strict";
// The one TypeScript transpiler of trials, shared by the runner (the main file), the preload (sibling `.ts` files a
// CommonJS trial requires) and the ESM loader hook: the project's own esbuild when it has one, else sucrase, which
// Attune carries (bundled as attune-sucrase.cjs, so a .vsix needs nothing installed). Both keep the user's line
// numbers: sucrase by construction (it blanks out types in place), esbuild through an inline source map; both add an
// inline source map, so `--enable-source-maps` also gets columns right. Why sucrase: bench/transpile/RESULTS.md.
const fs = require("fs");
const path = require("path");

/**
 * The esbuild package folder of the project that holds `dir`, or undefined.
 * @param {string} dir
 * @returns {string | undefined}
 */
function findEsbuild(dir) {
  try {
    return path.dirname(require.resolve("esbuild/package.json", { paths: [dir] }));
  } catch {
    return undefined;
  }
}

/** @type {{ transform: typeof import("sucrase").transform } | undefined} */
let sucrase;
/** @returns {NonNullable<typeof sucrase>} */
function loadSucrase() {
  if (sucrase) return sucrase;
  const bundled = path.join(__dirname, "attune-sucrase.cjs");
  const loaded = fs.existsSync(bundled) ? require(bundled) : require("sucrase"); // the source tree: node_modules
  sucrase = loaded;
  return loaded;
}

/** A transpile error as one sentence with the user's line: "train.ts:3:7: Unexpected token". */
class TranspileError extends Error {
  /**
   * @param {string} filename
   * @param {number | undefined} line
   * @param {number | undefined} column
   * @param {string} reason
   */
  constructor(filename, line, column, reason) {
    const where = line ? `${path.basename(filename)}:${line}${column ? `:${column}` : ""}` : path.basename(filename);
    super(`${where}: ${reason}`);
    this.name = "TranspileError";
    this.file = filename;
    this.line = line;
  }
}

/**
 * TypeScript source → JavaScript of the given module format ("cjs" | "esm"), with the same line numbers.
 * `esbuildDir`: the esbuild package to use; "" or undefined: sucrase.
 * @param {string} code
 * @param {string} filename
 * @param {"cjs" | "esm"} format
 * @param {string} [esbuildDir]
 * @returns {string}
 */
function transpile(code, filename, format, esbuildDir) {
  const tsx = /\.tsx$/i.test(filename);
  if (esbuildDir) {
    const esbuild = require(esbuildDir);
    try {
      return esbuild.transformSync(code, {
        loader: tsx ? "tsx" : "ts",
        format,
        sourcemap: "inline",
        sourcefile: filename,
        target: `node${process.versions.node.split(".")[0]}`,
      }).code;
    } catch (err) {
      const first = err && err.errors && err.errors[0];
      if (!first) throw err;
      const loc = first.location;
      throw new TranspileError(filename, loc && loc.line, loc && loc.column + 1, first.text);
    }
  }
  // Sucrase drops a namespace that holds values (it supports only type-only ones): say so instead of running less.
  const ns = /^[ \t]*(?:export[ \t]+)?(?:namespace|module)[ \t]+[\w.]+[ \t]*\{/m.exec(code);
  if (ns) {
    const line = code.slice(0, ns.index).split("\n").length;
    throw new TranspileError(
      filename,
      line,
      undefined,
      "TypeScript namespaces need esbuild: run `npm install --save-dev esbuild` in your project (Attune uses it)",
    );
  }
  /** @type {import("sucrase").Transform[]} */
  const transforms = ["typescript"];
  if (tsx) transforms.push("jsx");
  if (format === "cjs") transforms.push("imports");
  let out;
  try {
    out = loadSucrase().transform(code, {
      transforms,
      filePath: filename,
      // Modern Node runs class fields, `?.` and `??` as they are: leave them (faster, and columns move less).
      disableESTransforms: true,
      production: true, // JSX without development-only props
      sourceMapOptions: { compiledFilename: filename },
    });
  } catch (err) {
    const loc = err && err.loc;
    const reason = String((err && err.message) || err)
      .replace(`Error transforming ${filename}: `, "")
      .replace(/\s*\(\d+:\d+\)$/, "");
    throw new TranspileError(filename, loc && loc.line, loc && loc.column + 1, reason);
  }
  const map = { ...out.sourceMap, sources: [filename], sourcesContent: [code] };
  const inline = Buffer.from(JSON.stringify(map)).toString("base64");
  return `${out.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${inline}\n`;
}

module.exports = { transpile, findEsbuild, TranspileError };
