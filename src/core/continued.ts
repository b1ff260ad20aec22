// What the progress line and the summary say about trials trained on from checkpoints (docs/algorithms.md#segments):
// paused trials continued by freeze-thaw or PBT, and hyperband promotions that re-run a configuration further.
import { lastStep } from "./segments/scheduler";
import { continuesAnother, type Trial } from "./types";

export interface Continued {
  /** Configurations trained on after a pause (a paused trial continued, or a trial promoted), counted once each. */
  count: number;
  /** How far each went: the step it has reached (its budget while it runs), by trial number, deepest first. */
  reached: { trial: number; step: number }[];
}

export function continuedTrials(trials: readonly Trial[]): Continued {
  const reached = new Map<number, number>();
  for (const t of trials) {
    if (t.continuedAt?.length) reached.set(t.number, Math.max(lastStep(t), t.budget ?? 0));
    // A promotion is its source's configuration trained on: report it under the chain's first trial.
    if (continuesAnother(t)) {
      let root = t;
      while (continuesAnother(root) && trials[root.attrs!.promotedFrom as number])
        root = trials[root.attrs!.promotedFrom as number];
      reached.set(root.number, Math.max(reached.get(root.number) ?? 0, t.budget ?? lastStep(t)));
    }
  }
  const list = [...reached].map(([trial, step]) => ({ trial, step }));
  list.sort((a, b) => b.step - a.step || a.trial - b.trial);
  return { count: list.length, reached: list };
}

/** "5 continued: #3 → 27, #7 → 27, #2 → 9, …" (the first `max` named, with the step each reached), or "". */
export function continuedText(c: Continued, max = 6): string {
  if (!c.count) return "";
  const named = c.reached.slice(0, max).map((r) => `#${r.trial} → ${r.step}`);
  const more = c.count > max ? `, … ${c.count - max} more` : "";
  return `${c.count} continued: ${named.join(", ")}${more}`;
}
