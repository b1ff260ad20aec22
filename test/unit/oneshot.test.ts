// The pure parts of one-shot search (src/core/oneshot.ts, docs/model-search.md#one-shot-search): α → architecture,
// the collapse guard, candidates drawn from α, Kendall τ against reference values.
import { strict as assert } from "node:assert";
import {
  allowed,
  defaultMaxFree,
  deriveArchitecture,
  kendallTau,
  sampleCandidates,
  softmax,
  type OneshotChoice,
} from "../../src/core/oneshot";
import { Rng } from "../../src/core/rng";

const space: OneshotChoice[] = [
  { name: "filters1", options: [8, 16, 32] },
  { name: "filters2", options: ["none", 8, 16, 32], free: [0] },
  { name: "kernel", options: [3, 5] },
  { name: "denseUnits", options: [0, 64, 128], free: [0] },
];

describe("one-shot search: α → architecture", () => {
  it("softmax sums to one and keeps the order", () => {
    const w = softmax([1, 3, 2]);
    assert.ok(Math.abs(w.reduce((a, b) => a + b) - 1) < 1e-12);
    assert.ok(w[1] > w[2] && w[2] > w[0]);
  });

  it("derives each choice's argmax when the guard has nothing to do", () => {
    const d = deriveArchitecture(space, [
      [0, 0, 2],
      [2, 0, 0, 1],
      [1, 0],
      [0, 3, 0],
    ]);
    assert.deepEqual(d.picks, [2, 0, 0, 1]);
    assert.deepEqual(d.replaced, []);
  });

  it("caps parameter-free picks at half the choices that offer one: the narrower lead loses", () => {
    assert.equal(defaultMaxFree(space), 1);
    // filters2 leads "none" over conv32 by a lot; denseUnits leads 0 over 128 by a little.
    const d = deriveArchitecture(space, [
      [0, 0, 2],
      [4, 0, 0, 1],
      [1, 0],
      [1, 0, 0.8],
    ]);
    assert.deepEqual(d.picks, [2, 0, 0, 2]);
    assert.deepEqual(d.replaced, ["denseUnits"]);
  });

  it("never derives a parameter-free architecture, even with no cap at all", () => {
    const all: OneshotChoice[] = [
      { name: "a", options: ["skip", "conv"], free: [0] },
      { name: "b", options: ["skip", "conv"], free: [0] },
    ];
    const d = deriveArchitecture(
      all,
      [
        [5, 0],
        [5, 1],
      ],
      2,
    );
    assert.deepEqual(d.picks, [0, 1]);
    assert.deepEqual(d.replaced, ["b"]);
    assert.equal(allowed(all, [0, 0], 2), false);
  });

  it("draws distinct, allowed candidates from α, reproducibly", () => {
    const alpha = [
      [0, 0, 0],
      [3, 0, 0, 0],
      [0, 0],
      [3, 0, 0],
    ];
    const a = sampleCandidates(space, 20, new Rng(1), alpha);
    assert.equal(a.length, 20);
    assert.equal(new Set(a.map((p) => p.join())).size, 20);
    for (const p of a) assert.ok(allowed(space, p), p.join());
    assert.deepEqual(sampleCandidates(space, 20, new Rng(1), alpha), a);
    assert.notDeepEqual(sampleCandidates(space, 20, new Rng(2), alpha), a);
  });
});

describe("Kendall τ-b", () => {
  it("is 1, −1 and a reference value with ties (scipy.stats.kendalltau)", () => {
    assert.equal(kendallTau([1, 2, 3, 4], [10, 20, 30, 40]), 1);
    assert.equal(kendallTau([1, 2, 3, 4], [4, 3, 2, 1]), -1);
    // scipy.stats.kendalltau([1, 2, 2, 3, 4], [1, 3, 2, 2, 5]).statistic = 0.6666666666666666
    assert.ok(Math.abs(kendallTau([1, 2, 2, 3, 4], [1, 3, 2, 2, 5]) - 0.6666666666666669) < 1e-12);
  });
});
