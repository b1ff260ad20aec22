// Hyperband bracket arithmetic (Li et al. 2018), as tiny pure functions.
//
// With R = max/min and s_max = floor(log_η R), bracket s (0 = most aggressive) starts n configs at the smallest
// budget of its ladder and keeps the top 1/η at each rung until one rung at `max`:
//   max 81, min 1, η 3 → bracket 0: 81@1 → 27@3 → 9@9 → 3@27 → 1@81, … bracket 4: 5@81.
// Budgets are anchored at `max` (rung i of a bracket with k+1 rungs runs max·η^(i−k)), so every bracket ends exactly
// at `max` even when max/min is not a power of η; with integer min and max they are rounded up (KerasTuner's ceil)
// and stay within [min, max].

export interface FidelityRange {
  min: number;
  max: number;
}

export interface Rung {
  /** The resource a config has when it is judged at this rung (epochs, steps, ...). */
  budget: number;
  /** How many configs a synchronous bracket runs at this rung. */
  configs: number;
  /** How many of them go on to the next rung (0 at the last rung, which is `max`). */
  keep: number;
}

export interface Bracket {
  /** 0 = most aggressive (smallest first budget). */
  index: number;
  rungs: Rung[];
}

export const DEFAULT_ETA = 3;

/** s_max: how many times the budget can be multiplied by η between min and max. */
export function maxHalvings(range: FidelityRange, eta = DEFAULT_ETA): number {
  checkRange(range, eta);
  // Count in integers instead of floor(log(max/min)/log(eta)), whose rounding gets exact powers wrong.
  let s = 0;
  while (range.min * eta ** (s + 1) <= range.max * (1 + 1e-12)) s++;
  return s;
}

/** Number of brackets: s_max + 1. */
export function bracketCount(range: FidelityRange, eta = DEFAULT_ETA): number {
  return maxHalvings(range, eta) + 1;
}

/** Whether budgets are whole numbers (epochs): both ends are integers. */
export function integerBudgets(range: FidelityRange): boolean {
  return Number.isInteger(range.min) && Number.isInteger(range.max);
}

/** The budgets of bracket `index`'s rungs, ascending, the last one `max`. */
export function rungBudgets(range: FidelityRange, eta = DEFAULT_ETA, index = 0): number[] {
  const sMax = maxHalvings(range, eta);
  if (!Number.isInteger(index) || index < 0 || index > sMax)
    throw new Error(`bracket ${index} does not exist; there are ${sMax + 1}`);
  const halvings = sMax - index;
  const out: number[] = [];
  for (let i = 0; i <= halvings; i++) {
    let b = range.max / eta ** (halvings - i);
    // Snap float noise (81/27 = 3.0000000000000004) before rounding up.
    b = Math.round(b * 1e9) / 1e9;
    if (integerBudgets(range)) b = Math.ceil(b);
    b = Math.min(range.max, Math.max(range.min, b));
    if (out.length && b <= out[out.length - 1]) continue;
    out.push(b);
  }
  return out;
}

/** Every bracket of one Hyperband iteration, most aggressive first. */
export function brackets(range: FidelityRange, eta = DEFAULT_ETA): Bracket[] {
  const sMax = maxHalvings(range, eta);
  const out: Bracket[] = [];
  for (let index = 0; index <= sMax; index++) {
    const s = sMax - index;
    const n0 = Math.ceil(((sMax + 1) / (s + 1)) * eta ** s - 1e-9);
    const budgets = rungBudgets(range, eta, index);
    const rungs: Rung[] = budgets.map((budget, i) => ({ budget, configs: Math.floor(n0 / eta ** i + 1e-9), keep: 0 }));
    for (let i = 0; i + 1 < rungs.length; i++) rungs[i].keep = rungs[i + 1].configs;
    out.push({ index, rungs });
  }
  return out;
}

/**
 * The bracket of trial `number`: Hyperband's own order (Li et al., Algorithm 1), one iteration after another, each
 * running its brackets most aggressive first, a bracket's starting configs in a row. The answer depends only on the
 * number (resume needs no state). The cheap bracket goes first because a study is usually stopped early: its first
 * dozens of trials should be many short ones, not a mix that already spends full budgets on the hedge brackets.
 */
export function bracketOf(trialNumber: number, range: FidelityRange, eta = DEFAULT_ETA): number {
  const cycle = bracketCycle(range, eta);
  const n = Math.floor(trialNumber);
  return cycle[((n % cycle.length) + cycle.length) % cycle.length];
}

const cycles = new Map<string, number[]>();

/** One Hyperband iteration: bracket i appears (its starting configs) times, in a block, bracket 0 first. */
export function bracketCycle(range: FidelityRange, eta = DEFAULT_ETA): number[] {
  const key = `${range.min}/${range.max}/${eta}`;
  const hit = cycles.get(key);
  if (hit) return hit;
  const cycle = brackets(range, eta).flatMap((b) => Array.from({ length: b.rungs[0].configs }, () => b.index));
  cycles.set(key, cycle);
  return cycle;
}

function checkRange(range: FidelityRange, eta: number): void {
  if (!(eta > 1) || !Number.isFinite(eta)) throw new Error(`eta must be a number > 1; got ${eta}`);
  if (!(range.min > 0) || !(range.max >= range.min) || !Number.isFinite(range.max))
    throw new Error(`budget needs 0 < min <= max; got min=${range.min}, max=${range.max}`);
}
