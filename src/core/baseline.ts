// The user's baseline (docs/trials.md): trial 0 of a new study runs the values already written in the file, so results
// can say how much tuning gained over them. Pure: no I/O.
import type { AnnotatedFile } from "./annotations/types";
import { contains, describeParam, isActive } from "./space";
import type { Params, Trial } from "./types";

/** What a new study does about its baseline: run these params first, or skip it and tell the user why. */
export type BaselinePlan = { params: Params } | { skip: string };

/** The file's own values as a trial (inactive conditional parameters absent), or why there can be none. */
export function baselinePlan(file: AnnotatedFile): BaselinePlan {
  const literals = new Map(file.params.map((a) => [a.name, a.literal]));
  const params: Params = {};
  for (const p of file.space.params) {
    if (!isActive(p, params)) continue;
    const lit = literals.get(p.name);
    if (!lit) return { skip: `"${p.name}" has no literal in the file` };
    // An out-of-range literal is a warning in `check`; the baseline then cannot be a point of the space.
    if (!contains(p, lit.value))
      return {
        skip:
          `no baseline trial: the file's ${p.name} = ${lit.text} (line ${lit.line}) is outside ${describeParam(p)}; ` +
          "widen the range or change the value to compare results with your current values",
      };
    params[p.name] = lit.value;
  }
  return { params };
}

/** Trials the orchestrator created from the file's own values carry this attribute (retries of it too). */
export function isBaseline(t: Pick<Trial, "attrs">): boolean {
  return t.attrs?.baseline === true;
}

/** The study's baseline trial: the first complete one (a retry may have finished it), else the first one. */
export function baselineTrial<T extends Pick<Trial, "attrs" | "state">>(trials: readonly T[]): T | undefined {
  let first: T | undefined;
  for (const t of trials) {
    if (!isBaseline(t)) continue;
    if (t.state === "complete") return t;
    first ??= t;
  }
  return first;
}
