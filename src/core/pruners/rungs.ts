// What successive halving needs from a trial history: a trial's value at a rung, and ASHA's promotion rule.
import { better, type Direction, type Trial } from "../types";

/** The first index of `intermediate` whose step is ≥ `step` (binary search: steps ascend). */
function firstAtOrAfter(intermediate: readonly [number, number][], step: number): number {
  let lo = 0;
  let hi = intermediate.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (intermediate[mid][0] < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A trial's value at the rung of `budget`: what it reported at the first step ≥ budget (the report that reached the
 * rung), or undefined when it has not got there. It is cached per trial object once a later step exists: the latest
 * step's value may still be replaced by a second report of the same step.
 */
export class RungValues {
  private readonly cache = new WeakMap<Trial, Map<number, number>>();

  at(trial: Trial, budget: number): number | undefined {
    const known = this.cache.get(trial)?.get(budget);
    if (known !== undefined) return known;
    const iv = trial.intermediate;
    if (!iv.length || iv[iv.length - 1][0] < budget) return undefined;
    const i = firstAtOrAfter(iv, budget);
    const v = iv[i][1];
    if (!Number.isFinite(v)) return undefined;
    if (i === iv.length - 1) return v;
    let m = this.cache.get(trial);
    if (!m) this.cache.set(trial, (m = new Map()));
    m.set(budget, v);
    return v;
  }
}

/**
 * ASHA's rule: among the `n` values at a rung (the candidate's own included), the top max(1, floor(n/η)) go on. With
 * fewer than η competitors the best so far goes on (Optuna's choice), so the first trials are never all stopped. Ties go
 * on. Counting the better ones is O(n), no sort.
 */
export function inTopFraction(value: number, others: Iterable<number>, direction: Direction, eta: number): boolean {
  let n = 1;
  let betterCount = 0;
  for (const o of others) {
    n++;
    if (better(direction, o, value)) betterCount++;
  }
  const keep = Math.max(1, Math.floor(n / eta + 1e-9));
  return betterCount < keep;
}
