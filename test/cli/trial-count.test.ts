// A trial count never leaves the best configurations untrained (docs/algorithms.md): under `--trials N`, freeze-thaw
// goes on continuing paused trials after the N-th configuration has started, and hyperband re-runs go on being
// promoted, each from its checkpoint, no epoch trained twice.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { attune, PYTHON, workspace } from "./helpers";
import { epochs, sameCurve, scriptWithBudget, showJson, uninterrupted } from "./checkpointFixture";

const noEpochTwice = (dir: string) => {
  const keys = epochs(dir).map((e) => `${e.trial}:${e.epoch}`);
  assert.equal(new Set(keys).size, keys.length, "an epoch was trained twice");
};

describe("--trials N with checkpoints (CLI, Python)", function () {
  this.timeout(240_000);

  it("freeze-thaw continues paused trials after the 16th config has started, the best to the full budget", () => {
    const script = scriptWithBudget(27);
    const dir = workspace({ "train.py": script });
    const r = attune(dir, ["tune", "train.py", "--algorithm", "freeze-thaw", "--trials", "16", "--python", PYTHON], {
      EPOCH_LOG: join(dir, "epochs.jsonl"),
    });
    assert.equal(r.code, 0, r.stderr);
    noEpochTwice(dir);
    const resumed = new Set(
      epochs(dir)
        .filter((e) => e.resume !== null)
        .map((e) => e.trial),
    );
    assert.ok(resumed.size >= 3, `only ${resumed.size} trial(s) continued from a checkpoint`);
    const trials = showJson(dir);
    assert.equal(trials.length, 16, "freeze-thaw counts configurations: 16 trials");
    const full = trials.filter((t) => t.state === "complete" && t.intermediate.length === 27 && t.number > 0);
    assert.ok(full.length >= 1, "no new configuration was trained to the full budget");
    for (const t of trials.filter((x) => resumed.has(x.number)))
      sameCurve(t.intermediate, uninterrupted(t.params.lr, t.params.momentum, script).slice(0, t.intermediate.length));
    assert.match(r.stderr, /attune: \d+ continued: #\d+ → 27/);
    assert.ok(
      trials.every((t) => t.state !== "paused"),
      "a paused trial was left behind",
    );
  });

  it("hyperband re-runs promote the best configurations to the full budget once the count is reached", () => {
    // Reports only its final score: hyperband runs it with each rung's budget and re-runs good configs further.
    const silent =
      scriptWithBudget(27).replace(/^ {4}print\("@tune .*\n/m, "") + 'print("@tune " + json.dumps({"score": score}))\n';
    const dir = workspace({ "train.py": silent });
    const r = attune(dir, ["tune", "train.py", "--algorithm", "hyperband", "--trials", "16", "--python", PYTHON], {
      EPOCH_LOG: join(dir, "epochs.jsonl"),
    });
    assert.equal(r.code, 0, r.stderr);
    noEpochTwice(dir);
    const trials = showJson(dir) as (ReturnType<typeof showJson>[number] & { budget?: number })[];
    const configs = new Set(trials.map((t) => JSON.stringify(t.params)));
    assert.equal(configs.size, 16, "16 configurations, promotions not counted among them");
    assert.ok(
      trials.some((t) => t.number > 16 && t.state === "complete" && t.budget === 27),
      "no new configuration was promoted to the full budget",
    );
    assert.match(r.stderr, /16\/16 done/);
  });
});
