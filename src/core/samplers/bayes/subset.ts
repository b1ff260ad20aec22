// Which rows the GP is built on once a study is long: the cost of an ask grows with the cube (factor) and square
// (every prediction) of the rows, so beyond a cap the model keeps the best rows by value, where EI's resolution
// matters, and a seeded random draw of the rest, which keeps the model's picture of the whole space. The running
// trials are not rows here: model.ts always appends them as fantasies after the cap.
import type { Rng } from "../../rng";

/**
 * All indices when n ≤ cap; else the best ⌊bestFrac·cap⌋ by y plus a random draw of the rest, `cap` in all, in index
 * order. Ties go to the later trial: under a pruner many trials are imputed at one value (the median at the modelled
 * step), and the recent ones sit where the search is now, the early ones where the random startup put them.
 * The same rng state gives the same subset.
 */
export function chooseRows(y: readonly number[], cap: number, rng: Rng, bestFrac = 0.5): number[] {
  const n = y.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= cap) return all;
  const byValue = all.slice().sort((a, b) => y[a] - y[b] || b - a);
  const nBest = Math.floor(cap * bestFrac);
  const chosen = byValue.slice(0, nBest);
  const rest = rng.shuffle(byValue.slice(nBest));
  chosen.push(...rest.slice(0, cap - nBest));
  return chosen.sort((a, b) => a - b);
}
