// How well does a partial curve predict the final value *on this study*? (docs/algorithms.md#segments)
//
// The power-law extrapolation (curves/extrapolate.ts) reads one curve alone: with a point or two it cannot know that
// every curve of this script gains 10 points by the end, or that epoch 2 ranks configs no better than chance here.
// The study's own curves can: every trial that reached the budget's max is a reference, and for a trial paused at
// step s the prediction is a regression of the references' final values on what the extrapolation said from *their*
// first s steps — y(max) ≈ a + b·x(s), fitted across references, with the slope shrunk towards 1 (trust the
// extrapolation) by a prior worth a few references and the residual spread shrunk towards the raw extrapolation's
// mean squared error. Where early steps mislead, b falls towards 0 and the spread stays wide, so predictions regress
// to the references' mean: nothing is judged (dropped) on an uninformative step. The fit is O(references) per step
// and the references' prefix extrapolations are cached, so a decision stays far inside its 50 ms budget.
import { extrapolate, type Extrapolation } from "../curves/extrapolate";
import type { Direction, Trial } from "../types";
import { lastStep } from "./scheduler";

export interface Prediction {
  /** Predicted value at the budget's max. */
  mean: number;
  sd: number;
}

/** One step's fit: final ≈ a + b·x, residual sd σ, and what the uncertainty of (a, b) needs. */
interface Fit {
  a: number;
  b: number;
  sigma2: number;
  n: number;
  xbar: number;
  sxx: number;
  /** The references' range of x: the line is fitted there. */
  lo: number;
  hi: number;
  /** Pearson correlation of x and the final value across references (0 with fewer than 3). */
  corr: number;
}

/** Pseudo-references the priors are worth (slope 1, spread = the extrapolation's own mean squared error). */
const PRIOR_WEIGHT = 2;

/** The curve up to and including step s. */
function prefix(t: Trial, s: number): [number, number][] {
  const out: [number, number][] = [];
  for (const p of t.intermediate) if (p[0] <= s) out.push(p);
  return out;
}

/** A trial's value at the budget's max (its told value when it finished there). */
export function finalValue(t: Trial, max: number): number | undefined {
  if (lastStep(t) < max) return undefined;
  if (t.state === "complete" && t.value !== undefined && Number.isFinite(t.value)) return t.value;
  const v = t.intermediate.find(([s]) => s >= max)?.[1];
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

export class CurveCalibration {
  /** Extrapolations to max of a trial's curve up to a step it reached, by `${number}/${step}` (never changes). */
  private readonly cache = new Map<string, Extrapolation | undefined>();
  private refs: { t: Trial; y: number }[] = [];
  private fits = new Map<number, Fit>();

  constructor(
    private readonly max: number,
    /** How much of the extrapolation's own claimed variance the spread's prior keeps (default 1). */
    private readonly claimedWeight = 1,
    /** Curves shorter than this are read at their last value, not extrapolated (default 4 points). */
    private readonly extrapolateFrom = 4,
  ) {}

  /** Which side of the references is the better one, and the best of their final values (see predict). */
  private maximize = true;
  private best = NaN;

  /** The references for this decision: every live trial whose curve reached the budget's max. */
  update(trials: readonly Trial[], direction: Direction = "maximize"): void {
    this.maximize = direction === "maximize";
    this.refs = [];
    this.fits = new Map();
    for (const t of trials) {
      if (t.state === "failed" || t.outsideSpace !== undefined) continue;
      const y = finalValue(t, this.max);
      if (y !== undefined) this.refs.push({ t, y });
    }
    const ys = this.refs.map((r) => r.y);
    this.best = ys.length ? (this.maximize ? Math.max(...ys) : Math.min(...ys)) : NaN;
  }

  get references(): number {
    return this.refs.length;
  }

  /** The extrapolation to max of a trial's first s steps (cached: a reached prefix never changes). */
  raw(t: Trial, s: number): Extrapolation | undefined {
    const pts = prefix(t, s);
    const key = `${t.number}/${pts.at(-1)?.[0] ?? 0}`;
    if (this.cache.has(key)) return this.cache.get(key);
    let e = extrapolate(pts, this.max);
    // A power law through a handful of early points swings wildly; the last value, regressed across the study's
    // curves, is the steadier predictor there.
    if (e && pts.length < this.extrapolateFrom) e = { ...e, mean: pts[pts.length - 1][1] };
    this.cache.set(key, e);
    return e;
  }

  /** Correlation between the extrapolation from step s and the final value across references (0 when unknown). */
  correlation(s: number): number {
    return this.fit(s)?.corr ?? 0;
  }

  /**
   * The calibrated prediction of `t`'s final value from its first `s` steps (default: all of them). Without
   * references: the raw extrapolation with a spread no narrower than what the curve has still to cover.
   */
  predict(t: Trial, s = lastStep(t)): Prediction | undefined {
    const e = this.raw(t, s);
    if (!e) return undefined;
    const f = this.fit(s);
    if (!f) {
      const last = prefix(t, s).at(-1)?.[1] ?? e.mean;
      return { mean: e.mean, sd: Math.max(e.sd, Math.abs(e.mean - last), 1e-9) };
    }
    // Better than every reference the fitted slope is a guess (with one or two references, up to 2): there, what the
    // trial's own curve says moves the prediction one for one from the line's end, so a trial is not predicted past
    // its own curve by more than the references' offset. On the worse side the line stays: regressing a poor early
    // look towards the references is what keeps a misleading step from dropping it (bench/lcbench/README.md).
    const x = this.maximize ? Math.min(f.hi, e.mean) : Math.max(f.lo, e.mean);
    let mean = f.a + f.b * x + (e.mean - x);
    // Predicted to end better than every finished trial only on its own curve's word: the references' gains added to
    // this trial are no evidence that it beats them all (one slow reference's gain would carry every trial past the
    // score's range).
    mean = this.maximize ? Math.min(mean, Math.max(this.best, e.mean)) : Math.max(mean, Math.min(this.best, e.mean));
    // Parameter uncertainty: the usual leverage term, capped (with one or two references it is unbounded).
    const lev = Math.min(1, (x - f.xbar) ** 2 / (f.sxx + 1e-12));
    const v = f.sigma2 * (1 + 1 / f.n + lev);
    return { mean, sd: Math.sqrt(Math.max(v, 1e-18)) };
  }

  private fit(s: number): Fit | undefined {
    const hit = this.fits.get(s);
    if (hit) return hit;
    const pts: [number, number, number][] = [];
    for (const r of this.refs) {
      const e = this.raw(r.t, s);
      if (e && Number.isFinite(e.mean)) pts.push([e.mean, r.y, e.sd]);
    }
    if (!pts.length) return undefined;
    const f = regress(pts, this.claimedWeight);
    this.fits.set(s, f);
    return f;
  }
}

/**
 * y ≈ a + b·x over [x, y, the extrapolation's own sd] with the slope's prior (1) worth PRIOR_WEIGHT points, and the
 * residual variance's prior likewise: the larger of the extrapolation's measured squared error and its own claimed
 * variance (one reference that happened to be extrapolated well says little about the next).
 */
function regress(pts: readonly [number, number, number][], claimedWeight: number): Fit {
  const n = pts.length;
  let xbar = 0;
  let ybar = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const [x, y] of pts) {
    xbar += x / n;
    ybar += y / n;
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let mse = 0;
  for (const [x, y] of pts) {
    sxx += (x - xbar) ** 2;
    sxy += (x - xbar) * (y - ybar);
    syy += (y - ybar) ** 2;
    mse += (y - x) ** 2 / n;
  }
  let claimed = 0;
  for (const p of pts) claimed += p[2] ** 2 / n;
  // The prior's weight in x-variance units: PRIOR_WEIGHT points of the references' own spread.
  const tau = PRIOR_WEIGHT * (sxx / n + 1e-12);
  const b = Math.min(2, Math.max(0, (sxy + tau) / (sxx + tau)));
  const a = ybar - b * xbar;
  let sse = 0;
  for (const [x, y] of pts) sse += (y - a - b * x) ** 2;
  const sigma2 = (sse + PRIOR_WEIGHT * Math.max(mse, claimedWeight * claimed)) / (Math.max(0, n - 2) + PRIOR_WEIGHT);
  const corr = n >= 3 && sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
  return { a, b, sigma2: Math.max(sigma2, 1e-12), n, xbar, sxx, lo, hi, corr };
}
