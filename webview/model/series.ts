// Chart data in uPlot's aligned-columns shape, computed without the DOM: the optimization history with its
// best-so-far line, and the learning curves of intermediate values. Pure.
import { extrapolate } from "../../src/core/curves/extrapolate";
import type { StudyView, TrialRow } from "../../src/protocol/messages";

export interface HistoryData {
  /** Trial numbers of finished trials that have a value, ascending. */
  x: number[];
  complete: (number | null)[];
  pruned: (number | null)[];
  /** Best complete value up to and including each x; null before the first complete trial. */
  best: (number | null)[];
}

export function historySeries(trials: readonly TrialRow[], direction: StudyView["direction"]): HistoryData {
  const done = trials
    .filter(
      (t) => (t.state === "complete" || t.state === "pruned") && t.value !== undefined && Number.isFinite(t.value),
    )
    .sort((a, b) => a.number - b.number);
  const out: HistoryData = { x: [], complete: [], pruned: [], best: [] };
  let best: number | null = null;
  for (const t of done) {
    const v = t.value as number;
    out.x.push(t.number);
    if (t.state === "complete") {
      out.complete.push(v);
      out.pruned.push(null);
      if (best === null || (direction === "minimize" ? v < best : v > best)) best = v;
    } else {
      out.complete.push(null);
      out.pruned.push(v);
    }
    out.best.push(best);
  }
  return out;
}

export interface CurvesData {
  /** The union of every reported step, ascending. */
  x: number[];
  /** One row per trial with intermediate values, aligned to x (null where the trial has no report at that step). */
  ys: (number | null)[][];
  trials: { number: number; state: TrialRow["state"]; last: number }[];
  /** Extrapolated curves of unfinished trials up to the budget's end: mean and a ±1 sd band, aligned to x. */
  bands?: { number: number; mean: (number | null)[]; lo: (number | null)[]; hi: (number | null)[] }[];
}

/**
 * Learning curves. With more trials than `limit`, keep the running ones, then the best finished ones by their
 * last value, so the chart stays fast and shows what matters; `omitted` says how many were left out.
 */
export function curveSeries(
  trials: readonly TrialRow[],
  direction: StudyView["direction"],
  limit = 400,
  horizon?: number,
): CurvesData & { omitted: number } {
  let withSteps = trials.filter((t) => t.intermediate.length > 0);
  const all = withSteps.length;
  if (all > limit) {
    const lastOf = (t: TrialRow) => t.intermediate[t.intermediate.length - 1][1];
    const sign = direction === "minimize" ? 1 : -1;
    withSteps = withSteps
      .slice()
      .sort(
        (a, b) =>
          Number(b.state === "running") - Number(a.state === "running") ||
          sign * (lastOf(a) - lastOf(b)) ||
          a.number - b.number,
      )
      .slice(0, limit);
  }
  withSteps = withSteps.slice().sort((a, b) => a.number - b.number);
  const steps = new Set<number>();
  for (const t of withSteps) for (const [s] of t.intermediate) steps.add(s);
  const projected = horizon !== undefined ? toProject(withSteps, direction, horizon) : [];
  const future = (t: TrialRow) => futureSteps(t.intermediate[t.intermediate.length - 1][0], horizon!);
  for (const t of projected) for (const s of future(t)) steps.add(s);
  const x = [...steps].sort((a, b) => a - b);
  const at = new Map(x.map((s, i) => [s, i] as const));
  const ys = withSteps.map((t) => {
    const row = new Array<number | null>(x.length).fill(null);
    for (const [s, v] of t.intermediate) row[at.get(s)!] = v;
    return row;
  });
  const meta = withSteps.map((t) => ({
    number: t.number,
    state: t.state,
    last: at.get(t.intermediate[t.intermediate.length - 1][0])!,
  }));
  const bands = projected.map((t) => {
    const mean = new Array<number | null>(x.length).fill(null);
    const lo = new Array<number | null>(x.length).fill(null);
    const hi = new Array<number | null>(x.length).fill(null);
    const [s0, v0] = t.intermediate[t.intermediate.length - 1];
    mean[at.get(s0)!] = lo[at.get(s0)!] = hi[at.get(s0)!] = v0;
    for (const s of future(t)) {
      const e = extrapolate(t.intermediate, s);
      if (!e) continue;
      const i = at.get(s)!;
      mean[i] = e.mean;
      lo[i] = e.mean - e.sd;
      hi[i] = e.mean + e.sd;
    }
    return { number: t.number, mean, lo, hi };
  });
  return { x, ys, trials: meta, omitted: all - withSteps.length, ...(bands.length ? { bands } : {}) };
}

/** Unfinished trials worth a projection: running and paused ones with ≥ 2 points, the most promising first. */
function toProject(trials: readonly TrialRow[], direction: StudyView["direction"], horizon: number, limit = 8) {
  const lastOf = (t: TrialRow) => t.intermediate[t.intermediate.length - 1];
  const sign = direction === "minimize" ? 1 : -1;
  return trials
    .filter(
      (t) => (t.state === "running" || t.state === "paused") && t.intermediate.length >= 2 && lastOf(t)[0] < horizon,
    )
    .sort((a, b) => sign * (lastOf(a)[1] - lastOf(b)[1]) || a.number - b.number)
    .slice(0, limit);
}

/** The steps after `last` up to `horizon` a projection is drawn at: every step, or 24 evenly spread ones. */
function futureSteps(last: number, horizon: number): number[] {
  const n = horizon - last;
  if (n <= 0) return [];
  if (n <= 48) return Array.from({ length: n }, (_, i) => last + i + 1);
  return Array.from({ length: 24 }, (_, i) => Math.round(last + ((i + 1) * n) / 24));
}
