// What the study records when a trial's process has ended (docs/trials.md): pruned, failed (cancelled, stopped by
// the user, an objective missing, or the script's own failure) or complete with its value(s).
import type { Study } from "../core/study";
import type { TrialError } from "../core/types";
import type { RunResult } from "./";

export interface HowItEnded {
  /** The pruner stopped it. */
  pruned: boolean;
  /** The whole run was cancelled. */
  cancelled: boolean;
  /** The user stopped this trial. */
  byUser: boolean;
  /** Several objectives: every objective's metric. */
  objectives?: string[];
}

/** Tell the study how the trial ended; returns the error when it failed on its own (what fail-fast counts). */
export function tellOutcome(study: Study, number: number, res: RunResult, how: HowItEnded): TrialError | undefined {
  if (how.pruned || res.state === "pruned") {
    const t = study.trial(number);
    const last = t?.intermediate[t.intermediate.length - 1];
    study.tell(number, { state: "pruned", ...(last ? { value: last[1] } : {}) });
  } else if (how.cancelled || how.byUser) {
    study.tell(number, {
      state: "failed",
      error: {
        message: how.byUser
          ? "stopped by the user"
          : "cancelled before it finished; it is run again when the study resumes",
        retriable: !how.byUser,
        ...(res.error?.tail ? { tail: res.error.tail } : {}),
      },
    });
  } else if (res.state === "complete" && res.value !== undefined && how.objectives?.length) {
    tellObjectives(study, number, res, how.objectives);
  } else if (res.state === "complete" && res.value !== undefined) {
    study.tell(number, res.value, res.metrics);
  } else {
    const error = res.error ?? { message: "the trial failed" };
    study.tell(number, { state: "failed", error });
    return error;
  }
  return undefined;
}

/** Several objectives: each must have been printed; the collector only insisted on the first. */
function tellObjectives(study: Study, number: number, res: RunResult, objectives: string[]): void {
  const missing = objectives.find((m) => !Number.isFinite(res.metrics[m]));
  if (missing)
    study.tell(number, {
      state: "failed",
      error: {
        message:
          `no "${missing}" was reported (an objective); print a line such as "${missing}: 0.93" or '@tune ` +
          `{"${missing}": 0.93}'`,
        ...(res.error?.tail ? { tail: res.error.tail } : {}),
      },
    });
  else
    study.tell(
      number,
      objectives.map((m) => res.metrics[m]),
      res.metrics,
    );
}

/** The result of a trial whose runner itself threw. */
export function crashResult(err: unknown): RunResult {
  return {
    state: "failed",
    intermediate: [],
    metrics: {},
    error: { message: `could not run the trial: ${(err as Error)?.message ?? String(err)}` },
    exitCode: null,
    signal: null,
    durationS: 0,
  };
}
