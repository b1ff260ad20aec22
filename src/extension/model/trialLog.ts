// Where a trial's output is on disk. The runner keeps each trial's private files in `<study>/trials/<n>/` (the
// patched copy of the user's file, and its captured output); this picks the output log among them.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const TRIALS_DIR = "trials";

/** Names the runner's output log may have, most likely first. */
const PREFERRED = ["output.log", "stdout.log", "trial.log", "log.txt", "output.txt"];

export function trialDir(studyDir: string, trial: number): string {
  return join(studyDir, TRIALS_DIR, String(trial));
}

/** The trial's log file, or undefined when the trial has written none (yet). */
export function findTrialLog(studyDir: string, trial: number): string | undefined {
  const dir = trialDir(studyDir, trial);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const p of PREFERRED) if (names.includes(p)) return join(dir, p);
  const logs = names.filter((n) => /\.(log|txt|out)$/i.test(n)).sort();
  for (const n of logs) {
    try {
      if (statSync(join(dir, n)).isFile()) return join(dir, n);
    } catch {
      /* vanished */
    }
  }
  return undefined;
}
