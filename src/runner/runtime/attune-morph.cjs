// @ts-check
"use strict";
// Network morphisms for TF.js models (Chen, Goodfellow & Shlens 2016, "Net2Net"), docs/model-search.md:
//  - widen(model, layer, units): Net2WiderNet. The Dense/Conv2D layer's new units (filters) copy randomly chosen
//    existing ones (incoming weights and bias); the next Dense/Conv2D layer's weights from each copied unit are
//    divided by the number of its copies. Per-unit layers in between (activations, dropout, BatchNormalization,
//    pooling, Flatten) have their per-unit weights copied alike.
//  - deepen(model, layer): Net2DeeperNet. An identity-initialised Dense (identity matrix) or Conv2D ("same"
//    padding, the kernel's centre the identity) with ReLU goes after the layer. ReLU(I·x) = x needs x ≥ 0, so it
//    goes where the output is known non-negative: after the layer when its activation is ReLU-like, else after a
//    ReLU that follows it (across BatchNormalization or Dropout). Where neither holds (a tanh or linear layer not
//    followed by a ReLU) the default puts a linear identity layer right after the layer; `{ activation: "relu" }`
//    refuses instead, and `{ activation: "linear" }` always goes right after the layer.
// Both return a new, uncompiled model (tf.sequential for a Sequential, else a functional tf.model) whose outputs
// equal the old one's; the old model is left as it is. Models must be one chain of layers (one input, one output,
// each layer fed by the one before).

/** @typedef {any} Tf the user's `@tensorflow/tfjs*` module */
/** @typedef {any} Layer a tf.layers.Layer */
/** @typedef {any} Model a tf.LayersModel */
/** @typedef {{ shape: number[], data: Float32Array }} Arr */
/**
 * A layer of the new model: its class and config, and its weights by role, or the old layer to copy them from.
 * @typedef {{ className: string, config: Record<string, any>, weights?: Map<string, Arr>, from?: Layer }} Spec
 */
/**
 * @typedef {object} WidenOptions
 * @property {number} [noise] symmetry-breaking noise on the copies' outgoing weights, relative to their spread;
 *   drawn to sum to zero over each unit's copies, so the function is unchanged (default 0)
 * @property {() => number} [random] uniform [0, 1) numbers for picking the units to copy (default Math.random)
 */
/**
 * @typedef {object} DeepenOptions
 * @property {"auto" | "relu" | "linear"} [activation] the new layer's activation: "auto" (default) is ReLU where
 *   that is exact (see above), else linear right after the layer
 * @property {number} [kernelSize] the new Conv2D's kernel size, odd (default 3)
 * @property {string} [name] the new layer's name (default `<layer>_deeper`)
 */

const WEIGHTED = new Set(["Dense", "Conv2D"]);
/** Activations applied unit by unit (a copied unit's copies stay equal through them). */
const ELEMENTWISE = new Set(
  ["linear", "relu", "relu6", "elu", "selu", "sigmoid", "hardSigmoid", "softplus", "softsign", "tanh"].concat([
    "swish",
    "mish",
    "gelu",
    "gelu_new",
  ]),
);
/** Activations whose output is ≥ 0, after which ReLU(I·x) = x. */
const NON_NEGATIVE = new Set(["relu", "relu6", "sigmoid", "hardSigmoid", "softplus", "softmax"]);
/** Layers that act on each unit/channel alone and hold no weights. */
const PER_UNIT = new Set([
  "Activation",
  "ReLU",
  "LeakyReLU",
  "ELU",
  "ThresholdedReLU",
  "Dropout",
  "SpatialDropout1D",
  "GaussianNoise",
  "GaussianDropout",
  "AlphaDropout",
  "MaxPooling2D",
  "AveragePooling2D",
  "GlobalAveragePooling2D",
  "GlobalMaxPooling2D",
  "ZeroPadding2D",
  "Cropping2D",
  "UpSampling2D",
]);
const BETWEEN = "activations, Dropout, BatchNormalization, 2-D pooling, Flatten";

/** @param {Layer} l */
const describe = (l) => `${l.getClassName()} '${l.name}'`;
/** @param {number[]} s */
const prod = (s) => s.reduce((a, b) => a * b, 1);

/**
 * The model's layers as one chain (InputLayer left out), or a one-sentence error.
 * @param {string} who
 * @param {Model} model
 * @returns {Layer[]}
 */
function chainOf(who, model) {
  if (!model || !Array.isArray(model.layers) || !Array.isArray(model.inputs))
    throw new Error(`${who}: the first argument must be a tf.LayersModel (tf.sequential() or tf.model())`);
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    throw new Error(`${who} supports models with one input and one output; '${model.name}' has ${model.inputs.length} and ${model.outputs.length}`);
  /** @type {Layer[]} */
  const layers = model.layers.filter((/** @type {Layer} */ l) => l.getClassName() !== "InputLayer");
  layers.forEach((l, i) => {
    const cls = l.getClassName();
    if (cls === "Sequential" || cls === "Model" || cls === "Functional")
      throw new Error(`${who} supports models whose layers are not models themselves; '${model.name}' holds ${describe(l)}`);
    if (model.getClassName() === "Sequential") return;
    const nodes = l.inboundNodes.filter((/** @type {any} */ n) => n.outboundLayer === l);
    const from = nodes.length === 1 ? nodes[0].inboundLayers : [];
    const prev = i === 0 ? undefined : layers[i - 1];
    if (from.length !== 1 || (prev ? from[0] !== prev : from[0].getClassName() !== "InputLayer"))
      throw new Error(`${who} supports models whose layers form one chain (each fed by the one before); '${model.name}' has ${describe(l)} fed otherwise`);
  });
  return layers;
}

/**
 * @param {string} who
 * @param {Layer[]} layers
 * @param {string} name
 */
function indexOf(who, layers, name) {
  const i = layers.findIndex((l) => l.name === name);
  if (i < 0)
    throw new Error(`${who}: the model has no layer named '${name}' (its layers: ${layers.map((l) => l.name).join(", ")})`);
  return i;
}

/**
 * "kernel" for "dense_Dense1/kernel" (a variable's name may carry a "_1" TF.js added to keep it unique).
 * @param {{ originalName?: string, name: string }} w
 */
function roleOf(w) {
  const last = String(w.originalName || w.name).split("/");
  return last[last.length - 1].replace(/_\d+$/, "");
}

/**
 * A layer's weights by role ("kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance").
 * @param {Layer} layer
 * @returns {Map<string, Arr>}
 */
function weightsOf(layer) {
  /** @type {any[]} */
  const values = layer.getWeights();
  /** @type {Map<string, Arr>} */
  const out = new Map();
  layer.weights.forEach((/** @type {any} */ w, /** @type {number} */ i) => {
    out.set(roleOf(w), { shape: values[i].shape.slice(), data: Float32Array.from(values[i].dataSync()) });
  });
  return out;
}

/**
 * Picks entries along one axis: out[..., j, ...] = a[..., index[j], ...] · scale[j].
 * @param {Arr} a
 * @param {number} axis
 * @param {number[]} index
 * @param {number[]} [scale]
 * @returns {Arr}
 */
function gather(a, axis, index, scale) {
  const outer = prod(a.shape.slice(0, axis));
  const inner = prod(a.shape.slice(axis + 1));
  const n = a.shape[axis];
  const m = index.length;
  const data = new Float32Array(outer * m * inner);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < m; j++) {
      const src = (o * n + index[j]) * inner;
      const dst = (o * m + j) * inner;
      const s = scale ? scale[j] : 1;
      for (let k = 0; k < inner; k++) data[dst + k] = a.data[src + k] * s;
    }
  const shape = a.shape.slice();
  shape[axis] = m;
  return { shape, data };
}

/**
 * Adds noise that sums to zero over each group of copies along `axis` (so Σ over a unit's copies is unchanged).
 * @param {Arr} a
 * @param {number} axis
 * @param {number[][]} groups indices along axis that are copies of one unit
 * @param {number} std
 * @param {() => number} random
 */
function addZeroSumNoise(a, axis, groups, std, random) {
  const outer = prod(a.shape.slice(0, axis));
  const inner = prod(a.shape.slice(axis + 1));
  const m = a.shape[axis];
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  for (const g of groups) {
    if (g.length < 2) continue;
    for (let o = 0; o < outer; o++)
      for (let k = 0; k < inner; k++) {
        const e = g.map(() => normal() * std);
        const mean = e.reduce((x, y) => x + y, 0) / e.length;
        g.forEach((j, r) => (a.data[(o * m + j) * inner + k] += e[r] - mean));
      }
  }
}

/** @param {Float32Array} d */
function spread(d) {
  let s = 0;
  let s2 = 0;
  for (const x of d) {
    s += x;
    s2 += x * x;
  }
  const mean = s / d.length;
  return Math.sqrt(Math.max(0, s2 / d.length - mean * mean));
}

/**
 * A new layer of the same class from a config (the user's TF.js deserializes it, custom registered layers included).
 * @param {Tf} tf
 * @param {string} className
 * @param {Record<string, unknown>} config
 */
function makeLayer(tf, className, config) {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`morph: TensorFlow.js does not know the layer class ${className}`);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, config);
}

/**
 * Builds the new model from the specs, and gives its layers their weights.
 * @param {Tf} tf
 * @param {Model} model
 * @param {Spec[]} specs
 */
function rebuild(tf, model, specs) {
  const batchShape = model.inputs[0].shape;
  const dtype = model.inputs[0].dtype;
  const layers = specs.map((s, i) => {
    const config = { ...s.config };
    if (model.getClassName() === "Sequential" && i === 0 && !config.batchInputShape) config.batchInputShape = batchShape;
    if (model.getClassName() !== "Sequential") delete config.batchInputShape;
    return makeLayer(tf, s.className, config);
  });
  let out;
  if (model.getClassName() === "Sequential") {
    out = tf.sequential({ layers });
  } else {
    const input = tf.input({ batchShape, dtype });
    let x = input;
    for (const l of layers) x = l.apply(x);
    out = tf.model({ inputs: input, outputs: x });
  }
  specs.forEach((s, i) => {
    const layer = layers[i];
    if (!layer.weights.length) return;
    /** @type {any[]} */
    let values;
    if (s.weights) {
      const byRole = s.weights;
      values = layer.weights.map((/** @type {any} */ w) => {
        const role = roleOf(w);
        const a = byRole.get(role);
        if (!a) throw new Error(`morph: no value for ${role} of ${describe(layer)}`);
        return tf.tensor(a.data, a.shape);
      });
    } else {
      values = s.from ? s.from.getWeights() : [];
    }
    layer.setWeights(values);
    if (s.weights) values.forEach((t) => t.dispose());
  });
  return out;
}

/** @param {Layer} l @returns {Spec} */
const spec = (l) => ({ className: l.getClassName(), config: l.getConfig(), from: l });

/** @param {Layer} l */
function channelsLast(l) {
  const f = l.getConfig().dataFormat;
  return f === undefined || f === null || f === "channelsLast";
}

/**
 * @param {Tf} tf
 * @param {Model} model
 * @param {string} layerName
 * @param {number} units
 * @param {WidenOptions} [options]
 */
function widen(tf, model, layerName, units, options = {}) {
  const who = "morph.widen";
  const layers = chainOf(who, model);
  const t = indexOf(who, layers, layerName);
  const target = layers[t];
  const cls = target.getClassName();
  if (!WEIGHTED.has(cls))
    throw new Error(`${who} supports Dense and Conv2D layers followed by a Dense or Conv2D layer; got ${describe(target)}`);
  const cfg = target.getConfig();
  const key = cls === "Dense" ? "units" : "filters";
  const n = cfg[key];
  if (!Number.isInteger(units) || units <= n)
    throw new Error(`${who}: ${describe(target)} has ${n} ${key}; ask for more than that (got ${units})`);
  if (!channelsLast(target)) throw new Error(`${who} supports channelsLast Conv2D layers only; ${describe(target)} is channelsFirst`);

  // What lies between the layer and the next Dense/Conv2D layer, which takes the copies' incoming weights.
  let spatial = 1;
  let c = -1;
  for (let k = t + 1; k < layers.length; k++) {
    const l = layers[k];
    const lc = l.getClassName();
    if (WEIGHTED.has(lc)) {
      c = k;
      break;
    }
    const fedBy = `${describe(target)} is followed by ${describe(l)}`;
    if (lc === "Flatten") {
      if (spatial !== 1) throw new Error(`${who}: ${fedBy}, a second Flatten; not supported`);
      spatial = prod(layers[k - 1].outputShape.slice(1, -1));
    } else if (lc === "BatchNormalization") {
      const axis = l.getConfig().axis;
      if (axis !== -1 && axis !== layers[k - 1].outputShape.length - 1)
        throw new Error(`${who}: ${fedBy} normalising axis ${axis}; only the last (channel) axis is supported`);
    } else if (lc === "Activation") {
      const act = l.getConfig().activation;
      if (!ELEMENTWISE.has(act)) throw new Error(`${who}: ${fedBy} with the activation '${act}', which mixes units; not supported`);
    } else if (!PER_UNIT.has(lc)) {
      throw new Error(`${who} supports Dense and Conv2D layers followed (through ${BETWEEN}) by a Dense or Conv2D layer; ${fedBy}`);
    } else if (!channelsLast(l)) {
      throw new Error(`${who} supports channelsLast layers only; ${describe(l)} is channelsFirst`);
    }
  }
  if (c < 0)
    throw new Error(`${who}: ${describe(target)} feeds the model's output, whose size would change; widen a hidden layer (one followed by a Dense or Conv2D layer)`);
  if (!ELEMENTWISE.has(cfg.activation))
    throw new Error(`${who}: ${describe(target)} has the activation '${cfg.activation}', which mixes units; only unit-wise activations can be widened`);
  const consumer = layers[c];
  if (consumer.getClassName() === "Conv2D" && (!channelsLast(consumer) || spatial !== 1))
    throw new Error(`${who}: ${describe(consumer)} after ${describe(target)} is not supported (channelsFirst, or after Flatten)`);

  // g[j]: the old unit that new unit j copies; count[i]: how many new units copy old unit i.
  const random = options.random || Math.random;
  /** @type {number[]} */
  const g = [];
  for (let j = 0; j < units; j++) g.push(j < n ? j : Math.min(n - 1, Math.floor(random() * n)));
  const count = new Array(n).fill(0);
  for (const i of g) count[i]++;
  /** @type {number[][]} */
  const groups = Array.from({ length: n }, () => []);
  g.forEach((i, j) => groups[i].push(j));

  const specs = layers.map(spec);
  // The widened layer: more outputs, each a copy.
  const tw = weightsOf(target);
  const tk = /** @type {Arr} */ (tw.get("kernel"));
  tw.set("kernel", gather(tk, tk.shape.length - 1, g));
  const tb = tw.get("bias");
  if (tb) tw.set("bias", gather(tb, 0, g));
  specs[t] = { ...specs[t], config: { ...cfg, [key]: units }, weights: tw };
  // Per-channel weights on the way (BatchNormalization): copied alike.
  for (let k = t + 1; k < c; k++) {
    if (layers[k].getClassName() !== "BatchNormalization") continue;
    const w = weightsOf(layers[k]);
    for (const [role, a] of w) w.set(role, gather(a, 0, g));
    specs[k] = { ...specs[k], weights: w };
  }
  // The consumer: each copy's outgoing weights divided by the number of copies (after Flatten, per position).
  const cw = weightsOf(consumer);
  const ck = /** @type {Arr} */ (cw.get("kernel"));
  const axis = consumer.getClassName() === "Dense" ? 0 : 2;
  /** @type {number[]} */
  const index = [];
  /** @type {number[]} */
  const scale = [];
  /** @type {number[][]} */
  const copyGroups = [];
  for (let s = 0; s < spatial; s++) {
    for (const i of g) {
      index.push(s * n + i);
      scale.push(1 / count[i]);
    }
    for (const grp of groups) copyGroups.push(grp.map((j) => s * units + j));
  }
  const widened = gather(ck, axis, index, scale);
  if (options.noise) addZeroSumNoise(widened, axis, copyGroups, options.noise * spread(ck.data), random);
  cw.set("kernel", widened);
  specs[c] = { ...specs[c], weights: cw };
  return rebuild(tf, model, specs);
}

/**
 * @param {Tf} tf
 * @param {Model} model
 * @param {string} layerName
 * @param {DeepenOptions} [options]
 */
function deepen(tf, model, layerName, options = {}) {
  const who = "morph.deepen";
  const layers = chainOf(who, model);
  const t = indexOf(who, layers, layerName);
  const target = layers[t];
  const cls = target.getClassName();
  if (!WEIGHTED.has(cls)) throw new Error(`${who} supports Dense and Conv2D layers; got ${describe(target)}`);
  if (t === layers.length - 1)
    throw new Error(`${who}: ${describe(target)} is the model's output layer; deepen a hidden layer`);
  const asked = options.activation === undefined ? "auto" : options.activation;
  if (asked !== "auto" && asked !== "relu" && asked !== "linear")
    throw new Error(`${who}: activation is "auto", "relu" or "linear"; got ${JSON.stringify(options.activation)}`);
  if (!channelsLast(target)) throw new Error(`${who} supports channelsLast Conv2D layers only; ${describe(target)} is channelsFirst`);

  // Where ReLU(I·x) = x: after the layer if its output is ≥ 0, else after a ReLU that follows it.
  let at = t;
  let activation = asked === "auto" ? "relu" : asked;
  if (activation === "relu" && !NON_NEGATIVE.has(target.getConfig().activation)) {
    at = -1;
    for (let k = t + 1; k < layers.length; k++) {
      const l = layers[k];
      const lc = l.getClassName();
      const act = lc === "Activation" ? l.getConfig().activation : lc === "ReLU" ? "relu" : undefined;
      if (act && NON_NEGATIVE.has(act)) {
        at = k;
        break;
      }
      if (lc !== "BatchNormalization" && !/Dropout|GaussianNoise/.test(lc)) break;
    }
    if (at < 0 && asked === "relu")
      throw new Error(
        `${who}: the output of ${describe(target)} (activation '${target.getConfig().activation}') can be negative and no ReLU follows it, so an identity ReLU layer would change the function; pass { activation: "linear" } or deepen a layer with a ReLU`,
      );
    if (at < 0) {
      // "auto": no place where a ReLU is exact, so a linear identity layer right after the layer.
      at = t;
      activation = "linear";
    }
  }
  const shape = layers[at].outputShape;
  const channels = shape[shape.length - 1];
  const names = new Set(layers.map((l) => l.name));
  let name = options.name || `${target.name}_deeper`;
  if (options.name && names.has(name)) throw new Error(`${who}: the model already has a layer named '${name}'`);
  for (let i = 2; names.has(name); i++) name = `${target.name}_deeper${i}`;

  /** @type {Map<string, Arr>} */
  const weights = new Map();
  weights.set("bias", { shape: [channels], data: new Float32Array(channels) });
  /** @type {Spec} */
  let added;
  if (cls === "Dense") {
    const eye = new Float32Array(channels * channels);
    for (let i = 0; i < channels; i++) eye[i * channels + i] = 1;
    weights.set("kernel", { shape: [channels, channels], data: eye });
    added = { className: "Dense", config: { units: channels, activation, useBias: true, name }, weights };
  } else {
    if (shape.length !== 4) throw new Error(`${who}: the output of ${describe(layers[at])} is not an image (shape ${JSON.stringify(shape)})`);
    const k = options.kernelSize === undefined ? 3 : options.kernelSize;
    if (!Number.isInteger(k) || k < 1 || k % 2 === 0)
      throw new Error(`${who}: kernelSize must be an odd whole number (the identity sits at the kernel's centre); got ${k}`);
    const kernel = new Float32Array(k * k * channels * channels);
    const centre = ((k - 1) / 2) * k + (k - 1) / 2;
    for (let i = 0; i < channels; i++) kernel[(centre * channels + i) * channels + i] = 1;
    weights.set("kernel", { shape: [k, k, channels, channels], data: kernel });
    added = {
      className: "Conv2D",
      config: { filters: channels, kernelSize: k, padding: "same", activation, useBias: true, name },
      weights,
    };
  }
  const specs = [...layers.slice(0, at + 1).map(spec), added, ...layers.slice(at + 1).map(spec)];
  return rebuild(tf, model, specs);
}

/** Layers an identity block may hold besides its Dense/Conv2D: identity at inference once initialised. */
const BLOCK_EXTRAS = new Set(["BatchNormalization", "Activation", "ReLU", "Dropout", "GaussianNoise", "GaussianDropout"]);
/** Layers after which a non-negative signal stays non-negative. */
const KEEPS_SIGN = new Set(["Dropout", "GaussianDropout", "MaxPooling2D", "AveragePooling2D", "GlobalMaxPooling2D"].concat(
  ["GlobalAveragePooling2D", "Flatten", "ZeroPadding2D", "Cropping2D", "UpSampling2D"],
));

/**
 * Whether the output of layers[0..at] is known to be ≥ 0 (a ReLU-like activation, then only sign-keeping layers).
 * @param {Layer[]} layers
 * @param {number} at
 */
function nonNegativeAfter(layers, at) {
  for (let k = at; k >= 0; k--) {
    const l = layers[k];
    const cls = l.getClassName();
    if (KEEPS_SIGN.has(cls)) continue;
    if (cls === "Activation" || WEIGHTED.has(cls)) return NON_NEGATIVE.has(l.getConfig().activation);
    return cls === "ReLU";
  }
  return false;
}

/**
 * Net2DeeperNet for a repeated block (the runner's weight inheritance, attune-inherit.cjs): a copy of `block` — a
 * Dense or Conv2D, then BatchNormalization, activations and dropout, as another model has them — goes after layer
 * `layerName`, initialised to compute the identity: the Dense/Conv2D as deepen's (as wide as its input), BatchNormalization with
 * γ = 1, β = 0, mean 0 and variance 1 − ε, activations only ReLU or linear (ReLU where the input is known ≥ 0).
 * Identity at inference (dropout and batch statistics act only while training). Returns a new, uncompiled model.
 * @param {Tf} tf
 * @param {Model} model
 * @param {string} layerName
 * @param {{ className: string, config: Record<string, any> }[]} block
 */
function deepenBlock(tf, model, layerName, block) {
  const who = "morph.deepenBlock";
  const layers = chainOf(who, model);
  const at = indexOf(who, layers, layerName);
  const shape = layers[at].outputShape;
  const channels = shape[shape.length - 1];
  const head = block[0];
  if (!head || !WEIGHTED.has(head.className) || block.slice(1).some((b) => !BLOCK_EXTRAS.has(b.className)))
    throw new Error(`${who}: a block to add is a Dense or Conv2D followed by ${[...BLOCK_EXTRAS].join(", ")}; got ${block.map((b) => b.className).join(", ")}`);
  const activations = block.map((b) => (b.className === "ReLU" ? "relu" : b.config.activation)).filter((a) => a !== undefined);
  const bad = activations.find((a) => a !== "relu" && a !== "linear");
  if (bad) throw new Error(`${who}: a block with activation '${bad}' is not an identity; only relu and linear are`);
  if (activations.includes("relu") && !nonNegativeAfter(layers, at))
    throw new Error(`${who}: the output of ${describe(layers[at])} can be negative, so a ReLU block after it would change the function`);
  const names = new Set(layers.map((l) => l.name));
  const unique = (/** @type {string} */ base) => {
    let name = base;
    for (let i = 2; names.has(name); i++) name = `${base}${i}`;
    names.add(name);
    return name;
  };
  // Named after the Dense/Conv2D the block follows: `dense_1_deeper`, `dense_1_deeper_1`, …
  let named = at;
  while (named > 0 && !WEIGHTED.has(layers[named].getClassName())) named--;
  const base = `${layers[named].name}_deeper`;
  const specs = block.map((b, i) => identitySpec(who, b, channels, shape.length, unique(`${base}${i ? `_${i}` : ""}`)));
  return rebuild(tf, model, [...layers.slice(0, at + 1).map(spec), ...specs, ...layers.slice(at + 1).map(spec)]);
}

/**
 * One layer of an identity block, with its identity weights by role.
 * @param {string} who
 * @param {{ className: string, config: Record<string, any> }} b
 * @param {number} channels
 * @param {number} rank the input's rank (4 for images)
 * @param {string} name
 * @returns {Spec}
 */
function identitySpec(who, b, channels, rank, name) {
  /** @type {Record<string, any>} */
  const config = { ...b.config, name };
  delete config.batchInputShape;
  delete config.inputShape;
  /** @type {Map<string, Arr>} */
  const weights = new Map();
  const fill = (/** @type {number[]} */ s, /** @type {number} */ v) => ({ shape: s, data: new Float32Array(prod(s)).fill(v) });
  if (b.className === "BatchNormalization") {
    weights.set("gamma", fill([channels], 1)).set("beta", fill([channels], 0)).set("moving_mean", fill([channels], 0));
    weights.set("moving_variance", fill([channels], 1 - (config.epsilon === undefined ? 1e-3 : config.epsilon)));
    return { className: b.className, config, weights };
  }
  if (!WEIGHTED.has(b.className)) return { className: b.className, config };
  weights.set("bias", fill([channels], 0));
  if (b.className === "Dense") {
    const eye = fill([channels, channels], 0);
    for (let i = 0; i < channels; i++) eye.data[i * channels + i] = 1;
    weights.set("kernel", eye);
    return { className: b.className, config: { ...config, units: channels }, weights };
  }
  const k = Array.isArray(config.kernelSize) ? config.kernelSize : [config.kernelSize, config.kernelSize];
  const ones = (/** @type {unknown} */ v) => v === undefined || v === 1 || (Array.isArray(v) && v.every((x) => x === 1));
  if (rank !== 4 || k[0] !== k[1] || k[0] % 2 === 0 || config.padding !== "same" || !ones(config.strides) || !ones(config.dilationRate) || !channelsLast({ getConfig: () => config }))
    throw new Error(`${who}: a Conv2D in an identity block needs an image input, an odd square kernel, "same" padding, stride 1 and channelsLast`);
  const kernel = fill([k[0], k[0], channels, channels], 0);
  const centre = ((k[0] - 1) / 2) * k[0] + (k[0] - 1) / 2;
  for (let i = 0; i < channels; i++) kernel.data[(centre * channels + i) * channels + i] = 1;
  weights.set("kernel", kernel);
  return { className: b.className, config: { ...config, filters: channels }, weights };
}

module.exports = { widen, deepen, deepenBlock };
