// Training a supernet once, DARTS first-order (docs/model-search.md#one-shot-search): a weight step on a training
// batch, then an α step on a validation batch; the first `warmup` epochs train the weights alone (the collapse guard's
// first half: parameter-free options cannot win before the others have learned anything). Also: one architecture's
// score with inherited weights (α fixed to it), and one architecture trained alone from scratch (the benchmark's
// stand-alone accuracy).
import type * as TF from "@tensorflow/tfjs";
import { Rng } from "../../core/rng";
import { softmax, type Picks } from "../../core/oneshot";
import type { Supernet, Tf } from "./supernet";

export interface Split {
  trainX: TF.Tensor;
  trainY: TF.Tensor;
  valX: TF.Tensor;
  valY: TF.Tensor;
  classify: boolean;
}

export interface TrainOptions {
  epochs: number;
  warmup: number;
  batchSize: number;
  learningRate: number;
  alphaLearningRate: number;
  seed: number;
  /** Weight steps on the softmax(α) mixture (DARTS), or on one path per batch drawn half from softmax(α), half
   * uniformly (single-path, ENAS-style sampling): what a path is scored on is what it was trained as. */
  weights?: "mixture" | "path";
  /** Epoch-wise stop: no epoch starts that would end after this time (ms since the epoch). */
  deadline?: number;
  onEpoch?: (e: { epoch: number; loss: number; seconds: number; alpha: number[][]; searching: boolean }) => void;
}

function loss(tf: Tf, classify: boolean, y: TF.Tensor, logits: TF.Tensor): TF.Scalar {
  return classify ? tf.losses.softmaxCrossEntropy(y, logits) : tf.losses.meanSquaredError(y, logits);
}

function batches(n: number, size: number, rng: Rng): number[][] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.random() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const out: number[][] = [];
  for (let i = 0; i < n; i += size) out.push(idx.slice(i, i + size));
  return out;
}

/** Trains weights and α; returns α (one array per choice) and the epochs run. */
export async function trainSupernet(
  tf: Tf,
  net: Supernet,
  data: Split,
  o: TrainOptions,
): Promise<{ alpha: number[][]; epochs: number; warmup: number }> {
  const alpha = net.space.map((c) => tf.variable(tf.zeros([c.options.length]), true));
  const wOpt = tf.train.adam(o.learningRate);
  const aOpt = tf.train.adam(o.alphaLearningRate);
  const rng = Rng.derive(o.seed, "oneshot-batches");
  const soft = () => alpha.map((a) => tf.softmax(a));
  const paths = Rng.derive(o.seed, "oneshot-paths");
  const forward = (x: TF.Tensor, searching: boolean) => {
    if (o.weights !== "path") return net.forward(x, soft(), true);
    const picks = drawPath(net, searching ? alpha.map((a) => Array.from(a.dataSync())) : undefined, paths);
    return net.forward(x, hardMix(tf, net, picks), true, picks);
  };
  const pick = (x: TF.Tensor, y: TF.Tensor, b: number[]) => {
    const i = tf.tensor1d(b, "int32");
    return [tf.gather(x, i), tf.gather(y, i)];
  };
  let epoch = 0;
  let last = 0;
  let warmup = o.warmup;
  for (; epoch < o.epochs; epoch++) {
    const t0 = Date.now();
    if (o.deadline !== undefined && epoch > 0 && t0 + last > o.deadline) break;
    // A deadline that cuts the epochs short cuts the warm-up to a third of those that fit, so α still learns.
    if (o.deadline !== undefined && epoch === 1)
      warmup = Math.min(warmup, Math.round(Math.min(o.epochs, 1 + Math.floor((o.deadline - t0) / last)) / 3));
    const searching = epoch >= warmup;
    const valBatches = batches(data.valY.shape[0], o.batchSize, rng);
    let sum = 0;
    const trainBatches = batches(data.trainY.shape[0], o.batchSize, rng);
    trainBatches.forEach((b, step) => {
      tf.tidy(() => {
        const [x, y] = pick(data.trainX, data.trainY, b);
        const cost = wOpt.minimize(() => loss(tf, data.classify, y, forward(x, searching)), true, net.weights);
        sum += cost!.dataSync()[0];
        if (!searching) return;
        const [vx, vy] = pick(data.valX, data.valY, valBatches[step % valBatches.length]);
        aOpt.minimize(() => loss(tf, data.classify, vy, net.forward(vx, soft(), false)), false, alpha);
      });
    });
    last = Date.now() - t0;
    const a = alpha.map((v) => Array.from(v.dataSync()));
    o.onEpoch?.({ epoch: epoch + 1, loss: sum / trainBatches.length, seconds: last / 1000, alpha: a, searching });
    await new Promise((r) => setImmediate(r));
  }
  const out = alpha.map((v) => Array.from(v.dataSync()));
  alpha.forEach((v) => v.dispose());
  wOpt.dispose();
  aOpt.dispose();
  return { alpha: out, epochs: epoch, warmup: Math.min(warmup, epoch) };
}

/** One path: each choice's option drawn from softmax(α) half of the time, uniformly otherwise (always uniformly
 * without α). */
function drawPath(net: Supernet, alpha: number[][] | undefined, rng: Rng): Picks {
  return net.space.map((c, i) => {
    const w = alpha && rng.random() < 0.5 ? softmax(alpha[i]) : c.options.map(() => 1 / c.options.length);
    let u = rng.random();
    for (let k = 0; k < w.length; k++) if ((u -= w[k]) < 0) return k;
    return w.length - 1;
  });
}

/** One-hot mixes for an architecture. */
export function hardMix(tf: Tf, net: Supernet, picks: Picks): TF.Tensor[] {
  return net.space.map((c, i) =>
    tf
      .oneHot(tf.tensor1d([picks[i]], "int32"), c.options.length)
      .reshape([-1])
      .cast("float32"),
  );
}

/** The architecture's validation score with the supernet's current weights: accuracy (or −cross-entropy with
 * `by: "loss"`), or −MSE for regression. */
export function score(tf: Tf, net: Supernet, data: Split, picks: Picks, by: "accuracy" | "loss" = "accuracy"): number {
  return tf.tidy(() => {
    const mix = hardMix(tf, net, picks);
    const n = data.valY.shape[0];
    let total = 0;
    for (let i = 0; i < n; i += 512) {
      const len = Math.min(512, n - i);
      const x = data.valX.slice(i, len);
      const y = data.valY.slice(i, len);
      const logits = net.forward(x, mix, false, picks);
      if (!data.classify) total -= tf.sum(tf.square(tf.sub(logits, y))).dataSync()[0] / (y.shape[1] ?? 1);
      else if (by === "loss") total -= tf.losses.softmaxCrossEntropy(y, logits).dataSync()[0] * len;
      else total += tf.sum(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)).cast("float32")).dataSync()[0];
    }
    return total / n;
  });
}

/** An architecture trained alone from fresh weights (its path of the supernet, the other options unused). */
export async function trainAlone(
  tf: Tf,
  net: Supernet,
  data: Split,
  picks: Picks,
  o: { epochs: number; batchSize: number; learningRate: number; seed: number; by?: "accuracy" | "loss" },
): Promise<number> {
  const opt = tf.train.adam(o.learningRate);
  const rng = Rng.derive(o.seed, "alone", picks.join(","));
  const mix = hardMix(tf, net, picks);
  for (let e = 0; e < o.epochs; e++) {
    for (const b of batches(data.trainY.shape[0], o.batchSize, rng))
      tf.tidy(() => {
        const i = tf.tensor1d(b, "int32");
        const x = tf.gather(data.trainX, i);
        const y = tf.gather(data.trainY, i);
        opt.minimize(() => loss(tf, data.classify, y, net.forward(x, mix, true, picks)), false, net.weights);
      });
    await new Promise((r) => setImmediate(r));
  }
  opt.dispose();
  mix.forEach((m) => m.dispose());
  return score(tf, net, data, picks, o.by);
}
