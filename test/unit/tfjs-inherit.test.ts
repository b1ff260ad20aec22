// A grown child starts from its parent's weights (docs/trials.md): the preload rebuilds the parent's model from its
// checkpoint and morphs it into the child's freshly built one (attune-inherit.cjs). The child must compute the
// parent's function (predictions equal on random inputs) for wider and deeper MLPs and CNNs, including blocks of
// Dense → BatchNormalization → ReLU → Dropout as `attune auto`'s scripts build them; what cannot be matched says so
// in one sentence, and through the checkpoint hook the trial then trains from scratch.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";

type Model = tf.LayersModel;
const { transfer } = require("../../src/runner/runtime/attune-inherit.cjs") as {
  transfer: (t: typeof tf, parent: Model, child: Model, o?: { random?: () => number }) => string[];
};
const CHECKPOINT = require.resolve("../../src/runner/runtime/attune-checkpoint.cjs");

/** A deterministic uniform [0, 1) stream (mulberry32), for the units widen copies. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random weights everywhere (biases and BatchNormalization statistics too), so that nothing is trivially zero. */
function randomize(m: Model, seed: number): Model {
  m.setWeights(
    m
      .getWeights()
      .map((w, i) =>
        w.shape.length === 1
          ? tf.randomUniform(w.shape, 0.5, 1.5, "float32", seed + i)
          : tf.randomNormal(w.shape, 0, 0.3, "float32", seed + i),
      ),
  );
  return m;
}

/** The largest |Δ| between two models' outputs on a batch of random inputs. */
function maxDiff(a: Model, b: Model): number {
  return tf.tidy(() => {
    const x = tf.randomNormal([16, ...(a.inputs[0].shape.slice(1) as number[])], 0, 1, "float32", 7);
    const ya = a.predict(x) as tf.Tensor;
    const yb = b.predict(x) as tf.Tensor;
    assert.deepEqual(ya.shape, yb.shape);
    return tf.max(tf.abs(tf.sub(ya, yb))).dataSync()[0];
  });
}

/** An MLP of ReLU Dense layers with these hidden widths. */
function mlp(widths: number[]): Model {
  const m = tf.sequential();
  widths.forEach((units, i) =>
    m.add(tf.layers.dense({ units, activation: "relu", ...(i === 0 ? { inputShape: [6] } : {}) })),
  );
  m.add(tf.layers.dense({ units: 3, activation: "softmax" }));
  return m;
}

/** `attune auto`'s table model: a functional chain of Dense → BatchNormalization → ReLU → Dropout blocks. */
function tableModel(widths: number[]): Model {
  const input = tf.input({ shape: [5] });
  let h = input as tf.SymbolicTensor;
  for (const units of widths) {
    h = tf.layers.dense({ units, useBias: false }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.batchNormalization().apply(h) as tf.SymbolicTensor;
    h = tf.layers.activation({ activation: "relu" }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.dropout({ rate: 0.2 }).apply(h) as tf.SymbolicTensor;
  }
  const out = tf.layers.dense({ units: 2, activation: "softmax" }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** A small CNN: "same" ReLU convolutions with these filters, then pooling, Flatten and a Dense head. */
function cnn(filters: number[], poolEach = false): Model {
  const m = tf.sequential();
  filters.forEach((f, i) => {
    m.add(
      tf.layers.conv2d({
        filters: f,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
        ...(i ? {} : { inputShape: [8, 8, 2] }),
      }),
    );
    if (poolEach) m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  if (!poolEach) m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 3 }));
  return m;
}

/** The child's predictions after the transfer equal the parent's; returns the morphs applied. */
function assertInherits(parent: Model, child: Model): string[] {
  randomize(parent, 11);
  randomize(child, 99); // what a fresh child starts with: the transfer must replace every weight
  assert.ok(maxDiff(parent, child) > 1e-3, "the fresh child already computes the parent's function");
  const morphs = transfer(tf, parent, child, { random: seeded(3) });
  const d = maxDiff(parent, child);
  assert.ok(d < 1e-4, `|Δ| = ${d} after ${morphs.join(", ")}`);
  return morphs;
}

describe("a grown child starts from its parent's weights (attune-inherit.cjs)", function () {
  this.timeout(60_000);
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("MLP: the same architecture is copied; a wider layer is widened", () => {
    assert.deepEqual(assertInherits(mlp([8, 6]), mlp([8, 6])), []);
    const morphs = assertInherits(mlp([8, 6]), mlp([8, 11]));
    assert.equal(morphs.length, 1);
    assert.match(morphs[0], /^widen .* to 11$/);
  });

  it("MLP: one more layer is an identity copy; a new layer wider than the one before it is then widened", () => {
    assert.deepEqual(
      assertInherits(mlp([8, 6]), mlp([8, 8, 6])).map((m) => m.split(" ")[0]),
      ["deepen"],
    );
    assert.deepEqual(
      assertInherits(mlp([8, 6]), mlp([8, 12, 6])).map((m) => m.split(" ")[0]),
      ["deepen", "widen"],
    );
    // A new first layer: a copy of the first after it, then the first widened.
    assert.deepEqual(
      assertInherits(mlp([8, 6]), mlp([10, 8, 6])).map((m) => m.split(" ")[0]),
      ["deepen", "widen"],
    );
  });

  it("auto's table blocks (Dense → BatchNormalization → ReLU → Dropout): widened and deepened", () => {
    assert.equal(assertInherits(tableModel([8, 4]), tableModel([8, 7])).length, 1);
    assert.equal(assertInherits(tableModel([8, 4]), tableModel([8, 4, 4])).length, 1);
  });

  it("CNN: a wider convolution is widened, one more convolution deepens", () => {
    assert.match(assertInherits(cnn([3, 4]), cnn([3, 6])).join(), /^widen .* to 6$/);
    assert.match(assertInherits(cnn([3, 4]), cnn([3, 3, 4])).join(), /^deepen after /);
  });

  it("refuses in one sentence what growth cannot give: a narrower layer, pooling that changes the shapes", () => {
    const refusal = (parent: Model, child: Model) => {
      try {
        transfer(tf, randomize(parent, 1), child);
      } catch (e) {
        return (e as Error).message;
      }
      assert.fail("the transfer did not refuse");
    };
    assert.match(refusal(mlp([8, 6]), mlp([8, 4])), /do not grow into the child's/);
    assert.match(refusal(mlp([8, 6]), mlp([8, 6, 6, 6])), /do not grow into the child's/);
    // A block with its own pooling halves the image again: no identity block can do that.
    assert.match(refusal(cnn([3, 4], true), cnn([3, 3, 4], true)), /do not grow into the child's|block to add/);
    for (const m of [refusal(mlp([8, 6]), mlp([8, 4])), refusal(cnn([3, 4], true), cnn([3, 3, 4], true))])
      assert.ok(!m.includes("\n"), m);
  });

  it("through the checkpoint: the parent's model goes into a new child or a resuming pbt child, or it says why not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "attune-inherit-"));
    const lines: string[] = [];
    const write = process.stdout.write;
    const err = process.stderr.write;
    try {
      const parent = randomize(mlp([8, 6]), 5);
      const ck = require(CHECKPOINT) as { save: (d: string, m: Model, e: number) => Promise<void> };
      await ck.save(dir, parent, 3);
      const fresh = () => {
        delete require.cache[CHECKPOINT]; // the hook inherits once per process
        return require(CHECKPOINT) as { inherit: (t: typeof tf, m: Model) => Promise<void> };
      };
      process.env.ATTUNE_INHERIT_FROM = dir;
      const capture = ((s: string | Uint8Array) => (lines.push(String(s)), true)) as typeof process.stdout.write;
      process.stdout.write = capture;
      process.stderr.write = capture;
      const child = randomize(mlp([8, 6, 6]), 9);
      await fresh().inherit(tf, child);
      const narrower = mlp([4, 6]);
      await fresh().inherit(tf, narrower);
      process.stdout.write = write;
      process.stderr.write = err;
      assert.ok(maxDiff(parent, child) < 1e-4, lines.join(""));
      const metas = lines.filter((l) => l.startsWith("@tune-meta ")).map((l) => JSON.parse(l.slice(11)));
      assert.equal(metas.length, 2, lines.join(""));
      assert.equal(metas[0].inherited, true);
      assert.match(metas[0].morphs.join(), /^deepen after /);
      assert.equal(metas[1].inherited, false);
      assert.match(metas[1].reason, /^could not start from the parent's weights: .*; training from scratch$/);
      // A pbt child that grew resumes its leader's checkpoint (the same folder as ATTUNE_INHERIT_FROM): morphed, at
      // the leader's step.
      process.env.ATTUNE_RESUME_FROM = dir;
      const pbtChild = randomize(mlp([12, 6]), 13);
      const mod = fresh() as unknown as { load: (t: typeof tf, m: Model) => Promise<number> };
      process.stdout.write = capture;
      process.stderr.write = capture;
      const epoch = await mod.load(tf, pbtChild);
      process.stdout.write = write;
      process.stderr.write = err;
      assert.equal(epoch, 3, lines.join(""));
      assert.ok(maxDiff(parent, pbtChild) < 1e-4, lines.join(""));
    } finally {
      process.stdout.write = write;
      process.stderr.write = err;
      delete process.env.ATTUNE_INHERIT_FROM;
      delete process.env.ATTUNE_RESUME_FROM;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
