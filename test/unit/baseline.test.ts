// docs/trials.md: trial 0 of a new study runs the file's own values (the baseline), once, and every trial gets
// ATTUNE_SEED.
import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAnnotations } from "../../src/core/annotations";
import { createAlgorithm } from "../../src/core/algorithms";
import { baselinePlan, baselineTrial, isBaseline } from "../../src/core/baseline";
import { improvementText } from "../../src/core/improvement";
import { Orchestrator } from "../../src/runner/orchestrator";
import { Study } from "../../src/core/study";
import { trialSeed } from "../../src/core/trialSeed";
import type { Sampler } from "../../src/core/samplers/sampler";
import { trialRow } from "../../src/extension/model/studyView";
import { trialLook } from "../../src/extension/model/treeModel";
import { trialRowSchema } from "../../src/protocol/messages";
import { buildColumns } from "../../webview/model/table";
import type { Trial } from "../../src/core/types";
import { openStudy } from "../../src/storage/journalStore";

const PY = `lr = 0.01        # @tune loguniform(1e-4, 1e-1)
layers = 2       # @tune int(1, 3)
u2 = 64          # @tune int(32, 128, step=32) if layers >= 2
u3 = 999         # @tune int(32, 128, step=32) if layers >= 3
act = "relu"     # @tune choice("relu", "tanh")
bn = False       # @tune bool()
epochs = 3       # @tune budget(1, 9)
# @tune objective: maximize acc
`;

describe("baseline: the file's own values as trial 0", () => {
  it("takes every active parameter's literal; inactive conditional ones are absent", () => {
    assert.deepEqual(baselinePlan(parseAnnotations(PY, "t.py")), {
      params: { lr: 0.01, layers: 2, u2: 64, act: "relu", bn: false },
    });
    const ts = parseAnnotations(
      `const layers = 1; // @tune int(1, 2)\nconst u = 8; // @tune int(8, 64) if layers >= 2\n// @tune objective: max a\n`,
      "t.ts",
    );
    assert.deepEqual(baselinePlan(ts), { params: { layers: 1 } });
  });

  it("is skipped, saying which literal and how to fix it, when a value lies outside its range", () => {
    const plan = baselinePlan(parseAnnotations(PY.replace("layers = 2 ", "layers = 3 "), "t.py"));
    assert.ok("skip" in plan);
    assert.match(plan.skip, /no baseline trial: the file's u3 = 999 \(line 4\) is outside int\(32, 128, step=32\)/);
    assert.match(plan.skip, /widen the range or change the value/);
    const offGrid = baselinePlan(parseAnnotations(PY.replace("u2 = 64 ", "u2 = 50 "), "t.py"));
    assert.ok("skip" in offGrid && /u2 = 50/.test(offGrid.skip));
    const notAChoice = baselinePlan(parseAnnotations(PY.replace('"relu"  ', '"gelu"  '), "t.py"));
    assert.ok("skip" in notAChoice && /act = "gelu"/.test(notAChoice.skip));
  });

  it("finds the baseline trial: the complete one of a retried baseline, else the first", () => {
    const t = (number: number, state: Trial["state"], baseline: boolean): Trial => ({
      number,
      state,
      params: {},
      intermediate: [],
      ...(baseline ? { attrs: { baseline: true } } : {}),
    });
    assert.equal(baselineTrial([t(0, "complete", false)]), undefined);
    assert.equal(baselineTrial([t(0, "failed", true), t(1, "complete", false)])?.number, 0);
    assert.equal(baselineTrial([t(0, "failed", true), t(1, "complete", false), t(2, "complete", true)])?.number, 2);
    assert.ok(isBaseline(t(0, "queued", true)) && !isBaseline(t(0, "queued", false)));
  });
});

describe("baseline: the gain over it, in words", () => {
  const at = (value: number, number = 0) => ({ number, value });
  it("accuracy-like scores in [0, 1] in percentage points", () => {
    assert.equal(
      improvementText({ direction: "maximize", best: at(0.9533, 7), baseline: at(0.9413) }),
      "+1.2 points over your current values (0.9413, trial #0)",
    );
    assert.equal(
      improvementText({ direction: "minimize", best: at(0.05, 3), baseline: at(0.08) }),
      "3.0 points lower than your current values (0.08, trial #0)",
    );
    // A gain too small for one decimal keeps two, never "+0.0 points".
    assert.match(improvementText({ direction: "maximize", best: at(0.9415, 2), baseline: at(0.9413) }), /^\+0\.02 /);
  });
  it("other metrics by the relative change, or the absolute one from a baseline of 0", () => {
    assert.equal(
      improvementText({ direction: "minimize", best: at(0.3, 4), baseline: at(1.2) }),
      "75.0% lower than your current values (1.2, trial #0)",
    );
    assert.equal(
      improvementText({ direction: "maximize", best: at(30, 4), baseline: at(20) }),
      "+50.0% over your current values (20, trial #0)",
    );
    assert.equal(
      improvementText({ direction: "maximize", best: at(2.5, 4), baseline: at(0) }),
      "+2.5 over your current values (0, trial #0)",
    );
  });
  it("says when the file's values are still the best, and when the best is worse (another budget)", () => {
    assert.equal(
      improvementText({ direction: "maximize", best: at(0.9), baseline: at(0.9) }),
      "your current values are still the best (0.9, trial #0)",
    );
    assert.equal(
      improvementText({ direction: "maximize", best: at(0.9, 5), baseline: at(0.92) }),
      "2.0 points below your current values (0.92, trial #0)",
    );
  });
});

describe("baseline: the run loop", function () {
  this.timeout(60_000);
  // A JS trial (fast to start) that reports its params, its seed and a value computed from them.
  const SCRIPT = `const x = 0.25; // @tune float(0, 1)
const k = 2; // @tune int(1, 4)
const m = 5; // @tune int(1, 9) if k >= 3
// @tune objective: maximize score
console.log("@tune " + JSON.stringify({ score: x + k + (typeof m === "number" && k >= 3 ? m : 0),
  seed: Number(process.env.ATTUNE_SEED) }));
`;
  const setup = (text = SCRIPT) => {
    const dir = mkdtempSync(join(tmpdir(), "attune-baseline-"));
    const file = join(dir, "train.js");
    writeFileSync(file, text);
    const parsed = parseAnnotations(text, file);
    const studyDir = join(dir, ".attune", "s");
    // What the sampler is shown at each ask: the baseline must be part of its history like any other trial.
    const seen: number[][] = [];
    const random = createAlgorithm("random").sampler;
    const sampler: Sampler = {
      name: "spy",
      sample: (ctx) => {
        seen.push(ctx.trials.map((t) => t.number));
        return random.sample(ctx);
      },
    };
    const open = (seed = 4) =>
      openStudy({
        name: "s",
        space: parsed.space,
        direction: "maximize",
        metric: "score",
        algorithm: "random",
        seed,
        sampler,
        journal: join(studyDir, "journal.jsonl"),
      });
    const run = async (study: Study, trials: number, withBaseline = true) => {
      const plan = baselinePlan(parsed);
      const orch = new Orchestrator({
        file,
        source: text,
        annotations: parsed,
        study,
        studyDir,
        trials,
        parallel: 2,
        objective: "score",
        ...(withBaseline && "params" in plan ? { baseline: plan.params } : {}),
      });
      const summary = await orch.run();
      return summary;
    };
    return { open, run, seen };
  };

  it("runs the file's values first, once; it counts toward the trials and samplers see it", async () => {
    const { open, run, seen } = setup();
    const study = open();
    await run(study, 3);
    assert.equal(seen.length, 2);
    assert.ok(seen.every((numbers) => numbers.includes(0)));
    let trials = study.trials();
    assert.equal(trials.length, 3, "the baseline counts toward --trials");
    assert.deepEqual(trials[0].params, { x: 0.25, k: 2 });
    assert.equal(trials[0].value, 2.25);
    assert.ok(isBaseline(trials[0]));
    assert.ok(trials.slice(1).every((t) => !isBaseline(t) && t.state === "complete"));
    study.close();
    // Resume: more trials, no second baseline.
    const again = open();
    await run(again, 5);
    trials = again.trials();
    assert.equal(trials.length, 5);
    assert.deepEqual(
      trials.filter(isBaseline).map((t) => t.number),
      [0],
    );
    again.close();
  });

  it(
    "gives every trial ATTUNE_SEED from the study seed and its number; a retry keeps the seed it " + "retries",
    async () => {
      const { open, run } = setup();
      const study = open(11);
      await run(study, 3);
      for (const t of study.trials()) assert.equal(t.metrics?.seed, trialSeed(11, t.number));
      const seeds = new Set(study.trials().map((t) => t.metrics?.seed));
      assert.equal(seeds.size, 3, "different trials, different seeds");
      // The baseline was interrupted (as a killed runner leaves it): the resumed study re-runs it once, still the
      // baseline, with trial 0's seed.
      study.tell(0, { state: "failed", error: { message: "cancelled", retriable: true } });
      study.close();
      const again = open(11);
      await run(again, 3);
      const trials = again.trials();
      assert.equal(trials.length, 4);
      assert.deepEqual(trials[3].attrs, { retryOf: 0, baseline: true });
      assert.deepEqual(trials[3].params, { x: 0.25, k: 2 });
      assert.equal(trials[3].metrics?.seed, trialSeed(11, 0));
      assert.equal(baselineTrial(trials)?.number, 3);
      again.close();
    },
  );

  it("without a baseline (`@tune baseline: off`), trial 0 is sampled", async () => {
    const { open, run } = setup();
    const study = open();
    await run(study, 2, false);
    assert.ok(study.trials().every((t) => !isBaseline(t)));
    assert.notDeepEqual(study.trials()[0].params, { x: 0.25, k: 2 });
    study.close();
  });

  it("seeds are non-negative 31-bit integers, stable for a seed and a number", () => {
    const a = [0, 1, 2, 3].map((n) => trialSeed(5, n));
    assert.deepEqual(
      a,
      [0, 1, 2, 3].map((n) => trialSeed(5, n)),
    );
    assert.equal(new Set(a).size, 4);
    assert.notDeepEqual(
      a,
      [0, 1, 2, 3].map((n) => trialSeed(6, n)),
    );
    for (const s of a) assert.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 31);
  });
});

describe("baseline: marked in the tree, the panel feed and the table", () => {
  const t0: Trial = {
    number: 0,
    state: "complete",
    params: { lr: 0.001 },
    value: 0.9,
    intermediate: [[1, 0.9]],
    attrs: { baseline: true },
  };
  const t1: Trial = { ...t0, number: 1, value: 0.95, attrs: {} };
  it("tree: `#0 baseline`, with a tooltip that says what it ran", () => {
    assert.equal(trialLook(t0, false).label, "#0 baseline");
    assert.match(trialLook(t0, false).tooltip, /baseline: the values written in the file/);
    assert.equal(trialLook(t1, true).label, "#1");
  });
  it("panel: the row carries a validated `baseline` flag; the # column says so", () => {
    const rows = [t0, t1].map(trialRow);
    assert.equal(rows[0].baseline, true);
    assert.equal(rows[1].baseline, undefined);
    assert.equal(trialRowSchema.check(rows[0], "row"), undefined);
    assert.match(trialRowSchema.check({ ...rows[0], baseline: "yes" }, "row")!, /row\.baseline: expected a boolean/);
    const number = buildColumns({ params: [], direction: "maximize", metric: "acc" }).find((c) => c.key === "number")!;
    assert.equal(number.text(rows[0], 0), "0 baseline");
    assert.equal(number.text(rows[1], 0), "1");
  });
});
