// The Pareto tab as data: every complete trial as a point on two chosen objectives (a third as colour), whether it
// is on the front and whether it is feasible, and the axis ranges. Pure (no DOM).
import type { StudyView } from "../../src/protocol/messages";

export interface Axes {
  x: number;
  y: number;
  /** Objective shown as colour, or -1 for none. */
  c: number;
}

export interface ScatterPoint {
  number: number;
  x: number;
  y: number;
  c?: number;
  front: boolean;
  feasible: boolean;
}

export interface ScatterModel {
  points: ScatterPoint[];
  labels: string[];
  directions: ("minimize" | "maximize")[];
  x: [number, number];
  y: [number, number];
  c?: [number, number];
  /** Front points in x order (the trade-off curve drawn on two objectives). */
  line: ScatterPoint[];
  feasibleCount: number;
}

/** Keep axes valid for this many objectives: x ≠ y, both in range; colour another objective or none. */
export function validAxes(a: Partial<Axes> | undefined, n: number): Axes {
  const x = a?.x !== undefined && a.x >= 0 && a.x < n ? a.x : 0;
  let y = a?.y !== undefined && a.y >= 0 && a.y < n && a.y !== x ? a.y : x === 0 ? 1 : 0;
  if (y === x) y = (x + 1) % n;
  const c = a?.c !== undefined && a.c >= 0 && a.c < n && a.c !== x && a.c !== y ? a.c : n > 2 ? 3 - x - y : -1;
  return { x, y, c: n > 2 ? c : -1 };
}

const range = (vs: number[]): [number, number] => {
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (!(hi > lo)) {
    const pad = Math.abs(lo) * 0.05 || 1;
    lo -= pad;
    hi += pad;
  }
  return [lo, hi];
};

export function scatterModel(study: StudyView, axes: Axes): ScatterModel | undefined {
  const dirs = study.directions;
  if (!dirs || dirs.length < 2) return undefined;
  const front = new Set(study.front?.pareto ?? []);
  const points: ScatterPoint[] = [];
  for (const t of study.trials) {
    if (t.state !== "complete" || !t.values || t.values.length !== dirs.length) continue;
    points.push({
      number: t.number,
      x: t.values[axes.x],
      y: t.values[axes.y],
      ...(axes.c >= 0 ? { c: t.values[axes.c] } : {}),
      front: front.has(t.number),
      feasible: t.feasible !== false,
    });
  }
  const labels = dirs.map((_, i) => study.metrics?.[i] ?? `objective ${i + 1}`);
  if (!points.length) return { points, labels, directions: dirs, x: [0, 1], y: [0, 1], line: [], feasibleCount: 0 };
  return {
    points,
    labels,
    directions: dirs,
    x: range(points.map((p) => p.x)),
    y: range(points.map((p) => p.y)),
    ...(axes.c >= 0 ? { c: range(points.map((p) => p.c!)) } : {}),
    line: dirs.length === 2 ? points.filter((p) => p.front).sort((a, b) => a.x - b.x || a.y - b.y) : [],
    feasibleCount: points.filter((p) => p.feasible).length,
  };
}
