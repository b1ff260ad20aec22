// Trials the run loop runs before asking the sampler: the baseline, retries of interrupted trials, OOM retries and
// the user's enqueue requests (docs/trials.md).
import { isBaseline } from "../core/baseline";
import type { Params, Trial } from "../core/types";
import { hasCheckpoint } from "./checkpoint";

/** A trial to run before asking the sampler; GPU placement hints for retries. */
export interface Queued {
  params: Params;
  budget?: number;
  attrs?: Record<string, unknown>;
  /** GPU memory to reserve (Infinity: a GPU to itself). */
  reserveMiB?: number;
  avoidGpu?: string;
}

/**
 * Trials a killed or cancelled run left behind, to run again with the same params, once. `claims` (a shared study):
 * the retries this worker already tried to claim; the database lets one worker add each, the others try it once.
 */
export function retriesOf(trials: readonly Trial[], studyDir: string, claims: Set<number> | undefined): Queued[] {
  const retried = new Set(trials.map((t) => t.attrs?.retryOf).filter((x) => typeof x === "number"));
  const queued: Queued[] = [];
  for (const t of trials)
    if (t.state === "failed" && t.error?.retriable && !retried.has(t.number) && t.outsideSpace === undefined) {
      if (claims) {
        if (claims.has(t.number)) continue;
        claims.add(t.number);
      }
      // attrs.retryOf records the retry, so it happens once even across several resumes. A trial that saved a
      // checkpoint continues from it: from the last step it reported (the step its checkpoint holds, docs/trials.md).
      const step = t.intermediate.length ? t.intermediate[t.intermediate.length - 1][0] : 0;
      const resume =
        step > 0 && hasCheckpoint(studyDir, t.number) && !t.attrs?.ignoresCheckpoints
          ? { resumeFrom: t.number, resumeStep: step }
          : {};
      // A grown evolution child that saved nothing of its own starts from its parent's weights again (core/growth.ts);
      // a PBT child (`parent`) retried from scratch, as before.
      const a = t.attrs ?? {};
      const grown =
        !("resumeFrom" in resume) && typeof a.inheritedFrom === "number" && a.parent === undefined
          ? { inheritedFrom: a.inheritedFrom, growth: a.growth }
          : {};
      queued.push({
        params: t.params,
        ...(t.budget !== undefined ? { budget: t.budget } : {}),
        attrs: { retryOf: t.number, ...(isBaseline(t) ? { baseline: true } : {}), ...resume, ...grown },
      });
    }
  return queued;
}
