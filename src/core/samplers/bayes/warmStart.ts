// When to refit the kernel hyperparameters, and the fit itself: a full fit (restarts) once the data grew by ~20%
// since the last one, otherwise a short warm-started refit on a schedule, otherwise θ reused as it is.
import type { Rng } from "../../rng";
import type { Encoder } from "./encoding";
import { buildModel, type Model } from "./model";
import { DEFAULT_MAX_POINTS, type BayesOptions, type WarmState } from "./options";

/** How often and how hard one sampler refits; the defaults that `BayesOptions` leaves open. */
export interface RefitSchedule {
  /** Every ask refits up to this many rows... */
  refitAll: number;
  /** ...and beyond it every ⌈rows / refitEvery⌉-th new row. */
  refitEvery: number;
  maxFitPoints: number;
  restarts: number;
  /** L-BFGS iterations of a full fit and of a short refit. */
  fullIter: number;
  shortIter: number;
}

export interface WarmFit {
  enc: Encoder;
  rows: Float64Array;
  y: readonly number[];
  pending: Float64Array;
  rng: Rng;
  opts: BayesOptions;
  schedule: RefitSchedule;
  nStartup: number;
  key: string;
  /** The state this fit starts from: undefined for a fresh sampler or a changed space. */
  prev: WarmState | undefined;
}

/** The model for these rows, and the warm state to keep for the next ask. */
export function fitWarmStarted(w: WarmFit): { model: Model; warm: WarmState } {
  const { opts, schedule: s, prev } = w;
  const m = w.y.length;
  const full = !prev || m >= prev.fullAt * 1.2 || m <= 2 * w.nStartup;
  const refit = full || m <= s.refitAll || m - prev.fitAt >= Math.ceil(m / s.refitEvery) || m < prev.fitAt;
  const model = buildModel(w.enc, w.rows, w.y, w.pending, w.rng, {
    maxPoints: opts.maxPoints ?? DEFAULT_MAX_POINTS,
    maxFitPoints: opts.maxFitPoints ?? s.maxFitPoints,
    ...(prev ? { warm: prev.theta } : {}),
    reuse: !refit,
    restarts: full ? (opts.restarts ?? s.restarts) : 0,
    maxIter: full ? s.fullIter : s.shortIter,
    ...(opts.maxNoise !== undefined ? { maxNoise: opts.maxNoise } : {}),
  });
  const warm = { key: w.key, theta: model.theta, fullAt: full ? m : prev.fullAt, fitAt: refit ? m : prev.fitAt };
  return { model, warm };
}
