import { strict as assert } from "node:assert";
import {
  bracketCount,
  bracketCycle,
  bracketOf,
  brackets,
  maxHalvings,
  rungBudgets,
} from "../../src/core/pruners/brackets";

const r81 = { min: 1, max: 81 };

describe("hyperband bracket arithmetic", () => {
  it("max 81, min 1, η 3 → 5 brackets with the paper's rungs", () => {
    assert.equal(bracketCount(r81, 3), 5);
    const bs = brackets(r81, 3);
    const show = (i: number) => bs[i].rungs.map((r) => `${r.configs}@${r.budget}`).join(" → ");
    assert.equal(show(0), "81@1 → 27@3 → 9@9 → 3@27 → 1@81");
    assert.equal(show(1), "34@3 → 11@9 → 3@27 → 1@81");
    assert.equal(show(2), "15@9 → 5@27 → 1@81");
    assert.equal(show(3), "8@27 → 2@81");
    assert.equal(show(4), "5@81");
    assert.deepEqual(
      bs[0].rungs.map((r) => r.keep),
      [27, 9, 3, 1, 0],
    );
  });
  it("counts halvings exactly at powers of η (no log rounding)", () => {
    assert.equal(maxHalvings({ min: 1, max: 243 }, 3), 5);
    assert.equal(maxHalvings({ min: 1, max: 242 }, 3), 4);
    assert.equal(maxHalvings({ min: 1, max: 1000 }, 10), 3);
    assert.equal(maxHalvings({ min: 2, max: 2 }, 3), 0);
    assert.equal(bracketCount({ min: 1, max: 2 }, 3), 1);
  });
  it("anchors budgets at max and rounds integer budgets up, within [min, max]", () => {
    assert.deepEqual(rungBudgets({ min: 1, max: 52 }, 3, 0), [2, 6, 18, 52]);
    assert.deepEqual(rungBudgets({ min: 1, max: 52 }, 3, 3), [52]);
    assert.deepEqual(
      rungBudgets({ min: 0.1, max: 1 }, 2, 0).map((b) => +b.toFixed(6)),
      [0.125, 0.25, 0.5, 1],
    );
    for (let max = 1; max <= 200; max++)
      for (const eta of [2, 3, 4]) {
        const r = { min: 1, max };
        for (let b = 0; b < bracketCount(r, eta); b++) {
          const l = rungBudgets(r, eta, b);
          assert.equal(l[l.length - 1], max);
          for (let i = 0; i < l.length; i++) {
            assert.ok(Number.isInteger(l[i]) && l[i] >= 1 && l[i] <= max, `${max}/${eta}/${b}: ${l}`);
            if (i) assert.ok(l[i] > l[i - 1]);
          }
        }
      }
  });
  it("rejects nonsense ranges and rates", () => {
    assert.throws(() => bracketCount({ min: 0, max: 10 }), /0 < min/);
    assert.throws(() => bracketCount({ min: 5, max: 1 }), /min <= max/);
    assert.throws(() => bracketCount(r81, 1), /eta/);
    assert.throws(() => rungBudgets(r81, 3, 5), /bracket 5/);
  });
  it(
    "assigns brackets deterministically, in proportion to their starting configs, most aggressive bracket " + "first",
    () => {
      const cycle = bracketCycle(r81, 3);
      assert.equal(cycle.length, 81 + 34 + 15 + 8 + 5);
      const counts = [0, 0, 0, 0, 0];
      for (const b of cycle) counts[b]++;
      assert.deepEqual(counts, [81, 34, 15, 8, 5]);
      // Pure function of the number: the same answer on every call, periodic over the cycle.
      for (let n = 0; n < 400; n++) {
        assert.equal(bracketOf(n, r81, 3), bracketOf(n, { ...r81 }, 3));
        assert.equal(bracketOf(n, r81, 3), bracketOf(n + cycle.length, r81, 3));
      }
      // Hyperband's order: each iteration runs its brackets in blocks, the cheapest first.
      assert.deepEqual(cycle.slice(0, 81), new Array(81).fill(0));
      assert.deepEqual([cycle[80], cycle[81], cycle[114], cycle[115], cycle[cycle.length - 1]], [0, 1, 1, 2, 4]);
      for (let i = 1; i < cycle.length; i++)
        assert.ok(cycle[i] >= cycle[i - 1], "brackets never go back within an iteration");
      assert.equal(bracketOf(cycle.length, r81, 3), 0, "the next iteration starts again at bracket 0");
    },
  );
});
