// The TF.js preload's hardware metrics: exact FLOPs of dense and conv layers, and params/flops/latency_ms reported
// after model.fit.
import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";

const stats = require("../../src/runner/runtime/attune-model-stats.cjs") as {
  modelFlops(m: tf.LayersModel): number;
  reportAfterFit(t: typeof tf, m: tf.LayersModel, fit: Promise<unknown>, emit: (o: object) => void): Promise<unknown>;
};

describe("TF.js model stats (params, flops, latency_ms)", function () {
  this.timeout(60_000);
  before(async () => {
    await tf.setBackend("cpu");
  });
  it("counts 2 per multiply-add plus the bias of dense and conv layers, and the pooling windows", () => {
    const mlp = tf.sequential();
    mlp.add(tf.layers.dense({ units: 100, inputShape: [784] }));
    mlp.add(tf.layers.dense({ units: 10 }));
    assert.equal(stats.modelFlops(mlp), 2 * 784 * 100 + 100 + 2 * 100 * 10 + 10);
    const cnn = tf.sequential();
    cnn.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, padding: "same" }));
    cnn.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    cnn.add(tf.layers.flatten());
    cnn.add(tf.layers.dense({ units: 10, useBias: false }));
    assert.equal(stats.modelFlops(cnn), 2 * 9 * 28 * 28 * 8 + 28 * 28 * 8 + 14 * 14 * 8 * 4 + 2 * 14 * 14 * 8 * 10);
  });
  it("reports params, flops and latency_ms once fit resolves", async () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 4, inputShape: [3], activation: "relu" }));
    m.add(tf.layers.dense({ units: 1 }));
    m.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const seen: Record<string, number>[] = [];
    await stats.reportAfterFit(tf, m, m.fit(tf.ones([8, 3]), tf.ones([8, 1]), { epochs: 1, verbose: 0 }), (o) =>
      seen.push(o as Record<string, number>),
    );
    assert.equal(seen.length, 1);
    assert.equal(seen[0].params, 3 * 4 + 4 + 4 + 1);
    assert.equal(seen[0].flops, 2 * 3 * 4 + 4 + 2 * 4 + 1);
    assert.ok(seen[0].latency_ms > 0 && seen[0].latency_ms < 1000);
  });
});
