// `bayes` with several objectives and/or constraints.
//   objectives   ParEGO (Knowles 2006): each ask draws a weight vector λ uniformly from the simplex, normalizes every
//                objective to [0, 1] over the trials so far and models the augmented Chebyshev scalarization
//                max_i λ_i f_i + 0.05 Σ λ_i f_i with the same GP and log EI as one objective. Over many asks the
//                random weights spread the proposals along the whole front. One GP per ask keeps it as fast as
//                single-objective `bayes`.
//   constraints  one GP per constraint on its g (standardized), and log P(g ≤ 0) added to log EI; the incumbent is
//                the best feasible trial. Until a trial is feasible the acquisition is P(feasible) alone.
//   failures     imputed at the worst scalarized value; they carry no constraint values.
import { Encoder } from "./encoding";
import { buildModel } from "./model";
import { maximizeAcquisition } from "./acquisition";
import { warpOutputs } from "./warp";
import { predict } from "./gp";
import { spaceFilling } from "./startup";
import type { Feasibility } from "./feasibility";
import type { BayesOptions, WarmState } from "./index";
import { DEFAULT_MAX_POINTS } from "./index";
import { spaceHash, unitFromParams } from "../../space";
import type { Rng } from "../../rng";
import type { Proposal, SampleContext } from "../sampler";
import { nonDominatedSort } from "../../multi/pareto";
import { scoredTrials, type Scored } from "../../multi/scored";

export function sampleMultiObjective(ctx: SampleContext, opts: BayesOptions, warm: Map<string, WarmState>): Proposal {
  const { space, rng } = ctx;
  const P = space.params.length;
  const enc = new Encoder(space);
  const nStartup = opts.nStartupTrials ?? Math.min(10, 2 * P + 1);
  const scored = scoredTrials(ctx);
  if (enc.D === 0 || ctx.trials.length < nStartup || scored.length < 2) return spaceFilling(space, ctx, rng);
  const usable = ctx.trials.filter((t) => t.outsideSpace === undefined);
  const failed = usable.filter((t) => t.state === "failed").map((t) => t.params);
  const pendingParams = usable.filter((t) => t.state === "running" || t.state === "queued").map((t) => t.params);

  const D = enc.D;
  const scal = scalarize(scored, rng);
  const worst = Math.max(...scal);
  const obsParams = [...scored.map((s) => s.trial.params), ...failed];
  const ys = [...scal, ...failed.map(() => worst)];
  const rows = new Float64Array(obsParams.length * D);
  obsParams.forEach((p, i) => enc.encode(p, rows, i));
  const pending = new Float64Array(pendingParams.length * D);
  pendingParams.forEach((p, i) => enc.encode(p, pending, i));
  const n = ys.length;
  const key = `${spaceHash(space)}/${D}`;

  const fit = (name: string, X: Float64Array, y: number[], pend: Float64Array) => {
    const w = warm.get(`${key}/${name}`);
    const m = y.length;
    const full = !w || m >= w.fullAt * 1.2 || m <= 2 * nStartup;
    const refit = full || m <= 40 || m - w.fitAt >= Math.ceil(m / 20) || m < w.fitAt;
    const model = buildModel(enc, X, y, pend, rng, {
      maxPoints: opts.maxPoints ?? DEFAULT_MAX_POINTS,
      maxFitPoints: opts.maxFitPoints ?? 100,
      ...(w ? { warm: w.theta } : {}),
      reuse: !refit,
      restarts: full ? (opts.restarts ?? 1) : 0,
      maxIter: full ? 60 : 12,
      ...(opts.maxNoise !== undefined ? { maxNoise: opts.maxNoise } : {}),
    });
    warm.set(`${key}/${name}`, {
      key,
      theta: model.theta,
      fullAt: full ? m : w.fullAt,
      fitAt: refit ? m : w.fitAt,
    });
    return model;
  };

  const warp = warpOutputs(ys);
  const model = fit("objective", rows, warp.values, pending);

  // Constraints: modelled on the trials that have their values (complete ones); running trials are fantasized
  // pessimistically there too, so parallel asks that only seek feasibility spread out.
  const feasibility: Feasibility[] = [];
  const nc = ctx.constraints?.length ?? 0;
  const cRows = rows.subarray(0, scored.length * D);
  for (let j = 0; j < nc; j++) {
    const g = scored.map((s) => s.g[j]);
    if (g.every((v) => v <= 0)) continue; // never broken so far: nothing to steer away from
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    const sd = Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length) || Math.max(1, Math.abs(mean));
    const c = fit(
      `constraint${j}`,
      cRows,
      g.map((v) => (v - mean) / sd),
      pending,
    );
    feasibility.push({ post: c.post, threshold: -mean / sd });
  }

  // The incumbent: the best modelled mean among feasible trials (all trials when there are no constraints).
  let best = model.best;
  const feasible = scored.map((s) => s.viol === 0);
  if (nc) {
    best = Infinity;
    for (let i = 0; i < scored.length; i++)
      if (feasible[i]) best = Math.min(best, predict(model.post, rows.subarray(i * D, (i + 1) * D)).mean);
  }
  const objective = Number.isFinite(best);
  // Local candidates around the first (constrained) front, best scalarized first.
  const front = nonDominatedSort(
    scored.map((s) => s.y),
    scored.map((s) => s.viol),
  )[0];
  const seeds = [...front]
    .sort((a, b) => scal[a] - scal[b])
    .slice(0, 5)
    .map((i) => unitFromParams(space, scored[i].trial.params));
  const { u } = maximizeAcquisition({
    enc,
    post: model.post,
    best,
    rng,
    seeds,
    // Fewer candidates and refinements than one objective: each ask optimizes a fresh scalarization, so the
    // acquisition's exact maximum matters less than the weights' spread, and it keeps an ask near 100 ms at 150 trials.
    candidates: opts.candidates ?? (n > 100 ? 256 : 512),
    refine: opts.refine ?? 3,
    feasibility,
    objective,
  });
  return enc.fromUnit(u).params;
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
