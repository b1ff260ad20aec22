// @ts-check
"use strict";
// TensorFlow.js checkpoints without user code (docs/trials.md), used by attune-preload.cjs around model.fit/fitDataset:
// at the end of every epoch the model's weights and the optimizer's state are saved to ATTUNE_CHECKPOINT_DIR
// (a binary file named by its epoch, then a small manifest renamed over the old one, so a kill never leaves half a
// checkpoint); when ATTUNE_RESUME_FROM is set, the first fit loads them and starts at `initialEpoch` = the step held.
// The manifest also holds the model's topology, so that a child whose network grew from this one (ATTUNE_INHERIT_FROM;
// for a PBT child, the same folder as ATTUNE_RESUME_FROM) starts from these weights through Net2Net morphs
// (attune-inherit.cjs).
const fs = require("fs");
const path = require("path");

// TF.js objects are the user's own version's (any backend package): typed loosely on purpose.
/** @typedef {any} Tf the user's `@tensorflow/tfjs*` module */
/** @typedef {any} Model a tf.LayersModel */
/** @typedef {any} Tensor */
/** @typedef {{ name: string, shape: number[], dtype: string, offset: number, bytes: number }} TensorSpec */

const MANIFEST = "attune-tfjs.json";
let resumed = false;
let inherited = false;

/**
 * Tensors → one buffer and their specs.
 * @param {{ name: string, tensor: Tensor }[]} named
 */
function pack(named) {
  /** @type {TensorSpec[]} */
  const specs = [];
  /** @type {Buffer[]} */
  const parts = [];
  let offset = 0;
  for (const { name, tensor } of named) {
    const data = tensor.dataSync();
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    specs.push({ name, shape: tensor.shape, dtype: tensor.dtype, offset, bytes: buf.length });
    parts.push(buf);
    offset += buf.length;
  }
  return { specs, data: Buffer.concat(parts) };
}

/**
 * @param {Tf} tf
 * @param {TensorSpec[]} specs
 * @param {Buffer} data
 * @returns {{ name: string, tensor: Tensor }[]}
 */
function unpack(tf, specs, data) {
  return specs.map((s) => {
    const slice = data.subarray(s.offset, s.offset + s.bytes);
    const copy = new Uint8Array(slice).buffer;
    const arr = s.dtype === "int32" ? new Int32Array(copy) : new Float32Array(copy);
    return { name: s.name, tensor: tf.tensor(arr, s.shape, s.dtype) };
  });
}

/**
 * The model's architecture as `tf.models.modelFromJSON` reads it, once per model (it does not change while it fits).
 * @type {WeakMap<object, unknown>}
 */
const topologies = new WeakMap();
/** @param {Model} model */
function topologyOf(model) {
  if (!topologies.has(model)) {
    let topology = null;
    try {
      topology = model.toJSON(null, false);
    } catch {
      // a layer that cannot serialize its config: no growth from this model (the weights are still saved)
    }
    topologies.set(model, topology);
  }
  return topologies.get(model);
}

/**
 * @param {string} dir
 * @param {Model} model
 * @param {number} epoch
 */
async function save(dir, model, epoch) {
  /** @type {Tensor[]} */
  const tensors = model.getWeights();
  const weights = pack(tensors.map((t, i) => ({ name: String(i), tensor: t })));
  const opt = model.optimizer && typeof model.optimizer.getWeights === "function" ? await model.optimizer.getWeights() : [];
  const optimizer = pack(opt);
  const bin = `attune-tfjs-${epoch}.bin`;
  fs.writeFileSync(path.join(dir, bin + ".tmp"), Buffer.concat([weights.data, optimizer.data]));
  fs.renameSync(path.join(dir, bin + ".tmp"), path.join(dir, bin));
  const manifest = {
    epoch,
    bin,
    weights: weights.specs,
    optimizer: optimizer.specs,
    optimizerOffset: weights.data.length,
    topology: topologyOf(model),
  };
  fs.writeFileSync(path.join(dir, MANIFEST + ".tmp"), JSON.stringify(manifest));
  fs.renameSync(path.join(dir, MANIFEST + ".tmp"), path.join(dir, MANIFEST));
  for (const f of fs.readdirSync(dir)) if (/^attune-tfjs-\d+\.bin$/.test(f) && f !== bin) fs.rmSync(path.join(dir, f), { force: true });
}

/**
 * Loads the checkpoint to resume from into `model`; returns the epoch it holds, or 0 when there is none to load.
 * @param {Tf} tf
 * @param {Model} model
 * @returns {Promise<number>}
 */
async function load(tf, model) {
  const from = process.env.ATTUNE_RESUME_FROM;
  if (!from || resumed) return 0;
  resumed = true;
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(from, MANIFEST), "utf8"));
  } catch {
    return 0; // nothing of ours there: train from scratch (Attune notices the steps restart)
  }
  let data;
  try {
    data = fs.readFileSync(path.join(from, manifest.bin));
    const weights = unpack(tf, manifest.weights, data);
    model.setWeights(weights.map((w) => w.tensor));
    if (manifest.optimizer.length && model.optimizer) {
      const opt = unpack(tf, manifest.optimizer, data.subarray(manifest.optimizerOffset));
      await model.optimizer.setWeights(opt);
    }
    return manifest.epoch;
  } catch (err) {
    // A PBT child whose network grew (ATTUNE_INHERIT_FROM names the same folder): the leader's weights, morphed, go on
    // from its step with a fresh optimizer; if they cannot, it trains from scratch and says so (grow).
    if (data && process.env.ATTUNE_INHERIT_FROM === from && !inherited) {
      inherited = true;
      if (!manifest.topology) refuse("the parent's checkpoint holds no model topology (saved by an older Attune)");
      else if (await grow(tf, model, manifest, data)) return manifest.epoch;
      return 0;
    }
    process.stderr.write(`attune: the checkpoint in ${from} does not fit this model (${err && err.message}); training from scratch\n`);
    return 0;
  }
}

/**
 * A child whose network grew from its parent's (ATTUNE_INHERIT_FROM) starts from the parent's weights, morphed into
 * its own model, before its first fit; it trains from epoch 1 with a fresh optimizer. Never fails the trial: what
 * does not match is said in one line, and the child trains from scratch.
 * @param {Tf} tf
 * @param {Model} model
 */
async function inherit(tf, model) {
  const from = process.env.ATTUNE_INHERIT_FROM;
  if (!from || inherited) return;
  inherited = true;
  let manifest;
  let data;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(from, MANIFEST), "utf8"));
    data = fs.readFileSync(path.join(from, manifest.bin));
  } catch {
    return refuse(`the parent's checkpoint in ${from} is not a TensorFlow.js checkpoint of Attune's`);
  }
  if (!manifest.topology) return refuse("the parent's checkpoint holds no model topology (saved by an older Attune)");
  await grow(tf, model, manifest, data);
}

/**
 * The checkpoint's model morphed into `model` (attune-inherit.cjs); reports the outcome. True when it worked.
 * @param {Tf} tf
 * @param {Model} model
 * @param {{ topology: object, weights: TensorSpec[] }} manifest
 * @param {Buffer} data
 */
async function grow(tf, model, manifest, data) {
  const { transfer, rebuildParent } = require("./attune-inherit.cjs");
  let parent;
  try {
    const weights = unpack(tf, manifest.weights, data).map((w) => w.tensor);
    parent = await rebuildParent(tf, manifest.topology, weights);
    weights.forEach((/** @type {Tensor} */ t) => t.dispose());
    const morphs = transfer(tf, parent, model);
    meta({ inherited: true, morphs });
    process.stderr.write(`attune: starting from the parent's weights${morphs.length ? ` (${morphs.join(", ")})` : ""}\n`);
    return true;
  } catch (err) {
    refuse(String((err && err.message) || err));
    return false;
  } finally {
    if (parent) parent.dispose();
  }
}

/** @param {string} why */
function refuse(why) {
  const reason = `could not start from the parent's weights: ${why.replace(/\.$/, "")}; training from scratch`;
  process.stderr.write(`attune: ${reason}\n`);
  meta({ inherited: false, reason });
}

/** @param {object} facts a `@tune-meta` line (src/runner/inheritMeta.ts) */
function meta(facts) {
  process.stdout.write(`@tune-meta ${JSON.stringify(facts)}\n`);
}

/**
 * Wraps model.fit / fitDataset (outside the preload's reporting wrapper, so the saver runs before the report of the
 * same epoch): resumes before the first fit (setting initialEpoch and the reported step), saves after every epoch.
 * @param {Tf} tf
 */
function install(tf) {
  const proto = tf.LayersModel && tf.LayersModel.prototype;
  if (!proto || proto.__attuneCheckpoints) return;
  proto.__attuneCheckpoints = true;
  for (const [method, at] of /** @type {[string, number][]} */ ([
    ["fit", 2],
    ["fitDataset", 1],
  ])) {
    const inner = proto[method];
    if (typeof inner !== "function") continue;
    /** @this {Model} @param {unknown[]} args */
    proto[method] = async function (...args) {
      /** @type {{ initialEpoch?: number, callbacks?: unknown }} */
      const opts = Object.assign({}, args[at] || {});
      const epoch = await load(tf, this);
      if (epoch === 0) await inherit(tf, this);
      if (epoch > 0) {
        opts.initialEpoch = epoch;
        if (typeof this.__attuneSetStep === "function") this.__attuneSetStep(epoch);
      }
      const dir = process.env.ATTUNE_CHECKPOINT_DIR;
      if (dir) {
        const saver = {
          onEpochEnd: async (/** @type {number} */ e) => {
            try {
              await save(dir, this, e + 1); // an arrow function: `this` is the model being fit
            } catch (err) {
              process.stderr.write(`attune: could not save a checkpoint in ${dir} (${err && err.message})\n`);
            }
          },
        };
        const user = opts.callbacks == null ? [] : Array.isArray(opts.callbacks) ? opts.callbacks : [opts.callbacks];
        const ours = user.length && user[0] instanceof tf.Callback && tf.CustomCallback ? new tf.CustomCallback(saver) : saver;
        opts.callbacks = [...user, ours];
      }
      while (args.length < at) args.push(undefined);
      args[at] = opts;
      return inner.apply(this, args);
    };
  }
}

module.exports = { install, save, load, inherit };
