// Chart data in uPlot's aligned-columns shape, computed without the DOM: the optimization history with its
// best-so-far line, and the learning curves of intermediate values. Pure.
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
}

/**
 * Learning curves. With more trials than `limit`, keep the running ones, then the best finished ones by their
 * last value, so the chart stays fast and shows what matters; `omitted` says how many were left out.
 */
export function curveSeries(
  trials: readonly TrialRow[],
  direction: StudyView["direction"],
  limit = 400,
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
  return { x, ys, trials: meta, omitted: all - withSteps.length };
}
