// `bayes` with several objectives and/or constraints.
//   objectives   ParEGO (Knowles 2006): each ask draws a weight vector λ uniformly from the simplex, normalizes every
//                objective to [0, 1] over the trials so far and models the augmented Chebyshev scalarization
//                max_i λ_i f_i + 0.05 Σ λ_i f_i with the same GP and log EI as one objective. Over many asks the
//                random weights spread the proposals along the whole front. One GP per ask keeps it as fast as
//                single-objective `bayes`.
//   constraints  one GP per constraint on its g (standardized), and log P(g ≤ 0) added to log EI; the incumbent is
//                the best feasible trial. Until a trial is feasible the acquisition is P(feasible) alone.
//   failures     imputed at the worst scalarized value; they carry no constraint values.
import { Encoder, encodeRows } from "./encoding";
import type { Model } from "./model";
import { maximizeAcquisition } from "./acquisition";
import { warpOutputs } from "./warp";
import { predict } from "./gp";
import { spaceFilling } from "./startup";
import type { Feasibility } from "./feasibility";
import { startupTrials, type BayesOptions, type WarmState } from "./options";
import { fitWarmStarted, type RefitSchedule } from "./warmStart";
import { spaceHash, unitFromParams, type Space } from "../../space";
import type { Rng } from "../../rng";
import type { Proposal, SampleContext } from "../sampler";
import { nonDominatedSort } from "../../multi/pareto";
import { scoredTrials, type Scored } from "../../multi/scored";

/** Several objectives: a GP per ask and per constraint, so refits come sooner and cost less than one objective's. */
const SCHEDULE: RefitSchedule = {
  refitAll: 40,
  refitEvery: 20,
  maxFitPoints: 100,
  restarts: 1,
  fullIter: 60,
  shortIter: 12,
};

/** Fits one named GP (the scalarized objective, or a constraint) warm-started from its state in `warm`. */
type FitNamed = (name: string, X: Float64Array, y: number[]) => Model;

export function sampleMultiObjective(ctx: SampleContext, opts: BayesOptions, warm: Map<string, WarmState>): Proposal {
  const { space, rng } = ctx;
  const enc = new Encoder(space);
  const nStartup = startupTrials(opts, space.params.length);
  const scored = scoredTrials(ctx);
  if (enc.D === 0 || ctx.trials.length < nStartup || scored.length < 2) return spaceFilling(space, ctx, rng);
  const usable = ctx.trials.filter((t) => t.outsideSpace === undefined);
  const failed = usable.filter((t) => t.state === "failed").map((t) => t.params);
  const pendingParams = usable.filter((t) => t.state === "running" || t.state === "queued").map((t) => t.params);

  const scal = scalarize(scored, rng);
  const worst = Math.max(...scal);
  const rows = encodeRows(enc, [...scored.map((s) => s.trial.params), ...failed]);
  const ys = [...scal, ...failed.map(() => worst)];
  const pending = encodeRows(enc, pendingParams);
  const key = `${spaceHash(space)}/${enc.D}`;
  const fit: FitNamed = (name, X, y) => {
    const prev = warm.get(`${key}/${name}`);
    const fitted = fitWarmStarted({ enc, rows: X, y, pending, rng, opts, schedule: SCHEDULE, nStartup, key, prev });
    warm.set(`${key}/${name}`, fitted.warm);
    return fitted.model;
  };

  const model = fit("objective", rows, warpOutputs(ys).values);
  const nc = ctx.constraints?.length ?? 0;
  const feasibility = constraintModels(scored, rows.subarray(0, scored.length * enc.D), nc, fit);
  const best = incumbent(model, rows, scored, enc.D, nc > 0);
  const { u } = maximizeAcquisition({
    enc,
    post: model.post,
    best,
    rng,
    seeds: frontSeeds(space, scored, scal),
    // Fewer candidates and refinements than one objective: each ask optimizes a fresh scalarization, so the
    // acquisition's exact maximum matters less than the weights' spread, and it keeps an ask near 100 ms at 150 trials.
    candidates: opts.candidates ?? (ys.length > 100 ? 256 : 512),
    refine: opts.refine ?? 3,
    feasibility,
    objective: Number.isFinite(best),
  });
  return enc.fromUnit(u).params;
}

/**
 * One GP per constraint ever broken, on its standardized g over the trials that have its values (complete ones);
 * running trials are fantasized pessimistically there too, so parallel asks that only seek feasibility spread out.
 */
function constraintModels(scored: readonly Scored[], cRows: Float64Array, nc: number, fit: FitNamed): Feasibility[] {
  const feasibility: Feasibility[] = [];
  for (let j = 0; j < nc; j++) {
    const g = scored.map((s) => s.g[j]);
    if (g.every((v) => v <= 0)) continue; // never broken so far: nothing to steer away from
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    const sd = Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length) || Math.max(1, Math.abs(mean));
    const c = fit(
      `constraint${j}`,
      cRows,
      g.map((v) => (v - mean) / sd),
    );
    feasibility.push({ post: c.post, threshold: -mean / sd });
  }
  return feasibility;
}

/** The incumbent: the best modelled mean among feasible trials (all trials when there are no constraints). */
function incumbent(
  model: Model,
  rows: Float64Array,
  scored: readonly Scored[],
  D: number,
  constrained: boolean,
): number {
  if (!constrained) return model.best;
  let best = Infinity;
  for (let i = 0; i < scored.length; i++)
    if (scored[i].viol === 0) best = Math.min(best, predict(model.post, rows.subarray(i * D, (i + 1) * D)).mean);
  return best;
}

/** Local candidates around the first (constrained) front, best scalarized first. */
function frontSeeds(space: Space, scored: readonly Scored[], scal: readonly number[]): number[][] {
  const front = nonDominatedSort(
    scored.map((s) => s.y),
    scored.map((s) => s.viol),
  )[0];
  return [...front]
    .sort((a, b) => scal[a] - scal[b])
    .slice(0, 5)
    .map((i) => unitFromParams(space, scored[i].trial.params));
}

/** ParEGO's augmented Chebyshev scalarization of each trial under a fresh random weight vector. */
export function scalarize(scored: readonly Scored[], rng: Rng, rho = 0.05): number[] {
  const m = scored[0].y.length;
  const lo = new Array<number>(m).fill(Infinity);
  const hi = new Array<number>(m).fill(-Infinity);
  for (const s of scored)
    s.y.forEach((v, k) => {
      lo[k] = Math.min(lo[k], v);
      hi[k] = Math.max(hi[k], v);
    });
  const raw = Array.from({ length: m }, () => -Math.log(1 - rng.random()));
  const sum = raw.reduce((a, b) => a + b, 0);
  const lambda = raw.map((r) => r / sum);
  return scored.map((s) => {
    let mx = -Infinity;
    let tot = 0;
    s.y.forEach((v, k) => {
      const f = hi[k] > lo[k] ? (v - lo[k]) / (hi[k] - lo[k]) : 0;
      mx = Math.max(mx, lambda[k] * f);
      tot += lambda[k] * f;
    });
    return mx + rho * tot;
  });
}
