// The fail-fast rule (docs/trials.md): a script that cannot import its dependencies or read its data would otherwise
// fail every remaining trial of the study.
import type { Trial, TrialError } from "../core/types";

/** A run gives up after this many trials in a row failed the same way (same message, same line of the script)
 * while no trial of the study has ever succeeded: a script that cannot import its dependencies or read its data
 * would otherwise fail every remaining trial. Failures that depend on the parameters rarely repeat this exactly. */
export const FAIL_FAST_AFTER = 5;

/** Counts the trials in a row that failed the same way. */
export class FailFast {
  private inARow = 0;
  private last = "";

  /** A trial failed on its own (not cancelled, not stopped by the user). */
  failed(error: TrialError): void {
    const signature = `${error.message}\n${error.sourceLine ?? ""}`;
    this.inARow = signature === this.last ? this.inARow + 1 : 1;
    this.last = signature;
  }

  /** A trial ended without failing: the run is not broken. */
  reset(): void {
    this.inARow = 0;
  }

  /** Stop the run: the first trials all failed the same way and none of the study ever succeeded. */
  tripped(trials: readonly Trial[]): boolean {
    return this.inARow >= FAIL_FAST_AFTER && !trials.some((t) => t.state === "complete" || t.state === "pruned");
  }
}
