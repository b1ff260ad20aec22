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

export interface CurveTrial {
  number: number;
  state: TrialRow["state"];
  /** Index into x of its last point. */
  last: number;
  /** Indices into x where its training paused (and was continued later, or is paused now). */
  pauses?: number[];
  /**
   * It started from another trial's checkpoint (or grew from its weights): that trial and the index into x where
   * this trial's own line begins — the source's point at the checkpoint's step. The copied part before it is not
   * drawn again, so the line branches off the source's curve there.
   */
  from?: { trial: number; index: number };
}

export interface CurvesData {
  /** The union of every reported step, ascending. */
  x: number[];
  /** One row per trial with intermediate values, aligned to x (null where the trial has no report at that step). */
  ys: (number | null)[][];
  trials: CurveTrial[];
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
    // An inherited curve is its source's up to the checkpoint's step: drawn from there on only.
    const own = t.lineageStep ?? -Infinity;
    for (const [s, v] of t.intermediate) if (s >= own) row[at.get(s)!] = v;
    return row;
  });
  const meta = withSteps.map((t) => curveTrial(t, at));
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

function curveTrial(t: TrialRow, at: ReadonlyMap<number, number>): CurveTrial {
  const out: CurveTrial = { number: t.number, state: t.state, last: at.get(t.intermediate.at(-1)![0])! };
  const pauses = (t.pausedAt ?? []).map((s) => at.get(s)).filter((i): i is number => i !== undefined);
  if (pauses.length) out.pauses = pauses;
  if (t.lineageFrom !== undefined) {
    const step = t.intermediate.find(([s]) => s >= (t.lineageStep ?? -Infinity))?.[0] ?? t.intermediate[0][0];
    out.from = { trial: t.lineageFrom, index: at.get(step)! };
  }
  return out;
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

/**
 * Tick positions on an axis of trial numbers (or steps): integers only, at most `maxTicks`, on a 1-2-5 spacing —
 * never 0.5, 1.5, 2.5 for a study of four trials.
 */
export function integerSplits(min: number, max: number, maxTicks: number): number[] {
  // `|| 0`: never a tick at -0 (Math.ceil(-0.5) is -0).
  const lo = Math.ceil(min) || 0;
  const hi = Math.floor(max);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) return [];
  const room = Math.max(1, Math.floor(maxTicks));
  // 1, 2, 5, 10, 20, 50, …: the first spacing that leaves no more ticks than there is room for.
  let step = 1;
  for (let k = 1; Math.floor((hi - lo) / step) + 1 > room; k++) step = [1, 2, 5][k % 3] * 10 ** Math.floor(k / 3);
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step || 0; v <= hi; v += step) out.push(v);
  return out;
}

/** The x range of a per-trial chart: half a trial beyond the first and last, so edge points are drawn whole. */
export function trialRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  return [min - 0.5, max + 0.5];
}

export interface ObjectiveHistory {
  label: string;
  direction: "minimize" | "maximize";
  /** Aligned to MultiHistoryData.x: the trial's value where it is on the front / feasible but not / infeasible. */
  front: (number | null)[];
  other: (number | null)[];
  infeasible: (number | null)[];
}

export interface MultiHistoryData {
  /** Trial numbers of complete trials with a value per objective, ascending. */
  x: number[];
  /** Hypervolume of the trials numbered up to x (carried over an infeasible trial); null before the first. */
  hv: (number | null)[];
  objectives: ObjectiveHistory[];
}

/** The history card of a study with several objectives: the hypervolume over trials and each objective's values. */
export function multiHistorySeries(study: StudyView): MultiHistoryData {
  const dirs = study.directions ?? [study.direction];
  const n = dirs.length;
  const done = study.trials
    .filter((t) => t.state === "complete" && t.values?.length === n && t.values.every(Number.isFinite))
    .sort((a, b) => a.number - b.number);
  const front = new Set(study.front?.pareto ?? []);
  const hvAt = new Map(study.front?.byTrial ?? []);
  const out: MultiHistoryData = {
    x: [],
    hv: [],
    objectives: dirs.map((direction, i) => ({
      label: study.metrics?.[i] ?? `objective ${i + 1}`,
      direction,
      front: [],
      other: [],
      infeasible: [],
    })),
  };
  let hv: number | null = null;
  for (const t of done) {
    out.x.push(t.number);
    hv = hvAt.get(t.number) ?? hv;
    out.hv.push(hv);
    const kind = t.feasible === false ? "infeasible" : front.has(t.number) ? "front" : "other";
    out.objectives.forEach((o, i) => {
      for (const k of ["front", "other", "infeasible"] as const) o[k].push(k === kind ? t.values![i] : null);
    });
  }
  return out;
}
