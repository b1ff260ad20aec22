// Parallel-coordinates layout: one vertical axis per parameter plus the objective, one polyline per finished trial.
// Pure geometry (numbers and SVG path strings); the view only turns it into elements. Better trials get a higher
// `quality` in [0, 1] (1 = best in the study's direction) so the view can colour them by bucket.
// A list parameter is read as the table reads it: its length `len(units)` and one axis per element `units[0]`, … .
// An element a shorter list does not have is absent (never 0): its line passes that axis by, straight on to the next
// one it has, so every trial still reaches the objective; an element no trial has and a fixed length get no axis.
import type { ParamColumn, StudyView, TrialRow } from "../../src/protocol/messages";
import { formatLiteral, formatNumber } from "../../src/core/format";
import { listOf } from "./lists";

export interface Tick {
  y: number;
  label: string;
}
export interface Axis {
  key: string;
  label: string;
  x: number;
  ticks: Tick[];
  /** Maps a value to y, or undefined when the value is not on this axis. */
  y(v: TrialRow["params"][string] | undefined): number | undefined;
}
export interface Line {
  number: number;
  state: TrialRow["state"];
  value: number;
  quality: number;
  d: string;
  /** y on each axis (same order as `axes`), undefined where the trial has no value for it. */
  ys: (number | undefined)[];
}
export interface Layout {
  axes: Axis[];
  lines: Line[];
  width: number;
  height: number;
}

export interface Box {
  width: number;
  height: number;
  /** Room for labels: top, right, bottom, left. */
  pad?: [number, number, number, number];
}

const round = (x: number) => Math.round(x * 10) / 10;

function numericAxis(
  key: string,
  label: string,
  values: number[],
  col: Pick<ParamColumn, "lo" | "hi" | "log"> | undefined,
  top: number,
  bottom: number,
): Omit<Axis, "x"> {
  let lo = col?.lo ?? Math.min(...values);
  let hi = col?.hi ?? Math.max(...values);
  // Data outside declared bounds (annotations changed) widens the axis rather than leaving the plot.
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const log = !!col?.log && lo > 0;
  const f = (v: number) => (log ? Math.log(v) : v);
  const a = f(lo);
  const b = f(hi);
  const span = b - a;
  const y = (v: TrialRow["params"][string] | undefined) => {
    if (typeof v !== "number" || !Number.isFinite(v) || (log && v <= 0)) return undefined;
    return round(span === 0 ? (top + bottom) / 2 : bottom - ((f(v) - a) / span) * (bottom - top));
  };
  const ticks: Tick[] = [];
  if (span === 0) ticks.push({ y: (top + bottom) / 2, label: formatNumber(lo) });
  else
    for (const t of [0, 0.5, 1]) {
      const v = log ? Math.exp(a + t * span) : a + t * span;
      ticks.push({ y: round(bottom - t * (bottom - top)), label: formatNumber(v) });
    }
  return { key, label, ticks, y };
}

function categoricalAxis(
  key: string,
  label: string,
  cats: readonly TrialRow["params"][string][],
  top: number,
  bottom: number,
): Omit<Axis, "x"> {
  const keys = cats.map((c) => JSON.stringify(c));
  const pos = new Map<string, number>();
  keys.forEach((k, i) =>
    pos.set(k, round(cats.length === 1 ? (top + bottom) / 2 : bottom - (i / (cats.length - 1)) * (bottom - top))),
  );
  return {
    key,
    label,
    ticks: cats.map((c, i) => ({ y: pos.get(keys[i])!, label: formatLiteral(c, { missing: "" }) })),
    y: (v) => (v === undefined ? undefined : pos.get(JSON.stringify(v))),
  };
}

/** Complete and pruned trials with a value; the best in the direction gets quality 1, the worst 0 (by rank). */
export function layoutParallel(
  study: Pick<StudyView, "params" | "direction" | "metric">,
  trials: readonly TrialRow[],
  box: Box,
): Layout {
  const [pt, pr, pb, pl] = box.pad ?? [24, 48, 12, 48];
  const top = pt;
  const bottom = Math.max(top + 1, box.height - pb);
  const shown = trials.filter(
    (t) => (t.state === "complete" || t.state === "pruned") && t.value !== undefined && Number.isFinite(t.value),
  );
  const axesNoX: Omit<Axis, "x">[] = [];
  for (const p of study.params) {
    const vals = shown.map((t) => t.params[p.name] ?? (p.kind === "budget" ? t.budget : undefined));
    const nums = vals.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
    if (listOf(p.name) !== undefined && !listAxis(p, vals)) continue;
    if (p.kind === "float" || p.kind === "int" || p.kind === "budget") {
      if (nums.length === 0 && (p.lo === undefined || p.hi === undefined)) continue;
      axesNoX.push(numericAxis(`p:${p.name}`, p.name, nums, p, top, bottom));
    } else {
      const declared = p.kind === "bool" ? [false, true] : (p.values ?? []);
      const seen = new Map(declared.map((v) => [JSON.stringify(v), v] as const));
      for (const v of vals) if (v !== undefined && !seen.has(JSON.stringify(v))) seen.set(JSON.stringify(v), v);
      if (seen.size === 0) continue;
      axesNoX.push(categoricalAxis(`p:${p.name}`, p.name, [...seen.values()], top, bottom));
    }
  }
  const values = shown.map((t) => t.value as number);
  if (values.length > 0) axesNoX.push(numericAxis("value", study.metric ?? "value", values, undefined, top, bottom));
  const n = axesNoX.length;
  const left = pl;
  const right = Math.max(left, box.width - pr);
  const axes: Axis[] = axesNoX.map((a, i) => ({
    ...a,
    x: round(n === 1 ? (left + right) / 2 : left + (i * (right - left)) / (n - 1)),
  }));

  // Rank-based quality so one diverged trial does not wash every other line into the same colour.
  const order = shown
    .map((_, i) => i)
    .sort((i, j) => (values[i] - values[j]) * (study.direction === "minimize" ? -1 : 1));
  const quality = new Array<number>(shown.length);
  order.forEach((idx, r) => (quality[idx] = shown.length === 1 ? 1 : r / (shown.length - 1)));

  const lines: Line[] = shown.map((t, i) => {
    let d = "";
    let pen = false;
    const ys: (number | undefined)[] = [];
    for (const a of axes) {
      const v =
        a.key === "value"
          ? t.value
          : (t.params[a.key.slice(2)] ?? (a.key.slice(2) === budgetName(study.params) ? t.budget : undefined));
      const y = a.y(v);
      ys.push(y);
      // A parameter a trial does not have (conditional) lifts the pen instead of drawing to a made-up point; a list
      // element a shorter list does not have is passed by (the pen stays down to the next axis the trial has).
      if (y === undefined) {
        if (!elementAxis(a.key)) pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${a.x} ${y}`;
      pen = true;
    }
    return { number: t.number, state: t.state, value: t.value as number, quality: quality[i], d, ys };
  });
  return { axes, lines, width: box.width, height: box.height };
}

const elementAxis = (key: string) => key.startsWith("p:") && /\[\d+\]$/.test(key) && listOf(key.slice(2)) !== undefined;

/** A list's column gets an axis when some trial has it, and (its length) when it can vary. */
function listAxis(p: ParamColumn, vals: readonly unknown[]): boolean {
  if (!vals.some((v) => v !== undefined && v !== null)) return false;
  return !(p.name.startsWith("len(") && p.kind === "choice" && (p.values?.length ?? 0) <= 1);
}

function budgetName(params: readonly ParamColumn[]): string | undefined {
  return params.find((p) => p.kind === "budget")?.name;
}

/** Quality in [0, 1] → one of `buckets` colour classes (0 = worst). */
export function bucket(quality: number, buckets = 5): number {
  return Math.min(buckets - 1, Math.max(0, Math.floor(quality * buckets)));
}

/**
 * The line nearest to a point (hover and click): its vertical distance at x, interpolated between the two axes
 * around x; within `maxDist` pixels, else undefined. Ties go to the better trial.
 */
export function nearestLine(
  layout: Pick<Layout, "axes" | "lines">,
  x: number,
  y: number,
  maxDist = 6,
): Line | undefined {
  const ax = layout.axes;
  if (ax.length === 0) return undefined;
  let k = 0;
  while (k < ax.length - 2 && x > ax[k + 1].x) k++;
  let best: Line | undefined;
  let bestD = maxDist;
  for (const l of layout.lines) {
    const seg = drawnSegment(ax, l, k);
    if (!seg) continue;
    const [i, j] = seg;
    const t = ax[j].x === ax[i].x ? 0 : Math.min(1, Math.max(0, (x - ax[i].x) / (ax[j].x - ax[i].x)));
    const a = l.ys[i]!;
    const b = l.ys[j]!;
    const d = Math.abs(a + (b - a) * t - y);
    if (d < bestD || (d === bestD && best !== undefined && l.quality > best.quality)) {
      best = l;
      bestD = d;
    }
  }
  return best;
}

/**
 * The axes [i, j] between which a line is drawn across the gap from axis k to k + 1: those two, or, where it passes
 * absent list elements by, the nearest axes it has on either side; undefined where the pen is up.
 */
function drawnSegment(ax: readonly Axis[], l: Line, k: number): [number, number] | undefined {
  if (ax.length === 1) return l.ys[0] === undefined ? undefined : [0, 0];
  let i = k;
  let j = k + 1;
  while (i > 0 && l.ys[i] === undefined && elementAxis(ax[i].key)) i--;
  while (j < ax.length - 1 && l.ys[j] === undefined && elementAxis(ax[j].key)) j++;
  if (l.ys[i] === undefined || l.ys[j] === undefined) return undefined;
  for (let m = i + 1; m < j; m++) if (!elementAxis(ax[m].key)) return undefined;
  return [i, j];
}
