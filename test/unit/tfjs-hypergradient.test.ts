// hypergradient (docs/model-search.md): a real tf.Optimizer usable in model.compile/fit whose learning rate follows
// its hypergradient, so that from a rate 30× too small or 10× too large it ends near tuned Adam and well ahead of
// plain Adam from the same start; its rate is reported as `lr` each epoch under Attune's preload.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { hypergradient } from "../../tfjs";

const ROOT = resolve(__dirname, "../..");

/** Synthetic logistic regression: 20 features, labels from a fixed linear rule with 5 % of them flipped. */
function data(n: number, seed: number) {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const w = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? 2 : -1) * (1 + (i % 5)) * 0.3);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: 20 }, () => normal());
    const z = row.reduce((a, v, j) => a + v * w[j], 0);
    x.push(row);
    y.push(z > 0 !== rand() < 0.05 ? 1 : 0);
  }
  return { x: tf.tensor2d(x), y: tf.tensor2d(y, [n, 1]) };
}

const train = data(512, 1);
const val = data(512, 2);

/** Validation loss and accuracy after a few epochs from fixed initial weights. */
async function run(optimizer: tf.Optimizer, epochs = 8): Promise<{ loss: number; acc: number; lr: number[] }> {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 1, inputShape: [20], activation: "sigmoid", kernelInitializer: "zeros" }));
  m.compile({ optimizer, loss: "binaryCrossentropy", metrics: ["accuracy"] });
  const lr: number[] = [];
  const rate = (optimizer as unknown as { getLearningRate?: () => number }).getLearningRate;
  await m.fit(train.x, train.y, {
    epochs,
    batchSize: 32,
    shuffle: false,
    verbose: 0,
    callbacks: { onEpochEnd: () => void (rate && lr.push(rate.call(optimizer))) },
  });
  const [loss, acc] = (m.evaluate(val.x, val.y) as tf.Scalar[]).map((t) => t.dataSync()[0]);
  m.dispose();
  return { loss, acc, lr };
}

describe("hypergradient optimizer (TF.js)", function () {
  this.timeout(120_000);
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("is a tf.Optimizer, serializable by name, and keeps its state across getWeights/setWeights", async () => {
    const opt = hypergradient("adam", { learningRate: 1e-3 });
    assert.ok(opt instanceof tf.Optimizer);
    assert.equal(opt.getClassName(), "AttuneHypergradient");
    const entry = tf.serialization.SerializationMap.getMap().classNameMap.AttuneHypergradient;
    assert.ok(entry, "registered");
    const copy = entry[1](entry[0], opt.getConfig()) as unknown as typeof opt;
    assert.ok(Math.abs(copy.learningRate - 1e-3) < 1e-9);
    assert.equal(copy.kind, "adam");
    await run(opt, 2);
    const state = await opt.getWeights();
    const restored = hypergradient("adam", { learningRate: 1 });
    await restored.setWeights(state);
    assert.equal(restored.iterations, opt.iterations);
    assert.ok(Math.abs(restored.learningRate - opt.learningRate) < 1e-9);
    assert.throws(() => hypergradient("rmsprop" as "adam", { learningRate: 1 }), /"adam" or "sgd"/);
    assert.throws(() => hypergradient("sgd", { learningRate: -1 }), /positive number/);
  });

  it("from a rate 30× too small or 10× too large ends near tuned Adam and clearly ahead of plain Adam", async () => {
    const grid = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1];
    const adam = new Map<number, { loss: number; acc: number }>();
    for (const r of grid) adam.set(r, await run(tf.train.adam(r)));
    const best = grid.reduce((a, b) => (adam.get(b)!.loss < adam.get(a)!.loss ? b : a));
    const tuned = adam.get(best)!;
    for (const start of [best / 30, best * 10]) {
      const plain = await run(tf.train.adam(start));
      const hd = await run(hypergradient("adam", { learningRate: start }));
      const say = `from ${start}: hypergradient ${JSON.stringify(hd)}, plain ${JSON.stringify(plain)}, tuned (${best}) ${JSON.stringify(tuned)}`;
      assert.ok(hd.acc >= tuned.acc - 0.03, say);
      assert.ok(hd.loss <= tuned.loss * 1.25, say);
      assert.ok(hd.loss < plain.loss - 0.5 * (plain.loss - tuned.loss), say);
      assert.notEqual(hd.lr[hd.lr.length - 1], start, say);
    }
  });

  it("SGD-HD raises a rate far too small", async () => {
    const plain = await run(tf.train.sgd(1e-3));
    const hd = await run(hypergradient("sgd", { learningRate: 1e-3 }));
    assert.ok(hd.lr[hd.lr.length - 1] > 1e-2, JSON.stringify(hd));
    assert.ok(hd.loss < plain.loss, `${JSON.stringify(hd)} vs ${JSON.stringify(plain)}`);
    const additive = await run(hypergradient("sgd", { learningRate: 1e-3, rule: "additive", hyperLearningRate: 1e-2 }));
    assert.ok(additive.lr[additive.lr.length - 1] > 1e-3, JSON.stringify(additive));
  });

  it("SGD-HD on linear regression: from rates that make plain SGD crawl or diverge, near tuned SGD", async () => {
    const x = tf.randomNormal([512, 10], 0, 1, "float32", 1);
    const w = tf.randomNormal([10, 1], 0, 1, "float32", 2);
    const y = tf.add(tf.matMul(x, w), tf.randomNormal([512, 1], 0, 0.1, "float32", 3));
    const loss = async (opt: tf.Optimizer) => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 1, inputShape: [10], kernelInitializer: "zeros" }));
      m.compile({ optimizer: opt, loss: "meanSquaredError" });
      const h = await m.fit(x, y, { epochs: 8, batchSize: 32, shuffle: false, verbose: 0 });
      return h.history.loss[7] as number;
    };
    const tuned = Math.min(...(await Promise.all([0.01, 0.03, 0.1, 0.3].map((r) => loss(tf.train.sgd(r))))));
    for (const start of [1e-3, 1]) {
      const plain = await loss(tf.train.sgd(start));
      const hd = await loss(hypergradient("sgd", { learningRate: start }));
      const say = `from ${start}: hypergradient ${hd}, plain ${plain}, tuned ${tuned}`;
      assert.ok(hd < tuned * 1.2, say);
      assert.ok(!(plain < tuned * 5), say); // plain SGD is far off (or diverged: Infinity, NaN)
    }
  });

  it("under Attune's preload, model.fit reports `lr` each epoch (and History holds it)", () => {
    const dir = mkdtempSync(join(ROOT, ".tmp-hypergradient-"));
    try {
      const file = join(dir, "train.js");
      writeFileSync(
        file,
        `const tf = require("@tensorflow/tfjs");
const { hypergradient } = require(${JSON.stringify(join(ROOT, "tfjs"))});
const m = tf.sequential();
m.add(tf.layers.dense({ units: 1, inputShape: [2] }));
m.compile({ optimizer: hypergradient("adam", { learningRate: 1e-3 }), loss: "meanSquaredError" });
const x = tf.randomNormal([64, 2]);
m.fit(x, x.sum(1, true), { epochs: 3, batchSize: 16, verbose: 0 }).then((h) => console.log("history lr " + h.history.lr.length));
`,
      );
      const r = spawnSync(process.execPath, ["--require", join(ROOT, "src/runner/runtime/attune-preload.cjs"), file], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, ATTUNE_RT_ORIGINAL: file, ATTUNE_RT_PATCHED: file, ATTUNE_TFJS_BACKEND: "cpu" },
        timeout: 60_000,
      });
      assert.equal(r.status, 0, r.stderr);
      const reports = r.stdout
        .split("\n")
        .filter((l) => l.startsWith("@tune {"))
        .map((l) => JSON.parse(l.slice(6)) as Record<string, number>)
        .filter((x) => x.step !== undefined);
      assert.deepEqual(
        reports.map((x) => x.step),
        [1, 2, 3],
      );
      for (const x of reports) assert.ok(x.lr > 0 && x.lr !== 1e-3, JSON.stringify(x));
      assert.match(r.stdout, /history lr 3/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
