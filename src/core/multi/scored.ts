// What multi-objective samplers learn from: each complete trial as a minimization vector with its constraint
// violation. One objective with constraints is the one-element case, so the same samplers serve it.
import type { Constraint, Direction, Trial } from "../types";
import { toMinimize, violation } from "./pareto";

/** The part of a sampler's context these helpers read (a SampleContext fits), so multi/ depends on no sampler. */
export interface ObjectiveContext {
  direction: Direction;
  directions?: readonly Direction[];
  constraints?: readonly Constraint[];
  trials: readonly Trial[];
}

export interface Scored {
  trial: Trial;
  /** Objectives, all minimized. */
  y: number[];
  /** Each constraint's g (≤ 0 holds); empty without constraints. */
  g: number[];
  /** Total violation (0 = feasible). */
  viol: number;
}

export function directionsOf(ctx: Pick<ObjectiveContext, "direction" | "directions">): readonly Direction[] {
  return ctx.directions?.length ? ctx.directions : [ctx.direction];
}

/** Does this context need the multi-objective/constrained path (several objectives, or any constraint)? */
export function isMultiOrConstrained(ctx: Pick<ObjectiveContext, "directions" | "constraints">): boolean {
  return (ctx.directions?.length ?? 1) > 1 || (ctx.constraints?.length ?? 0) > 0;
}

/** Complete trials with a finite value per objective (and a g per constraint), as minimization vectors. */
export function scoredTrials(ctx: ObjectiveContext): Scored[] {
  const dirs = directionsOf(ctx);
  const nc = ctx.constraints?.length ?? 0;
  const out: Scored[] = [];
  for (const t of ctx.trials) {
    if (t.state !== "complete" || t.outsideSpace !== undefined) continue;
    const vals = dirs.length > 1 ? t.values : t.value !== undefined ? [t.value] : undefined;
    if (!vals || vals.length !== dirs.length || !vals.every(Number.isFinite)) continue;
    const g = nc ? t.constraints : [];
    if (!g || g.length !== nc) continue;
    out.push({ trial: t, y: toMinimize(vals, dirs), g, viol: violation(g) });
  }
  return out;
}
