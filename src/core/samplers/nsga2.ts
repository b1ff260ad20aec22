// NSGA-II (Deb, Pratap, Agarwal, Meyarivan 2002) over asynchronous trials. Generation g holds trials
// g·P … g·P + P − 1 (by number, so resume needs no state). Its parents are the elite P of every trial finished in
// earlier generations, ranked by constrained non-dominated sorting (Deb's rule: feasible beats infeasible, less
// violation beats more) and crowding distance — the (μ + λ) survival of the paper. A child comes from two binary
// tournaments, simulated binary crossover (SBX, η = 15) on numeric coordinates and uniform crossover on choices,
// then polynomial mutation (η = 20) of each coordinate with probability 1/d. Generation 0 is uniformly random.
import { paramsFromUnit, unitFromParams, type Param } from "../space";
import type { Rng } from "../rng";
import type { Proposal, SampleContext, Sampler } from "./sampler";
import { uniformParams, untriedChild } from "./random";
import { crowdingDistance, nonDominatedSort } from "../multi/pareto";
import { scoredTrials, type Scored } from "../multi/scored";

export interface Nsga2Options {
  /** Population size P (default 20: a 100–200 trial study still sees several generations). */
  populationSize?: number;
  /** Crossover probability (default 0.9). */
  crossoverProb?: number;
  /** Per-coordinate mutation probability (default 1/d). */
  mutationProb?: number;
  /** Distribution indices of SBX and polynomial mutation. */
  etaCrossover?: number;
  etaMutation?: number;
}

interface Member {
  s: Scored;
  rank: number;
  crowd: number;
}

export class Nsga2Sampler implements Sampler {
  readonly name = "nsga2";
  readonly populationSize: number;
  constructor(private readonly opts: Nsga2Options = {}) {
    this.populationSize = Math.max(4, Math.floor(opts.populationSize ?? 20));
  }

  sample(ctx: SampleContext): Proposal {
    const { space, rng } = ctx;
    const random = () => uniformParams(space, rng);
    const P = this.populationSize;
    const gen = Math.floor(ctx.number / P);
    if (gen === 0) return random();
    const pool = scoredTrials(ctx).filter((s) => s.trial.number < gen * P);
    if (pool.length < 2) return random();
    const parents = elite(pool, P);
    return untriedChild(ctx, 16, () => {
      const a = tournament(parents, rng);
      const b = tournament(parents, rng);
      const u = this.breed(
        space.params,
        unitFromParams(space, a.s.trial.params),
        unitFromParams(space, b.s.trial.params),
        rng,
      );
      return paramsFromUnit(space, u);
    });
  }

  private breed(params: readonly Param[], a: number[], b: number[], rng: Rng): number[] {
    const d = params.length;
    const cross = rng.random() < (this.opts.crossoverProb ?? 0.9);
    const pm = this.opts.mutationProb ?? 1 / Math.max(1, d);
    const ec = this.opts.etaCrossover ?? 15;
    const em = this.opts.etaMutation ?? 20;
    const out: number[] = [];
    for (let i = 0; i < d; i++) {
      const numeric = params[i].kind === "float" || params[i].kind === "int";
      const x1 = Number.isFinite(a[i]) ? a[i] : rng.random();
      const x2 = Number.isFinite(b[i]) ? b[i] : rng.random();
      let x = x1;
      if (cross) x = numeric ? sbx(x1, x2, ec, rng) : rng.random() < 0.5 ? x1 : x2;
      if (rng.random() < pm) x = numeric ? polyMutate(x, em, rng) : rng.random();
      out.push(Math.min(1, Math.max(0, x)));
    }
    return out;
  }
}

/** The best P by (constrained) front, then crowding distance: NSGA-II's survival. */
export function elite(pool: readonly Scored[], P: number): Member[] {
  const fronts = nonDominatedSort(
    pool.map((s) => s.y),
    pool.map((s) => s.viol),
  );
  const out: Member[] = [];
  fronts.forEach((f, rank) => {
    if (out.length >= P) return;
    const cd = crowdingDistance(f.map((i) => pool[i].y));
    const members = f.map((i, k) => ({ s: pool[i], rank, crowd: cd[k] }));
    if (out.length + members.length > P)
      members.sort((x, y) => y.crowd - x.crowd || x.s.trial.number - y.s.trial.number);
    out.push(...members.slice(0, P - out.length));
  });
  return out;
}

function tournament(ms: readonly Member[], rng: Rng): Member {
  const a = ms[rng.int(ms.length)];
  const b = ms[rng.int(ms.length)];
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  return a.crowd >= b.crowd ? a : b;
}

/** Simulated binary crossover on [0, 1] (Deb & Agrawal 1995, bounded form): one child. */
function sbx(x1: number, x2: number, eta: number, rng: Rng): number {
  if (Math.abs(x1 - x2) < 1e-14 || rng.random() < 0.5) return rng.random() < 0.5 ? x1 : x2;
  const y1 = Math.min(x1, x2);
  const y2 = Math.max(x1, x2);
  const u = rng.random();
  const child = (beta: number) => {
    const alpha = 2 - Math.pow(beta, -(eta + 1));
    const bq = u <= 1 / alpha ? Math.pow(u * alpha, 1 / (eta + 1)) : Math.pow(1 / (2 - u * alpha), 1 / (eta + 1));
    return bq;
  };
  const bl = child(1 + (2 * y1) / (y2 - y1));
  const c1 = 0.5 * (y1 + y2 - bl * (y2 - y1));
  const bu = child(1 + (2 * (1 - y2)) / (y2 - y1));
  const c2 = 0.5 * (y1 + y2 + bu * (y2 - y1));
  return rng.random() < 0.5 ? c1 : c2;
}

/** Polynomial mutation on [0, 1] (Deb & Goyal 1996). */
function polyMutate(x: number, eta: number, rng: Rng): number {
  const u = rng.random();
  const d1 = x;
  const d2 = 1 - x;
  const p = 1 / (eta + 1);
  const dq =
    u < 0.5
      ? Math.pow(2 * u + (1 - 2 * u) * Math.pow(1 - d1, eta + 1), p) - 1
      : 1 - Math.pow(2 * (1 - u) + 2 * (u - 0.5) * Math.pow(1 - d2, eta + 1), p);
  return x + dq;
}
