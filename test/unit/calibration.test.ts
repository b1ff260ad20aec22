// The calibration of freeze-thaw's predictions (src/core/segments/calibration.ts): the study's finished curves say
// what a paused trial's early values lead to; above every reference the line's slope is not trusted.
import { strict as assert } from "node:assert";
import { CurveCalibration } from "../../src/core/segments/calibration";
import type { Trial } from "../../src/core/types";

/** A trial with values at steps 1, 2 (and 10, the budget's max, when `final` is given). */
function trial(number: number, atTwo: number, final?: number): Trial {
  const intermediate: [number, number][] = [
    [1, atTwo - 10],
    [2, atTwo],
  ];
  if (final !== undefined) intermediate.push([10, final]);
  return {
    number,
    params: {},
    intermediate,
    state: final === undefined ? "paused" : "complete",
    ...(final === undefined ? { value: atTwo } : { value: final }),
  };
}

describe("freeze-thaw's curve calibration", () => {
  // Two references: 60 at step 2 ended at 90, 62 ended at 96. Their line is steep (slope 2, the cap).
  const refs = [trial(0, 60, 90), trial(1, 62, 96)];
  const cal = new CurveCalibration(10, 0.05, 4);
  cal.update(refs);

  it("reads a paused trial inside the references' range on their line", () => {
    const p = cal.predict(trial(2, 61))!;
    assert.ok(Math.abs(p.mean - 93) < 1e-9, `${p.mean}`);
  });

  it("above every reference, moves one for one with the trial's own value, not with the line's slope", () => {
    // The line (93 at 61, slope 2) would say 131 for 80 at step 2: it ends at 95 (62), then 18 more.
    // No reference gained more than 34 points after step 2.
    const p = cal.predict(trial(3, 80))!;
    assert.ok(Math.abs(p.mean - (95 + 18)) < 1e-9, `${p.mean}`);
    assert.ok(p.mean <= 80 + 34, `predicted ${p.mean}: past what its curve and the references' gains say`);
  });

  it("below every reference, stays on the line (a poor early look regresses towards the references)", () => {
    const p = cal.predict(trial(4, 40))!;
    assert.ok(Math.abs(p.mean - (93 + 2 * (40 - 61))) < 1e-9, `${p.mean}`);
  });
});
