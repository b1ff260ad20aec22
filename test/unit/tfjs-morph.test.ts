// morph.widen / morph.deepen (Net2Net, docs/model-search.md): the new model computes the old one's function, output
// for output on random inputs, and unsupported layers or models get one sentence saying so.
import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { morph } from "../../tfjs";

/** The largest |Δ| between two models' outputs on a batch of random inputs. */
function maxDiff(a: tf.LayersModel, b: tf.LayersModel, batch = 16): number {
  return tf.tidy(() => {
    const shape = [batch, ...(a.inputs[0].shape.slice(1) as number[])];
    const x = tf.randomNormal(shape);
    const ya = a.predict(x) as tf.Tensor;
    const yb = b.predict(x) as tf.Tensor;
    assert.deepEqual(ya.shape, yb.shape);
    return tf.max(tf.abs(tf.sub(ya, yb))).dataSync()[0];
  });
}

/** Random weights everywhere (biases and BatchNormalization statistics too), so that nothing is trivially zero. */
function randomize(m: tf.LayersModel): void {
  m.setWeights(
    m.getWeights().map((w) => {
      const name = w.shape.length === 1 ? "vector" : "matrix";
      return name === "vector" ? tf.randomUniform(w.shape, 0.5, 1.5) : tf.randomNormal(w.shape, 0, 0.3);
    }),
  );
}

function mlp(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [6], units: 5, activation: "relu", name: "dense_1" }));
  m.add(tf.layers.batchNormalization({ name: "bn" }));
  m.add(tf.layers.dropout({ rate: 0.3 }));
  m.add(tf.layers.dense({ units: 4, activation: "tanh", name: "dense_2" }));
  m.add(tf.layers.dense({ units: 3, activation: "softmax", name: "out" }));
  randomize(m);
  return m;
}

function cnn(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [8, 8, 2], filters: 3, kernelSize: 3, activation: "relu", name: "conv_1" }));
  m.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: "same", name: "conv_2" }));
  m.add(tf.layers.batchNormalization({ name: "bn" }));
  m.add(tf.layers.activation({ activation: "relu", name: "act" }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 3, name: "out" }));
  randomize(m);
  return m;
}

describe("morph (Net2Net) on TF.js models", function () {
  this.timeout(60_000);
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("widen: a Dense layer (through BatchNormalization and Dropout) keeps the function, the old model untouched", () => {
    const m = mlp();
    const before = m.getWeights().map((w) => w.dataSync().slice());
    const w = morph.widen(m, "dense_1", 12);
    assert.equal(w.getLayer("dense_1").getConfig().units, 12);
    assert.ok(maxDiff(m, w) < 1e-4, `|Δ| = ${maxDiff(m, w)}`);
    const w2 = morph.widen(w, "dense_2", 9);
    assert.ok(maxDiff(m, w2) < 1e-4);
    assert.deepEqual(
      m.getWeights().map((x) => x.dataSync().slice()),
      before,
    );
    assert.equal(w.optimizer, undefined);
  });

  it("widen: Conv2D into Conv2D, and Conv2D through BatchNormalization, ReLU, pooling and Flatten into Dense", () => {
    const m = cnn();
    const a = morph.widen(m, "conv_1", 7);
    assert.ok(maxDiff(m, a) < 1e-4, `|Δ| = ${maxDiff(m, a)}`);
    const b = morph.widen(m, "conv_2", 10);
    assert.equal(b.getLayer("conv_2").getConfig().filters, 10);
    assert.ok(maxDiff(m, b) < 1e-4, `|Δ| = ${maxDiff(m, b)}`);
  });

  it("widen with noise: the copies' outgoing weights differ and the function stays", () => {
    const m = mlp();
    const w = morph.widen(m, "dense_2", 8, { noise: 0.1 });
    assert.ok(maxDiff(m, w) < 1e-4, `|Δ| = ${maxDiff(m, w)}`);
    const k = w.getLayer("out").getWeights()[0].arraySync() as number[][];
    const old = m.getLayer("out").getWeights()[0].arraySync() as number[][];
    assert.ok(k.slice(4).some((row) => !old.some((o) => o.every((x, i) => Math.abs(x / 2 - row[i]) < 1e-7))));
  });

  it("widen works on a functional chain (tf.model) and returns one", () => {
    const input = tf.input({ shape: [4] });
    const h = tf.layers.dense({ units: 3, activation: "relu", name: "h" }).apply(input) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2, name: "o" }).apply(h) as tf.SymbolicTensor;
    const m = tf.model({ inputs: input, outputs: out });
    const w = morph.widen(m, "h", 6);
    assert.ok(maxDiff(m, w) < 1e-4);
    assert.equal(w.getClassName(), "Model");
  });

  it("deepen: an identity Dense after a ReLU layer, and after a linear layer's following ReLU", () => {
    const m = mlp();
    const d = morph.deepen(m, "dense_1");
    assert.equal(d.layers.length, m.layers.length + 1);
    assert.equal(d.layers[1].name, "dense_1_deeper");
    assert.ok(maxDiff(m, d) < 1e-4, `|Δ| = ${maxDiff(m, d)}`);
    const lin = morph.deepen(m, "dense_2", { activation: "linear" });
    assert.ok(maxDiff(m, lin) < 1e-4);
    // tanh output can be negative and no ReLU follows: the default ("auto") puts a linear identity layer after it.
    const auto = morph.deepen(m, "dense_2");
    assert.equal(auto.getLayer("dense_2_deeper").getConfig().activation, "linear");
    assert.ok(maxDiff(m, auto) < 1e-4);
    const c = cnn();
    // conv_2 is linear, then BatchNormalization and a ReLU: the new layer goes after the ReLU.
    const dc = morph.deepen(c, "conv_2");
    assert.deepEqual(dc.layers.map((l) => l.name).slice(1, 5), ["conv_2", "bn", "act", "conv_2_deeper"]);
    assert.ok(maxDiff(c, dc) < 1e-4, `|Δ| = ${maxDiff(c, dc)}`);
    const d1 = morph.deepen(c, "conv_1", { kernelSize: 5 });
    assert.ok(maxDiff(c, d1) < 1e-4);
    // deepen then widen the new layer: still the same function
    const both = morph.widen(morph.deepen(m, "dense_1"), "dense_1_deeper", 9);
    assert.ok(maxDiff(m, both) < 1e-4);
  });

  it("the new models train: compile and fit work", async () => {
    const m = morph.widen(mlp(), "dense_1", 8);
    m.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
    const h = await m.fit(
      tf.randomNormal([16, 6]),
      tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], "int32"), 3),
      {
        epochs: 2,
        verbose: 0,
      },
    );
    assert.equal(h.history.loss.length, 2);
  });

  it("says in one sentence what it does not support", () => {
    const m = mlp();
    const err = (f: () => unknown, re: RegExp) =>
      assert.throws(f, (e: Error) => re.test(e.message) && !e.message.includes("\n"));
    err(() => morph.widen(m, "nope", 9), /no layer named 'nope' \(its layers: dense_1, bn, /);
    err(() => morph.widen(m, "dense_1", 4), /has 5 units; ask for more than that \(got 4\)/);
    err(() => morph.widen(m, "out", 9), /widen a hidden layer/);
    err(
      () => morph.widen(m, "bn", 9),
      /supports Dense and Conv2D layers followed by a Dense or Conv2D layer; got BatchNormalization 'bn'/,
    );
    err(() => morph.deepen(m, "out"), /is the model's output layer/);
    err(
      () => morph.deepen(m, "dense_2", { activation: "relu" }),
      /can be negative and no ReLU follows it.*activation: "linear"/,
    );
    err(() => morph.deepen(cnn(), "conv_1", { kernelSize: 2 }), /kernelSize must be an odd/);

    const r = tf.sequential();
    r.add(tf.layers.dense({ inputShape: [5, 3], units: 4, name: "d" }));
    r.add(tf.layers.lstm({ units: 2, name: "lstm_1" }));
    err(
      () => morph.widen(r, "d", 6),
      /followed \(through .*\) by a Dense or Conv2D layer; Dense 'd' is followed by LSTM 'lstm_1'/,
    );
    err(() => morph.deepen(r, "lstm_1"), /supports Dense and Conv2D layers; got LSTM 'lstm_1'/);

    const input = tf.input({ shape: [4] });
    const a = tf.layers.dense({ units: 3, name: "a" }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 3, name: "b" }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: "sum" }).apply([a, b]) as tf.SymbolicTensor;
    const branchy = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1 }).apply(sum) as tf.SymbolicTensor });
    err(() => morph.widen(branchy, "a", 5), /one chain/);
    err(() => morph.widen({} as tf.LayersModel, "a", 5), /must be a tf.LayersModel/);
  });
});
