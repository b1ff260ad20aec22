// What views show of a multi-objective study: the front, and the hypervolume it covers as trials finish. The
// reference point is the worst feasible value of each objective plus 10% of its range, fixed over the whole history
// so the curve only rises.
import type { Direction, Trial } from "../types";
import { hypervolume } from "./hypervolume";
import { dominates, isScored, paretoTrials, toMinimize } from "./pareto";

export function referencePoint(points: readonly (readonly number[])[]): number[] | undefined {
  if (!points.length) return undefined;
  return points[0].map((_, k) => {
    const col = points.map((p) => p[k]);
    const lo = Math.min(...col);
    const hi = Math.max(...col);
    return hi + (hi > lo ? 0.1 * (hi - lo) : Math.max(1e-12, 0.1 * Math.abs(hi)) || 1);
  });
}

export interface FrontSummary {
  /** Front trial numbers, ascending. */
  pareto: number[];
  /** Hypervolume of the front (minimization orientation), against `ref`. */
  hypervolume: number;
  /** The reference point, in minimization orientation; absent before a trial is scored. */
  ref?: number[];
  /** [number of trials finished so far, hypervolume then], one entry per scored trial, in order of finishing. */
  history: [number, number][];
  /**
   * [trial number, hypervolume of the scored trials numbered up to it], one entry per scored trial by number: the
   * curve that shares its x axis (trial numbers) with the other per-trial charts. Ends at `hypervolume`.
   */
  byTrial: [number, number][];
}

export function summarizeFront(trials: readonly Trial[], directions: readonly Direction[]): FrontSummary {
  const scored = trials.filter((t) => isScored(t, directions.length));
  const pts = scored.map((t) => toMinimize(t.values!, directions));
  const ref = referencePoint(pts);
  const pareto = paretoTrials(trials, directions)
    .map((t) => t.number)
    .sort((a, b) => a - b);
  if (!ref) return { pareto, hypervolume: 0, history: [], byTrial: [] };
  const idx = scored.map((_, i) => i);
  const byFinish = [...idx].sort(
    (a, b) => (scored[a].finishedAt ?? scored[a].number) - (scored[b].finishedAt ?? scored[b].number) || a - b,
  );
  const byNumber = [...idx].sort((a, b) => scored[a].number - scored[b].number);
  const history = runningVolume(
    byFinish.map((i) => pts[i]),
    ref,
  ).map((hv, k): [number, number] => [k + 1, hv]);
  const byTrial = runningVolume(
    byNumber.map((i) => pts[i]),
    ref,
  ).map((hv, k): [number, number] => [scored[byNumber[k]].number, hv]);
  return { pareto, hypervolume: history[history.length - 1][1], ref, history, byTrial };
}

/** The hypervolume after each point in turn is added. Only the running front is kept: a dominated newcomer leaves
 * the volume as it was. */
function runningVolume(points: readonly (readonly number[])[], ref: readonly number[]): number[] {
  let front: (readonly number[])[] = [];
  let hv = 0;
  return points.map((p) => {
    if (!front.some((q) => dominates(q, p) || q.every((v, j) => v === p[j]))) {
      front = [...front.filter((q) => !dominates(p, q)), p];
      hv = hypervolume(front, ref);
    }
    return hv;
  });
}
