// The annotated train.ts `attune auto` writes for an image folder (docs/model-search.md#the-search-space): a small
// CNN of convolutional blocks (depth and filters as one list, kernel, pooling, batch normalization, dropout), a dense
// head, image size, augmentation, optimizer, learning rate and epochs as the budget. The space is kept small on
// purpose: on a CPU (TF.js's wasm backend has no convolution gradients) each epoch of a bigger net costs minutes.
import { FIT_AND_SAVE } from "./scriptTail";

export interface ImageScriptInput {
  /** The folder's path from the script's folder. */
  data: string;
  /** The images' most common side (the larger of width and height). */
  side: number;
  channels: 1 | 3;
  validation: number;
  seed: number;
}

/** Sizes to try: the images' own, and a smaller one for large images (capped at 64 to keep a CPU busy for minutes). */
export function imageSizes(side: number): number[] {
  const own = Math.min(side, 64);
  const smaller = Math.round((own * 3) / 4);
  return own >= 16 ? [smaller, own] : [own];
}

export function imageScript(o: ImageScriptInput): string {
  const sizes = imageSizes(o.side);
  const own = sizes[sizes.length - 1];
  const size =
    sizes.length > 1
      ? `const imageSize = ${own}; // @tune choice(${sizes.join(", ")})`
      : `const imageSize = ${own}; // the images' own size`;
  return `// Written by \`attune auto\` for ${o.data}; how it works: Attune's docs/model-search.md.
// It is yours: read it, edit it, run \`attune tune train.ts\` to search further, or \`attune apply\` another trial.
// Under \`attune tune\` each trial trains on the training images and reports val_accuracy on the held-out ones.
// Run on its own (or with ATTUNE_AUTO_FINAL=1) it trains on every image and saves model/ for \`attune predict\`.
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
// Attune's data module: the images decoded, resized, split and scaled as \`attune predict\` will do it.
const data = require("attune/data");
// Attune's TF.js helpers: hypergradient, an optimizer that adapts its own learning rate.
const { hypergradient } = require("attune/tfjs");

const DATA = join(__dirname, ${JSON.stringify(o.data)});
const CHANNELS = ${o.channels};
// The validation split: ${Math.round(o.validation * 100)}% of each class's images, chosen with this seed.
const VALIDATION = ${o.validation};
const SPLIT_SEED = ${o.seed};

${size}
const filters = [16, 32]; // @tune list(choice(8, 16, 32), min=1, max=2)
const kernel = 3; // @tune choice(3, 5)
const pooling: string = "max"; // @tune choice("max", "average")
const batchNorm = false; // @tune bool()
const dropout = 0.25; // @tune uniform(0.0, 0.5)
const denseUnits = 64; // @tune choice(0, 64, 128)
const augment = false; // @tune bool()
const optimizer: string = "adam"; // @tune choice("adam", "rmsprop", "adam-hd")
const learningRate = 0.002; // @tune loguniform(3e-4, 1e-2)
const batchSize = 64; // @tune choice(32, 64, 128)
const epochs = 8; // @tune budget(1, 9)
// @tune objective: maximize val_accuracy

${IMAGE_CODE}`;
}

/** The script's code below its settings: the same for every data set. */
const IMAGE_CODE = `function buildModel(classes: number): tf.Sequential {
  const model = tf.sequential();
  filters.forEach((f, i) => {
    const shape = i === 0 ? { inputShape: [imageSize, imageSize, CHANNELS] } : {};
    model.add(tf.layers.conv2d({ filters: f, kernelSize: kernel, padding: "same", useBias: !batchNorm, ...shape }));
    if (batchNorm) model.add(tf.layers.batchNormalization());
    model.add(tf.layers.activation({ activation: "relu" }));
    const pool = { poolSize: 2, strides: 2 };
    model.add(pooling === "max" ? tf.layers.maxPooling2d(pool) : tf.layers.averagePooling2d(pool));
    if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout }));
  });
  model.add(tf.layers.flatten());
  if (denseUnits > 0) model.add(tf.layers.dense({ units: denseUnits, activation: "relu" }));
  model.add(tf.layers.dense({ units: classes, activation: "softmax" }));
  return model;
}

function makeOptimizer(): tf.Optimizer {
  // Adam whose learning rate follows its hypergradient (attune/tfjs): learningRate is only where it starts.
  if (optimizer === "adam-hd") return hypergradient("adam", { learningRate, tf });
  if (optimizer === "rmsprop") return tf.train.rmsprop(learningRate);
  return tf.train.adam(learningRate);
}

async function main(): Promise<void> {
  await tf.ready();
  // Under Attune, convolutions train on wasm (it adds the filter gradient wasm lacks); run on its own without it, wasm
  // cannot train them, so this falls back to the slower pure-JS cpu backend.
  if (tf.getBackend() === "wasm" && !tf.getKernel("Conv2DBackpropFilter", "wasm")) await tf.setBackend("cpu");
  const final = !process.env.ATTUNE_TRIAL || process.env.ATTUNE_AUTO_FINAL === "1";
  const set = data.loadImages(tf, DATA, {
    size: imageSize,
    channels: CHANNELS,
    validation: VALIDATION,
    seed: SPLIT_SEED,
    augment,
    final,
  });
  console.log(set.summary);
  const model = buildModel(set.outputs);
  model.compile({ optimizer: makeOptimizer(), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
${FIT_AND_SAVE}`;
