import { strict as assert } from "node:assert";
import { continuedText, continuedTrials } from "../../src/core/continued";
import type { Trial } from "../../src/core/types";

const trial = (number: number, steps: number, extra: Partial<Trial> = {}): Trial => ({
  number,
  state: "complete",
  params: {},
  intermediate: Array.from({ length: steps }, (_, i) => [i + 1, i] as [number, number]),
  ...extra,
});

describe("continued trials (progress and summary)", () => {
  it("counts paused trials continued in place and promotion chains once each, deepest first", () => {
    const trials = [
      trial(0, 27),
      trial(1, 9, { continuedAt: [1, 3] }),
      trial(2, 1, { budget: 1 }),
      trial(3, 0, { budget: 3, attrs: { promotedFrom: 2 } }),
      trial(4, 0, { budget: 9, attrs: { promotedFrom: 3 } }),
      trial(5, 2, { state: "running", budget: 27, continuedAt: [1] }),
    ];
    const c = continuedTrials(trials);
    assert.deepEqual(c.reached, [
      { trial: 5, step: 27 },
      { trial: 1, step: 9 },
      { trial: 2, step: 9 },
    ]);
    assert.equal(continuedText(c, 2), "3 continued: #5 → 27, #1 → 9, … 1 more");
    assert.equal(continuedText(continuedTrials([trial(0, 3)])), "");
  });
});
