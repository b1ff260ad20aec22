// The curve pruner (docs/algorithms.md): stop a trial whose extrapolated final value is unlikely to beat the best
// finished one. Learning-curve extrapolation in the spirit of Domhan et al. 2015 and NNI's Curvefitting assessor, with
// the cheap power-law ensemble of curves/extrapolate.ts. It needs no checkpoints and works under any sampler.
import { extrapolate, probabilityBetter } from "../curves/extrapolate";
import { better, type Trial } from "../types";
import type { PruneContext, Pruner } from "./pruner";

export interface CurveOptions {
  /** The step a trial trains to (the budget's max). Without it, the longest curve of a complete trial. */
  horizon?: number;
  /** Never judge before this many steps (default 3: two points fit any curve). */
  minSteps?: number;
  /** Judge only once this many trials are complete at the horizon (default 2). */
  startupTrials?: number;
  /** Stop when the chance of beating the best is below this (default 0.05). */
  threshold?: number;
}

export class CurvePruner implements Pruner {
  readonly name = "curve";
  private readonly minSteps: number;
  private readonly startupTrials: number;
  private readonly threshold: number;

  constructor(private readonly opts: CurveOptions = {}) {
    this.minSteps = opts.minSteps ?? 3;
    this.startupTrials = opts.startupTrials ?? 2;
    this.threshold = opts.threshold ?? 0.05;
  }

  shouldPrune(trial: Trial, step: number, ctx: PruneContext): boolean {
    if (step < this.minSteps) return false;
    const horizon = this.opts.horizon ?? longestComplete(ctx.trials);
    if (horizon === undefined || step >= horizon) return false;
    let best: number | undefined;
    let done = 0;
    for (const t of ctx.trials) {
      if (t.number === trial.number || t.state !== "complete" || t.value === undefined || !Number.isFinite(t.value))
        continue;
      const lastStep = t.intermediate.length ? t.intermediate[t.intermediate.length - 1][0] : undefined;
      if (lastStep !== undefined && lastStep < horizon) continue;
      done++;
      if (best === undefined || better(ctx.direction, t.value, best)) best = t.value;
    }
    if (best === undefined || done < this.startupTrials) return false;
    const e = extrapolate(trial.intermediate, horizon);
    if (!e) return false;
    return probabilityBetter(e, best, ctx.direction === "maximize") < this.threshold;
  }
}

function longestComplete(trials: readonly Trial[]): number | undefined {
  let h: number | undefined;
  for (const t of trials) {
    if (t.state !== "complete" || t.intermediate.length < 2) continue;
    const s = t.intermediate[t.intermediate.length - 1][0];
    if (h === undefined || s > h) h = s;
  }
  return h;
}
