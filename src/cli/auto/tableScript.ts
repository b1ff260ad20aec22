// The annotated train.ts `attune auto` writes for a table (docs/model-search.md#the-search-space): dense blocks
// (depth and widths as one list, dropout, batch normalization), category encoding, optimizer, learning rate, batch
// size and epochs as the budget. Its literals are the baseline (trial 0): a sound first model.
import type { Task } from "../../data/profile";
import { FIT_AND_SAVE } from "./scriptTail";

export interface TableScriptInput {
  /** The CSV's path from the script's folder. */
  data: string;
  target: string;
  task: Task;
  /** Category columns among the features (encoding is tuned only when there are some). */
  categories: number;
  validation: number;
  seed: number;
}

export function tableScript(o: TableScriptInput): string {
  const classify = o.task === "classification";
  const metric = classify ? "maximize val_accuracy" : "minimize val_loss";
  const encoding = o.categories
    ? [
        `const encoding: string = "onehot"; // @tune choice("onehot", "embedding")`,
        `const embeddingSize = 4; // @tune int(2, 16, log) if encoding == "embedding"`,
      ]
    : [`const encoding: string = "onehot"; // no category columns: nothing to encode`, `const embeddingSize = 4;`];
  return `// Written by \`attune auto\` for ${o.data}; how it works: Attune's docs/model-search.md.
// It is yours: read it, edit it, run \`attune tune train.ts\` to search further, or \`attune apply\` another trial.
// Under \`attune tune\` each trial trains on the training rows and reports ${classify ? "val_accuracy" : "val_loss"} on the held-out
// rows. Run on its own (or with ATTUNE_AUTO_FINAL=1) it trains on every row and saves model/ for \`attune predict\`.
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
// Attune's data module: the CSV read, profiled, split and preprocessed as \`attune predict\` will do it.
const data = require("attune/data");
// Attune's TF.js helpers: hypergradient, an optimizer that adapts its own learning rate.
const { hypergradient } = require("attune/tfjs");

const DATA = join(__dirname, ${JSON.stringify(o.data)});
const TARGET = ${JSON.stringify(o.target)};
const TASK = ${JSON.stringify(o.task)};
// The validation split: ${Math.round(o.validation * 100)}% of the rows of each ${classify ? "class" : "fifth of the target's range"}, chosen with this seed.
const VALIDATION = ${o.validation};
const SPLIT_SEED = ${o.seed};

const units = [64, 32]; // @tune list(int(8, 256, log), min=1, max=3)
const dropout = 0.1; // @tune uniform(0.0, 0.5)
const batchNorm = false; // @tune bool()
${encoding.join("\n")}
const optimizer: string = "adam"; // @tune choice("adam", "rmsprop", "sgd", "adam-hd")
const learningRate = 0.003; // @tune loguniform(1e-4, 3e-2)
const batchSize = 32; // @tune choice(16, 32, 64, 128)
const epochs = 30; // @tune budget(3, 30)
// @tune objective: ${metric}

${TABLE_CODE}`;
}

/** The script's code below its settings: the same for every data set. */
const TABLE_CODE = `type Input = { name: string; width: number; vocabulary?: number };

/** One input per encoded part. With encoding "embedding" each category column comes one-hot on its own and is
 * mapped to a learned vector of embeddingSize numbers (a bias-free dense layer: an embedding wasm can train). */
function buildModel(inputs: Input[], outputs: number): tf.LayersModel {
  const ins = inputs.map((i) => tf.input({ shape: [i.width], name: i.name }));
  const parts = ins.map((x, k) => {
    if (!inputs[k].vocabulary) return x;
    return tf.layers.dense({ units: embeddingSize, useBias: false }).apply(x) as tf.SymbolicTensor;
  });
  let h = parts.length > 1 ? (tf.layers.concatenate().apply(parts) as tf.SymbolicTensor) : parts[0];
  for (const width of units) {
    h = tf.layers.dense({ units: width, useBias: !batchNorm }).apply(h) as tf.SymbolicTensor;
    if (batchNorm) h = tf.layers.batchNormalization().apply(h) as tf.SymbolicTensor;
    h = tf.layers.activation({ activation: "relu" }).apply(h) as tf.SymbolicTensor;
    if (dropout > 0) h = tf.layers.dropout({ rate: dropout }).apply(h) as tf.SymbolicTensor;
  }
  const activation = TASK === "classification" ? "softmax" : "linear";
  const out = tf.layers.dense({ units: outputs, activation }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: ins, outputs: out });
}

function makeOptimizer(): tf.Optimizer {
  // Adam whose learning rate follows its hypergradient (attune/tfjs): learningRate is only where it starts.
  if (optimizer === "adam-hd") return hypergradient("adam", { learningRate, tf });
  if (optimizer === "sgd") return tf.train.momentum(learningRate, 0.9);
  if (optimizer === "rmsprop") return tf.train.rmsprop(learningRate);
  return tf.train.adam(learningRate);
}

async function main(): Promise<void> {
  await tf.ready();
  const final = !process.env.ATTUNE_TRIAL || process.env.ATTUNE_AUTO_FINAL === "1";
  const set = data.loadTable(tf, DATA, { target: TARGET, task: TASK, encoding, validation: VALIDATION, seed: SPLIT_SEED, final });
  console.log(set.summary);
  const model = buildModel(set.inputs, set.outputs);
  const classify = TASK === "classification";
  model.compile({
    optimizer: makeOptimizer(),
    loss: classify ? "categoricalCrossentropy" : "meanSquaredError",
    metrics: classify ? ["accuracy"] : [],
  });
${FIT_AND_SAVE}`;
