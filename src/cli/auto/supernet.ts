// The weight-sharing supernets of `attune auto --strategy oneshot` (docs/model-search.md#one-shot-search), written
// as plain functions of tf.variables. Each choice mixes its options by weights (softmax(α) while searching, one-hot
// to evaluate one architecture). Options share weights: a width is the first k channels of the widest layer, a 3×3
// kernel the centre of the 5×5 one, so every mixture is one convolution or one matrix product per layer.
import type * as TF from "@tensorflow/tfjs";
import type { OneshotChoice, Picks } from "../../core/oneshot";

export type Tf = typeof TF;
type T = TF.Tensor;

export interface Supernet {
  space: OneshotChoice[];
  weights: TF.Variable[];
  /** Logits for x; `mix[i]` weighs choice i's options. `hard` (one-hot mixes) skips the branches it leaves out. */
  forward(x: T, mix: T[], training: boolean, hard?: Picks): T;
}

export const IMAGE_FILTERS = [8, 16, 32];
export const DENSE_UNITS = [0, 64, 128];
export const TABLE_UNITS = [16, 32, 64, 128, 256];

/** A [max] mask: Σ_k w_k · [channel < widths_k] (a width of 0 contributes nothing). */
function widthMask(tf: Tf, w: T, widths: number[], max: number): T {
  const m = widths.map((k) => Array.from({ length: max }, (_, c) => (c < k ? 1 : 0)));
  return tf.matMul(w.reshape([1, widths.length]), tf.tensor2d(m)).reshape([max]);
}

function init(tf: Tf, shape: number[], fanIn: number, seed: number): TF.Variable {
  return tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), "float32", seed), true);
}

const zeros = (tf: Tf, n: number) => tf.variable(tf.zeros([n]), true);

/** A counter for dropout seeds, so each step draws a new mask and a run is reproducible. */
function dropper(tf: Tf, rate: number, seed: number) {
  let n = 0;
  return (x: T, training: boolean) => (training && rate > 0 ? tf.dropout(x, rate, undefined, seed + n++) : x);
}

/** The dense head after `d` blocks: a hidden layer of up to `hidden` units, or none (`direct`). */
function imageHead(tf: Tf, flat: number, hidden: number, classes: number, seed: number) {
  const fan = Math.max(1, flat);
  return {
    flat,
    hidden: init(tf, [flat, hidden], fan, seed),
    hiddenB: zeros(tf, hidden),
    out: init(tf, [hidden, classes], hidden, seed + 100),
    outB: zeros(tf, classes),
    direct: init(tf, [flat, classes], fan, seed + 200),
    directB: zeros(tf, classes),
  };
}

/** Convolutional blocks as auto's image train.ts builds them: filters of block 1, block 2 (or none), kernel, pooling,
 * the dense head. Block 2's outputs are smaller than block 1's, so each depth has its own head. */
export function imageSupernet(
  tf: Tf,
  size: number,
  channels: number,
  classes: number,
  o: { seed: number; dropout: number },
): Supernet {
  const canDeepen = Math.floor(size / 4) >= 1;
  const space: OneshotChoice[] = [
    { name: "filters1", options: IMAGE_FILTERS },
    { name: "filters2", options: canDeepen ? ["none", ...IMAGE_FILTERS] : ["none"], free: [0] },
    { name: "kernel", options: [3, 5] },
    { name: "pooling", options: ["max", "average"] },
    { name: "denseUnits", options: DENSE_UNITS, free: [0] },
  ];
  const F = 32;
  const H = 128;
  let s = o.seed;
  const w1 = init(tf, [5, 5, channels, F], 9 * channels, s++);
  const b1 = zeros(tf, F);
  const w2 = init(tf, [5, 5, F, F], 9 * F, s++);
  const b2 = zeros(tf, F);
  const heads = [1, 2].map((d) => imageHead(tf, Math.floor(size / 2 ** d) ** 2 * F, H, classes, s + 2 * d));
  const centre = tf.tensor4d(
    Array.from({ length: 25 }, (_, i) => (Math.abs((i % 5) - 2) <= 1 && Math.abs(Math.floor(i / 5) - 2) <= 1 ? 1 : 0)),
    [5, 5, 1, 1],
  );
  const masks2 = IMAGE_FILTERS.map((f) => tf.tensor1d(Array.from({ length: F }, (_, c) => (c < f ? 1 : 0))));
  const drop = dropper(tf, o.dropout, o.seed * 7919);
  const on = (hard: Picks | undefined, i: number, k: number) => !hard || hard[i] === k;
  const at = (w: T, k: number) => w.slice([k], [1]);

  function block(x: T, w: T, b: T, mix: T[], hard: Picks | undefined, training: boolean): T {
    const kernel = tf.add(tf.mul(at(mix[2], 0), centre), at(mix[2], 1));
    const z = tf.relu(tf.add(tf.conv2d(x as TF.Tensor4D, tf.mul(w, kernel) as TF.Tensor4D, 1, "same"), b));
    const pools: T[] = [];
    if (on(hard, 3, 0)) pools.push(tf.mul(at(mix[3], 0), tf.maxPool(z as TF.Tensor4D, 2, 2, "valid")));
    if (on(hard, 3, 1)) pools.push(tf.mul(at(mix[3], 1), tf.avgPool(z as TF.Tensor4D, 2, 2, "valid")));
    return drop(pools.length > 1 ? tf.add(pools[0], pools[1]) : pools[0], training);
  }

  function head(d: number, x: T, mix: T[], hard: Picks | undefined): T {
    const h = heads[d];
    const flat = x.reshape([x.shape[0], h.flat]);
    const parts: T[] = [];
    if (on(hard, 4, 0)) parts.push(tf.mul(at(mix[4], 0), tf.add(tf.matMul(flat, h.direct), h.directB)));
    if (!hard || hard[4] > 0) {
      const wide = tf.mul(tf.add(at(mix[4], 1), at(mix[4], 2)), h.outB);
      const hidden = tf.mul(
        tf.relu(tf.add(tf.matMul(flat, h.hidden), h.hiddenB)),
        widthMask(tf, mix[4], DENSE_UNITS, H),
      );
      parts.push(tf.add(tf.matMul(hidden, h.out), wide));
    }
    return parts.length > 1 ? tf.add(parts[0], parts[1]) : parts[0];
  }

  function forward(x: T, mix: T[], training: boolean, hard?: Picks): T {
    const m1 = widthMask(tf, mix[0], IMAGE_FILTERS, F);
    const p1 = tf.mul(block(x, w1, b1, mix, hard, training), m1);
    const out: T[] = [];
    if (on(hard, 1, 0)) out.push(tf.mul(at(mix[1], 0), head(0, p1, mix, hard)));
    if (canDeepen && (!hard || hard[1] > 0)) {
      const q2 = block(p1, w2, b2, mix, hard, training);
      IMAGE_FILTERS.forEach((f, j) => {
        if (!on(hard, 1, j + 1)) return;
        out.push(tf.mul(at(mix[1], j + 1), head(1, tf.mul(q2, masks2[j]), mix, hard)));
      });
    }
    return out.reduce((a, b) => tf.add(a, b));
  }

  const weights = [w1, b1, w2, b2, ...heads.flatMap((h) => [h.hidden, h.hiddenB, h.out, h.outB, h.direct, h.directB])];
  return { space, weights, forward };
}

/** Dense blocks as auto's table train.ts builds them: the width of layer 1, and of layers 2 and 3 or none. */
export function tableSupernet(tf: Tf, inputs: number, outputs: number, o: { seed: number; dropout: number }): Supernet {
  const later = ["none", ...TABLE_UNITS];
  const space: OneshotChoice[] = [
    { name: "units1", options: TABLE_UNITS },
    { name: "units2", options: later, free: [0] },
    { name: "units3", options: later, free: [0] },
  ];
  const W = TABLE_UNITS[TABLE_UNITS.length - 1];
  let s = o.seed;
  const layers = [inputs, W, W].map((fan) => ({
    w: init(tf, [fan, W], fan, s++),
    b: zeros(tf, W),
  }));
  const out = init(tf, [W, outputs], W, s++);
  const outB = zeros(tf, outputs);
  const drop = dropper(tf, o.dropout, o.seed * 7919);
  const widths = [0, ...TABLE_UNITS];

  function forward(x: T, mix: T[], training: boolean, hard?: Picks): T {
    const dense = (h: T, i: number, mask: T) =>
      drop(tf.mul(tf.relu(tf.add(tf.matMul(h, layers[i].w), layers[i].b)), mask), training);
    let h = dense(x, 0, widthMask(tf, mix[0], TABLE_UNITS, W));
    for (const i of [1, 2]) {
      if (hard && hard[i] === 0) continue;
      const deeper = dense(h, i, widthMask(tf, mix[i], widths, W));
      h = hard ? deeper : tf.add(tf.mul(mix[i].slice([0], [1]), h), deeper);
    }
    return tf.add(tf.matMul(h, out), outB);
  }

  return { space, weights: [...layers.flatMap((l) => [l.w, l.b]), out, outB], forward };
}
