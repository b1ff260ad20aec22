// docs/trials.md from the command line: trial 0 of a new study carries the file's own values (the baseline), and each
// trial's ATTUNE_SEED makes a TensorFlow.js script reproduce its metrics.
import { strict as assert } from "node:assert";
import { readFileSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { trialSeed } from "../../src/core/trialSeed";
import { attune, PYTHON, workspace } from "./helpers";

// The script reports the values it actually ran with (read back from its own variables) and its seed.
const PY = `import json, os
lr = 0.003          # @tune loguniform(1e-4, 1e-1)
layers = 2          # @tune int(1, 3)
width2 = 96         # @tune int(32, 128, step=32) if layers >= 2
width3 = 40         # @tune int(32, 128, step=32) if layers >= 3
act = "tanh"        # @tune choice("relu", "tanh")
epochs = 4          # @tune budget(1, 8)
# @tune objective: maximize score
ran = {"lr": lr, "layers": layers, "width2": width2, "width3": width3, "act": act, "epochs": epochs}
print("ran " + json.dumps(ran))
print("@tune " + json.dumps({"score": lr * 10 + layers + (1 if act == "tanh" else 0), "seed": int(os.environ["ATTUNE_SEED"])}))
`;

describe("attune tune: the baseline trial", function () {
  this.timeout(120_000);

  it("runs the file's own values as trial 0 of a Python study, inactive parameters left out", () => {
    const ws = workspace({ "train.py": PY });
    const args = ["tune", "train.py", "--algorithm", "random", "--trials", "3", "--seed", "9", "--python", PYTHON];
    const r = attune(ws, [...args, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.trials.length, 3, "the baseline counts toward --trials");
    const t0 = out.trials[0];
    assert.equal(t0.baseline, true);
    assert.deepEqual(t0.params, { lr: 0.003, layers: 2, width2: 96, act: "tanh" });
    assert.equal(t0.budget, 8, "the baseline trains with the budget's max");
    assert.equal(t0.value, 0.03 + 2 + 1);
    assert.deepEqual(out.baseline, { trial: 0, value: t0.value });
    assert.ok(out.trials.slice(1).every((t: { baseline?: boolean }) => t.baseline === undefined));
    for (const t of out.trials)
      assert.equal(
        Number(/"seed": (\d+)/.exec(readOutput(ws, t.number))?.[1] ?? NaN),
        trialSeed(9, t.number),
        `trial ${t.number}'s ATTUNE_SEED`,
      );
    // What the script ran with: the literals as written, width3 untouched (inactive), epochs at the budget's max.
    assert.deepEqual(JSON.parse(/^ran (.*)$/m.exec(readOutput(ws, 0))![1]), {
      lr: 0.003,
      layers: 2,
      width2: 96,
      width3: 40,
      act: "tanh",
      epochs: 8,
    });
    // Resuming adds trials, never a second baseline; `show` marks it in the table.
    const again = attune(ws, [...args.slice(0, 5), "5", "--python", PYTHON, "--json"]);
    assert.equal(again.code, 0, again.stderr);
    const trials = JSON.parse(again.stdout).trials;
    assert.equal(trials.length, 5);
    assert.deepEqual(
      trials.filter((t: { baseline?: boolean }) => t.baseline).map((t: { number: number }) => t.number),
      [0],
    );
    const shown = attune(ws, ["show", "train.py"]);
    assert.match(shown.stdout, /^#0 baseline +complete/m);
    assert.match(shown.stdout, /^best: (\+[\d.]+% over|your current values are still the best)/m);
  });

  it("progress and the summary name the baseline and the gain over it", () => {
    const ws = workspace({
      "t.py": `x = 2  # @tune int(1, 5)\n# @tune objective: maximize v\nprint(f"v: {x * 10}")\n`,
    });
    const r = attune(ws, ["tune", "t.py", "--algorithm", "grid", "--trials", "5", "--python", PYTHON]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^trial #0 \(baseline: the file's values\) complete v=20 {2}x=2/m);
    // The grid skips the baseline's point, as it skips any point already run.
    assert.match(r.stdout, /^best: \+150\.0% over your current values \(20, trial #0\)$/m);
    assert.match(r.stdout, /^#0 baseline +20 /m);
  });

  it("`@tune baseline: off` samples trial 0; a literal outside its range skips the baseline with a notice", () => {
    const off = workspace({
      "t.py": `x = 2  # @tune int(1, 50)\n# @tune objective: maximize v\n# @tune baseline: off\nprint(f"v: {x}")\n`,
    });
    const r = attune(off, ["tune", "t.py", "--trials", "2", "--algorithm", "random", "--python", PYTHON, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.baseline, undefined);
    assert.ok(out.trials.every((t: { baseline?: boolean }) => !t.baseline));
    const outside = workspace({
      "t.py": `x = 99  # @tune int(1, 50)\n# @tune objective: maximize v\nprint(f"v: {x}")\n`,
    });
    const o = attune(outside, ["tune", "t.py", "--trials", "2", "--algorithm", "random", "--python", PYTHON, "--json"]);
    assert.equal(o.code, 0, o.stderr);
    assert.match(o.stderr, /attune: no baseline trial: the file's x = 99 \(line 1\) is outside int\(1, 50\)/);
    assert.equal(JSON.parse(o.stdout).trials.length, 2);
  });

  it("reproduces a TensorFlow.js trial's metrics from the same study seed (wasm)", function () {
    // Weight init, dropout and fit's shuffle all draw from Math.random, which the preload seeds from ATTUNE_SEED.
    const ws = workspace({
      "fit.js": `const tf = require("@tensorflow/tfjs");
const units = 8; // @tune int(4, 16)
// @tune objective: minimize val_loss
(async () => {
  const n = 64;
  const x = tf.tensor2d(Array.from({ length: n * 4 }, (_, i) => Math.sin(i * 0.7)), [n, 4]);
  const y = tf.tensor2d(Array.from({ length: n }, (_, i) => Math.cos(i * 0.3)), [n, 1]);
  const model = tf.sequential({ layers: [
    tf.layers.dense({ units, activation: "relu", inputShape: [4] }),
    tf.layers.dropout({ rate: 0.2 }),
    tf.layers.dense({ units: 1 }),
  ] });
  model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
  await model.fit(x, y, { epochs: 3, batchSize: 16, validationSplit: 0.25, shuffle: true, verbose: 0 });
})();
`,
    });
    symlinkSync(resolve(__dirname, "../../node_modules"), join(ws, "node_modules"), "dir");
    const run = (study: string, seed: string) => {
      const r = attune(
        ws,
        ["tune", "fit.js", "--algorithm", "random", "--trials", "2", "--parallel", "2"].concat([
          "--seed",
          seed,
          "--study",
          study,
          "--json",
        ]),
      );
      assert.equal(r.code, 0, r.stderr);
      const trials = JSON.parse(r.stdout).trials as { backend?: string; intermediate: [number, number][] }[];
      assert.ok(
        trials.every((t) => t.backend === "wasm"),
        JSON.stringify(trials.map((t) => t.backend)),
      );
      return trials.map((t) => t.intermediate);
    };
    const a = run("a", "3");
    assert.equal(a[0].length, 3);
    assert.deepEqual(run("b", "3"), a, "same study seed, same metrics at every epoch");
    assert.notDeepEqual(run("c", "4")[0], a[0], "another study seed, another initialization of trial 0");
  });
});

function readOutput(ws: string, trial: number): string {
  return readFileSync(join(ws, ".attune", "train.py", "trials", String(trial), "output.log"), "utf8");
}
