// @ts-check
"use strict";
// A grown child starts from its parent's weights (docs/trials.md, "Checkpoints and resume"): the parent's model is
// rebuilt from its checkpoint (attune-checkpoint.cjs saves the topology beside the weights) and morphed, function-
// preservingly (attune-morph.cjs, Net2Net), until its layers are the child's. Layers are matched in order, in blocks
// (a Dense/Conv2D and the layers after it up to the next): a wider Dense/Conv2D is widened (morph.widen: the next
// layer's input side with it); one block more is the child's block as an identity after the parent's block before it
// (morph.deepenBlock: deepen for a whole block, since scripts repeat Dense → BatchNormalization → ReLU → Dropout), then
// widened where the child's new block is wider. The weights then go into the child's freshly built model. Models that
// cannot be matched so raise one sentence; the caller trains from scratch.

/** @typedef {any} Tf the user's `@tensorflow/tfjs*` module */
/** @typedef {any} Model a tf.LayersModel */
/** @typedef {any} Layer a tf.layers.Layer */
/** @typedef {{ className: string, config: Record<string, any> }} LayerSpec */
/** @typedef {{ op: "widen", layer: string, units: number } | { op: "deepen", layer: string, block: LayerSpec[] }} Step */

const morph = require("./attune-morph.cjs");

const WEIGHTED = new Set(["Dense", "Conv2D"]);
/** Noise on a widened layer's copies (relative to the next layer's weights' spread), so they do not stay equal. */
const WIDEN_NOISE = 0.05;

/** @param {Model} m @returns {Layer[]} */
const layersOf = (m) => m.layers.filter((/** @type {Layer} */ l) => l.getClassName() !== "InputLayer");
/** @param {Layer} l @returns {number} */
const width = (l) => (l.getClassName() === "Dense" ? l.getConfig().units : l.getConfig().filters);

/**
 * A layer as the match sees it: its class, its weights' shapes, and a Dense/Conv2D layer's activation (an identity
 * layer must compute what the child's new layer computes).
 * @param {Layer} l
 */
function signature(l) {
  const cls = l.getClassName();
  const shapes = l.weights.map((/** @type {{ shape: number[] }} */ w) => w.shape.join("×")).join(",");
  return `${cls}${WEIGHTED.has(cls) ? `[${l.getConfig().activation}]` : ""}(${shapes})`;
}

/** @param {Model} m */
const signatures = (m) => layersOf(m).map(signature);

/**
 * A model's chain cut into blocks: each Dense/Conv2D with the layers after it up to the next one.
 * @param {Model} m
 * @returns {Layer[][]}
 */
function blocksOf(m) {
  /** @type {Layer[][]} */
  const blocks = [];
  for (const l of layersOf(m)) {
    if (WEIGHTED.has(l.getClassName())) blocks.push([l]);
    else if (blocks.length) blocks[blocks.length - 1].push(l);
  }
  return blocks;
}

/**
 * The next morph that brings `cur` closer to `child`, or undefined when none does.
 * @param {Model} cur
 * @param {Model} child
 * @returns {Step | undefined}
 */
function nextStep(cur, child) {
  const P = blocksOf(cur);
  const C = blocksOf(child);
  const cls = (/** @type {Layer[]} */ b) => b[0].getClassName();
  const same = (/** @type {number} */ i) => cls(P[i]) === cls(C[i]) && width(P[i][0]) === width(C[i][0]);
  if (C.length === P.length + 1) {
    let i = 0;
    while (i < P.length && same(i)) i++;
    // The new block is C[i]: an identity copy after P's block before it (after the first, when i = 0: the copy then
    // has the first block's width and the first block is widened next).
    const j = Math.max(0, i - 1);
    if (j >= P.length - 1 || cls(C[j + 1]) !== cls(P[j])) return undefined;
    const block = C[j + 1].map((l) => ({ className: l.getClassName(), config: l.getConfig() }));
    return { op: "deepen", layer: P[j][P[j].length - 1].name, block };
  }
  if (C.length !== P.length) return undefined;
  for (let i = 0; i < P.length; i++) {
    const [p, c] = [P[i][0], C[i][0]];
    if (cls(P[i]) !== cls(C[i]) || width(c) < width(p)) return undefined;
    if (width(c) > width(p)) return { op: "widen", layer: p.name, units: width(c) };
  }
  return undefined;
}

/**
 * Morphs `parent` into `child`'s shape and sets the child's weights; returns the morphs applied ("widen dense_1 to
 * 64", "deepen after dense_1"), or throws one sentence when the models do not match. Disposes the models it made.
 * @param {Tf} tf
 * @param {Model} parent
 * @param {Model} child
 * @param {{ random?: () => number }} [options]
 * @returns {string[]}
 */
function transfer(tf, parent, child, options = {}) {
  const want = signatures(child);
  /** @type {string[]} */
  const morphs = [];
  let cur = parent;
  try {
    for (let round = 0; round <= 2 * want.length; round++) {
      const have = signatures(cur);
      if (have.length === want.length && have.every((s, i) => s === want[i])) {
        child.setWeights(cur.getWeights());
        return morphs;
      }
      const step = nextStep(cur, child);
      if (!step) break;
      const next =
        step.op === "widen"
          ? morph.widen(tf, cur, step.layer, step.units, { noise: WIDEN_NOISE, random: options.random || Math.random })
          : morph.deepenBlock(tf, cur, step.layer, step.block);
      if (cur !== parent) cur.dispose();
      cur = next;
      morphs.push(step.op === "widen" ? `widen ${step.layer} to ${step.units}` : `deepen after ${step.layer}`);
    }
    const have = signatures(cur).join(" ");
    throw new Error(
      `the parent's layers ${have} do not grow into the child's ${want.join(" ")} by widening or deepening`,
    );
  } finally {
    if (cur !== parent) cur.dispose();
  }
}

/**
 * The parent's model from a checkpoint: its topology (a tf.LayersModel's `toJSON`) and its weights.
 * @param {Tf} tf
 * @param {object} topology
 * @param {unknown[]} weights tensors, in getWeights() order
 * @returns {Promise<Model>}
 */
async function rebuildParent(tf, topology, weights) {
  const model = await tf.models.modelFromJSON(topology);
  model.setWeights(weights);
  return model;
}

module.exports = { transfer, rebuildParent };
