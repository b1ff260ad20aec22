// `bayes`: Gaussian-process Bayesian optimization, the default algorithm (SPEC §4).
//   model        Matérn-5/2 ARD on the encoded unit cube (encoding.ts: ints/steps rounded, choices one-hot,
//                inactive conditional dims fixed), outputs standardized + Yeo–Johnson (warp.ts), θ by MAP
//                marginal likelihood (hyperfit.ts) warm-started from the previous ask
//   acquisition  log EI (logei.ts) maximized from many random candidates plus perturbations of the best trials,
//                the top few refined by box L-BFGS and discrete coordinate search (acquisition.ts)
//   parallel     running trials are fantasized at max(posterior mean, median y): a constant liar (model.ts)
//   failures     imputed at the worst value seen (history.ts)
//   objectives   several objectives and constraints: ParEGO scalarization and P(feasible) per constraint (multi.ts)
//   speed        θ fully refit (restarts) when the data grew by ~20% since the last full fit; otherwise a short
//                warm-started refit, every ask up to 60 trials and every ⌈n/30⌉-th new trial beyond (θ barely
//                moves per trial by then); the fit uses ≤ maxFitPoints rows and the posterior ≤ maxPoints rows.
// Randomness comes only from ctx.rng. The warm start is the one piece of state: a sampler that has served the
// study from its start and one created on resume may settle on slightly different θ (both are local optima of
// the same likelihood); a fresh sampler always does a full fit.
import { Encoder } from "./encoding";
import { bestUnits, collectHistory } from "./history";
import { buildModel } from "./model";
import { maximizeAcquisition } from "./acquisition";
import { warpOutputs } from "./warp";
import { spaceHash } from "../../space";
import { spaceFilling } from "./startup";
import { sampleMultiObjective } from "./multi";
import { isMultiOrConstrained } from "../../multi/scored";
import type { Proposal, SampleContext, Sampler } from "../sampler";

/**
 * Most trials in the posterior by default: beyond it an ask's cost stops growing (subset.ts picks the rows). 400, not
 * 600: an ask at 1000–2000 trials takes about half the time (bench/latency), and the GP built on the best 200 plus
 * 200 others ranks points near the optimum as well as one built on all 1000 (bench/latency/cap.ts).
 */
export const DEFAULT_MAX_POINTS = 400;

export interface BayesOptions {
  /** Trials (running ones included) proposed space-filling at random before the GP is used. Default min(10, 2·dims+1). */
  nStartupTrials?: number;
  /** Random candidates scored per ask (besides ~40 around each of the 5 best trials). Default 1024, 512 beyond 150 modelled trials. */
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

export class BayesSampler implements Sampler {
  readonly name = "bayes";
  private readonly opts: BayesOptions;
  private warm?: WarmState;
  /** Warm starts of the multi-objective path: the scalarized objective's GP and each constraint's. */
  private readonly warmMulti = new Map<string, WarmState>();

  constructor(opts: BayesOptions = {}) {
    this.opts = opts;
  }

  sample(ctx: SampleContext): Proposal {
    const { space, rng } = ctx;
    const P = space.params.length;
    if (P === 0) return {};
    if (isMultiOrConstrained(ctx)) return sampleMultiObjective(ctx, this.opts, this.warmMulti);
    const enc = new Encoder(space);
    const nStartup = this.opts.nStartupTrials ?? Math.min(10, 2 * P + 1);
    const h = collectHistory(space, ctx.trials, ctx.direction);
    if (enc.D === 0 || ctx.trials.length < nStartup || h.nReal < 2) return spaceFilling(space, ctx, rng);

    const D = enc.D;
    const n = h.observed.length;
    const rows = new Float64Array(n * D);
    h.observed.forEach((o, i) => enc.encode(o.params, rows, i));
    const pending = new Float64Array(h.pending.length * D);
    h.pending.forEach((p, i) => enc.encode(p, pending, i));
    const warp = warpOutputs(h.observed.map((o) => o.y));

    const key = `${spaceHash(space)}/${D}`;
    const warm = this.warm && this.warm.key === key ? this.warm : undefined;
    const full = !warm || n >= warm.fullAt * 1.2 || n <= 2 * nStartup;
    const refit = full || n <= 60 || n - warm.fitAt >= Math.ceil(n / 30) || n < warm.fitAt;
    const model = buildModel(enc, rows, warp.values, pending, rng, {
      maxPoints: this.opts.maxPoints ?? DEFAULT_MAX_POINTS,
      maxFitPoints: this.opts.maxFitPoints ?? 120,
      ...(warm ? { warm: warm.theta } : {}),
      reuse: !refit,
      restarts: full ? (this.opts.restarts ?? 2) : 0,
      maxIter: full ? 80 : 15,
      ...(this.opts.maxNoise !== undefined ? { maxNoise: this.opts.maxNoise } : {}),
    });
    this.warm = { key, theta: model.theta, fullAt: full ? n : warm.fullAt, fitAt: refit ? n : warm.fitAt };

    const { u } = maximizeAcquisition({
      enc,
      post: model.post,
      best: model.best,
      rng,
      seeds: bestUnits(space, h, 5),
      candidates: this.opts.candidates ?? (model.post.inp.n > 150 ? 512 : 1024),
      refine: this.opts.refine ?? 5,
    });
    return enc.fromUnit(u).params;
  }
}
