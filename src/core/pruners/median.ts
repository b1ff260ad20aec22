// The median stopping rule (Golovin et al. 2017, Optuna's MedianPruner): stop a trial whose best value so far is worse
// than the median of what finished trials (complete or pruned) reported at the same step.
import { better, type Trial } from "../types";
import type { PruneContext, Pruner } from "./pruner";

export interface MedianOptions {
  /** Never prune before this many trials are complete (default 5): the median of two curves says little. */
  startupTrials?: number;
  /** Never prune at steps ≤ this (default 0): early values are noisy. */
  warmupSteps?: number;
}

export class MedianPruner implements Pruner {
  readonly name = "median";
  readonly startupTrials: number;
  readonly warmupSteps: number;

  constructor(opts: MedianOptions = {}) {
    this.startupTrials = opts.startupTrials ?? 5;
    this.warmupSteps = opts.warmupSteps ?? 0;
  }

  shouldPrune(trial: Trial, step: number, ctx: PruneContext): boolean {
    if (step <= this.warmupSteps) return false;
    let complete = 0;
    const atStep: number[] = [];
    for (const t of ctx.trials) {
      if (t.number === trial.number || t.outsideSpace !== undefined) continue;
      if (t.state === "complete") complete++;
      if (t.state !== "complete" && t.state !== "pruned") continue;
      const v = valueAt(t, step);
      if (v !== undefined) atStep.push(v);
    }
    if (complete < this.startupTrials || atStep.length === 0) return false;
    // The trial's best so far (not only its latest value), so one noisy dip does not stop a good curve.
    const own = bestSoFar(trial, step, ctx);
    if (own === undefined) return false;
    return better(ctx.direction, median(atStep), own);
  }
}

function valueAt(t: Trial, step: number): number | undefined {
  for (let i = t.intermediate.length - 1; i >= 0; i--) {
    const [s, v] = t.intermediate[i];
    if (s === step) return Number.isFinite(v) ? v : undefined;
    if (s < step) return undefined;
  }
  return undefined;
}

function bestSoFar(t: Trial, step: number, ctx: PruneContext): number | undefined {
  let best: number | undefined;
  for (const [s, v] of t.intermediate) {
    if (s > step || !Number.isFinite(v)) continue;
    if (best === undefined || better(ctx.direction, v, best)) best = v;
  }
  return best;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
