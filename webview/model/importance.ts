// Parameter importance, "fANOVA-lite": how much of the objective's variation each parameter explains on its own.
// For each parameter the complete trials are grouped (choices by value; numbers into equal-count bins, which makes
// log scales and outliers irrelevant), and we measure the share of the objective's rank variance lying between the
// groups — the main effect that fANOVA estimates with a forest, here with a piecewise-constant fit. ω² corrects for
// the variance that k groups explain by chance, so an irrelevant parameter scores ≈ 0. Ranks make it robust to
// diverging trials. Unlike a correlation it sees U-shaped effects (a learning rate that is best in the middle). Pure.
import type { ParamColumn, TrialRow } from "../../src/protocol/messages";

export interface Importance {
  name: string;
  /** ω² of the parameter's main effect on the objective's ranks, in [0, 1]. */
  score: number;
  /** score / Σ scores (0 when every score is 0): what the bar shows. */
  share: number;
}

export type ImportanceResult = { ok: true; n: number; items: Importance[] } | { ok: false; n: number; reason: string };

export const MIN_TRIALS = 8;

/** Average ranks (0-based) so ties share a rank. */
export function ranks(xs: readonly number[]): number[] {
  const idx = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && xs[idx[j + 1]] === xs[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

/** ω² of `y` grouped by `group`: (SSb − (k−1)·MSw) / (SSt + MSw), clamped to [0, 1]. */
export function omegaSquared(y: readonly number[], group: readonly number[]): number {
  const n = y.length;
  const sums = new Map<number, { s: number; c: number }>();
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += y[i];
    const g = sums.get(group[i]) ?? { s: 0, c: 0 };
    g.s += y[i];
    g.c++;
    sums.set(group[i], g);
  }
  const k = sums.size;
  if (k < 2 || n <= k) return 0;
  const mean = total / n;
  let sst = 0;
  for (const v of y) sst += (v - mean) ** 2;
  if (sst === 0) return 0;
  let ssb = 0;
  for (const { s, c } of sums.values()) ssb += c * (s / c - mean) ** 2;
  const msw = (sst - ssb) / (n - k);
  return Math.min(1, Math.max(0, (ssb - (k - 1) * msw) / (sst + msw)));
}

/** Group ids for one parameter: equal-count bins of numbers, one group per other value, one for "absent". */
export function groupsFor(values: readonly (TrialRow["params"][string] | undefined)[], bins: number): number[] {
  const numeric: number[] = [];
  const distinct = new Set<string>();
  for (const v of values) {
    if (typeof v === "number") numeric.push(v);
    distinct.add(v === undefined ? "\u0000absent" : JSON.stringify(v));
  }
  const out = new Array<number>(values.length);
  if (numeric.length > 0 && new Set(numeric).size > bins) {
    const r = ranks(numeric);
    let j = 0;
    const absentOrOther = new Map<string, number>();
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === "number") out[i] = Math.min(bins - 1, Math.floor(((r[j++] + 0.5) * bins) / numeric.length));
      else {
        const key = v === undefined ? "\u0000absent" : JSON.stringify(v);
        if (!absentOrOther.has(key)) absentOrOther.set(key, bins + absentOrOther.size);
        out[i] = absentOrOther.get(key)!;
      }
    }
    return out;
  }
  const ids = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const key = v === undefined ? "\u0000absent" : JSON.stringify(v);
    if (!ids.has(key)) ids.set(key, ids.size);
    out[i] = ids.get(key)!;
  }
  return out;
}

/** Importance of every parameter, most important first (ties by name for a stable order). */
export function importance(
  params: readonly Pick<ParamColumn, "name">[],
  trials: readonly TrialRow[],
): ImportanceResult {
  const done = trials.filter((t) => t.state === "complete" && t.value !== undefined && Number.isFinite(t.value));
  const n = done.length;
  if (n < MIN_TRIALS)
    return { ok: false, n, reason: `Importance needs at least ${MIN_TRIALS} complete trials (${n} so far).` };
  if (params.length === 0) return { ok: false, n, reason: "The study has no parameters." };
  const y = ranks(done.map((t) => t.value as number));
  // About five trials per bin, between 2 and 8 bins: enough resolution for a U shape, few enough to stay stable.
  const bins = Math.max(2, Math.min(8, Math.floor(n / 5)));
  const items = params.map((p) => ({
    name: p.name,
    score: omegaSquared(
      y,
      groupsFor(
        done.map((t) => t.params[p.name]),
        bins,
      ),
    ),
    share: 0,
  }));
  const sum = items.reduce((s, i) => s + i.score, 0);
  for (const i of items) i.share = sum > 0 ? i.score / sum : 0;
  items.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return { ok: true, n, items };
}
