// Small statistics for the benchmark tables: quantiles with linear interpolation (numpy's default), best-so-far.

/** q ∈ [0,1]; linear interpolation between order statistics, as numpy.quantile's default. */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (xs: readonly number[]) => quantile(xs, 0.5);

/** Running minimum: out[i] = min(xs[0..i]). */
export function bestSoFar(xs: readonly number[]): number[] {
  const out: number[] = [];
  let m = Infinity;
  for (const x of xs) out.push((m = Math.min(m, x)));
  return out;
}

/** Three significant digits, scientific below 1e-3 or from 1e4. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e4 ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}
