// The supernets of `auto --strategy oneshot` (src/cli/auto/supernet.ts): evaluating one architecture by skipping the
// branches its one-hot mix zeroes gives the same logits as the full mixture, and a DARTS step moves α
// (docs/model-search.md#one-shot-search). TF.js on the cpu backend, tiny shapes.
import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { hardMix, trainSupernet } from "../../src/cli/auto/oneshotTrain";
import { imageSupernet, tableSupernet, type Supernet } from "../../src/cli/auto/supernet";

function sameLogits(net: Supernet, x: tf.Tensor, picks: number[]): void {
  const mix = hardMix(tf, net, picks);
  const full = net.forward(x, mix, false).arraySync() as number[][];
  const skipped = net.forward(x, mix, false, picks).arraySync() as number[][];
  full
    .flat()
    .forEach((v, i) => assert.ok(Math.abs(v - skipped.flat()[i]) < 1e-4, `${picks}: ${v} vs ${skipped.flat()[i]}`));
}

describe("one-shot supernets", function () {
  this.timeout(20_000);
  before(async () => {
    tf.env().set("PROD", true);
    await tf.setBackend("cpu");
  });

  it("an image architecture's logits are the same with its inactive branches skipped", () => {
    const net = imageSupernet(tf, 8, 1, 3, { seed: 1, dropout: 0 });
    const x = tf.randomUniform([4, 8, 8, 1], 0, 1, "float32", 2);
    for (const picks of [
      [0, 0, 0, 0, 1],
      [2, 3, 1, 1, 2],
      [1, 1, 0, 1, 0],
    ])
      sameLogits(net, x, picks);
  });

  it("a table architecture's logits are the same with skipped layers left out", () => {
    const net = tableSupernet(tf, 5, 2, { seed: 1, dropout: 0 });
    const x = tf.randomNormal([6, 5], 0, 1, "float32", 3);
    for (const picks of [
      [0, 0, 3],
      [4, 5, 0],
      [2, 1, 1],
    ])
      sameLogits(net, x, picks);
  });

  it("trains weights, then α after the warm-up", async () => {
    const net = tableSupernet(tf, 2, 2, { seed: 1, dropout: 0 });
    const x = tf.randomNormal([64, 2], 0, 1, "float32", 4);
    const y = tf.oneHot(tf.cast(tf.greater(tf.sum(x, 1), 0), "int32"), 2).cast("float32");
    const data = { trainX: x, trainY: y, valX: x, valY: y, classify: true };
    const epochs: number[][][] = [];
    const o = { epochs: 3, warmup: 1, batchSize: 16, learningRate: 0.01, alphaLearningRate: 0.05, seed: 0 };
    const r = await trainSupernet(tf, net, data, { ...o, onEpoch: (e) => epochs.push(e.alpha) });
    assert.equal(r.epochs, 3);
    assert.ok(
      epochs[0].flat().every((a) => a === 0),
      "α stays put during the warm-up",
    );
    assert.ok(
      r.alpha.flat().some((a) => a !== 0),
      "α moves after it",
    );
  });
});
