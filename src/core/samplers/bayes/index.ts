// `bayes`: Gaussian-process Bayesian optimization, the default algorithm (docs/algorithms.md).
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
import { Encoder, encodeRows } from "./encoding";
import { bestUnits, collectHistory } from "./history";
import { maximizeAcquisition } from "./acquisition";
import { warpOutputs } from "./warp";
import { spaceHash } from "../../space";
import { spaceFilling } from "./startup";
import { sampleMultiObjective } from "./multi";
import { startupTrials, type BayesOptions, type WarmState } from "./options";
import { fitWarmStarted, type RefitSchedule } from "./warmStart";
import { isMultiOrConstrained } from "../../multi/scored";
import type { Proposal, SampleContext, Sampler } from "../sampler";

export { DEFAULT_MAX_POINTS, type BayesOptions } from "./options";

/** One objective: every ask refits up to 60 trials, then every ⌈n/30⌉-th new trial. */
const SCHEDULE: RefitSchedule = {
  refitAll: 60,
  refitEvery: 30,
  maxFitPoints: 120,
  restarts: 2,
  fullIter: 80,
  shortIter: 15,
};

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
    const nStartup = startupTrials(this.opts, P);
    const h = collectHistory(space, ctx.trials, ctx.direction);
    if (enc.D === 0 || ctx.trials.length < nStartup || h.nReal < 2) return spaceFilling(space, ctx, rng);

    const key = `${spaceHash(space)}/${enc.D}`;
    const { model, warm } = fitWarmStarted({
      enc,
      rows: encodeRows(
        enc,
        h.observed.map((o) => o.params),
      ),
      y: warpOutputs(h.observed.map((o) => o.y)).values,
      pending: encodeRows(enc, h.pending),
      rng,
      opts: this.opts,
      schedule: SCHEDULE,
      nStartup,
      key,
      prev: this.warm && this.warm.key === key ? this.warm : undefined,
    });
    this.warm = warm;

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
