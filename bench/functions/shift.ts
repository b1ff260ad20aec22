// Per-seed random shift of a test function's optimum (so no method profits from sampling the box centre or an
// edge). For problem p and seed k we draw a target point t uniformly in the box shrunk by MARGIN of its width on
// each side, set s = t − x*, and optimise g(x) = f(x − s) over the ORIGINAL box. Then:
//   - g(t) = f(x*) = f*: the known minimiser moves to t, which lies inside the box (at least MARGIN·width from
//     every edge), so the minimum of g over the box is exactly f*;
//   - g(x) ≥ f* everywhere, because f's minimum over all of R^d is f* (functions.ts, `whyGlobal`), even where
//     x − s falls outside f's usual box;
//   so regret = g(x) − f* is ≥ 0 and reaches 0 at t.
// The draw uses the engine's seeded generator with a key naming the problem and the seed, so the shift is the
// same on every machine and in every run; the Python side receives the numbers, it never draws its own.
import { Rng } from "../../src/core/rng";
import type { TestFunction } from "./functions";

/** Fraction of each side's width the shifted optimum keeps from the box edge. */
export const MARGIN = 0.1;

export interface ShiftedProblem {
  fn: TestFunction;
  seed: number;
  shift: number[];
  /** Where the (reference) minimiser lies after the shift. */
  optimum: number[];
  /** g(x) = f(x − shift). */
  g(x: readonly number[]): number;
  /** g(x) − f*, with float round-off below zero reported as 0 (a larger negative value is a bug and throws). */
  regret(value: number): number;
}

export function shiftFor(fn: TestFunction, seed: number): number[] {
  const rng = Rng.derive("attune-bench-shift-v1", fn.name, seed);
  return fn.xStar.map((xs, j) => {
    const w = fn.hi[j] - fn.lo[j];
    const t = fn.lo[j] + MARGIN * w + rng.random() * (1 - 2 * MARGIN) * w;
    return t - xs;
  });
}

export function shiftedProblem(fn: TestFunction, seed: number): ShiftedProblem {
  const shift = shiftFor(fn, seed);
  return makeShifted(fn, seed, shift);
}

export function makeShifted(fn: TestFunction, seed: number, shift: number[]): ShiftedProblem {
  const g = (x: readonly number[]) => fn.f(x.map((v, j) => v - shift[j]));
  return {
    fn,
    seed,
    shift,
    optimum: fn.xStar.map((v, j) => v + shift[j]),
    g,
    regret(value: number): number {
      const r = value - fn.fStar;
      const tol = 1e-9 * Math.max(1, Math.abs(fn.fStar));
      if (r < -tol)
        throw new Error(`${fn.name}: value ${value} is below the known minimum ${fn.fStar} — wrong f* or shift`);
      return Math.max(0, r);
    },
  };
}
