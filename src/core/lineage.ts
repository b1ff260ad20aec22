// Where a trial's training came from (checkpoints, docs/trials.md): a retry continuing an interrupted trial, a
// hyperband re-run continuing its rung's checkpoint, a PBT child inheriting a leader's, or a child whose network
// grew from its parent's (a wider layer, one more layer: growth.ts) and starts from the parent's weights through
// Net2Net morphs. Read from the trial's attributes.
import { asGrowth, growthText } from "./growth";
import type { Trial } from "./types";

export interface Lineage {
  kind: "child" | "promoted" | "retry" | "resumed" | "grown";
  /** The trial whose checkpoint it continued, or whose weights it grew from. */
  from: number;
  /** The step that checkpoint held. */
  step?: number;
  /** How the parent's network grew into this one: "widened filters[1] 32→64". */
  growth?: string;
  /** A grown child: whether its weights came from the parent (the TF.js preload says so; unknown for other scripts). */
  inherited?: boolean;
}

export function lineageOf(t: Trial): Lineage | undefined {
  const a = t.attrs ?? {};
  const g = asGrowth(a.growth);
  const grown = {
    ...(g ? { growth: growthText(g) } : {}),
    ...(typeof a.inherited === "boolean" ? { inherited: a.inherited } : {}),
  };
  if (typeof a.resumeFrom !== "number")
    return typeof a.inheritedFrom === "number" ? { kind: "grown", from: a.inheritedFrom, ...grown } : undefined;
  const step = typeof a.resumeStep === "number" ? { step: a.resumeStep } : {};
  const kind =
    typeof a.parent === "number"
      ? "child"
      : typeof a.promotedFrom === "number"
        ? "promoted"
        : typeof a.retryOf === "number"
          ? "retry"
          : "resumed";
  return { kind, from: a.resumeFrom, ...step, ...grown };
}

/**
 * "inherited from #3 @ step 6", "continues #5 @ step 2", "inherited from #4 (widened filters[1] 32→64)" — or "" when
 * the trial started from scratch. A grown child whose start from its parent's weights is not known to have happened
 * (a script other than TF.js's) "grew from #4"; one that trained from scratch after all says so.
 */
export function lineageText(t: Trial): string {
  const l = lineageOf(t);
  if (!l) return "";
  const at = l.step !== undefined ? ` @ step ${l.step}` : "";
  const how = [l.growth, l.inherited === false ? "trained from scratch" : ""].filter(Boolean).join("; ");
  const verb =
    l.kind === "grown"
      ? l.inherited
        ? "inherited from"
        : "grew from"
      : l.kind === "child"
        ? "inherited from"
        : "continues";
  return `${verb} #${l.from}${at}${how ? ` (${how})` : ""}`;
}
