// @ts-check
// Hardware-aware metrics of a TensorFlow.js model, reported after model.fit with no user code (docs/trials.md, issue
// 10):
// `params` (trainable + non-trainable weights), `flops` (floating-point operations of one forward pass of one
// sample: 2 per multiply-add, plus one per output element of element-wise layers) and `latency_ms` (median wall time
// of predict() on one sample, after warm-up, on the backend the trial runs). Any of them can then be an objective or
// a constraint: `@tune objective: maximize val_accuracy, minimize latency_ms`. ATTUNE_MODEL_STATS=0 turns it off.
"use strict";

// TF.js objects are the user's own version's: typed loosely on purpose.
/** @typedef {any} Tf the user's `@tensorflow/tfjs*` module */
/** @typedef {any} Model a tf.LayersModel */
/** @typedef {any} Layer */
/** @typedef {{ params?: number, flops?: number, latency_ms?: number }} ModelStats */

const LATENCY_RUNS = Number(process.env.ATTUNE_LATENCY_RUNS) || 15;
/** @type {WeakMap<object, ModelStats>} */
const measured = new WeakMap(); // model → stats: a script that fits epoch by epoch is measured once

/** @param {(number | null | undefined)[]} xs */
const prod = (xs) => xs.reduce((/** @type {number} */ a, b) => a * (b == null ? 1 : b), 1);
/**
 * The per-sample shape (batch dimension dropped) of a layer's input or output.
 * @param {any} shape one shape, or a list of them (the first counts)
 * @returns {(number | null)[]}
 */
function sampleShape(shape) {
  const s = Array.isArray(shape[0]) || (shape[0] && typeof shape[0] === "object") ? shape[0] : shape;
  return s.slice(1);
}

/**
 * FLOPs of one layer for one sample. Unknown layers count one operation per output element.
 * @param {Layer} layer
 * @returns {number}
 */
function layerFlops(layer) {
  const cls = layer.getClassName();
  const cfg = layer.getConfig();
  let inShape, outShape;
  try {
    // TF.js layers expose their input through the symbolic tensor of their (first) inbound node.
    const input = layer.inboundNodes && layer.inboundNodes[0] ? layer.inboundNodes[0].inputShapes : layer.input.shape;
    inShape = sampleShape(input);
    outShape = sampleShape(layer.outputShape);
  } catch {
    return 0;
  }
  const out = prod(outShape);
  const inC = inShape[inShape.length - 1] || 1;
  const bias = cfg.useBias === false ? 0 : out;
  // Kernel and pool sizes are arrays in a built layer's config; a plain number means the same size on every axis.
  /** @type {(k: number | number[] | undefined, rank: number) => number} */
  const area = (k, rank) => (Array.isArray(k) ? prod(k) : (k || 1) ** rank);
  switch (cls) {
    case "Dense":
      return 2 * prod(inShape) * (cfg.units || 1) + bias;
    case "Conv1D":
      return 2 * area(cfg.kernelSize, 1) * inC * out + bias;
    case "Conv2D":
      return 2 * area(cfg.kernelSize, 2) * inC * out + bias;
    case "Conv3D":
      return 2 * area(cfg.kernelSize, 3) * inC * out + bias;
    case "Conv2DTranspose":
      return 2 * area(cfg.kernelSize, 2) * (cfg.filters || 1) * prod(inShape) + bias;
    case "DepthwiseConv2D":
      return 2 * area(cfg.kernelSize, 2) * out + bias;
    case "SeparableConv2D": {
      const mult = cfg.depthMultiplier || 1;
      const spatial = prod(outShape.slice(0, -1));
      return 2 * area(cfg.kernelSize, 2) * inC * mult * spatial + 2 * inC * mult * out + bias;
    }
    case "LSTM":
    case "GRU":
    case "SimpleRNN": {
      const gates = cls === "LSTM" ? 4 : cls === "GRU" ? 3 : 1;
      const steps = inShape.length > 1 ? inShape[0] || 1 : 1;
      const units = cfg.units || 1;
      return steps * gates * 2 * (inC + units) * units;
    }
    case "InputLayer":
    case "Flatten":
    case "Reshape":
    case "Dropout":
      return 0;
    case "MaxPooling2D":
    case "AveragePooling2D":
    case "MaxPooling1D":
    case "AveragePooling1D":
      return out * area(cfg.poolSize, cls.endsWith("2D") ? 2 : 1);
    case "BatchNormalization":
    case "LayerNormalization":
      return 2 * out;
    default:
      return out;
  }
}

/**
 * @param {Model} model
 * @returns {number}
 */
function modelFlops(model) {
  let total = 0;
  for (const layer of model.layers || []) {
    // A nested model (a layer that is itself a model) counts its own layers.
    total += layer.layers ? modelFlops(layer) : layerFlops(layer);
  }
  return Math.round(total);
}

/** @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}

/**
 * Median single-sample predict() time; null when the model's input shape is not fully known.
 * @param {Tf} tf
 * @param {Model} model
 * @returns {Promise<number | null>}
 */
async function latencyMs(tf, model) {
  const inputs = model.inputs || [];
  if (!inputs.length) return null;
  /** @type {any[]} */
  const xs = [];
  for (const inp of inputs) {
    /** @type {(number | null)[]} */
    const shape = inp.shape.slice(1);
    if (shape.some((d) => d == null)) return null;
    xs.push(tf.zeros([1, ...shape], inp.dtype || "float32"));
  }
  const x = xs.length === 1 ? xs[0] : xs;
  const once = async () => {
    const t0 = process.hrtime.bigint();
    const y = model.predict(x);
    const outs = Array.isArray(y) ? y : [y];
    for (const o of outs) await o.data();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    for (const o of outs) o.dispose();
    return ms;
  };
  try {
    for (let k = 0; k < 3; k++) await once();
    /** @type {number[]} */
    const times = [];
    for (let k = 0; k < LATENCY_RUNS; k++) times.push(await once());
    return Math.round(median(times) * 1000) / 1000;
  } finally {
    for (const t of xs) t.dispose();
  }
}

/**
 * Stats of a model (cached per model); never throws: a model we cannot read reports what it can.
 * @param {Tf} tf
 * @param {Model} model
 * @returns {Promise<ModelStats>}
 */
async function modelStats(tf, model) {
  const known = measured.get(model);
  if (known) return known;
  /** @type {ModelStats} */
  const stats = {};
  try {
    stats.params = model.countParams();
  } catch {
    /* not built */
  }
  try {
    stats.flops = modelFlops(model);
  } catch {
    /* an unusual layer graph */
  }
  try {
    const ms = await latencyMs(tf, model);
    if (ms !== null) stats.latency_ms = ms;
  } catch {
    /* predict failed on zeros (e.g. an embedding with a custom input): leave latency out */
  }
  measured.set(model, stats);
  return stats;
}

/**
 * Chain onto a fit()'s promise: when it resolves, report the model's stats, then hand back fit's result.
 * @param {Tf} tf
 * @param {Model} model
 * @param {any} fitResult
 * @param {(stats: ModelStats) => void} emit
 */
function reportAfterFit(tf, model, fitResult, emit) {
  if (process.env.ATTUNE_MODEL_STATS === "0" || !fitResult || typeof fitResult.then !== "function") return fitResult;
  return fitResult.then(async (/** @type {unknown} */ history) => {
    const stats = await modelStats(tf, model);
    if (Object.keys(stats).length) emit(stats);
    return history;
  });
}

module.exports = { reportAfterFit, modelStats, modelFlops, layerFlops };
