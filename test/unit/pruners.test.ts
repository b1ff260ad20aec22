import { strict as assert } from "node:assert";
import {
  AshaPruner,
  createPruner,
  HyperbandPruner,
  MedianPruner,
  multiFidelityParts,
} from "../../src/core/pruners/index";
import { bracketOf, rungBudgets } from "../../src/core/pruners/brackets";
import { RandomSampler } from "../../src/core/samplers/random";
import { spaceFromObject, space } from "../../src/core/space";
import type { Direction, Trial, TrialState } from "../../src/core/types";
import { openStudy } from "../../src/storage/journalStore";

const r81 = { min: 1, max: 81 };

function trial(number: number, curve: [number, number][], state: TrialState = "running", bracket?: number): Trial {
  return { number, state, params: {}, intermediate: curve, ...(bracket !== undefined ? { bracket } : {}) };
}

/** Trials 0..k-1 that each reported `vals[i]` at step `step`, finished. */
function field(vals: number[], step: number, bracket?: number): Trial[] {
  return vals.map((v, i) => trial(i, [[step, v]], "complete", bracket));
}

/** Ask the pruner about `t` reporting `value` at `step` (appended to its curve, as Study.report does). */
function ask(
  p: { shouldPrune: HyperbandPruner["shouldPrune"] },
  others: Trial[],
  t: Trial,
  step: number,
  value: number,
  direction: Direction = "maximize",
): boolean {
  t.intermediate.push([step, value]);
  return p.shouldPrune(t, step, { direction, trials: [...others, t] });
}

describe("ASHA pruner", () => {
  const vals = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  it("keeps a trial at a rung only when it is in the top 1/η of the values there", () => {
    const p = new AshaPruner({ budget: r81 });
    // 10 values at rung 1 → the top floor(10/3) = 3 go on.
    assert.equal(ask(p, field(vals, 1), trial(9, []), 1, 0.75), false); // 3rd best
    assert.equal(ask(p, field(vals, 1), trial(9, []), 1, 0.65), true); // 4th best
    assert.equal(ask(p, field(vals, 1), trial(9, []), 1, 0.7), false, "a tie goes on");
  });
  it("mirrors for minimize", () => {
    const p = new AshaPruner({ budget: r81 });
    assert.equal(ask(p, field(vals, 1), trial(9, []), 1, 0.25, "minimize"), false);
    assert.equal(ask(p, field(vals, 1), trial(9, []), 1, 0.35, "minimize"), true);
  });
  it("lets the best so far go on while a rung has fewer than η values", () => {
    const p = new AshaPruner({ budget: r81 });
    assert.equal(ask(p, [], trial(0, []), 1, 0), false, "the first trial is never stopped");
    assert.equal(ask(p, field([0.5], 1), trial(1, []), 1, 0.6), false);
    assert.equal(ask(p, field([0.5], 1), trial(1, []), 1, 0.4), true);
  });
  it("judges only at rungs (1, 3, 9, 27), once each, on the report that reaches the rung", () => {
    const p = new AshaPruner({ budget: r81 });
    const others = vals.map((v, i) =>
      trial(
        i,
        [
          [1, v],
          [2, v],
          [3, v],
        ],
        "complete",
      ),
    );
    const t = trial(9, []);
    assert.equal(ask(p, others, t, 1, 0.95), false);
    assert.equal(ask(p, others, t, 2, 0.0), false, "step 2 is no rung");
    assert.equal(ask(p, others, t, 3, 0.0), true, "rung 3: the worst of 10");
    const u = trial(10, [
      [1, 0.95],
      [3, 0.95],
    ]);
    assert.equal(p.shouldPrune(u, 3, { direction: "maximize", trials: [...others, u] }), false);
    u.intermediate.push([4, 0.0]);
    assert.equal(
      p.shouldPrune(u, 4, { direction: "maximize", trials: [...others, u] }),
      false,
      "rung 3 is not judged again at step 4",
    );
  });
  it("uses the latest value of a step reported twice", () => {
    const p = new AshaPruner({ budget: r81 });
    const others = field(vals, 1);
    const t = trial(9, [[1, 0.95]]);
    assert.equal(p.shouldPrune(t, 1, { direction: "maximize", trials: [...others, t] }), false);
    t.intermediate[0][1] = 0.05; // the journal replaces the value of a repeated step
    assert.equal(p.shouldPrune(t, 1, { direction: "maximize", trials: [...others, t] }), true);
  });
  it("judges a skipped-over rung at the first report past it", () => {
    const p = new AshaPruner({ budget: r81 });
    const others = vals.map((v, i) => trial(i, [[3, v]], "complete"));
    assert.equal(ask(p, others, trial(9, []), 5, 0.05), true);
  });
  it("never stops a trial at max", () => {
    const p = new AshaPruner({ budget: r81 });
    const others = vals.map((v, i) => trial(i, [[81, v]], "complete"));
    const t = trial(9, [
      [1, 1],
      [3, 1],
      [9, 1],
      [27, 1],
    ]);
    assert.equal(ask(p, others, t, 81, 0), false);
  });
  it("ignores trials outside the current space and non-finite values", () => {
    const p = new AshaPruner({ budget: r81 });
    const others: Trial[] = field([0.9, 0.8, 0.7, 0.6, 0.5, 0.4], 1).map((t) => ({ ...t, outsideSpace: "old" }));
    others.push(trial(6, [[1, NaN]], "failed"));
    assert.equal(ask(p, others, trial(7, []), 1, 0.1), false, "alone at the rung");
  });
});

describe("Hyperband pruner", () => {
  it("compares a trial only with trials of its own bracket, at its bracket's rungs", () => {
    const p = new HyperbandPruner({ budget: r81 });
    assert.equal(p.brackets, 5);
    assert.deepEqual(p.rungsOf(0), [1, 3, 9, 27]);
    assert.deepEqual(p.rungsOf(1), [3, 9, 27]);
    assert.deepEqual(p.rungsOf(3), [27]);
    assert.deepEqual(p.rungsOf(4), []);
    const strong = [0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    // Strong competitors in bracket 0 do not hurt a bracket-1 trial, which has no rung at 1 anyway.
    assert.equal(ask(p, field(strong, 1, 0), trial(50, [], "running", 1), 1, 0.1), false);
    assert.equal(ask(p, field(strong, 3, 0), trial(50, [], "running", 1), 3, 0.1), false);
    assert.equal(ask(p, field(strong, 3, 1), trial(50, [], "running", 1), 3, 0.1), true);
    // Bracket 4 (5@81) runs every config to the end.
    const t = trial(60, [], "running", 4);
    for (const s of [1, 3, 9, 27]) assert.equal(ask(p, field(strong, s, 4), t, s, 0), false);
  });
  it("takes the bracket from the trial number when the trial has none recorded", () => {
    const p = new HyperbandPruner({ budget: r81 });
    const n0 = Array.from({ length: 200 }, (_, n) => n).filter((n) => bracketOf(n, r81) === 0);
    const others = n0.slice(0, 6).map((n, i) => trial(n, [[1, 0.5 + i / 100]], "complete"));
    assert.equal(ask(p, others, trial(n0[6], []), 1, 0.1), true);
    const n2 = Array.from({ length: 200 }, (_, n) => n).find((n) => bracketOf(n, r81) === 2)!;
    assert.equal(ask(p, others, trial(n2, []), 1, 0.1), false);
  });
  it("through a Study: the best curve is never stopped, pruned trials stop at a rung, compute is saved", () => {
    for (const [name, budget] of [
      ["hyperband", r81],
      ["asha", r81],
      ["hyperband", { min: 1, max: 52 }],
    ] as const) {
      const { pruner } = multiFidelityParts(name, budget, 3);
      const st = openStudy({
        name: "t",
        space: spaceFromObject({ x: space.float(0, 1) }, { name: "epochs", ...budget }),
        direction: "maximize",
        algorithm: name,
        seed: 3,
        sampler: new RandomSampler(),
        pruner,
      });
      let epochs = 0;
      const n = 150;
      // Perfectly rank-correlated curves: a config's value at every step is ordered by x.
      const curve = (x: number, s: number) => x * (1 - Math.exp(-s / 10));
      for (let i = 0; i < n; i++) {
        const t = st.ask()!;
        const x = t.params.x as number;
        let last = 0;
        for (let s = 1; s <= budget.max; s++) {
          epochs++;
          last = curve(x, s);
          // docs/library.md: break on "prune" and tell the last value; the study records the trial as pruned.
          if (st.report(t.number, s, last) === "prune") break;
        }
        st.tell(t.number, last);
      }
      const trials = st.trials();
      const top = trials.reduce((a, b) => ((b.params.x as number) > (a.params.x as number) ? b : a));
      assert.equal(top.state, "complete", `${name}: the best config ran to the end`);
      assert.equal(st.best()!.number, top.number);
      for (const t of trials.filter((t) => t.state === "pruned")) {
        const last = t.intermediate[t.intermediate.length - 1][0];
        const b = name === "asha" ? 0 : bracketOf(t.number, budget);
        assert.ok(
          rungBudgets(budget, 3, b).slice(0, -1).includes(last),
          `${name}: trial ${t.number} stopped at ${last}, not a rung of bracket ${b}`,
        );
      }
      assert.ok(
        trials.some((t) => t.state === "pruned"),
        `${name}: told trials that were stopped are recorded as pruned`,
      );
      assert.ok(epochs < 0.5 * n * budget.max, `${name}: ${epochs} epochs of ${n * budget.max}`);
    }
  });
});

describe("median pruner", () => {
  const done = (vals: number[]) =>
    vals.map((v, i) =>
      trial(
        i,
        [
          [1, v],
          [2, v],
        ],
        "complete",
      ),
    );
  it("stops a trial whose best so far is worse than the median at the step", () => {
    const p = new MedianPruner({ startupTrials: 5 });
    assert.equal(ask(p, done([1, 2, 3, 4, 5]), trial(5, [[1, 2.5]]), 2, 2.9), true);
    assert.equal(ask(p, done([1, 2, 3, 4, 5]), trial(5, [[1, 3.5]]), 2, 2.9), false, "its best (3.5) beats the median");
    assert.equal(
      ask(p, done([1, 2, 3, 4, 5]), trial(5, [[1, 3.5]]), 2, 3.2, "minimize"),
      true,
      "minimize: best 3.2 > median 3",
    );
    assert.equal(ask(p, done([1, 2, 3, 4, 5]), trial(5, [[1, 3.5]]), 2, 2.9, "minimize"), false);
  });
  it("waits for startup trials and warm-up steps", () => {
    assert.equal(ask(new MedianPruner({ startupTrials: 6 }), done([1, 2, 3, 4, 5]), trial(5, []), 2, 0), false);
    assert.equal(ask(new MedianPruner({ warmupSteps: 2 }), done([1, 2, 3, 4, 5]), trial(5, []), 2, 0), false);
    assert.equal(ask(new MedianPruner({ warmupSteps: 1 }), done([1, 2, 3, 4, 5]), trial(5, []), 2, 0), true);
  });
  it("has nothing to compare with at a step nobody else reported", () => {
    assert.equal(ask(new MedianPruner(), done([1, 2, 3, 4, 5]), trial(5, []), 7, 0), false);
  });
});

describe("createPruner", () => {
  it("builds pruners by name and explains what is missing", () => {
    assert.equal(createPruner("none"), undefined);
    assert.equal(createPruner("median")!.name, "median");
    assert.equal(createPruner("curve")!.name, "curve");
    assert.equal(createPruner("asha", { budget: r81 })!.name, "asha");
    assert.equal(createPruner("hyperband", { budget: r81, eta: 2 })!.name, "hyperband");
    assert.throws(() => createPruner("hyperband"), /budget\(min, max\)/);
    assert.throws(
      () => createPruner("bohb"),
      /unknown pruner "bohb"; choose one of: hyperband, asha, median, curve, none/,
    );
  });
});
