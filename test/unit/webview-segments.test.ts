// Paused and inherited trials in the panel: what a row carries (pausedAt, lineageStep, pauseNote) and how the
// learning curves join a trial's segments and branch a child off its source's curve.
import { strict as assert } from "node:assert";
import type { Trial } from "../../src/core/types";
import { changedRows, trialRow } from "../../src/extension/model/studyView";
import { trialRowSchema, type TrialRow } from "../../src/protocol/messages";
import { curveSeries } from "../../webview/model/series";

const curve = (from: number, to: number, f = (s: number) => 1 - 1 / (s + 1)): [number, number][] =>
  Array.from({ length: to - from + 1 }, (_, i) => [from + i, f(from + i)] as [number, number]);

// #4 trained in three segments (paused at 2 and 4, continued each time) and finished; #5 is paused at 2 with a
// forecast; #6 is a PBT child of #4 from its checkpoint at step 4 (its curve up to 4 is #4's, copied).
const trials: Trial[] = [
  { number: 4, state: "complete", params: {}, value: 0.9, intermediate: curve(1, 8), continuedAt: [2, 4] },
  {
    number: 5,
    state: "paused",
    params: {},
    value: 0.5,
    intermediate: curve(1, 2),
    attrs: { forecast: { step: 2, at: 8, mean: 0.7, sd: 0.02, best: 0.9, chance: 0.01 } },
  },
  {
    number: 6,
    state: "running",
    params: {},
    intermediate: [...curve(1, 4), ...curve(5, 6, () => 0.95)],
    attrs: { parent: 4, resumeFrom: 4, resumeStep: 4 },
  },
];

describe("paused and inherited trials in the panel", () => {
  it("a row carries where it paused, why, and the step it inherited", () => {
    const [a, b, c] = trials.map(trialRow);
    assert.deepEqual(a.pausedAt, [2, 4]);
    assert.equal(a.pauseNote, undefined);
    assert.deepEqual(b.pausedAt, [2]);
    assert.equal(b.pauseNote, "paused at step 2: predicted 0.7 at step 8, below best 0.9");
    assert.equal(c.lineageFrom, 4);
    assert.equal(c.lineageStep, 4);
    assert.equal(c.pausedAt, undefined);
    for (const r of [a, b, c]) assert.equal(trialRowSchema.check(r, "row"), undefined);
    // Old webviews' rows (no new fields) still validate: every field is optional.
    const { pausedAt: _p, pauseNote: _n, lineageStep: _s, ...old } = b;
    assert.equal(trialRowSchema.check(old, "row"), undefined);
  });

  it("a new forecast or a continued pause sends the row again", () => {
    const seen = new Map<number, string>();
    changedRows(trials, seen);
    const again = trials.map((t) => ({ ...t }));
    again[1] = { ...again[1], attrs: { forecast: { step: 2, at: 8, mean: 0.8, sd: 0.02, best: 0.9 } } };
    assert.deepEqual(
      changedRows(again, seen).map((r) => r.number),
      [5],
    );
    again[1] = { ...again[1], state: "queued", continuedAt: [2] };
    assert.deepEqual(
      changedRows(again, seen).map((r) => r.number),
      [5],
    );
  });

  it("learning curves join a trial's segments into one line with its pauses marked", () => {
    const rows: TrialRow[] = trials.map(trialRow);
    const c = curveSeries(rows, "maximize");
    const four = c.trials.findIndex((t) => t.number === 4);
    assert.deepEqual(
      c.trials[four].pauses?.map((i) => c.x[i]),
      [2, 4],
    );
    assert.ok(
      c.ys[four].every((v) => v !== null),
      "one unbroken line over every step",
    );
    const five = c.trials.find((t) => t.number === 5)!;
    assert.deepEqual(
      five.pauses?.map((i) => c.x[i]),
      [2],
    );
  });

  it("an inherited curve branches off its source's point at the checkpoint's step, labelled by the source", () => {
    const c = curveSeries(trials.map(trialRow), "maximize");
    const i = c.trials.findIndex((t) => t.number === 6);
    const six = c.trials[i];
    assert.deepEqual(six.from, { trial: 4, index: c.x.indexOf(4) });
    // Steps 1–3 are the source's and are not drawn twice; step 4 is the shared point; then its own.
    assert.deepEqual(c.ys[i].slice(0, 6), [null, null, null, 1 - 1 / 5, 0.95, 0.95]);
    const four = c.trials.findIndex((t) => t.number === 4);
    assert.equal(c.ys[i][c.x.indexOf(4)], c.ys[four][c.x.indexOf(4)]);
    assert.equal(c.trials.find((t) => t.number === 4)!.from, undefined);
  });

  it("a child grown from its parent's weights (no checkpoint step) is labelled at its first point", () => {
    const grown: Trial = { number: 9, state: "complete", params: {}, value: 1, intermediate: curve(1, 3) };
    grown.attrs = { inheritedFrom: 4, inherited: true };
    const c = curveSeries([trialRow(grown)], "maximize");
    assert.deepEqual(c.trials[0].from, { trial: 4, index: 0 });
    assert.ok(c.ys[0].every((v) => v !== null));
  });
});
