// Pareto domination for several objectives, all in one orientation: every helper here takes values already turned
// into minimization (`toMinimize`). Constrained domination follows Deb et al. 2002 (NSGA-II, §IV.A): a feasible
// point beats an infeasible one, two infeasible points compare by total violation, two feasible ones by Pareto.
import { isFeasible, type Direction, type Params, type Trial } from "../types";

/** Values with every maximized objective negated, so smaller is better everywhere. */
export function toMinimize(values: readonly number[], directions: readonly Direction[]): number[] {
  return values.map((v, i) => (directions[i] === "maximize" ? -v : v));
}

/** a dominates b: no worse in every objective and better in one (minimization). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

/** Total constraint violation: the sum of the positive g's (0 when feasible or unconstrained). */
export function violation(constraints: readonly number[] | undefined): number {
  let v = 0;
  for (const g of constraints ?? []) if (g > 0) v += g;
  return v;
}

/** Deb's constrained domination over (minimized values, violation). */
export function constrainedDominates(a: readonly number[], va: number, b: readonly number[], vb: number): boolean {
  if (va === 0 && vb > 0) return true;
  if (va > 0 && vb === 0) return false;
  if (va > 0 && vb > 0) return va < vb;
  return dominates(a, b);
}

/**
 * Fast non-dominated sort: the indices of each front, best first. `viol` (optional) switches to constrained
 * domination.
 */
export function nonDominatedSort(points: readonly (readonly number[])[], viol?: readonly number[]): number[][] {
  const n = points.length;
  const dom = (i: number, j: number) =>
    viol ? constrainedDominates(points[i], viol[i], points[j], viol[j]) : dominates(points[i], points[j]);
  const beats: number[][] = Array.from({ length: n }, () => []);
  const count = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (dom(i, j)) {
        beats[i].push(j);
        count[j]++;
      } else if (dom(j, i)) {
        beats[j].push(i);
        count[i]++;
      }
    }
  const fronts: number[][] = [];
  let cur = [];
  for (let i = 0; i < n; i++) if (count[i] === 0) cur.push(i);
  while (cur.length) {
    fronts.push(cur);
    const next: number[] = [];
    for (const i of cur)
      for (const j of beats[i]) {
        if (--count[j] === 0) next.push(j);
      }
    cur = next;
  }
  return fronts;
}

/** Crowding distance of each point of one front (Deb et al.): boundary points get Infinity. */
export function crowdingDistance(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const d = new Array<number>(n).fill(0);
  if (n <= 2) return d.fill(Infinity);
  const m = points[0].length;
  for (let k = 0; k < m; k++) {
    const idx = points.map((_, i) => i).sort((a, b) => points[a][k] - points[b][k] || a - b);
    const lo = points[idx[0]][k];
    const hi = points[idx[n - 1]][k];
    d[idx[0]] = d[idx[n - 1]] = Infinity;
    if (hi === lo) continue;
    for (let r = 1; r < n - 1; r++) d[idx[r]] += (points[idx[r + 1]][k] - points[idx[r - 1]][k]) / (hi - lo);
  }
  return d;
}

export interface ParetoPoint {
  number: number;
  values: number[];
  params: Params;
}

/** A trial that counts for the front: complete, feasible, with one finite value per objective. */
export function isScored(t: Trial, nObjectives: number): boolean {
  return (
    t.state === "complete" &&
    t.values !== undefined &&
    t.values.length === nObjectives &&
    t.values.every(Number.isFinite) &&
    isFeasible(t)
  );
}

/** The non-dominated feasible complete trials, by trial number. Equal value vectors are all kept. */
export function paretoTrials(trials: readonly Trial[], directions: readonly Direction[]): Trial[] {
  const scored = trials.filter((t) => isScored(t, directions.length));
  const pts = scored.map((t) => toMinimize(t.values!, directions));
  return scored.filter((_, i) => !pts.some((q, j) => j !== i && dominates(q, pts[i])));
}

export function paretoFront(trials: readonly Trial[], directions: readonly Direction[]): ParetoPoint[] {
  return paretoTrials(trials, directions).map((t) => ({ number: t.number, values: t.values!, params: t.params }));
}
