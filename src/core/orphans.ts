// Trials whose runner is gone: left `running` (or `queued`) by an `attune tune` process on this machine that was
// killed or crashed. The next `tune` fails them as retriable before it resumes; the VS Code extension does the same
// as soon as it sees the runner's process gone, so no trial shows `running` for a study nobody runs.
import type { StudyEvent, StudyState } from "./events";

/** Trials of `host` whose owning process is dead. `self` (the caller's own pid) counts as dead: a trial it owns from an
 * earlier life of the same pid is not running. */
export function orphanedTrials(
  state: StudyState,
  host: string,
  isAlive: (pid: number) => boolean,
  self?: number,
): number[] {
  const orphans: number[] = [];
  for (const t of state.trials) {
    if (t.state !== "running" && t.state !== "queued") continue;
    const owner = state.owners.get(t.number);
    if (!owner || owner.host !== host || owner.pid === undefined) continue;
    if (owner.pid !== self && isAlive(owner.pid)) continue;
    orphans.push(t.number);
  }
  return orphans;
}

/** The event that fails an orphaned trial; `retriable`: the next `tune` runs it again. */
export function orphanFinish(trial: number, why: string): StudyEvent {
  return { op: "finish", trial, state: "failed", error: { message: why, retriable: true }, t: Date.now() };
}
