// @ts-check
"use strict";
// Loaded with `node --require` before a JS/TS trial. It
//  1. serves the patched text (or its transpilation) when Node loads the user's ORIGINAL file, so stack
//     traces and `__filename` name the user's file and lines;
//  2. lets sibling `.ts` modules load (transpiled by attune-transpile.cjs, as the main file was);
//  3. gives TensorFlow.js the fastest backend present and reports `model.fit` epochs (docs/trials.md);
//  4. ends the trial's process group if the runner that started it dies.
// Inputs come from the environment: ATTUNE_RT_ORIGINAL, ATTUNE_RT_PATCHED, ATTUNE_RT_FORMAT, ATTUNE_RT_ESBUILD,
// ATTUNE_RT_PARENT.

require("./attune-seed.cjs"); // Math.random seeded from ATTUNE_SEED, before any user code runs

// TF.js objects are the user's own version's: typed loosely on purpose.
/** @typedef {any} Tf the user's `@tensorflow/tfjs*` module */
/** @typedef {{ _compile(code: string, filename: string): unknown }} CjsModule */
/** @typedef {(this: unknown, module: CjsModule, filename: string) => unknown} Compile */
/** @typedef {{ filename?: string } | null | undefined} Parent */
// Node's private loader hooks (_extensions, _resolveFilename, _load) have no published types.
const Module = /** @type {any} */ (require("module"));
const fs = require("fs");
const path = require("path");

const original = process.env.ATTUNE_RT_ORIGINAL;
const patchedFile = process.env.ATTUNE_RT_PATCHED;
const userDir = original ? path.dirname(original) : process.cwd();

// --- 1 + 2: the patched main file, and TypeScript modules --------------------------------------------------------
if (original && patchedFile) {
  const patched = fs.readFileSync(patchedFile, "utf8");
  const serve = (/** @type {Compile} */ handler) =>
    /** @type {Compile} */
    function (module, filename) {
      if (filename === original) return module._compile(patched, filename);
      return handler.call(this, module, filename);
    };
  Module._extensions[".js"] = serve(Module._extensions[".js"]);
  /** @param {CjsModule} module @param {string} filename */
  const transpileTs = function (module, filename) {
    const code = fs.readFileSync(filename, "utf8");
    const { transpile } = require("./attune-transpile.cjs");
    module._compile(transpile(code, filename, "cjs", process.env.ATTUNE_RT_ESBUILD), filename);
  };
  for (const ext of [".ts", ".cts", ".tsx"]) {
    if (!Module._extensions[ext]) Module._extensions[ext] = serve(transpileTs);
  }
  if (Module._extensions[".cjs"]) Module._extensions[".cjs"] = serve(Module._extensions[".cjs"]);
  // TypeScript written for NodeNext imports "./model.js" meaning "./model.ts".
  const resolve = Module._resolveFilename;
  /** @param {string} request @param {Parent} parent @param {unknown[]} rest */
  Module._resolveFilename = function (request, parent, ...rest) {
    try {
      return resolve.call(this, request, parent, ...rest);
    } catch (err) {
      const fromTs = parent && /\.[cm]?tsx?$/.test(parent.filename || "");
      if (fromTs && /^\.\.?\//.test(request) && /\.[cm]?js$/.test(request)) {
        return resolve.call(this, request.replace(/js$/, "ts"), parent, ...rest);
      }
      throw err;
    }
  };
}

// --- 3: TensorFlow.js ---------------------------------------------------------------------------------------------
/** @param {string} name */
function resolveFromUser(name) {
  return resolveFrom(name, userDir);
}

/**
 * @param {object} obj
 * @param {boolean} [meta]
 */
function emit(obj, meta) {
  // Python-style NaN/Infinity tokens: JSON.stringify would turn them into null and hide a diverged run.
  const text = JSON.stringify(obj, (k, v) => (typeof v === "number" && !Number.isFinite(v) ? `\u0000${v}` : v)).replace(
    /"\\u0000(NaN|-?Infinity)"/g,
    "$1",
  );
  process.stdout.write(`@tune${meta ? "-meta" : ""} ${text}\n`);
}

/** @type {{ tf: Tf, backend?: string, ready?: Promise<void> } | undefined} */
let tfState;

/**
 * Picks and starts the fastest backend present (attune-backends.cjs). Settles when the backend is usable.
 * @param {Tf} tf
 * @param {string} [chosen]
 * @returns {Promise<void>}
 */
function setupTf(tf, chosen) {
  if (tfState) return /** @type {Promise<void>} */ (tfState.ready);
  const state = (tfState = { tf, backend: chosen, ready: /** @type {Promise<void> | undefined} */ (undefined) });
  wrapFit(tf);
  require("./attune-checkpoint.cjs").install(tf); // docs/trials.md: save each epoch, resume from ATTUNE_RESUME_FROM
  const backends = require("./attune-backends.cjs");
  let forced;
  try {
    forced = backends.normalizeBackend(process.env.ATTUNE_TFJS_BACKEND);
  } catch (err) {
    state.ready = Promise.reject(new Error(`ATTUNE_TFJS_BACKEND: ${err.message}`));
    return state.ready;
  }
  if (chosen && !forced) {
    // The script imported tfjs-node(-gpu) itself: that import chose the backend.
    emit({ backend: chosen }, true);
    state.ready = Promise.resolve();
    return state.ready;
  }
  const started = Date.now();
  state.ready = backends
    .chooseBackend(tf, { resolve: resolveBackendPackage, env: process.env, forced })
    .then((/** @type {{ backend: string, adapter?: unknown, skipped?: unknown }} */ r) => {
      state.backend = r.backend;
      emit({ backend: r.backend, adapter: r.adapter, skipped: r.skipped, chooseMs: Date.now() - started }, true);
    });
  return state.ready;
}

/**
 * A backend package: the user's own, else (webgpu, wasm) the copy Attune carries, bound to the user's tfjs-core so
 * that it registers with the TensorFlow.js the script uses.
 * @param {string} pkg
 * @returns {string | undefined}
 */
function resolveBackendPackage(pkg) {
  const mine = resolveFromUser(pkg);
  if (mine || !["webgpu", "@tensorflow/tfjs-backend-webgpu", "@tensorflow/tfjs-backend-wasm"].includes(pkg))
    return mine;
  let ours;
  try {
    ours = require.resolve(pkg, { paths: [__dirname] });
  } catch {
    return undefined;
  }
  const core = tfjsMain && resolveFrom("@tensorflow/tfjs-core", path.dirname(tfjsMain));
  if (pkg !== "webgpu" && core) {
    const ownDir = ours.slice(0, ours.lastIndexOf(`${path.sep}dist${path.sep}`));
    const resolve = Module._resolveFilename;
    /** @param {string} request @param {Parent} parent @param {unknown[]} rest */
    Module._resolveFilename = function (request, parent, ...rest) {
      if (request === "@tensorflow/tfjs-core" && parent && (parent.filename || "").startsWith(ownDir)) return core;
      return resolve.call(this, request, parent, ...rest);
    };
  }
  return ours;
}

/**
 * @param {string} name
 * @param {string} dir
 * @returns {string | undefined}
 */
function resolveFrom(name, dir) {
  try {
    return require.resolve(name, { paths: [dir] });
  } catch {
    return undefined;
  }
}

/**
 * Adds an epoch-end callback to every model.fit / fitDataset that prints the epoch's logs as a protocol report.
 * @param {Tf} tf
 */
function wrapFit(tf) {
  const proto = tf.LayersModel && tf.LayersModel.prototype;
  if (!proto || proto.__attuneWrapped) return;
  proto.__attuneWrapped = true;
  let step = 0; // counts across fit calls, so a script that fits epoch by epoch still reports ascending steps
  // A resumed fit continues the count (attune-checkpoint.cjs).
  proto.__attuneSetStep = (/** @type {number} */ s) => (step = s);
  /**
   * @param {Record<string, unknown> | undefined} logs
   * @param {any} model
   */
  const report = (logs, model) => {
    // An optimizer that adapts its learning rate (hypergradient, attune-hypergradient.cjs) has it reported as `lr`,
    // and added to the epoch's logs, so that fit's History holds it too.
    const opt = model && model.optimizer;
    if (logs && opt && typeof opt.getLearningRate === "function" && !("lr" in logs)) logs.lr = opt.getLearningRate();
    /** @type {Record<string, number>} */
    const out = { step: ++step };
    for (const [k, v] of Object.entries(logs || {})) {
      const t = /** @type {any} */ (v);
      const n = typeof t === "number" ? t : t && typeof t.dataSync === "function" ? t.dataSync()[0] : undefined;
      if (n === undefined) continue;
      out[k] = n;
      // TF.js names the accuracy metric "acc"; Keras and most objectives say "accuracy".
      const alias = k === "acc" ? "accuracy" : k === "val_acc" ? "val_accuracy" : undefined;
      if (alias && logs && !(alias in logs)) out[alias] = n;
    }
    emit(out);
  };
  for (const [method, at] of /** @type {[string, number][]} */ ([
    ["fit", 2],
    ["fitDataset", 1],
  ])) {
    const orig = proto[method];
    if (typeof orig !== "function") continue;
    /** @this {any} @param {unknown[]} args */
    proto[method] = function (...args) {
      /** @type {{ callbacks?: unknown }} */
      const opts = Object.assign({}, args[at] || {});
      const user = opts.callbacks == null ? [] : Array.isArray(opts.callbacks) ? opts.callbacks : [opts.callbacks];
      /** @type {{ onEpochEnd(epoch: number, logs: Record<string, unknown>): void }} */
      const config = { onEpochEnd: (epoch, logs) => report(logs, this) };
      // tf.js treats the list as Callback objects when the first one is, and as plain configs otherwise.
      const ours =
        user.length && user[0] instanceof tf.Callback && tf.CustomCallback ? new tf.CustomCallback(config) : config;
      opts.callbacks = [...user, ours];
      while (args.length < at) args.push(undefined);
      args[at] = opts;
      emit({ protocol: true, backend: tf.getBackend() }, true);
      // params, flops and latency_ms of the trained model, as metrics (attune-model-stats.cjs).
      return require("./attune-model-stats.cjs").reportAfterFit(tf, this, orig.apply(this, args), emit);
    };
  }
}

/**
 * One sentence, no stack: the forced backend that cannot run, or a backend that would not start.
 * @param {any} err
 */
function failTf(err) {
  process.stderr.write(`attune: could not start TensorFlow.js: ${(err && err.message) || err}\n`);
  process.exit(1);
}

// TF.js is the user's project's; a project without it (a train.ts that `attune auto` wrote) gets the copy Attune
// carries, when it carries one. `attune/data` and `attune/tfjs` likewise fall back to Attune's own
// (docs/model-search.md).
const tfjsMain =
  resolveFromUser("@tensorflow/tfjs") ||
  resolveFrom("@tensorflow/tfjs", __dirname) ||
  // The .vsix carries no node_modules: the bundle the build writes (TF.js with its wasm backend inside).
  (fs.existsSync(path.join(__dirname, "attune-tfjs-bundle.cjs")) ? path.join(__dirname, "attune-tfjs-bundle.cjs") : undefined);
{
  /** @type {Record<string, string | undefined>} */
  const fallbacks = {
    "@tensorflow/tfjs": tfjsMain,
    "attune/data": path.join(__dirname, "attune-data.cjs"),
    "attune/tfjs": path.join(__dirname, "attune-tfjs.cjs"),
  };
  const resolve = Module._resolveFilename;
  /** @param {string} request @param {Parent} parent @param {unknown[]} rest */
  Module._resolveFilename = function (request, parent, ...rest) {
    try {
      return resolve.call(this, request, parent, ...rest);
    } catch (err) {
      const ours = Object.prototype.hasOwnProperty.call(fallbacks, request) ? fallbacks[request] : undefined;
      if (ours && fs.existsSync(ours)) return ours;
      throw err;
    }
  };
}
if (tfjsMain) {
  const userRequested = (/** @type {string} */ request, /** @type {Parent} */ parent) => {
    const from = (parent && parent.filename) || "";
    return !from.includes(`${path.sep}node_modules${path.sep}@tensorflow${path.sep}`);
  };
  const load = Module._load;
  /** @param {string} request @param {Parent} parent @param {boolean} _isMain */
  Module._load = function (request, parent, _isMain) {
    const exported = load.apply(this, arguments);
    if (!tfState && userRequested(request, parent)) {
      /** @type {Promise<void> | undefined} */
      let ready;
      if (request === "@tensorflow/tfjs" || request === tfjsMain) ready = setupTf(exported);
      else if (request === "@tensorflow/tfjs-node") ready = setupTf(exported, "tensorflow");
      else if (request === "@tensorflow/tfjs-node-gpu") ready = setupTf(exported, "tensorflow-gpu");
      if (ready) ready.catch(failTf);
    }
    return exported;
  };
  // A script that mentions tfjs gets its backend ready BEFORE its first line runs: the wasm backend starts
  // asynchronously, and scripts written for tfjs-node call ops without `await tf.ready()`.
  const source =
    original && process.env.ATTUNE_RT_PATCHED ? fs.readFileSync(process.env.ATTUNE_RT_PATCHED, "utf8") : "";
  if (/@tensorflow\/tfjs(?!-node)/.test(source) && !/@tensorflow\/tfjs-node/.test(source)) {
    const runMain = Module.runMain;
    /** @param {unknown[]} args */
    Module.runMain = function (...args) {
      const ready = setupTf(require(tfjsMain));
      ready.then(() => runMain.apply(this, args), failTf);
    };
  }
}

// --- 4: never outlive the runner ------------------------------------------------------------------------------------
// Only the process the runner started watches (it leads the process group); a `child_process.fork` of it inherits
// this preload through execArgv but has another parent.
const parent = Number(process.env.ATTUNE_RT_PARENT);
if (parent && process.ppid === parent && process.platform !== "win32") {
  setInterval(() => {
    if (process.ppid === parent) return;
    try {
      process.kill(-process.pid, "SIGKILL");
    } catch {
      process.exit(1);
    }
  }, 1000).unref();
}
