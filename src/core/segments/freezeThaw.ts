// Freeze-thaw (Swersky et al. 2014), model-based in the line of DyHPO (Wistuba et al. 2022): every config trains in
// segments that end on a doubling ladder of steps (1, 2, 4, … for budget(1, 52), then 52) and pauses there with its
// checkpoint. After each segment (docs/algorithms.md#segments):
//  - every paused trial's final value is predicted from its curve so far, calibrated on the study's own curves
//    (calibration.ts: how well did the first s steps predict the end for the trials that got there?);
//  - paused trials with almost no chance (< 1%) to beat the best finished one are dropped;
//  - the paused trial with the highest expected improvement (EI) over the best per epoch still to train is continued
//    to its next ladder step, unless a new config promises more: the mean EI of the last few configs, per epoch of
//    a full training (under a trial count, scaled by the share of config slots left: a slot spent now cannot be
//    spent later, when the model knows more);
//  - before anything has finished, the first `warmup` configs get their first look, then the most promising one is
//    trained on until one finishes: the first reference for the calibration and the first best to beat;
//  - a new config is proposed by the inner sampler (bayes), which sees every trial at its predicted final value, and
//    trains to its first look: ladder step 2, or, once enough curves have finished, the first step whose prediction
//    correlates with the final value on this study (a task where early steps mislead is judged later).
// Nothing is ever retrained: a thawed trial resumes its own checkpoint. Extrapolations are cached per (trial, step),
// so a decision stays well inside its 50 ms budget at hundreds of trials.
import { normalCdf, probabilityBetter } from "../curves/extrapolate";
import { integerBudgets } from "../pruners/brackets";
import type { Budget } from "../space";
import { better, type Trial } from "../types";
import { CurveCalibration, type Prediction } from "./calibration";
import { lastStep, type Forecast, type SegmentContext, type SegmentDecision, type SegmentScheduler } from "./scheduler";

export interface FreezeThawOptions {
  /** Segments end on a ladder growing by this factor (default 2). */
  growth?: number;
  /** Drop a paused trial when its chance to beat the best finished one is below this (default 0.01). */
  dropBelow?: number;
  /** New configs' first look, a ladder step; default adaptive (see above). */
  firstLook?: number;
  /** How many recent new configs estimate what a new one promises (default 8). */
  recent?: number;
  /** Correlation between a step's prediction and the final value that makes the step a first look (default 0.3). */
  informative?: number;
  /** Curves shorter than this are read at their last value, not extrapolated (default 4 points). */
  extrapolateFrom?: number;
  /** How much of the extrapolation's claimed variance the calibration's prior keeps (default 0.05). */
  claimedWeight?: number;
  /** New configs looked at before, with nothing finished yet, the most promising is trained on (default 12). */
  warmup?: number;
  /** Finished curves needed before the first look adapts (default 5). */
  minReferences?: number;
}

interface Candidate {
  t: Trial;
  p: Prediction;
  rate: number;
}

export class FreezeThawScheduler implements SegmentScheduler {
  readonly name = "freeze-thaw";
  private cal?: { max: number; c: CurveCalibration };

  constructor(private readonly opts: FreezeThawOptions = {}) {}

  private calibration(max: number): CurveCalibration {
    if (!this.cal || this.cal.max !== max)
      this.cal = { max, c: new CurveCalibration(max, this.opts.claimedWeight ?? 0.05, this.opts.extrapolateFrom ?? 4) };
    return this.cal.c;
  }

  /** Segment ends: min, min·g, min·g², … (rounded up for integer budgets), then max. */
  ladder(budget: Budget): number[] {
    const g = Math.max(1.1, this.opts.growth ?? 2);
    const ints = integerBudgets(budget);
    const out: number[] = [];
    for (let b = budget.min; b < budget.max; b *= g) {
      const s = ints ? Math.ceil(b - 1e-9) : b;
      if (s > 0 && s < budget.max && (!out.length || s > out[out.length - 1])) out.push(s);
    }
    out.push(budget.max);
    return out;
  }

  /** The first ladder step a new config trains to (see the header). */
  firstLook(ladder: readonly number[], cal: CurveCalibration): number {
    if (this.opts.firstLook !== undefined) return ladder.find((s) => s >= this.opts.firstLook!) ?? ladder.at(-1)!;
    const dflt = ladder[Math.min(1, ladder.length - 1)];
    if (cal.references < (this.opts.minReferences ?? 5)) return dflt;
    const want = this.opts.informative ?? 0.3;
    for (const s of ladder.slice(0, -1)) if (cal.correlation(s) >= want) return s;
    return ladder[Math.max(0, ladder.length - 2)];
  }

  next(ctx: SegmentContext): { drop: number[]; decision: SegmentDecision; forecasts: Forecast[] } {
    const { budget, direction } = ctx;
    const max = budget.max;
    const maximize = direction === "maximize";
    const ladder = this.ladder(budget);
    const { live, cal, incumbent, drop, paused, forecasts } = this.judge(ctx);
    // Improvement is measured against the best finished value. Before there is one, the first `warmup` configs get
    // their first look, then the most promising is trained on until one finishes: a reference for the calibration.
    const ref = incumbent;
    const first = this.firstLook(ladder, cal);
    const made = ctx.trials.filter((t) => !(t.state === "failed" && t.error?.retriable)).length;
    const canStart = ctx.trialLimit === undefined || made < ctx.trialLimit;
    const sign = maximize ? 1 : -1;
    const cands: Candidate[] = paused.map(({ t, p }) => {
      const pp = p ?? { mean: t.value ?? NaN, sd: 0 };
      const rate = ref === undefined ? sign * pp.mean : ei(pp, ref, maximize) / Math.max(1e-9, max - lastStep(t));
      return { t, p: pp, rate: Number.isFinite(rate) ? rate : -Infinity };
    });
    cands.sort((a, b) => b.rate - a.rate || a.t.number - b.t.number);
    const top = cands[0];
    const warm = ref === undefined && made >= (this.opts.warmup ?? 12);
    const fresh = !canStart ? -Infinity : warm ? -Infinity : this.newRate(live, cal, first, ref, maximize, ctx);
    if (top && (!canStart || top.rate > fresh)) {
      const s = lastStep(top.t);
      const to = ladder.find((x) => x > s) ?? max;
      return { drop, forecasts, decision: { kind: "continue", trial: top.t.number, to } };
    }
    if (canStart) return { drop, forecasts, decision: { kind: "start", to: first } };
    const busy = ctx.trials.some((t) => t.state === "running" || t.state === "queued");
    return { drop, forecasts, decision: busy ? { kind: "wait" } : { kind: "done" } };
  }

  /** What freeze-thaw predicts for each paused trial, without deciding anything (the study records it as it stops). */
  forecasts(ctx: SegmentContext): Forecast[] {
    return this.judge(ctx).forecasts;
  }

  /**
   * The study as a decision sees it: the calibration on its finished curves, the best finished value, and each
   * paused trial's prediction, kept or dropped.
   */
  private judge(ctx: SegmentContext) {
    const { budget, direction } = ctx;
    const max = budget.max;
    const maximize = direction === "maximize";
    const live = ctx.trials.filter((t) => t.outsideSpace === undefined && t.state !== "failed");
    const cal = this.calibration(max);
    cal.update(live, direction);
    let incumbent: number | undefined;
    for (const t of live)
      if (t.state === "complete" && t.value !== undefined && lastStep(t) >= max)
        if (incumbent === undefined || better(direction, t.value, incumbent)) incumbent = t.value;

    const drop: number[] = [];
    const paused: { t: Trial; p?: Prediction }[] = [];
    const forecasts: Forecast[] = [];
    for (const t of live) {
      if (t.state !== "paused") continue;
      const p = cal.predict(t);
      const chance =
        incumbent !== undefined && p ? probabilityBetter({ ...p, at: max }, incumbent, maximize) : undefined;
      if (p && Number.isFinite(p.mean))
        forecasts.push({
          trial: t.number,
          step: lastStep(t),
          at: max,
          mean: p.mean,
          sd: p.sd,
          ...(incumbent !== undefined ? { best: incumbent, chance: chance! } : {}),
        });
      if (chance !== undefined && chance < this.dropRule()) drop.push(t.number);
      else paused.push({ t, ...(p ? { p } : {}) });
    }
    return { live, cal, incumbent, drop, paused, forecasts };
  }

  private dropRule(): number {
    return this.opts.dropBelow ?? 0.01;
  }

  /**
   * What a new config promises per epoch: the mean expected improvement of the last few configs (as the calibration
   * sees them now), over the budget's max; under a trial count, scaled by the share of slots left.
   */
  private newRate(
    live: readonly Trial[],
    cal: CurveCalibration,
    first: number,
    ref: number | undefined,
    maximize: boolean,
    ctx: SegmentContext,
  ): number {
    const started = live.filter((t) => t.intermediate.length > 0);
    if (ref === undefined || !started.length) return Infinity;
    const recent = started.slice(-(this.opts.recent ?? 8));
    const eis: number[] = [];
    for (const t of recent) {
      const p = lastStep(t) >= ctx.budget.max ? { mean: t.value ?? NaN, sd: 0 } : cal.predict(t);
      eis.push(p ? ei(p, ref, maximize) : 0);
    }
    const sum = eis.reduce((a, b) => a + b, 0);
    // A new config's improvement is only had once it is trained to the end: it costs the budget's max. (Its mean
    // cost so far, a few epochs, made new configs win every comparison and nothing was ever finished.)
    const cost = ctx.budget.max;
    const slots = ctx.trialLimit === undefined ? 1 : Math.max(0, ctx.trialLimit - ctx.trials.length) / ctx.trialLimit;
    return (sum / recent.length / cost) * slots;
  }

  /**
   * The trials as the sampler should see them: every paused or dropped trial as if complete at its predicted final
   * value, so the model learns from partial curves; finished ones at their final value; curves left out, so the
   * sampler models one fidelity (the budget's max).
   */
  view(ctx: SegmentContext): Trial[] {
    const max = ctx.budget.max;
    const cal = this.calibration(max);
    cal.update(ctx.trials, ctx.direction); // it leaves out failed trials and those outside the space itself
    return ctx.trials.map((t) => {
      const bare = { ...t, intermediate: [] as [number, number][] };
      delete bare.budget;
      if ((t.state !== "paused" && t.state !== "pruned") || lastStep(t) >= max) return bare;
      const p = cal.predict(t);
      return p && Number.isFinite(p.mean) ? { ...bare, state: "complete" as const, value: p.mean } : bare;
    });
  }
}

/** Expected improvement of N(mean, sd) over `ref` (0 when there is nothing to improve on yet: then the mean). */
function ei(p: Prediction, ref: number | undefined, maximize: boolean): number {
  if (ref === undefined || !Number.isFinite(p.mean)) return 0;
  const d = maximize ? p.mean - ref : ref - p.mean;
  if (p.sd <= 0) return Math.max(0, d);
  const z = d / p.sd;
  const pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  // Far below: φ(z) + zΦ(z) cancels; its asymptotic series keeps the ranking of hopeless trials meaningful.
  if (z < -5) return p.sd * pdf * (1 / z ** 2 - 3 / z ** 4 + 15 / z ** 6);
  return p.sd * pdf + d * normalCdf(z);
}
