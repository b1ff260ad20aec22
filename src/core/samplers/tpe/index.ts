// Tree-structured Parzen Estimator (Bergstra et al. 2011), a faithful port of Optuna 3.1's TPESampler with its
// defaults: 10 random startup trials, gamma(n) = min(ceil(0.1·n), 25) good trials, 24 candidates drawn from the
// good-trial density l(x) and the one maximising l(x)/g(x) kept; prior kernel, magic clip, Optuna's weights.
// Differences: the constant liar is on by default (parallel asks); tied observations get bandwidths in chronological
// order (numpy's argsort orders ties arbitrarily); multivariate mode models the unconditional parameters jointly
// (Optuna: the intersection of past trials' spaces) and conditional ones univariately, as Optuna does.
// Several objectives or constraints: MOTPE's split (history.ts, splitMulti).
// Coordinates: see `encode` (unit cube, Optuna's internal ranges up to an affine map that cancels in l/g).
import { cardinality, contains, fromUnit, isActive, toUnit, type Param } from "../../space";
import type { Literal, Params, Trial } from "../../types";
import type { Rng } from "../../rng";
import type { Proposal, SampleContext, Sampler } from "../sampler";
import { uniformParams, untriedChild } from "../random";
import { defaultGamma, splitMulti, splitTrials } from "./history";
import { isMultiOrConstrained } from "../../multi/scored";
import { Parzen, type Dim, type ParzenOptions } from "./parzen";

export { defaultGamma } from "./history";

export interface TpeOptions {
  /** Random trials before the model is used (Optuna: 10). */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per suggestion (Optuna: 24). */
  nEiCandidates?: number;
  /** How many of n finished trials count as good. */
  gamma?: (n: number) => number;
  /** One joint kernel density over all unconditional parameters instead of one density per parameter. */
  multivariate?: boolean;
  /** Count running (and queued) trials as the worst observations, so parallel asks spread out. Default true. */
  constantLiar?: boolean;
  priorWeight?: number;
  considerMagicClip?: boolean;
  considerEndpoints?: boolean;
  /**
   * Score continuous dims with Optuna 3.1's kernel density, which lacks the −log σ term (optuna#5109, corrected in
   * Optuna 3.5): wide kernels, the prior above all, weigh more. Default true — this sampler mimics Optuna 3.1's TPE,
   * the reference it is benchmarked against; on seven shifted test functions (15 seeds, 100 trials) neither variant
   * dominates (3.1's is better on Branin, Rosenbrock-4, Ackley-5, Styblinski–Tang-8; the corrected one on Hartmann-3,
   * Hartmann-6, Levy-10). `false` gives the corrected density.
   */
  legacyDensity?: boolean;
}

export class TpeSampler implements Sampler {
  readonly name = "tpe";
  private readonly nStartup: number;
  private readonly nCandidates: number;
  private readonly gamma: (n: number) => number;
  private readonly constantLiar: boolean;
  private readonly parzen: ParzenOptions;

  constructor(opts: TpeOptions = {}) {
    this.nStartup = opts.nStartupTrials ?? 10;
    this.nCandidates = opts.nEiCandidates ?? 24;
    this.gamma = opts.gamma ?? defaultGamma;
    this.constantLiar = opts.constantLiar ?? true;
    this.parzen = {
      multivariate: opts.multivariate ?? false,
      priorWeight: opts.priorWeight ?? 1,
      magicClip: opts.considerMagicClip ?? true,
      considerEndpoints: opts.considerEndpoints ?? false,
      legacyDensity: opts.legacyDensity ?? true,
    };
  }

  sample(ctx: SampleContext): Proposal {
    // In a discrete space (architectures: choices, list lengths) the model can propose a point already evaluated or
    // running, which teaches nothing: draw again from the model, then at random, before accepting a repeat.
    let n = 0;
    return untriedChild(ctx, 17, () => (n++ < 9 ? this.propose(ctx) : uniformParams(ctx.space, ctx.rng)));
  }

  private propose(ctx: SampleContext): Params {
    const { space, rng } = ctx;
    const split = isMultiOrConstrained(ctx)
      ? splitMulti(ctx, this.gamma, this.constantLiar)
      : splitTrials(ctx.trials, ctx.direction, this.gamma, this.constantLiar);
    if (split.n < this.nStartup) return uniformParams(space, rng);

    // Multivariate: the unconditional parameters (active in every trial) share one joint density.
    const joint = new Map<string, Literal>();
    if (this.parzen.multivariate) {
      const ps = space.params.filter((p) => !p.condition);
      if (ps.length) this.choose(ps, split.below, split.above, rng).forEach((v, i) => joint.set(ps[i].name, v));
    }
    const out: Params = {};
    for (const p of space.params) {
      if (!isActive(p, out)) continue;
      out[p.name] = joint.has(p.name) ? joint.get(p.name)! : this.choose([p], split.below, split.above, rng)[0];
    }
    return out;
  }

  /** Draw candidates from l(x) over these params and return the one with the best l(x)/g(x). */
  private choose(ps: Param[], below: Trial[], above: Trial[], rng: Rng): Literal[] {
    const dims = ps.map(dimOf);
    const lower = new Parzen(dims, observations(ps, below), this.parzen);
    const upper = new Parzen(dims, observations(ps, above), this.parzen);
    const cands = lower.sample(rng, this.nCandidates);
    // Like Optuna, score what will actually be proposed: log-scale ints are rounded before l/g are evaluated.
    for (const c of cands) ps.forEach((p, j) => (c[j] = snap(p, c[j])));
    const l = lower.logPdf(cands);
    const g = upper.logPdf(cands);
    let best = 0;
    for (let s = 1; s < cands.length; s++) if (l[s] - g[s] > l[best] - g[best]) best = s;
    return ps.map((p, j) => decode(p, dims[j], cands[best][j]));
  }
}

export function dimOf(p: Param): Dim {
  if (p.kind === "choice") return { kind: "categorical", k: p.values.length };
  if (p.kind === "bool") return { kind: "categorical", k: 2 };
  if (p.kind === "list") throw new Error(`internal: list "${p.name}" reaches samplers only through flatSpace`);
  const n = cardinality(p);
  return !p.log && Number.isFinite(n) ? { kind: "discrete", cells: n } : { kind: "continuous" };
}

/** Each trial's coordinates for these params; trials where one is inactive (or invalid) are left out. */
function observations(ps: Param[], trials: Trial[]): number[][] {
  const out: number[][] = [];
  for (const t of trials) {
    const row: number[] = [];
    for (const p of ps) {
      const v = t.params[p.name];
      if (!(p.name in t.params) || !contains(p, v)) break;
      row.push(encode(p, v));
    }
    if (row.length === ps.length) out.push(row);
  }
  return out;
}

/**
 * A value's coordinate for the estimator. Matches Optuna's internal ranges up to an affine map (which cancels in
 * l/g): linear ranges are [0,1] (ints and steps as cells, i.e. [lo − q/2, hi + q/2]); log ranges are log-uniform;
 * log-scale ints span [log(lo − ½), log(hi + ½)] so the end values get whole cells; choices are indices.
 */
export function encode(p: Param, v: Literal): number {
  if (p.kind === "choice") return p.values.findIndex((c) => c === v);
  if (p.kind === "bool") return v ? 1 : 0;
  if (p.kind === "int" && p.log) {
    const [a, b] = logIntRange(p);
    return (Math.log(Number(v)) - a) / (b - a);
  }
  return toUnit(p, v);
}

export function decode(p: Param, dim: Dim, x: number): Literal {
  if (dim.kind === "categorical") return p.kind === "bool" ? x === 1 : (p as { values: Literal[] }).values[x];
  if (p.kind === "int" && p.log) {
    const [a, b] = logIntRange(p);
    return Math.min(p.hi, Math.max(p.lo, Math.round(Math.exp(a + Math.min(1, Math.max(0, x)) * (b - a)))));
  }
  return fromUnit(p, x);
}

function snap(p: Param, x: number): number {
  return p.kind === "int" && p.log ? encode(p, decode(p, { kind: "continuous" }, x)) : x;
}

function logIntRange(p: Param & { lo: number; hi: number }): [number, number] {
  return [Math.log(p.lo - 0.5), Math.log(p.hi + 0.5)];
}
