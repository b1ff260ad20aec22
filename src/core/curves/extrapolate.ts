// Learning-curve extrapolation: from a partial curve (steps 1..s) predict the value at step T, with an uncertainty.
//
// The model is a small ensemble of the power-law family y(t) = c + b·t^(−α) (Domhan et al.'s pow3, the family that
// dominates NNI's Curvefitting ensemble on real curves), one member per α on a fixed grid. For a fixed α the fit is
// linear least squares in (c, b): closed form, microseconds per curve, so a freeze-thaw decision over hundreds of
// trials stays far below its 50 ms budget (MCMC over 11 families, as in Domhan's paper, takes seconds per curve).
// Members are weighted by their fit (Gaussian likelihood of the residuals, BIC-like) and the prediction's spread is the
// weighted spread of the members plus the residual noise — with two points every member fits exactly and the spread
// is wide, which is the honest answer. The last few steps count more: late epochs say more about the asymptote.

export interface Extrapolation {
  /** Predicted value at `at`. */
  mean: number;
  /** Standard deviation of that prediction. */
  sd: number;
  /** The step predicted. */
  at: number;
}

const ALPHAS = [0.15, 0.3, 0.5, 0.75, 1, 1.5, 2.5];

/** Only the last `WINDOW` points are fitted: the early transient says little about the asymptote of long curves. */
const WINDOW = 24;

/**
 * Extrapolate `curve` ([step, value] ascending, finite values) to step `at`. With one point the prediction is that
 * point, with a spread of the given `prior` (0 when absent); with none it is undefined.
 */
export function extrapolate(
  curve: readonly (readonly [number, number])[],
  at: number,
  prior = 0,
): Extrapolation | undefined {
  const pts = curve.filter(([s, v]) => Number.isFinite(v) && s > 0);
  if (pts.length === 0) return undefined;
  const last = pts[pts.length - 1];
  if (at <= last[0]) return { mean: last[1], sd: 0, at };
  if (pts.length === 1) return { mean: last[1], sd: prior, at };
  const use = pts.slice(-WINDOW);
  const n = use.length;
  // Recency weights: the newest point counts 1, the oldest in the window about 1/3.
  const w = use.map((_, i) => 1 / 3 + (2 / 3) * (n === 1 ? 1 : i / (n - 1)));
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of use) {
    lo = Math.min(lo, p[1]);
    hi = Math.max(hi, p[1]);
  }
  const span = hi - lo;
  const logT = use.map((p) => Math.log(p[0]));
  const members: { pred: number; sse: number }[] = [];
  for (const alpha of ALPHAS) {
    const xs = logT.map((l) => Math.exp(-alpha * l));
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const y = use[i][1];
      sw += w[i];
      sx += w[i] * x;
      sy += w[i] * y;
      sxx += w[i] * x * x;
      sxy += w[i] * x * y;
    }
    const det = sw * sxx - sx * sx;
    if (Math.abs(det) < 1e-18) continue;
    const b = (sw * sxy - sx * sy) / det;
    const c = (sy - b * sx) / sw;
    let sse = 0;
    for (let i = 0; i < n; i++) {
      const r = use[i][1] - (c + b * xs[i]);
      sse += w[i] * r * r;
    }
    members.push({ pred: c + b * at ** -alpha, sse });
  }
  if (members.length === 0) return { mean: last[1], sd: prior, at };
  // Residual noise: a floor of 1% of the curve's span, so an exact fit does not claim certainty.
  const dof = Math.max(1, n - 2);
  const noise = Math.max(Math.min(...members.map((m) => m.sse)) / dof, (0.01 * span) ** 2, 1e-12);
  const logw = members.map((m) => -m.sse / (2 * noise));
  const top = Math.max(...logw);
  const mw = logw.map((l) => Math.exp(l - top));
  const total = mw.reduce((a, b) => a + b, 0);
  let mean = 0;
  for (let i = 0; i < members.length; i++) mean += (mw[i] / total) * members[i].pred;
  let spread = 0;
  for (let i = 0; i < members.length; i++) spread += (mw[i] / total) * (members[i].pred - mean) ** 2;
  // Extrapolating further out is less certain: the noise grows with the share of the curve still unseen.
  const reach = (at - last[0]) / at;
  const sd = Math.sqrt(spread + noise * (1 + 4 * reach));
  return { mean, sd, at };
}

/** P(N(mean, sd) is better than `target`) for the given direction. */
export function probabilityBetter(e: Extrapolation, target: number, maximize: boolean): number {
  if (e.sd <= 0) return (maximize ? e.mean > target : e.mean < target) ? 1 : 0;
  const z = (e.mean - target) / e.sd;
  return normalCdf(maximize ? z : -z);
}

/** Φ(z), Abramowitz–Stegun 7.1.26 (error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}
