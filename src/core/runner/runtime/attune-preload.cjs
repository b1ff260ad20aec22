"use strict";
// Loaded with `node --require` before a JS/TS trial. It
//  1. serves the patched text (or its esbuild transpilation) when Node loads the user's ORIGINAL file, so stack
//     traces and `__filename` name the user's file and lines;
//  2. lets sibling `.ts` modules load (transpiled with the esbuild that Attune itself uses);
//  3. gives TensorFlow.js the fastest backend present and reports `model.fit` epochs (SPEC §2);
//  4. ends the trial's process group if the runner that started it dies.
// Inputs come from the environment: ATTUNE_RT_ORIGINAL, ATTUNE_RT_PATCHED, ATTUNE_RT_FORMAT, ATTUNE_RT_ESBUILD,
// ATTUNE_RT_PARENT.

const Module = require("module");
const fs = require("fs");
const path = require("path");

const original = process.env.ATTUNE_RT_ORIGINAL;
const patchedFile = process.env.ATTUNE_RT_PATCHED;
const userDir = original ? path.dirname(original) : process.cwd();

// --- 1 + 2: the patched main file, and TypeScript modules --------------------------------------------------------
if (original && patchedFile) {
  const patched = fs.readFileSync(patchedFile, "utf8");
  const serve = (handler) =>
    function (module, filename) {
      if (filename === original) return module._compile(patched, filename);
      return handler.call(this, module, filename);
    };
  Module._extensions[".js"] = serve(Module._extensions[".js"]);
  const transpileTs = function (module, filename) {
    const code = fs.readFileSync(filename, "utf8");
    const esbuild = require(process.env.ATTUNE_RT_ESBUILD || "esbuild");
    const out = esbuild.transformSync(code, {
      loader: filename.endsWith(".tsx") ? "tsx" : "ts",
      format: "cjs",
      sourcemap: "inline",
      sourcefile: filename,
      target: `node${process.versions.node.split(".")[0]}`,
    });
    module._compile(out.code, filename);
  };
  for (const ext of [".ts", ".cts", ".tsx"]) {
    if (!Module._extensions[ext]) Module._extensions[ext] = serve(transpileTs);
  }
  if (Module._extensions[".cjs"]) Module._extensions[".cjs"] = serve(Module._extensions[".cjs"]);
  // TypeScript written for NodeNext imports "./model.js" meaning "./model.ts".
  const resolve = Module._resolveFilename;
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
function resolveFromUser(name) {
  try {
    return require.resolve(name, { paths: [userDir] });
  } catch {
    return undefined;
  }
}

function emit(obj, meta) {
  // Python-style NaN/Infinity tokens: JSON.stringify would turn them into null and hide a diverged run.
  const text = JSON.stringify(obj, (k, v) => (typeof v === "number" && !Number.isFinite(v) ? `\u0000${v}` : v)).replace(
    /"\\u0000(NaN|-?Infinity)"/g,
    "$1",
  );
  process.stdout.write(`@tune${meta ? "-meta" : ""} ${text}\n`);
}

let tfState; // { tf, backend, ready: Promise }

/** Picks and starts the fastest backend present. Returns a promise that settles when the backend is usable. */
function setupTf(tf, chosen) {
  if (tfState) return tfState.ready;
  tfState = { tf, backend: chosen };
  wrapFit(tf);
  if (chosen) {
    emit({ backend: chosen }, true);
    tfState.ready = Promise.resolve();
    return tfState.ready;
  }
  for (const [pkg, name] of [
    ["@tensorflow/tfjs-node-gpu", "tensorflow-gpu"],
    ["@tensorflow/tfjs-node", "tensorflow"],
  ]) {
    const where = resolveFromUser(pkg);
    if (!where) continue;
    try {
      require(where); // registers and selects the native "tensorflow" backend
      tfState.backend = name;
      emit({ backend: name }, true);
      tfState.ready = Promise.resolve();
      return tfState.ready;
    } catch (err) {
      process.stderr.write(`attune: ${pkg} is installed but failed to load (${err && err.message}); trying the next backend\n`);
    }
  }
  const wasm = resolveFromUser("@tensorflow/tfjs-backend-wasm");
  // Built lazily: an eagerly made rejected promise that gets replaced is an unhandled rejection, which kills node.
  let attempt;
  if (!wasm) attempt = Promise.reject(new Error("not installed"));
  else {
    try {
      require(wasm);
      attempt = Promise.resolve(tf.setBackend("wasm")).then((ok) => {
        if (!ok) throw new Error("setBackend('wasm') returned false");
        return "wasm";
      });
    } catch (err) {
      attempt = Promise.reject(err);
    }
  }
  tfState.ready = attempt
    .catch((err) => {
      if (wasm) process.stderr.write(`attune: the wasm backend failed (${err && err.message}); using cpu\n`);
      return Promise.resolve(tf.setBackend("cpu")).then(() => "cpu");
    })
    .then((name) => {
      tfState.backend = name;
      emit({ backend: name }, true);
    });
  return tfState.ready;
}

/** Adds an epoch-end callback to every model.fit / fitDataset that prints the epoch's logs as a protocol report. */
function wrapFit(tf) {
  const proto = tf.LayersModel && tf.LayersModel.prototype;
  if (!proto || proto.__attuneWrapped) return;
  proto.__attuneWrapped = true;
  let step = 0; // counts across fit calls, so a script that fits epoch by epoch still reports ascending steps
  const report = (logs) => {
    const out = { step: ++step };
    for (const [k, v] of Object.entries(logs || {})) {
      const n = typeof v === "number" ? v : v && typeof v.dataSync === "function" ? v.dataSync()[0] : undefined;
      if (n === undefined) continue;
      out[k] = n;
      // TF.js names the accuracy metric "acc"; Keras and most objectives say "accuracy".
      const alias = k === "acc" ? "accuracy" : k === "val_acc" ? "val_accuracy" : undefined;
      if (alias && !(alias in logs)) out[alias] = n;
    }
    emit(out);
  };
  for (const [method, at] of [
    ["fit", 2],
    ["fitDataset", 1],
  ]) {
    const orig = proto[method];
    if (typeof orig !== "function") continue;
    proto[method] = function (...args) {
      const opts = Object.assign({}, args[at] || {});
      const user = opts.callbacks == null ? [] : Array.isArray(opts.callbacks) ? opts.callbacks : [opts.callbacks];
      const config = { onEpochEnd: (epoch, logs) => report(logs) };
      // tf.js treats the list as Callback objects when the first one is, and as plain configs otherwise.
      const ours = user.length && user[0] instanceof tf.Callback && tf.CustomCallback ? new tf.CustomCallback(config) : config;
      opts.callbacks = [...user, ours];
      while (args.length < at) args.push(undefined);
      args[at] = opts;
      emit({ protocol: true, backend: tf.getBackend() }, true);
      // params, flops and latency_ms of the trained model, as metrics (attune-model-stats.cjs).
      return require("./attune-model-stats.cjs").reportAfterFit(tf, this, orig.apply(this, args), emit);
    };
  }
}

const tfjsMain = resolveFromUser("@tensorflow/tfjs");
if (tfjsMain) {
  const userRequested = (request, parent) => {
    const from = (parent && parent.filename) || "";
    return !from.includes(`${path.sep}node_modules${path.sep}@tensorflow${path.sep}`);
  };
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    const exported = load.apply(this, arguments);
    if (!tfState && userRequested(request, parent)) {
      if (request === "@tensorflow/tfjs" || request === tfjsMain) setupTf(exported);
      else if (request === "@tensorflow/tfjs-node") setupTf(exported, "tensorflow");
      else if (request === "@tensorflow/tfjs-node-gpu") setupTf(exported, "tensorflow-gpu");
    }
    return exported;
  };
  // A script that mentions tfjs gets its backend ready BEFORE its first line runs: the wasm backend starts
  // asynchronously, and scripts written for tfjs-node call ops without `await tf.ready()`.
  const source = original && process.env.ATTUNE_RT_PATCHED ? fs.readFileSync(process.env.ATTUNE_RT_PATCHED, "utf8") : "";
  if (/@tensorflow\/tfjs(?!-node)/.test(source) && !/@tensorflow\/tfjs-node/.test(source)) {
    const runMain = Module.runMain;
    Module.runMain = function (...args) {
      const ready = setupTf(require(tfjsMain));
      ready.then(
        () => runMain.apply(this, args),
        (err) => {
          process.stderr.write(`attune: could not start TensorFlow.js: ${err && err.stack}\n`);
          process.exit(1);
        },
      );
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
