// Exact hypervolume of a set of points (minimization) against a reference point: the measure of the region they
// dominate inside the box below `ref`. 2-D by a sweep; more objectives by slicing along the last one (HSO), which is
// exact and fast enough for the ≤ 3 objectives and few hundred points of a study.
import { dominates } from "./pareto";

export function hypervolume(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const inside = points.filter((p) => p.every((v, i) => v < ref[i]));
  return hv(nonDominated(inside), ref);
}

function nonDominated(ps: readonly (readonly number[])[]): (readonly number[])[] {
  const out: (readonly number[])[] = [];
  for (let i = 0; i < ps.length; i++) {
    // Drop dominated points and later duplicates.
    if (ps.some((q, j) => dominates(q, ps[i]) || (j < i && q.every((v, k) => v === ps[i][k])))) continue;
    out.push(ps[i]);
  }
  return out;
}

function hv(ps: readonly (readonly number[])[], ref: readonly number[]): number {
  if (ps.length === 0) return 0;
  const m = ref.length;
  if (m === 1) return ref[0] - Math.min(...ps.map((p) => p[0]));
  if (m === 2) {
    const s = [...ps].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let area = 0;
    let y = ref[1];
    for (const p of s) {
      if (p[1] >= y) continue;
      area += (ref[0] - p[0]) * (y - p[1]);
      y = p[1];
    }
    return area;
  }
  // Slice along the last objective: between consecutive levels, the (m−1)-D volume of the points at or below.
  const s = [...ps].sort((a, b) => a[m - 1] - b[m - 1]);
  const subRef = ref.slice(0, m - 1);
  let vol = 0;
  for (let i = 0; i < s.length; i++) {
    const top = i + 1 < s.length ? s[i + 1][m - 1] : ref[m - 1];
    const h = top - s[i][m - 1];
    if (h <= 0) continue;
    vol += h * hv(nonDominated(s.slice(0, i + 1).map((p) => p.slice(0, m - 1))), subRef);
  }
  return vol;
}
