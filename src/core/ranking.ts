// The best trial of one objective, and trials in order of their values.
import { better, isFeasible, type Direction, type Params, type Trial } from "./types";

export interface BestTrial {
  number: number;
  value: number;
  params: Params;
}

/** The best complete trial (flagged trials outside the current space are still eligible: their values are real). */
export function bestTrial(trials: readonly Trial[], direction: Direction): BestTrial | undefined {
  const done = trials.filter(
    (t) => t.state === "complete" && t.value !== undefined && Number.isFinite(t.value) && isFeasible(t),
  );
  // Multi-fidelity: only results at the largest budget reached compete (a 1-epoch score is no match for an 81-epoch
  // one).
  const top = Math.max(-Infinity, ...done.map((t) => t.budget ?? -Infinity));
  let best: Trial | undefined;
  for (const t of done) {
    if ((t.budget ?? -Infinity) !== top) continue;
    if (!best || better(direction, t.value!, best.value!)) best = t;
  }
  return best ? { number: best.number, value: best.value!, params: best.params } : undefined;
}

/** Trials sorted best first (complete ones by value, then the rest). */
export function rankTrials(trials: readonly Trial[], direction: Direction): Trial[] {
  const done = trials.filter((t) => t.state === "complete" && t.value !== undefined);
  done.sort((a, b) => (direction === "minimize" ? a.value! - b.value! : b.value! - a.value!));
  return done;
}
