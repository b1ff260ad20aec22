// A trial count never leaves the best configurations untrained (docs/algorithms.md): under `--trials N`, freeze-thaw
// goes on continuing paused trials after the N-th configuration has started, and hyperband re-runs go on being
// promoted, each from its checkpoint, no epoch trained twice.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { attune, PYTHON, workspace } from "./helpers";
import { epochs, scriptWithBudget, showJson } from "./checkpointFixture";

const noEpochTwice = (dir: string) => {
  const keys = epochs(dir).map((e) => `${e.trial}:${e.epoch}`);
  assert.equal(new Set(keys).size, keys.length, "an epoch was trained twice");
};

describe("--trials N with checkpoints (CLI, Python)", function () {
  this.timeout(240_000);

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
