// Freeze-thaw (Swersky et al. 2014), in the asynchronous shape that measured best here (bench/lcbench): every config
// trains in segments that end at the rungs of hyperband's most aggressive bracket (2, 6, 18, 52 for budget(1, 52),
// η = 3) and then pauses with its checkpoint. After each segment the scheduler
//  - drops paused trials whose extrapolated final value (curves/extrapolate.ts) has almost no chance to beat the
//    best finished one;
//  - thaws (continues) a paused trial when its predicted final value ranks in the top 1/η of every config that
//    reached its rung — deepest rung first, so a promising config is finished quickly rather than rivals screened;
//  - otherwise starts a new config (proposed by the inner sampler, which sees paused trials as stopped ones).
// Nothing is ever retrained: a thawed trial resumes its own checkpoint. Decisions run in O(trials) on cached curve
// fits (a few µs each), so the decision stays well inside its 50 ms budget at hundreds of trials.
import { extrapolate, probabilityBetter, type Extrapolation } from "../curves/extrapolate";
import { bracketOf, DEFAULT_ETA, rungBudgets } from "../pruners/brackets";
import { better, type Trial } from "../types";
import { lastStep, type SegmentContext, type SegmentDecision, type SegmentScheduler } from "./scheduler";

export interface FreezeThawOptions {
  eta?: number;
  /** Rank configs at a rung by their predicted final value ("predicted", default) or by their value there ("last"). */
  rank?: "predicted" | "last";
  /** Drop a paused trial when its chance to beat the best finished one is below this (default 0.01). */
  dropBelow?: number;
  /** Segments end at the rungs of this hyperband bracket (default 0, the most aggressive). */
  bracket?: number;
  /** Start new configs in hyperband's brackets by trial number (default true), not all at the first rung. */
  hedge?: boolean;
}

export class FreezeThawScheduler implements SegmentScheduler {
  readonly name = "freeze-thaw";
  private readonly eta: number;
  private readonly cache = new Map<number, { step: number; e: Extrapolation }>();

  constructor(private readonly opts: FreezeThawOptions = {}) {
    this.eta = opts.eta ?? DEFAULT_ETA;
  }

  /** The predicted value at the budget's max of a trial's curve (cached per trial and step). */
  predict(t: Trial, max: number): Extrapolation | undefined {
    const step = lastStep(t);
    const hit = this.cache.get(t.number);
    if (hit && hit.step === step) return hit.e;
    const e = extrapolate(t.intermediate, max);
    if (e) this.cache.set(t.number, { step, e });
    return e;
  }

  /** Hyperband's hedge: a new config's first segment ends at the first rung of its bracket (by trial number). */
  private firstRung(ctx: SegmentContext): number {
    const bracket = this.opts.hedge === false ? 0 : bracketOf(ctx.number, ctx.budget, this.eta);
    return rungBudgets(ctx.budget, this.eta, bracket)[0];
  }

  next(ctx: SegmentContext): { drop: number[]; decision: SegmentDecision } {
    const { budget, direction } = ctx;
    const maximize = direction === "maximize";
    const rungs = rungBudgets(budget, this.eta, this.opts.bracket ?? 0);
    const live = ctx.trials.filter((t) => t.outsideSpace === undefined && t.state !== "failed");
    let incumbent: number | undefined;
    for (const t of live)
      if (t.state === "complete" && t.value !== undefined && lastStep(t) >= budget.max)
        if (incumbent === undefined || better(direction, t.value, incumbent)) incumbent = t.value;

    const score = (t: Trial): number => {
      if (this.opts.rank === "last" || lastStep(t) >= budget.max) return t.intermediate.at(-1)?.[1] ?? NaN;
      return this.predict(t, budget.max)?.mean ?? NaN;
    };
    const drop: number[] = [];
    const paused: Trial[] = [];
    for (const t of live) {
      if (t.state !== "paused") continue;
      const e = this.predict(t, budget.max);
      if (incumbent !== undefined && e && probabilityBetter(e, incumbent, maximize) < (this.opts.dropBelow ?? 0.01))
        drop.push(t.number);
      else paused.push(t);
    }
    const dropped = new Set(drop);
    const rungOf = (step: number) => {
      let k = -1;
      for (let i = 0; i < rungs.length; i++) if (step >= rungs[i]) k = i;
      return k;
    };
    // Deepest rung first: finishing a promising config beats screening another.
    for (let k = rungs.length - 2; k >= 0; k--) {
      const here = paused.filter((t) => rungOf(lastStep(t)) === k);
      if (!here.length) continue;
      const reached = live.filter((t) => !dropped.has(t.number) && reachedStep(t) >= rungs[k]);
      // Greedy while few configs reached the rung (the best so far goes on, as in the hyperband pruner), then the top
      // 1/η.
      const keep = Math.ceil(reached.length / this.eta - 1e-9);
      if (keep === 0) continue;
      const ranked = reached
        .map((t) => ({ t, s: score(t) }))
        .filter((x) => Number.isFinite(x.s))
        .sort((a, b) => (maximize ? b.s - a.s : a.s - b.s) || a.t.number - b.t.number)
        .slice(0, keep);
      const pick = ranked.find((x) => x.t.state === "paused" && rungOf(lastStep(x.t)) === k);
      if (pick) return { drop, decision: { kind: "continue", trial: pick.t.number, to: rungs[k + 1] } };
    }
    const made = ctx.trials.filter((t) => !(t.state === "failed" && t.error?.retriable)).length;
    if (ctx.trialLimit === undefined || made < ctx.trialLimit)
      return { drop, decision: { kind: "start", to: this.firstRung(ctx) } };
    // No new configs allowed: finish the most promising paused one, then the next.
    const best = paused
      .map((t) => ({ t, s: score(t) }))
      .filter((x) => Number.isFinite(x.s))
      .sort((a, b) => (maximize ? b.s - a.s : a.s - b.s) || a.t.number - b.t.number)[0];
    if (best) {
      const k = rungOf(lastStep(best.t));
      return {
        drop,
        decision: { kind: "continue", trial: best.t.number, to: rungs[Math.min(k + 1, rungs.length - 1)] },
      };
    }
    const busy = ctx.trials.some((t) => t.state === "running" || t.state === "queued");
    return { drop, decision: busy ? { kind: "wait" } : { kind: "done" } };
  }
}

/** The step a trial has reached or is training to (a running segment counts as reached: it is already paid for). */
function reachedStep(t: Trial): number {
  if ((t.state === "running" || t.state === "queued") && t.budget !== undefined) return t.budget;
  return lastStep(t);
}
