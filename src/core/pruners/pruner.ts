// The seam for early stopping: one question, asked on every intermediate report.
import type { Direction, Trial } from "../types";

export interface PruneContext {
  direction: Direction;
  /** Every trial of the study, including `trial` itself with its reports so far. */
  trials: readonly Trial[];
}

export interface Pruner {
  readonly name: string;
  /** Should `trial` stop now, having just reported `value` at `step`? */
  shouldPrune(trial: Trial, step: number, ctx: PruneContext): boolean;
}
