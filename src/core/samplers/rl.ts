// A REINFORCE controller, as in Zoph & Le 2017 ("Neural Architecture Search with Reinforcement Learning"): a policy
// emits the decisions one after another — every parameter of the (flat) space in declaration order, list lengths
// included — each from a softmax whose logits depend on the decisions already taken (autoregressive context: a bias
// per option plus a weight per earlier decision's option). After each trial the policy takes one policy-gradient
// step on its log-probability, weighted by the reward minus a moving-average baseline (scaled by a moving spread so
// any metric's units work), plus an entropy bonus that keeps it from collapsing early.
//
// The policy is a pure function of the finished trials in number order, so a resumed study rebuilds it exactly; the
// sampler only caches it to make the next ask an incremental step. Numbers with many values are decided in 10 bins
// (a uniform draw inside the chosen bin); choices, bools and small integer ranges are decided value by value.
import { cardinality, fromUnit, isActive, toUnit, type Param, type Space } from "../space";
import type { Direction, Params, Trial } from "../types";
import type { Rng } from "../rng";
import type { Proposal, SampleContext, Sampler } from "./sampler";
import { untriedChild } from "./random";

export interface RlOptions {
  /** Step size of the policy-gradient update on the logits (default 0.3). */
  learningRate?: number;
  /** Decay of the moving-average baseline (default 0.9). */
  baselineDecay?: number;
  /** Weight of the entropy bonus (default 0.02). */
  entropyWeight?: number;
}

/** Options a number parameter with more values than this is binned into. */
const MAX_OPTIONS = 16;
const BINS = 10;

interface Decision {
  param: Param;
  /** Number of options. */
  k: number;
  /** Options are value cells (exact) rather than bins of the unit interval. */
  exact: boolean;
}

/** The policy: per decision a bias vector, and per earlier decision a k_j × k_i context matrix. */
class Policy {
  readonly bias: Float64Array[];
  readonly ctx: Float64Array[][];
  baseline: number | undefined;
  spread = 0;
  constructor(readonly decisions: Decision[]) {
    this.bias = decisions.map((d) => new Float64Array(d.k));
    this.ctx = decisions.map((d, i) => decisions.slice(0, i).map((e) => new Float64Array(e.k * d.k)));
  }

  /** Softmax probabilities of decision i given the options taken so far (-1: inactive). */
  probs(i: number, taken: readonly number[]): Float64Array {
    const k = this.decisions[i].k;
    const z = Float64Array.from(this.bias[i]);
    for (let j = 0; j < i; j++) {
      const a = taken[j];
      if (a < 0) continue;
      const w = this.ctx[i][j];
      for (let o = 0; o < k; o++) z[o] += w[a * k + o];
    }
    let max = -Infinity;
    for (let o = 0; o < k; o++) max = Math.max(max, z[o]);
    let sum = 0;
    for (let o = 0; o < k; o++) sum += z[o] = Math.exp(z[o] - max);
    for (let o = 0; o < k; o++) z[o] /= sum;
    return z;
  }

  /** One REINFORCE step on the taken options, with this reward. */
  learn(taken: readonly number[], reward: number, lr: number, decay: number, beta: number): void {
    if (this.baseline === undefined) {
      this.baseline = reward;
      return;
    }
    const diff = reward - this.baseline;
    this.spread = this.spread === 0 ? Math.abs(diff) : decay * this.spread + (1 - decay) * Math.abs(diff);
    const adv = this.spread > 0 ? diff / this.spread : 0;
    this.baseline = decay * this.baseline + (1 - decay) * reward;
    for (let i = 0; i < this.decisions.length; i++) {
      const a = taken[i];
      if (a < 0) continue;
      const p = this.probs(i, taken);
      const k = p.length;
      let h = 0;
      for (let o = 0; o < k; o++) if (p[o] > 0) h -= p[o] * Math.log(p[o]);
      // d log p(a)/dz = onehot(a) - p;  dH/dz = -p (log p + H).
      const g = new Float64Array(k);
      for (let o = 0; o < k; o++)
        g[o] = adv * ((o === a ? 1 : 0) - p[o]) - beta * (p[o] > 0 ? p[o] * (Math.log(p[o]) + h) : 0);
      for (let o = 0; o < k; o++) this.bias[i][o] += lr * g[o];
      for (let j = 0; j < i; j++) {
        const b = taken[j];
        if (b < 0) continue;
        const w = this.ctx[i][j];
        for (let o = 0; o < k; o++) w[b * k + o] += lr * g[o];
      }
    }
  }
}

export class RlSampler implements Sampler {
  readonly name = "rl";
  private readonly lr: number;
  private readonly decay: number;
  private readonly beta: number;
  /** The policy trained on `seen` (finished trial numbers, in order) for `space`: extended while that is a prefix. */
  private cache: { space: Space; seen: number[]; policy: Policy } | undefined;

  constructor(opts: RlOptions = {}) {
    this.lr = opts.learningRate ?? 0.3;
    this.decay = opts.baselineDecay ?? 0.9;
    this.beta = opts.entropyWeight ?? 0.02;
  }

  sample(ctx: SampleContext): Proposal {
    const policy = this.policy(ctx.space, ctx.trials, ctx.direction);
    // A repeat of an evaluated architecture teaches nothing: draw again (cheap) before accepting one.
    return untriedChild(ctx, 20, () => draw(policy, ctx.rng));
  }

  /** The policy after learning from every finished trial, oldest first. */
  private policy(space: Space, trials: readonly Trial[], direction: Direction): Policy {
    const finished = trials.filter((t) => reward(t, direction) !== undefined).sort((a, b) => a.number - b.number);
    const c = this.cache;
    const prefix =
      c !== undefined &&
      c.space === space &&
      c.seen.length <= finished.length &&
      c.seen.every((n, i) => finished[i].number === n);
    const cache = prefix ? c! : { space, seen: [], policy: new Policy(decisionsOf(space)) };
    for (let i = cache.seen.length; i < finished.length; i++) {
      const t = finished[i];
      cache.policy.learn(
        options(cache.policy.decisions, t.params),
        reward(t, direction)!,
        this.lr,
        this.decay,
        this.beta,
      );
      cache.seen.push(t.number);
    }
    this.cache = cache;
    return cache.policy;
  }
}

function decisionsOf(space: Space): Decision[] {
  return space.params.map((param) => {
    const n = cardinality(param);
    const exact = param.kind === "choice" || param.kind === "bool" || n <= MAX_OPTIONS;
    return { param, k: exact ? n : BINS, exact };
  });
}

/** The option index each decision took in these params (-1 where the parameter is absent). */
function options(decisions: Decision[], params: Params): number[] {
  return decisions.map((d) => {
    if (!(d.param.name in params)) return -1;
    const u = toUnit(d.param, params[d.param.name]);
    return Math.min(d.k - 1, Math.max(0, Math.floor(u * d.k)));
  });
}

/** Sample every active decision in order from the policy. */
function draw(policy: Policy, rng: Rng): Params {
  const out: Params = {};
  const taken: number[] = [];
  policy.decisions.forEach((d, i) => {
    if (!isActive(d.param, out)) {
      taken.push(-1);
      return;
    }
    const p = policy.probs(i, taken);
    let r = rng.random();
    let a = p.length - 1;
    for (let o = 0; o < p.length; o++) {
      r -= p[o];
      if (r < 0) {
        a = o;
        break;
      }
    }
    taken.push(a);
    // Exact options are cell centres; a bin is filled with a uniform draw inside it.
    const u = d.exact ? (a + 0.5) / d.k : (a + rng.random()) / d.k;
    out[d.param.name] = fromUnit(d.param, u);
  });
  return out;
}

/** Higher is better. Complete trials by value; pruned ones by their last intermediate value. */
function reward(t: Trial, direction: Direction): number | undefined {
  const sign = direction === "minimize" ? -1 : 1;
  if (t.state === "complete" && t.value !== undefined && Number.isFinite(t.value)) return sign * t.value;
  if (t.state === "pruned") {
    const last = t.intermediate[t.intermediate.length - 1];
    if (last && Number.isFinite(last[1])) return sign * last[1];
  }
  return undefined;
}
