// The Trials tree with lineages and paused trials: a trial that continued another's checkpoint is listed under it,
// and a paused trial says why it waits and what it is predicted to reach.
import { strict as assert } from "node:assert";
import type { Trial } from "../../src/core/types";
import { lineageTree, trialDetails, trialLook } from "../../src/extension/model/treeModel";

const T0 = 1_700_000_000_000;
const trial = (number: number, extra: Partial<Trial> = {}): Trial => ({
  number,
  state: "complete",
  params: { lr: 0.01 },
  value: 0.9,
  intermediate: [
    [1, 0.8],
    [2, 0.9],
  ],
  ...extra,
});

// #0 → #2 (a PBT child at step 2) → #4 (its child); #1 → #3 (a hyperband re-run); #5 grew from #1; #6 names a
// parent that is not in the study; #7 names a later trial (never a cycle).
const trials: Trial[] = [
  trial(0),
  trial(1),
  trial(2, { attrs: { parent: 0, resumeFrom: 0, resumeStep: 2 } }),
  trial(3, { attrs: { promotedFrom: 1, resumeFrom: 1, resumeStep: 2 } }),
  trial(4, { attrs: { parent: 2, resumeFrom: 2, resumeStep: 2 } }),
  trial(5, { attrs: { inheritedFrom: 1, inherited: true, growth: { list: "units", kind: "widen", index: 0 } } }),
  trial(6, { attrs: { parent: 40, resumeFrom: 40, resumeStep: 2 } }),
  trial(7, { attrs: { parent: 9, resumeFrom: 9, resumeStep: 2 } }),
];

describe("Trials tree: lineages and paused trials", () => {
  it("lists a trial under the one whose checkpoint it continued or whose weights it grew from", () => {
    const tree = lineageTree(trials);
    assert.deepEqual(tree.roots, [7, 6, 1, 0], "roots newest first");
    assert.deepEqual(tree.children.get(0), [2]);
    assert.deepEqual(tree.children.get(2), [4]);
    assert.deepEqual(tree.children.get(1), [5, 3], "children newest first");
    assert.equal(tree.parent.get(4), 2);
    assert.equal(tree.parent.get(6), undefined);
    assert.equal(tree.parent.get(7), undefined);
    // Every trial appears exactly once.
    const listed = [...tree.roots, ...[...tree.children.values()].flat()].sort((a, b) => a - b);
    assert.deepEqual(listed, [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("a study without lineage lists every trial at the top, newest first", () => {
    const flat = lineageTree([trial(0), trial(1), trial(2)]);
    assert.deepEqual(flat.roots, [2, 1, 0]);
    assert.equal(flat.children.size, 0);
  });

  it("a parent says how many trials start from it", () => {
    const look = trialLook(trials[1], false, T0, false, [5, 3]);
    assert.equal(look.description, "complete · 0.9 · 2 from it");
    assert.match(look.tooltip, /trials that start from its checkpoint or weights: #5, #3/);
    assert.equal(trialLook(trials[4], false, T0).description, "complete · 0.9 · ↳ #2");
  });

  it("a paused trial says why it waits, in its description, tooltip and details", () => {
    const paused = trial(8, {
      state: "paused",
      value: 0.88,
      intermediate: [
        [1, 0.8],
        [3, 0.88],
      ],
      attrs: { forecast: { step: 3, at: 27, mean: 0.912, sd: 0.01, best: 0.934, chance: 0.03 } },
    });
    const look = trialLook(paused, false, T0);
    assert.equal(look.description, "paused · 0.88 · predicted 0.912 @27");
    assert.match(look.tooltip, /paused at step 3: predicted 0\.912 at step 27, below best 0\.934/);
    const row = trialDetails(paused).find((d) => d.label === "paused")!;
    assert.equal(row.description, "at step 3: predicted 0.912 at step 27, below best 0.934");
    // Without a forecast (an older study, or no best yet to predict against): where it paused, nothing more.
    const old = { ...paused, attrs: undefined };
    assert.equal(trialLook(old, false, T0).description, "paused · 0.88");
    assert.equal(trialDetails(old).find((d) => d.label === "paused")!.description, "at step 3");
  });
});
