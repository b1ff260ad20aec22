// `attune tune --tfjs-backend webgpu` on this machine's SOFTWARE adapter (Dawn's OpenGL ES backend on Mesa's llvmpipe,
// no GPU needed): the trials complete, record webgpu and the adapter, and report the same metrics as a `cpu` run of
// the same script and parameters. Tolerance: 1e-4 absolute on every epoch's val_loss (float32 arithmetic in another
// order; the measured differences are ~1e-7). A 3-layer MLP with adam at batch 256 is the case that caught TF.js's
// split-K matmul (WEBGPU_MATMUL_PROGRAM_TYPE=1) going 0.1 off on llvmpipe, so the preload leaves TF.js its own choice.
// CI installs Mesa's EGL/GLES (scripts/test-ci.sh) and sets ATTUNE_TEST_WEBGPU=required, so there it never skips.
import { strict as assert } from "node:assert";
import { symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { attune, workspace } from "./helpers";

const REPO = resolve(__dirname, "../..");

// Data and initial weights come from fixed seeds, so two runs of one configuration start from the same point.
// (Once the preload seeds TF.js from ATTUNE_SEED this script needs no seeds of its own.)
const SCRIPT = `const tf = require("@tensorflow/tfjs");
const optimizer = "adam"; // @tune choice("adam", "sgd")
const batchSize = 64; // @tune choice(64, 256)
// @tune objective: minimize val_loss

let s = 7;
const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
const n = 512, d = 196;
const xs = Array.from({ length: n * d }, rnd);
const labels = Array.from({ length: n }, (_, i) => Math.floor(10 * ((xs[i * d] + xs[i * d + 1]) / 2)));
const x = tf.tensor2d(xs, [n, d]);
const y = tf.oneHot(tf.tensor1d(labels, "int32"), 10);
const model = tf.sequential();
const init = (seed) => tf.initializers.glorotUniform({ seed });
model.add(tf.layers.dense({ units: 128, activation: "relu", inputShape: [d], kernelInitializer: init(1) }));
model.add(tf.layers.dense({ units: 64, activation: "relu", kernelInitializer: init(2) }));
model.add(tf.layers.dense({ units: 10, activation: "softmax", kernelInitializer: init(3) }));
const opt = optimizer === "adam" ? tf.train.adam(0.01) : tf.train.sgd(0.1);
model.compile({ optimizer: opt, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
model.fit(x, y, { epochs: 3, batchSize, shuffle: false, validationSplit: 0.25, verbose: 0 });
`;

interface JsonTrial {
  number: number;
  state: string;
  params: { optimizer: string; batchSize: number };
  intermediate: [number, number][];
  backend?: string;
  adapter?: string;
}

function softwareWebgpuPossible(): boolean {
  try {
    process.dlopen({ exports: {} }, "libEGL.so.1");
  } catch (e) {
    if (/cannot open shared object/.test(String((e as Error).message))) return false;
  }
  try {
    require.resolve("webgpu", { paths: [REPO] });
    return true;
  } catch {
    return false;
  }
}

describe("TF.js on webgpu (software adapter) matches cpu", function () {
  this.timeout(300_000);

  before(function () {
    if (!softwareWebgpuPossible() && process.env.ATTUNE_TEST_WEBGPU !== "required") {
      console.log("    (skipped: no libEGL or no `webgpu` package here; CI installs them)");
      this.skip();
    }
  });

  it("runs every trial on webgpu, records the adapter, and reports cpu's metrics", () => {
    const ws = workspace({ "train.js": SCRIPT });
    symlinkSync(join(REPO, "node_modules"), join(ws, "node_modules"));
    const run = (backend: string) => {
      const r = attune(ws, [
        "tune",
        "train.js",
        "--algorithm",
        "grid",
        "--study",
        backend,
        "--tfjs-backend",
        backend,
        "--json",
      ]);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as { trials: JsonTrial[] };
    };
    const gpu = run("webgpu");
    const cpu = run("cpu");
    assert.equal(gpu.trials.length, 4);
    let most = 0;
    for (const t of gpu.trials) {
      assert.equal(t.state, "complete");
      assert.equal(t.backend, "webgpu");
      assert.match(t.adapter ?? "", /\((vulkan|opengles), software\)$/, t.adapter);
      const twin = cpu.trials.find(
        (c) => c.params.optimizer === t.params.optimizer && c.params.batchSize === t.params.batchSize,
      );
      assert.ok(twin, `no cpu trial with ${JSON.stringify(t.params)}`);
      assert.equal(twin.backend, "cpu");
      assert.equal(t.intermediate.length, 3);
      t.intermediate.forEach(([step, v], i) => {
        const [cStep, c] = twin.intermediate[i];
        assert.equal(step, cStep);
        most = Math.max(most, Math.abs(v - c));
        assert.ok(Math.abs(v - c) <= 1e-4, `epoch ${step} ${JSON.stringify(t.params)}: webgpu ${v} vs cpu ${c}`);
      });
    }
    console.log(`    largest |webgpu - cpu| over every epoch's val_loss: ${most.toExponential(2)}`);
  });
});
