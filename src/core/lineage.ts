// Where a trial's training came from (checkpoints, docs/trials.md): a retry continuing an interrupted trial, a
// hyperband re-run continuing its rung's checkpoint, or a PBT child inheriting a leader's. Read from the trial's
// attributes.
import type { Trial } from "./types";

export interface Lineage {
  kind: "child" | "promoted" | "retry" | "resumed";
  /** The trial whose checkpoint it continued. */
  from: number;
  /** The step that checkpoint held. */
  step?: number;
}

export function lineageOf(t: Trial): Lineage | undefined {
  const a = t.attrs ?? {};
  if (typeof a.resumeFrom !== "number") return undefined;
  const step = typeof a.resumeStep === "number" ? { step: a.resumeStep } : {};
  const kind =
    typeof a.parent === "number"
      ? "child"
      : typeof a.promotedFrom === "number"
        ? "promoted"
        : typeof a.retryOf === "number"
          ? "retry"
          : "resumed";
  return { kind, from: a.resumeFrom, ...step };
}

/** "inherited from #3 @ step 6", "continues #5 @ step 2" — or "" when the trial started from scratch. */
export function lineageText(t: Trial): string {
  const l = lineageOf(t);
  if (!l) return "";
  const at = l.step !== undefined ? ` @ step ${l.step}` : "";
  return `${l.kind === "child" ? "inherited from" : "continues"} #${l.from}${at}`;
}
