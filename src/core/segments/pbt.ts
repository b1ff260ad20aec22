// Population-based training (Jaderberg et al. 2017), asynchronous as in Ray Tune: a population trains in segments of
// `interval` steps. When a member ends a segment in the bottom quantile of the population (by its latest value), it
// stops, and a child takes its place: the child starts from a top-quantile member's checkpoint (exploit) with
// perturbed values (explore). Otherwise the member continues. The lineage is kept in the child's attributes
// (`parent`, `resumeFrom`, `resumeStep`, `replaced`), so the views can show who inherited from whom.
// In a space with lists, a share of children (`growth`, default 0.25) also grows one list (a wider or one more layer,
// growth.ts): the child records `inheritedFrom` and the growth, and its runner morphs the leader's checkpoint into
// the grown network (docs/trials.md). Spaces without lists draw exactly what they always did.
import type { Rng } from "../rng";
import { grow } from "../growth";
import { isStructured } from "../structure";
import { fromUnit, isActive, toUnit, type Param, type Space } from "../space";
import type { Literal, Params } from "../types";
import { lastStep, type SegmentContext, type SegmentDecision, type SegmentScheduler } from "./scheduler";

export interface PbtOptions {
  /** Members trained at once (default 8, or the trial limit when smaller). */
  population?: number;
  /** Steps per segment (default: an eighth of the budget's max, at least 1). */
  interval?: number;
  /** Share of the population that is "bottom" and "top" (default 0.25). */
  quantile?: number;
  /** Share of children that also grow one list, in spaces with lists (default 0.25). */
  growth?: number;
}

export class PbtScheduler implements SegmentScheduler {
  readonly name = "pbt";
  constructor(private readonly opts: PbtOptions = {}) {}

  next(ctx: SegmentContext): { drop: number[]; decision: SegmentDecision } {
    const { budget } = ctx;
    const max = budget.max;
    const interval = this.opts.interval ?? Math.max(1, Math.round((max - budget.min + 1) / 8));
    const size = Math.max(2, Math.min(this.opts.population ?? 8, ctx.trialLimit ?? Infinity));
    const live = ctx.trials.filter((t) => t.outsideSpace === undefined && t.state !== "failed" && t.state !== "pruned");
    const to = (from: number) => Math.min(max, Math.max(budget.min, from + interval));
    if (live.length < size) return { drop: [], decision: { kind: "start", to: to(0) } };
    const paused = live
      .filter((t) => t.state === "paused")
      .sort((a, b) => lastStep(a) - lastStep(b) || a.number - b.number);
    if (!paused.length) {
      const busy = live.some((t) => t.state === "running" || t.state === "queued");
      return { drop: [], decision: busy ? { kind: "wait" } : { kind: "done" } };
    }
    const m = paused[0];
    const ranked = live
      .filter((t) => t.intermediate.length > 0)
      .sort((a, b) => {
        const va = a.intermediate.at(-1)![1];
        const vb = b.intermediate.at(-1)![1];
        return (ctx.direction === "maximize" ? vb - va : va - vb) || a.number - b.number;
      });
    const q = Math.max(1, Math.floor(ranked.length * (this.opts.quantile ?? 0.25)));
    const bottom = ranked.slice(-q);
    // A leader must hold a finished checkpoint: a running member is rewriting its own.
    // One that already reached the budget's end (the baseline trial, say) has nothing left for a child to continue.
    const leaders = ranked
      .slice(0, q)
      .filter((t) => (t.state === "paused" || t.state === "complete") && lastStep(t) < max);
    const made = ctx.trials.length;
    const mayGrow = ctx.trialLimit === undefined || made < ctx.trialLimit;
    if (mayGrow && bottom.includes(m) && leaders.length && !leaders.includes(m)) {
      const parent = leaders[ctx.rng.int(leaders.length)];
      const from = lastStep(parent);
      if (from < max) {
        const perturbed = perturb(ctx.space, parent.params, ctx.rng);
        const grown = this.grow(ctx, perturbed);
        const attrs = { parent: parent.number, replaced: m.number };
        return {
          drop: [m.number],
          decision: {
            kind: "start",
            params: grown?.params ?? perturbed,
            resumeFrom: parent.number,
            from,
            to: to(from),
            attrs: grown ? { ...attrs, inheritedFrom: parent.number, growth: grown.growth } : attrs,
          },
        };
      }
    }
    return { drop: [], decision: { kind: "continue", trial: m.number, to: to(lastStep(m)) } };
  }

  /** Sometimes, in a space with lists: the child's params with one list grown (only such spaces draw for it). */
  private grow(ctx: SegmentContext, params: Params): ReturnType<typeof grow> {
    const share = Math.min(1, Math.max(0, this.opts.growth ?? 0.25));
    if (share === 0 || !isStructured(ctx.space) || ctx.rng.random() >= share) return undefined;
    return grow(ctx.space, params, ctx.rng);
  }
}

/** Explore: move each numeric value by ±5–15% of its range (in the unit cube, so log scales are respected), resample a
 * choice or flip a bool with probability 0.2. At least one value changes. */
export function perturb(space: Space, params: Params, rng: Rng): Params {
  const out: Params = { ...params };
  let changed = false;
  for (const p of space.params) {
    if (!isActive(p, out)) {
      delete out[p.name];
      continue;
    }
    if (p.kind === "list") {
      // A child inherits its parent's weights, so it keeps the parent's architecture (the list's shape).
      if (!(p.name in out)) {
        const element = { ...p.element, name: p.name } as Param;
        out[p.name] = Array.from({ length: p.min }, () => fromUnit(element, rng.random())) as Literal;
      }
      continue;
    }
    if (!(p.name in out)) {
      out[p.name] = fromUnit(p, rng.random());
      continue;
    }
    let v = out[p.name];
    if (p.kind === "float" || p.kind === "int") {
      const u = toUnit(p, v);
      const sign = u >= 1 ? -1 : u <= 0 ? 1 : rng.random() < 0.5 ? -1 : 1;
      v = fromUnit(p, u + sign * rng.uniform(0.05, 0.15));
    } else if (rng.random() < 0.2) {
      v = p.kind === "bool" ? !v : p.values[rng.int(p.values.length)];
    }
    if (v !== out[p.name]) changed = true;
    out[p.name] = v;
  }
  if (!changed) {
    const numeric = space.params.filter((p) => (p.kind === "float" || p.kind === "int") && p.name in out);
    const p = numeric.length ? numeric[rng.int(numeric.length)] : undefined;
    if (p) out[p.name] = fromUnit(p, toUnit(p, out[p.name]) > 0.5 ? 0 : 1);
  }
  return out;
}
