// The seam every search algorithm plugs into. A sampler proposes the params of the next trial from the history.
import type { Rng } from "../rng";
import type { Space } from "../space";
import type { Constraint, Direction, Params, Trial } from "../types";

export interface SampleContext {
  space: Space;
  direction: Direction;
  /** Several objectives: one direction each (trials then carry `values`). Absent for one objective. */
  directions?: readonly Direction[];
  /** Constraints of the study (trials carry each one's g in `constraints`). */
  constraints?: readonly Constraint[];
  /** Every trial so far, running ones included (so parallel asks do not repeat a point). */
  trials: readonly Trial[];
  /** The number the new trial will get. */
  number: number;
  /** A generator seeded from (study seed, trial number): same seed ⇒ same proposals. */
  rng: Rng;
  /**
   * A sampler that breeds a child from one earlier trial (evolution) names it here; the study records `inheritedFrom`
   * when the child differs from it only by a grown list (growth.ts), so the child can start from its weights.
   */
  noteParent?(trial: number): void;
}

/** A proposal, or "exhausted" when the sampler has nothing left (a finished grid). */
export type Proposal = Params | "exhausted";

export interface Sampler {
  readonly name: string;
  sample(ctx: SampleContext): Proposal;
  /**
   * Trials a later child may start from (their checkpoints are kept past `--keep-checkpoints`, docs/trials.md):
   * evolution's population in a space with lists, so that a grown child finds its parent's weights.
   */
  possibleParents?(space: Space, trials: readonly Trial[]): number[];
}
