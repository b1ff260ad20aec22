// The `bayes` sampler's options and its warm-start state, shared by the one-objective sampler (index.ts) and the
// multi-objective path (multi.ts) without either importing the other.

/**
 * Most trials in the posterior by default: beyond it an ask's cost stops growing (subset.ts picks the rows). 400, not
 * 600: an ask at 1000–2000 trials takes about half the time (bench/latency), and the GP built on the best 200 plus
 * 200 others ranks points near the optimum as well as one built on all 1000 (bench/latency/cap.ts).
 */
export const DEFAULT_MAX_POINTS = 400;

export interface BayesOptions {
  /**
   * Trials (running ones included) proposed space-filling at random before the GP is used. Default
   * min(10, 2·dims+1).
   */
  nStartupTrials?: number;
  /**
   * Random candidates scored per ask (besides ~40 around each of the 5 best trials). Default 1024, 512 beyond 150
   * modelled trials.
   */
  candidates?: number;
  /** Best candidates refined by local search. Default 5. */
  refine?: number;
  /** Most trials in the posterior. Default 400 (DEFAULT_MAX_POINTS). */
  maxPoints?: number;
  /** Most trials used to fit the kernel hyperparameters. Default 120. */
  maxFitPoints?: number;
  /** Random restarts at a full hyperparameter fit. Default 2. */
  restarts?: number;
  /** Largest noise variance, as a fraction of the (standardized, warped) outputs' variance. Default 0.05. */
  maxNoise?: number;
}

export interface WarmState {
  key: string;
  theta: Float64Array;
  /** Rows modelled at the last full fit, and at the last fit of any kind. */
  fullAt: number;
  fitAt: number;
}

/** Trials proposed space-filling before the GP is used. */
export function startupTrials(opts: BayesOptions, dims: number): number {
  return opts.nStartupTrials ?? Math.min(10, 2 * dims + 1);
}
