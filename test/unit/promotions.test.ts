import { strict as assert } from "node:assert";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { multiFidelityParts } from "../../src/core/pruners/index";
import { bracketOf, rungBudgets } from "../../src/core/pruners/brackets";
import { initialBudget, nextPromotion } from "../../src/core/pruners/promotions";
import { RandomSampler } from "../../src/core/samplers/random";
import { space, spaceFromObject } from "../../src/core/space";
import { Study } from "../../src/core/study";
import type { Trial } from "../../src/core/types";
import { openStudy } from "../../src/storage/journalStore";

const r81 = { min: 1, max: 81 };

function done(number: number, value: number, budget: number, bracket: number, promotedFrom?: number): Trial {
  return {
    number,
    state: "complete",
    params: { x: number },
    value,
    intermediate: [],
    budget,
    bracket,
    ...(promotedFrom !== undefined ? { attrs: { promotedFrom } } : {}),
  };
}

describe("re-run schedule (scripts without intermediate reports)", () => {
  it("starts a new config at its bracket's first rung", () => {
    for (let n = 0; n < 300; n++) {
      const b = bracketOf(n, r81);
      assert.deepEqual(initialBudget(n, { budget: r81 }), { budget: [1, 3, 9, 27, 81][b], bracket: b });
      assert.deepEqual(initialBudget(n, { budget: r81, algorithm: "asha" }), { budget: 1, bracket: 0 });
    }
    assert.deepEqual(initialBudget(0, { budget: { min: 1, max: 52 }, algorithm: "asha" }), { budget: 2, bracket: 0 });
  });
  it("promotes the top floor(n/η) of a rung, once each, and waits below η results", () => {
    const cfg = { budget: r81 };
    const two = [done(0, 0.5, 1, 0), done(1, 0.9, 1, 0)];
    assert.equal(nextPromotion(two, "maximize", cfg), undefined);
    const three = [...two, done(2, 0.7, 1, 0)];
    assert.deepEqual(nextPromotion(three, "maximize", cfg), { from: 1, params: { x: 1 }, budget: 3, bracket: 0 });
    assert.deepEqual(nextPromotion(three, "minimize", cfg)?.from, 0);
    // Trial 1 is already re-running at 3 (queued, no result yet): nothing else deserves it until 6 results.
    const running: Trial = {
      number: 3,
      state: "running",
      params: { x: 1 },
      intermediate: [],
      budget: 3,
      bracket: 0,
      attrs: { promotedFrom: 1 },
    };
    assert.equal(nextPromotion([...three, running], "maximize", cfg), undefined);
    const six = [...three, running, done(4, 0.1, 1, 0), done(5, 0.2, 1, 0), done(6, 0.8, 1, 0)];
    assert.equal(nextPromotion(six, "maximize", cfg)?.from, 6);
  });
  it("promotes from the deepest rung first, and keeps brackets apart", () => {
    const cfg = { budget: r81 };
    const ts = [
      done(0, 0.5, 1, 0),
      done(1, 0.6, 1, 0),
      done(2, 0.7, 1, 0),
      done(3, 0.1, 9, 2),
      done(4, 0.2, 9, 2),
      done(5, 0.3, 9, 2),
    ];
    assert.deepEqual(nextPromotion(ts, "maximize", cfg), { from: 5, params: { x: 5 }, budget: 27, bracket: 2 });
    // The same budgets in bracket 0 and bracket 2 are different rungs: three results split 2 + 1 promote nothing.
    assert.equal(nextPromotion([done(0, 1, 9, 0), done(1, 1, 9, 0), done(2, 1, 9, 2)], "maximize", cfg), undefined);
    // A result at max is never promoted.
    assert.equal(
      nextPromotion(
        [0, 1, 2, 3].map((n) => done(n, n, 81, 4)),
        "maximize",
        cfg,
      ),
      undefined,
    );
  });

  function runStudy(algorithm: "hyperband" | "asha", n: number, journal?: string, from = 0): Study {
    const { scheduler } = multiFidelityParts(algorithm, r81, 3);
    const st = openStudy({
      name: "rerun",
      space: spaceFromObject({ x: space.float(0, 1) }, { name: "epochs", ...r81 }),
      direction: "maximize",
      algorithm,
      seed: 5,
      sampler: new RandomSampler(),
      scheduler,
      ...(journal ? { journal } : {}),
    });
    // The "script" reports only its final value, which grows with its budget and is ordered by x.
    for (let i = from; i < n; i++) {
      const t = st.ask()!;
      assert.ok(t.budget !== undefined);
      st.tell(t.number, (t.params.x as number) * (1 - Math.exp(-t.budget! / 10)));
    }
    return st;
  }

  it("through a Study: promoted configs are re-run with the same params at the next rung's budget", () => {
    for (const algorithm of ["hyperband", "asha"] as const) {
      const st = runStudy(algorithm, 250);
      assert.equal(st.fidelityMode(), "rerun");
      const trials = st.trials();
      const promotedFrom = new Set<number>();
      let promotions = 0;
      for (const t of trials.slice(1)) {
        const src = t.attrs?.promotedFrom;
        if (typeof src !== "number") {
          // A new config: its bracket's first rung.
          const b = algorithm === "asha" ? 0 : bracketOf(t.number, r81);
          assert.equal(t.bracket, b);
          assert.equal(t.budget, rungBudgets(r81, 3, b)[0]);
          continue;
        }
        promotions++;
        assert.ok(!promotedFrom.has(src), `trial ${src} promoted twice`);
        promotedFrom.add(src);
        const s = trials[src];
        assert.deepEqual(t.params, s.params);
        assert.equal(t.bracket, s.bracket);
        const ladder = rungBudgets(r81, 3, s.bracket!);
        assert.equal(t.budget, ladder[ladder.indexOf(s.budget!) + 1]);
        // The source was in the top floor(n/η) of its rung when it was promoted.
        const rung = trials
          .slice(0, t.number)
          .filter((o) => o.state === "complete" && o.bracket === s.bracket && o.budget === s.budget);
        const rank = rung.filter((o) => o.value! > s.value!).length;
        assert.ok(rank < Math.floor(rung.length / 3), `trial ${src} ranked ${rank} of ${rung.length}`);
      }
      assert.ok(promotions >= 20, `${algorithm}: ${promotions} promotions`);
      const atMax = trials.filter((t) => t.budget === 81 && t.state === "complete");
      assert.ok(atMax.length >= 3, `${algorithm}: ${atMax.length} configs reached max`);
      const best = st.best()!;
      assert.equal(trials[best.number].budget, 81, "only full-budget results compete for best");
      // Rank-correlated results: what reaches max is far better than a typical config.
      assert.ok((best.params.x as number) > 0.9, `${algorithm}: best x ${best.params.x}`);
    }
  });

  it("resumes from the journal alone: the same schedule as an uninterrupted run", () => {
    const dir = mkdtempSync(join(tmpdir(), "attune-promo-"));
    const whole = runStudy("hyperband", 120).trials();
    runStudy("hyperband", 60, join(dir, "j.jsonl")).close();
    const resumed = runStudy("hyperband", 120, join(dir, "j.jsonl"), 60).trials();
    const key = (t: Trial) => [t.params, t.budget, t.bracket, t.attrs?.promotedFrom, t.value];
    assert.deepEqual(resumed.map(key), whole.map(key));
  });
});
