// The seam for algorithms that train in segments (docs/library.md): freeze-thaw and PBT. After every segment the
// scheduler decides what trains next: continue a paused trial to a later step, start a new config (from scratch, or
// from another trial's checkpoint), wait for running segments, or stop. Hyperband's re-run promotions are the same
// primitive
// (a new trial that continues its source's checkpoint), so the runner has one path for all of them.
import type { Rng } from "../rng";
import type { Budget, Space } from "../space";
import type { Direction, Params, Trial } from "../types";

export interface SegmentContext {
  trials: readonly Trial[];
  direction: Direction;
  space: Space;
  budget: Budget;
  /** The number a new trial would get. */
  number: number;
  rng: Rng;
  /** How many configs (trials) the run may create in all; undefined: no limit. */
  trialLimit?: number;
}

export type SegmentDecision =
  /** Train paused trial `trial` from its last step to `to`. */
  | { kind: "continue"; trial: number; to: number }
  /**
   * A new trial trained to `to`: params from the sampler when absent; with `resumeFrom` it starts from that trial's
   * checkpoint at step `from` (a PBT child), inheriting its curve up to there.
   */
  | { kind: "start"; to: number; params?: Params; resumeFrom?: number; from?: number; attrs?: Record<string, unknown> }
  /** Nothing to do until a running segment ends. */
  | { kind: "wait" }
  /** The schedule is over. */
  | { kind: "done" };

/**
 * What a scheduler predicts a paused trial will reach (freeze-thaw): the value at step `at` (the budget's max) from
 * its curve up to `step`, with the best finished value it is measured against and its chance to beat it. Recorded on
 * the trial (`attrs.forecast`) so the views can say why it waits (docs/algorithms.md#segments).
 */
export interface Forecast {
  trial: number;
  /** The last step the trial had trained to when predicted. */
  step: number;
  at: number;
  mean: number;
  sd: number;
  best?: number;
  /** P(final value better than `best`). */
  chance?: number;
}

export interface SegmentScheduler {
  readonly name: string;
  /** Paused trials to stop for good (recorded pruned), what to train next, and what it predicts for paused ones. */
  next(ctx: SegmentContext): { drop: number[]; decision: SegmentDecision; forecasts?: Forecast[] };
  /** What it predicts for paused trials, deciding nothing: recorded when a run stops, for trials paused since. */
  forecasts?(ctx: SegmentContext): Forecast[];
  /**
   * The trials as the sampler should see them when it proposes a new config (freeze-thaw: paused ones at their
   * predicted final value). Absent: paused trials are shown as stopped ones, with their curves so far.
   */
  view?(ctx: SegmentContext): readonly Trial[];
}

/** The last step a trial has trained to (0 when none). */
export function lastStep(t: Trial): number {
  return t.intermediate.length ? t.intermediate[t.intermediate.length - 1][0] : 0;
}
