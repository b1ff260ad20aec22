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

  it("above every reference, not past the best finished value unless its own curve goes there", () => {
    // The line (93 at 61, slope 2) would say 131 for 80 at step 2; the references' gain added to it, 113. Neither is
    // evidence that it beats the best finished trial (96): its own curve says 80.
    assert.ok(Math.abs(cal.predict(trial(3, 80))!.mean - 96) < 1e-9);
    // Its own curve already past every reference: that is what it is predicted at, not 100 + their gain.
    assert.ok(Math.abs(cal.predict(trial(5, 100))!.mean - 100) < 1e-9);
  });

  it("with one slow reference, a fast trial is not given that reference's whole gain", () => {
    // The reference went from 5 at step 2 to 92: the line through it alone adds 87 to everything.
    const one = new CurveCalibration(10, 0.05, 4);
    one.update([trial(0, 5, 92)]);
    assert.ok(Math.abs(one.predict(trial(1, 3))!.mean - 90) < 1e-9, "a trial like it gains as much");
    assert.ok(Math.abs(one.predict(trial(2, 95))!.mean - 95) < 1e-9, "not 182 for a score that ends near 92–100");
  });

  it("below every reference, stays on the line (a poor early look regresses towards the references)", () => {
    const p = cal.predict(trial(4, 40))!;
    assert.ok(Math.abs(p.mean - (93 + 2 * (40 - 61))) < 1e-9, `${p.mean}`);
  });

  it("minimizing, the better side is below: the same rule, mirrored", () => {
    const neg = (t: Trial): Trial => ({
      ...t,
      intermediate: t.intermediate.map(([step, v]) => [step, -v] as [number, number]),
      value: -t.value!,
    });
    const mirrored = new CurveCalibration(10, 0.05, 4);
    mirrored.update(refs.map(neg), "minimize");
    for (const [n, atTwo] of [
      [2, 61],
      [3, 80],
      [4, 40],
      [5, 100],
    ])
      assert.ok(Math.abs(mirrored.predict(neg(trial(n, atTwo)))!.mean + cal.predict(trial(n, atTwo))!.mean) < 1e-9);
  });
});
