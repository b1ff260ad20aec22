// How long a trial has run and how far it got, for the panel. Pure. (Formatting is src/core/format.ts.)
import type { TrialRow } from "../../src/protocol/messages";

/** A running trial's duration counts up to `now`; finished trials use what the host measured. */
export function trialDuration(t: TrialRow, now: number): number | undefined {
  if (t.durationS !== undefined) return t.durationS;
  if (t.startedAt !== undefined && t.finishedAt !== undefined) return (t.finishedAt - t.startedAt) / 1000;
  if (t.state === "running" && t.startedAt !== undefined) return Math.max(0, (now - t.startedAt) / 1000);
  return undefined;
}

/** The last step a trial reported (its progress), or undefined before the first report. */
export function lastStep(t: TrialRow): number | undefined {
  const last = t.intermediate[t.intermediate.length - 1];
  return last ? last[0] : undefined;
}
