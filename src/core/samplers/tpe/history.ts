// Which past trials are "good" (below) and which are not (above), ranked the way Optuna's TPESampler ranks them:
// complete trials by value; pruned trials after them, deeper steps first, each by its last intermediate value;
// running/queued trials (the constant liar) last. Failed trials inform nothing.
import type { Direction, Trial } from "../../types";
import type { SampleContext } from "../sampler";
import { crowdingDistance, nonDominatedSort } from "../../multi/pareto";
import { scoredTrials } from "../../multi/scored";

export interface Split {
  /** Complete + pruned trials: what the startup count and gamma are based on. */
  n: number;
  /** Trials in chronological order, good ones and the rest. */
  below: Trial[];
  above: Trial[];
}

/** Optuna's default gamma: how many of n observations count as good. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

export function splitTrials(
  trials: readonly Trial[],
  direction: Direction,
  gamma: (n: number) => number,
  constantLiar: boolean,
): Split {
  const sign = direction === "minimize" ? 1 : -1;
  const ranked: { t: Trial; step: number; score: number; order: number }[] = [];
  let n = 0;
  for (const t of trials) {
    let step: number;
    let score: number;
    if (t.state === "complete") {
      if (t.value === undefined || !Number.isFinite(t.value)) continue;
      step = -Infinity;
      score = sign * t.value;
    } else if (t.state === "pruned") {
      const last = t.intermediate[t.intermediate.length - 1];
      if (last) {
        step = -last[0];
        score = Number.isFinite(last[1]) ? sign * last[1] : Infinity;
      } else {
        step = 1;
        score = 0;
      }
    } else if ((t.state === "running" || t.state === "queued") && constantLiar) {
      step = Infinity;
      score = Infinity;
    } else continue;
    if (t.state !== "running" && t.state !== "queued") n++;
    ranked.push({ t, step, score, order: ranked.length });
  }
  ranked.sort((a, b) => cmp(a.step, b.step) || cmp(a.score, b.score) || a.order - b.order);
  const nBelow = Math.min(gamma(n), n);
  const isBelow = new Set(ranked.slice(0, nBelow).map((r) => r.order));
  const below: Trial[] = [];
  const above: Trial[] = [];
  // Back to chronological order: the estimator's weights favour recent observations.
  ranked.sort((a, b) => a.order - b.order);
  for (const r of ranked) (isBelow.has(r.order) ? below : above).push(r.t);
  return { n, below, above };
}

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Several objectives and/or constraints (MOTPE, Ozaki et al. 2020, as in Optuna 3.1): the good trials are the first
 * gamma(n) by constrained non-dominated sorting (feasible before infeasible, less violation first), the front that
 * overflows cut by crowding distance (Optuna: by hypervolume subset selection) so the kept part stays spread out.
 */
export function splitMulti(ctx: SampleContext, gamma: (n: number) => number, constantLiar: boolean): Split {
  const scored = scoredTrials(ctx);
  const n = scored.length;
  const nBelow = Math.min(gamma(n), n);
  const fronts = nonDominatedSort(
    scored.map((s) => s.y),
    scored.map((s) => s.viol),
  );
  const good = new Set<Trial>();
  for (const f of fronts) {
    if (good.size >= nBelow) break;
    let members = f;
    if (good.size + f.length > nBelow) {
      const cd = crowdingDistance(f.map((i) => scored[i].y));
      members = f
        .map((i, k) => ({ i, c: cd[k] }))
        .sort((a, b) => b.c - a.c || a.i - b.i)
        .slice(0, nBelow - good.size)
        .map((x) => x.i);
    }
    for (const i of members) good.add(scored[i].trial);
  }
  const below: Trial[] = [];
  const above: Trial[] = [];
  const isScored = new Set(scored.map((s) => s.trial));
  for (const t of ctx.trials) {
    if (good.has(t)) below.push(t);
    else if (isScored.has(t)) above.push(t);
    else if ((t.state === "running" || t.state === "queued") && constantLiar) above.push(t);
  }
  return { n, below, above };
}
