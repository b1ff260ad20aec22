import { strict as assert } from "node:assert";
import { Rng } from "../../src/core/rng";
import { groupsFor, importance, MIN_TRIALS, omegaSquared, ranks } from "../../webview/model/importance";
import { row } from "./webview-fixture";
import type { TrialRow } from "../../src/protocol/messages";

const P = [{ name: "lr" }, { name: "noise" }, { name: "opt" }];

function trials(n: number, seed: number, f: (lr: number, noise: number, opt: string, rng: Rng) => number): TrialRow[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const lr = 10 ** rng.uniform(-5, -1);
    const noise = rng.uniform(0, 1);
    const opt = rng.random() < 0.5 ? "adam" : "sgd";
    return row(i, "complete", { lr, noise, opt }, f(lr, noise, opt, rng));
  });
}

describe("webview parameter importance", () => {
  it("ranks with ties averaged", () => {
    assert.deepEqual(ranks([3, 1, 3, 2]), [2.5, 0, 2.5, 1]);
  });

  it("ω² is 1 for a perfect split, 0 for no split, and ignores label values", () => {
    assert.ok(Math.abs(omegaSquared([0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1]) - 1) < 0.05);
    assert.equal(omegaSquared([0, 1, 0, 1], [7, 7, 7, 7]), 0);
    assert.equal(omegaSquared([1, 1, 1, 1], [0, 0, 1, 1]), 0);
    assert.equal(omegaSquared([0, 0, 1, 1], [5, 5, 9, 9]), omegaSquared([0, 0, 1, 1], [0, 0, 1, 1]));
  });

  it("bins numbers into equal-count groups and keeps absent values apart", () => {
    assert.deepEqual(groupsFor([1, 2, 3, 4, 5, 6], 3), [0, 0, 1, 1, 2, 2]);
    assert.deepEqual(groupsFor([1, 2, 3, 4, undefined, 6], 2), [0, 0, 1, 1, 2, 1]);
    assert.deepEqual(groupsFor(["a", "b", "a", undefined], 3), [0, 1, 0, 2]);
  });

  it("finds the one parameter that matters, including a U-shaped effect a correlation would miss", () => {
    // Best at lr = 1e-3 in log space, worse on both sides: Spearman ≈ 0, but the main effect is strong.
    const r = importance(
      P,
      trials(120, 1, (lr, _n, _o, rng) => -((Math.log10(lr) + 3) ** 2) + 0.1 * rng.normal()),
    );
    assert.ok(r.ok);
    assert.equal(r.items[0].name, "lr");
    assert.ok(r.items[0].share > 0.8, `lr share ${r.items[0].share}`);
    for (const i of r.items.slice(1)) assert.ok(i.score < 0.05, `${i.name} score ${i.score}`);
  });

  it("scores a categorical effect and splits shares between two real effects", () => {
    const r = importance(
      P,
      trials(200, 2, (lr, _n, opt) => (opt === "adam" ? 1 : 0) + Math.log10(lr) / 4),
    );
    assert.ok(r.ok);
    const by = Object.fromEntries(r.items.map((i) => [i.name, i]));
    assert.ok(by.opt.score > 0.2 && by.lr.score > 0.2, JSON.stringify(r.items));
    assert.ok(by.noise.score < 0.05);
    assert.ok(Math.abs(r.items.reduce((s, i) => s + i.share, 0) - 1) < 1e-9);
  });

  it("is invariant to a monotone transform of the objective (ranks)", () => {
    const a = importance(
      P,
      trials(60, 3, (lr, n) => Math.log10(lr) + n),
    );
    const b = importance(
      P,
      trials(60, 3, (lr, n) => Math.exp(10 * (Math.log10(lr) + n))),
    );
    assert.deepEqual(a, b);
  });

  it("ignores unfinished and pruned trials and says when there are too few", () => {
    const base = trials(MIN_TRIALS - 1, 4, (lr) => lr);
    const r = importance(P, [
      ...base,
      row(99, "pruned", { lr: 1, noise: 0, opt: "sgd" }, 5),
      row(100, "running", { lr: 1, noise: 0, opt: "sgd" }),
    ]);
    assert.equal(r.ok, false);
    assert.equal(r.n, MIN_TRIALS - 1);
    assert.equal(
      importance(
        [],
        trials(20, 5, (lr) => lr),
      ).ok,
      false,
    );
  });
});
