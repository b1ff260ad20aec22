// @ts-check
"use strict";
// `require("<package root>/tfjs")` (docs/model-search.md): small TensorFlow.js helpers usable in any TF.js script,
// with or without Attune's runner — `hypergradient` (attune-hypergradient.cjs) and `morph` (attune-morph.cjs).
// They must work on the user's own TF.js (an optimizer has to be an instance of *their* tf.Optimizer, a model
// is built from *their* layer classes), so TF.js is found here, when a helper is first called, in this order:
//  1. the `tf` option, when the caller passes one;
//  2. a TF.js the process has already loaded (`@tensorflow/tfjs`, `-node`, `-node-gpu`), preferring the one the
//     given model belongs to;
//  3. `@tensorflow/tfjs` resolved from the main script's folder, then from the working directory;
//  4. Attune's own copy (a git clone's devDependency; in the .vsix, the bundle the build writes beside this file).
const path = require("path");

/** @typedef {any} Tf the user's `@tensorflow/tfjs*` module, typed loosely on purpose */

const LOADED = /[\\/]@tensorflow[\\/]tfjs(-node(-gpu)?)?[\\/]dist[\\/][^\\/]+\.js$|[\\/]attune-tfjs-bundle\.cjs$/;

/** @param {unknown} m @returns {m is Tf} */
function isTf(m) {
  const t = /** @type {any} */ (m);
  return !!t && typeof t.Optimizer === "function" && typeof t.LayersModel === "function" && !!t.layers;
}

/**
 * The TF.js modules already loaded in this process, most recently loaded last.
 * @returns {Tf[]}
 */
function loadedTfs() {
  /** @type {Tf[]} */
  const out = [];
  for (const [id, mod] of Object.entries(require.cache)) {
    if (mod && LOADED.test(id) && isTf(mod.exports) && !out.includes(mod.exports)) out.push(mod.exports);
  }
  return out;
}

/**
 * @param {string} dir
 * @returns {Tf | undefined}
 */
function requireFrom(dir) {
  try {
    const m = require(require.resolve("@tensorflow/tfjs", { paths: [dir] }));
    return isTf(m) ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The TF.js the helpers work with (see the order above).
 * @param {string} who the helper asking, for the error
 * @param {{ tf?: unknown, model?: unknown }} [hint]
 * @returns {Tf}
 */
function resolveTf(who, hint = {}) {
  if (hint.tf !== undefined) {
    if (!isTf(hint.tf)) throw new Error(`${who}: the \`tf\` option is not a TensorFlow.js module (pass \`require("@tensorflow/tfjs")\`)`);
    return hint.tf;
  }
  const loaded = loadedTfs();
  if (hint.model) {
    const owner = loaded.find((t) => hint.model instanceof t.LayersModel);
    if (owner) return owner;
  }
  if (loaded.length) return loaded[loaded.length - 1];
  const dirs = [];
  if (require.main && require.main.filename) dirs.push(path.dirname(require.main.filename));
  dirs.push(process.cwd(), __dirname);
  for (const dir of dirs) {
    const tf = requireFrom(dir);
    if (tf) return tf;
  }
  const bundle = path.join(__dirname, "attune-tfjs-bundle.cjs");
  if (require("fs").existsSync(bundle)) return require(bundle);
  throw new Error(`${who}: TensorFlow.js was not found; install @tensorflow/tfjs in your project (npm i @tensorflow/tfjs)`);
}

module.exports = {
  /**
   * @param {"adam" | "sgd"} kind
   * @param {import("./attune-hypergradient.cjs").HypergradientOptions & { tf?: unknown }} options
   */
  hypergradient(kind, options) {
    const tf = resolveTf("hypergradient", { tf: options && options.tf });
    return require("./attune-hypergradient.cjs").hypergradient(tf, kind, options);
  },
  morph: {
    /**
     * @param {any} model
     * @param {string} layerName
     * @param {number} units
     * @param {import("./attune-morph.cjs").WidenOptions & { tf?: unknown }} [options]
     */
    widen(model, layerName, units, options = {}) {
      const tf = resolveTf("morph.widen", { tf: options.tf, model });
      return require("./attune-morph.cjs").widen(tf, model, layerName, units, options);
    },
    /**
     * @param {any} model
     * @param {string} layerName
     * @param {import("./attune-morph.cjs").DeepenOptions & { tf?: unknown }} [options]
     */
    deepen(model, layerName, options = {}) {
      const tf = resolveTf("morph.deepen", { tf: options.tf, model });
      return require("./attune-morph.cjs").deepen(tf, model, layerName, options);
    },
  },
  resolveTf,
};
