// Regularized (aging) evolution, Real et al. 2019 ("Regularized Evolution for Image Classifier Architecture Search"):
// the population is the P most recently created trials; a tournament of S members sampled from it picks the best as
// parent; the child is the parent with ONE active parameter mutated. The oldest member leaves as each new one comes
// (aging, not the worst), which keeps the search from clinging to a lucky early trial.
//
// Asynchronous (parallel) use: age is the trial number, so running and queued trials take their place in the
// population (pushing older ones out) but, having no value yet, cannot win a tournament. Failed trials are not
// members. Until P trials are members, proposals are uniformly random (the paper's random initial population).
// Conditions are respected: when the mutated parameter changes which parameters are active (e.g. a layer count),
// the newly active ones get random values and the ones that became inactive are dropped.
//
// Architectures: a list parameter reaches the sampler as its length and elements (structure.ts). Mutating the length
// removes one element at a random position, or inserts a new random one at a random position (the elements after
// it shift), so a layer is added or removed and the others keep their widths; mutating an element changes one op or
// width. With `crossover` > 0 (default 0.5), that share of children starts from a uniform crossover of two tournament
// winners
// (each parameter, list elements included, from either parent) before the mutation.
//
// Growth (Net2Net, docs/algorithms.md): in a space with lists, a share of children (`growth`, default 0.25) is the
// tournament winner with one list grown instead — one width-like element made larger, or one element repeated in
// place (a deeper net) — so the child can start from its parent's weights. The sampler names each child's parent
// (SampleContext.noteParent); the study records `inheritedFrom` when the child differs from it only by such growth.
import { cardinality, fromUnit, isActive, toUnit, type Param, type Space } from "../space";
import type { Direction, Literal, Params, Trial } from "../types";
import type { Rng } from "../rng";
import type { Proposal, SampleContext, Sampler } from "./sampler";
import { uniformParams, untriedChild } from "./random";
import { growFlat } from "../growth";
import { isStructured } from "../structure";

export interface EvolutionOptions {
  /** Population size P: how many of the most recent trials compete (default 20). */
  populationSize?: number;
  /** Tournament size S: members sampled per selection, the best becomes the parent (default 5). */
  sampleSize?: number;
  /** Standard deviation of a numeric mutation, in unit-cube coordinates (default 0.2). */
  mutationScale?: number;
  /** Share of children bred from two parents by uniform crossover before mutating (default 0.5). */
  crossover?: number;
  /** Share of children that grow one list of their parent (a wider or repeated element), in spaces with lists
   * (default 0.25). */
  growth?: number;
}

export class EvolutionSampler implements Sampler {
  readonly name = "evolution";
  readonly populationSize: number;
  readonly sampleSize: number;
  private readonly scale: number;
  private readonly crossover: number;
  private readonly growth: number;

  constructor(opts: EvolutionOptions = {}) {
    // 0.5: on NAS-Bench-201 (100 runs) as good at 100 queries as mutation alone and better at 200 (94.31 vs 94.25).
    this.crossover = Math.min(1, Math.max(0, opts.crossover ?? 0.5));
    this.populationSize = Math.max(2, Math.floor(opts.populationSize ?? 20));
    this.sampleSize = Math.max(1, Math.min(this.populationSize, Math.floor(opts.sampleSize ?? 5)));
    this.scale = opts.mutationScale ?? 0.2;
    this.growth = Math.min(1, Math.max(0, opts.growth ?? 0.25));
  }

  sample(ctx: SampleContext): Proposal {
    const { space, rng } = ctx;
    const random = () => uniformParams(space, rng);
    const population = this.population(ctx.trials);
    if (population.length < this.populationSize) return random();
    const scored = population.filter((t) => fitness(t, ctx.direction) !== undefined);
    if (scored.length === 0) return random();
    // Only a space with lists draws the growth coin: other spaces see exactly the draws they always did.
    const lists = this.growth > 0 && space.params.some((p) => p.slot !== undefined);
    let from = -1;
    const child = untriedChild(ctx, 32, () => {
      const winner = this.tournament(scored, ctx.direction, rng);
      from = winner.number;
      if (lists && rng.random() < this.growth) {
        const grown = growFlat(space, winner.params, rng, this.scale);
        if (grown) return repair(space, grown, undefined, rng);
      }
      let parent = winner.params;
      if (this.crossover > 0 && rng.random() < this.crossover)
        parent = cross(space, parent, this.tournament(scored, ctx.direction, rng).params, rng);
      return mutate(space, parent, rng, this.scale);
    });
    ctx.noteParent?.(from);
    return child;
  }

  /** In a space with lists, the population: a grown child starts from its parent's checkpoint (docs/trials.md). */
  possibleParents(space: Space, trials: readonly Trial[]): number[] {
    return isStructured(space) ? this.population(trials).map((t) => t.number) : [];
  }

  /** The P most recent member trials (by number): everything but failed ones. */
  population(trials: readonly Trial[]): Trial[] {
    const members = trials.filter((t) => t.state !== "failed").sort((a, b) => a.number - b.number);
    return members.slice(Math.max(0, members.length - this.populationSize));
  }

  private tournament(scored: Trial[], direction: Direction, rng: Rng): Trial {
    // S distinct members uniformly at random (partial Fisher–Yates on indices), the fittest wins.
    const idx = scored.map((_, i) => i);
    const s = Math.min(this.sampleSize, idx.length);
    let best: Trial | undefined;
    for (let k = 0; k < s; k++) {
      const j = k + rng.int(idx.length - k);
      [idx[k], idx[j]] = [idx[j], idx[k]];
      const t = scored[idx[k]];
      if (!best || fitter(fitness(t, direction)!, fitness(best, direction)!)) best = t;
    }
    return best!;
  }
}

/**
 * Higher is better: [tier, score]. Complete trials (tier 1) by value; pruned ones (tier 0: stopped early, values not
 * comparable with complete ones) rank below every complete one, among themselves by their last intermediate value.
 * Running/queued trials have no fitness yet.
 */
function fitness(t: Trial, direction: Direction): [number, number] | undefined {
  const sign = direction === "minimize" ? -1 : 1;
  if (t.state === "complete" && t.value !== undefined && Number.isFinite(t.value)) return [1, sign * t.value];
  if (t.state === "pruned") {
    const last = t.intermediate[t.intermediate.length - 1];
    return [0, last && Number.isFinite(last[1]) ? sign * last[1] : -Infinity];
  }
  return undefined;
}

function fitter(a: [number, number], b: [number, number]): boolean {
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}

/** The parent with one active, mutable parameter changed; activity re-evaluated in declaration order. */
export function mutate(space: Space, parent: Params, rng: Rng, scale = 0.2): Params {
  // Start from the parent as it fits the current space (a parameter it lacks but now needs gets a random value).
  const base = repair(space, parent, undefined, rng);
  const mutable = space.params.filter((p) => p.name in base && cardinality(p) > 1);
  if (mutable.length === 0) return base;
  const target = mutable[rng.int(mutable.length)];
  if (target.slot && target.slot.index < 0) return repair(space, resize(space, base, target, rng), undefined, rng);
  return repair(space, base, { name: target.name, value: mutateValue(target, base[target.name], rng, scale) }, rng);
}

/** One element fewer (removed at a random position) or more (a random one inserted at a random position). */
function resize(space: Space, base: Params, length: Param, rng: Rng): Params {
  const list = length.slot!.list;
  const slots = space.params.filter((p) => p.slot?.list === list && p.slot.index >= 0);
  const n = Number(base[length.name]);
  const lo = length.kind === "int" ? length.lo : n;
  const hi = length.kind === "int" ? length.hi : n;
  const grow = n <= lo ? true : n >= hi ? false : rng.random() < 0.5;
  const elems = slots.slice(0, n).map((p) => base[p.name]);
  if (grow) elems.splice(rng.int(n + 1), 0, fromUnit(slots[n], rng.random()));
  else elems.splice(rng.int(n), 1);
  const out: Params = { ...base, [length.name]: elems.length };
  slots.forEach((p, k) => (k < elems.length ? (out[p.name] = elems[k]) : delete out[p.name]));
  return out;
}

/** Uniform crossover: each parameter from either parent (the other's where the chosen one lacks it). */
function cross(space: Space, a: Params, b: Params, rng: Rng): Params {
  const out: Params = {};
  for (const p of space.params) {
    const [first, second] = rng.random() < 0.5 ? [a, b] : [b, a];
    if (p.name in first) out[p.name] = first[p.name];
    else if (p.name in second) out[p.name] = second[p.name];
  }
  return out;
}

/** Walk the space in order: keep existing values of active params (or the override), draw missing ones, drop inactive. */
function repair(space: Space, from: Params, override: { name: string; value: Literal } | undefined, rng: Rng): Params {
  const out: Params = {};
  for (const p of space.params) {
    if (!isActive(p, out)) continue;
    if (override && p.name === override.name) out[p.name] = override.value;
    else if (p.name in from) out[p.name] = from[p.name];
    else out[p.name] = fromUnit(p, rng.random());
  }
  return out;
}

/** A different value of the parameter: another choice, the other bool, or a Gaussian step in unit coordinates. */
function mutateValue(p: Param, v: Literal, rng: Rng, scale: number): Literal {
  if (p.kind === "choice") {
    const i = p.values.findIndex((c) => c === v);
    const others = p.values.filter((_, k) => k !== i);
    return others[rng.int(others.length)];
  }
  if (p.kind === "bool") return !v;
  const u = toUnit(p, v);
  const step = scale * rng.normal();
  const out = fromUnit(p, reflect(u + step));
  if (out !== v) return out;
  // The step stayed on the same value: move to the neighbouring value on the side the step pointed to.
  const dir = step >= 0 ? 1 : -1;
  if (p.kind === "float" && p.step === undefined) return neighbourFloat(p.lo, p.hi, v as number, dir);
  if (p.kind === "int" && p.log) {
    const x = v as number;
    return x + dir >= p.lo && x + dir <= p.hi ? x + dir : x - dir;
  }
  const n = cardinality(p);
  const cell = Math.min(n - 1, Math.floor(u * n));
  const next = cell + dir >= 0 && cell + dir < n ? cell + dir : cell - dir;
  return fromUnit(p, (next + 0.5) / n);
}

/** The next float at the 4 significant digits floats are drawn with (space.ts), inside [lo, hi]. */
function neighbourFloat(lo: number, hi: number, v: number, dir: number): number {
  const unit = v === 0 ? (hi - lo) / 1e4 : 10 ** (Math.floor(Math.log10(Math.abs(v))) - 3);
  const up = Number((v + dir * unit).toPrecision(4));
  return up >= lo && up <= hi ? up : Number((v - dir * unit).toPrecision(4));
}

/** Fold a coordinate back into [0, 1] (mirror at the walls), so steps near an edge stay near it. */
function reflect(x: number): number {
  let y = Math.abs(x) % 2;
  if (y > 1) y = 2 - y;
  return y;
}
