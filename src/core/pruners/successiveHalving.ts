// Successive halving for trials that report intermediate values: at each rung of its bracket, a trial goes on only if
// it is in the top 1/η of the trials of the same bracket that reached that rung (asynchronously: whoever is there now).
// AshaPruner is one bracket (the most aggressive); HyperbandPruner spreads trials over all of them.
import type { Trial } from "../types";
import { bracketCount, bracketOf, DEFAULT_ETA, rungBudgets, type FidelityRange } from "./brackets";
import type { PruneContext, Pruner } from "./pruner";
import { inTopFraction, RungValues } from "./rungs";

export interface MultiFidelityOptions {
  budget: FidelityRange;
  /** Keep the top 1/η at every rung (default 3). */
  eta?: number;
}

abstract class SuccessiveHalving implements Pruner {
  abstract readonly name: string;
  readonly eta: number;
  readonly budget: FidelityRange;
  private readonly values = new RungValues();
  /** Per bracket, the budgets where trials are judged: every rung but the last (`max`, where a trial simply ends). */
  private readonly decisionRungs: number[][];

  constructor(opts: MultiFidelityOptions, brackets: number) {
    this.eta = opts.eta ?? DEFAULT_ETA;
    this.budget = { min: opts.budget.min, max: opts.budget.max };
    this.decisionRungs = Array.from({ length: brackets }, (_, b) => rungBudgets(this.budget, this.eta, b).slice(0, -1));
  }

  /** The bracket a trial is judged in. */
  abstract bracketOf(trialNumber: number): number;

  /** The budgets at which a trial of this bracket is judged. */
  rungsOf(bracket: number): readonly number[] {
    return this.decisionRungs[bracket] ?? [];
  }

  shouldPrune(trial: Trial, step: number, ctx: PruneContext): boolean {
    const bracket = this.trialBracket(trial);
    const rungs = this.rungsOf(bracket);
    const prevStep = previousStep(trial, step);
    for (const rung of rungs) {
      // Judge a rung once: on the report that first reaches it.
      if (!(step >= rung && prevStep < rung)) continue;
      const own = this.values.at(trial, rung);
      if (own === undefined) continue;
      if (!inTopFraction(own, this.competitors(trial, bracket, rung, ctx.trials), ctx.direction, this.eta)) return true;
    }
    return false;
  }

  private trialBracket(t: Trial): number {
    return t.bracket ?? this.bracketOf(t.number);
  }

  private *competitors(self: Trial, bracket: number, rung: number, trials: readonly Trial[]): Iterable<number> {
    for (const t of trials) {
      if (t.number === self.number || t.outsideSpace !== undefined) continue;
      if (this.trialBracket(t) !== bracket) continue;
      const v = this.values.at(t, rung);
      if (v !== undefined) yield v;
    }
  }
}

/** The step of the report before the one at `step` (−∞ when it is the first). */
function previousStep(trial: Trial, step: number): number {
  const iv = trial.intermediate;
  for (let i = iv.length - 1; i >= 0; i--) if (iv[i][0] < step) return iv[i][0];
  return -Infinity;
}

/** Asynchronous successive halving (Li et al. 2020): one bracket, rungs min·η^k up to max. */
export class AshaPruner extends SuccessiveHalving {
  readonly name = "asha";
  constructor(opts: MultiFidelityOptions) {
    super(opts, 1);
  }
  bracketOf(): number {
    return 0;
  }
}

/** Hyperband: successive halving in several brackets, each trial's bracket fixed by its number. */
export class HyperbandPruner extends SuccessiveHalving {
  readonly name = "hyperband";
  readonly brackets: number;
  constructor(opts: MultiFidelityOptions) {
    const eta = opts.eta ?? DEFAULT_ETA;
    const n = bracketCount(opts.budget, eta);
    super(opts, n);
    this.brackets = n;
  }
  bracketOf(trialNumber: number): number {
    return bracketOf(trialNumber, this.budget, this.eta);
  }
}
