// Checkpoint folders (docs/trials.md): every trial gets `.attune/<study>/trials/<n>/checkpoint`, where its script saves
// its state. A trial that continues training done before gets ATTUNE_RESUME_FROM / ATTUNE_RESUME_STEP. Another trial's
// checkpoint is first snapshotted into the new trial's own folder (hard links: a script that saves atomically replaces
// files, never rewrites them in place), so the source may go on training while the new trial loads. A child whose
// network grew from its parent's gets the parent's checkpoint the same way, as ATTUNE_INHERIT_FROM.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { better, type Direction, type Trial } from "../core/types";

export const CHECKPOINT_DIR = "checkpoint";
const SNAPSHOT_DIR = "resume-from";
/** The parent's checkpoint a grown child starts from (inheritEnv). */
const INHERIT_DIR = "inherit-from";
/** `reported-<step>`: the checkpoint as it was when the trial reported that step (see snapshotReported). */
const REPORTED_PREFIX = "reported-";

export function checkpointDir(studyDir: string, trial: number): string {
  return join(studyDir, "trials", String(trial), CHECKPOINT_DIR);
}

/** Whether a trial's checkpoint folder holds anything. */
export function hasCheckpoint(studyDir: string, trial: number): boolean {
  try {
    return readdirSync(checkpointDir(studyDir, trial)).some((f) => !f.startsWith("."));
  } catch {
    return false;
  }
}

export interface ResumeEnv {
  ATTUNE_RESUME_FROM: string;
  ATTUNE_RESUME_STEP: string;
}

/**
 * The environment that makes trial `number` continue `source`'s checkpoint at `step`, or undefined when that
 * checkpoint is missing (the trial then trains from scratch).
 */
export function resumeEnv(studyDir: string, number: number, source: number, step: number): ResumeEnv | undefined {
  if (step <= 0 || !hasCheckpoint(studyDir, source)) return undefined;
  let from = checkpointDir(studyDir, source);
  if (source !== number) {
    const reported = join(studyDir, "trials", String(source), REPORTED_PREFIX + String(step));
    if (existsSync(reported)) from = reported;
    const snap = join(studyDir, "trials", String(number), SNAPSHOT_DIR);
    rmSync(snap, { recursive: true, force: true });
    linkTree(from, snap);
    from = snap;
  }
  return { ATTUNE_RESUME_FROM: from, ATTUNE_RESUME_STEP: String(step) };
}

export interface InheritEnv {
  ATTUNE_INHERIT_FROM: string;
}

/**
 * The environment that makes trial `number`, a child whose network grew from `source`'s (core/growth.ts), start from
 * `source`'s weights (the TF.js preload morphs them into the child's model), or undefined when that checkpoint is
 * missing. Like resumeEnv, a hard-link snapshot in the child's own folder: the source may be cleaned up meanwhile.
 */
export function inheritEnv(studyDir: string, number: number, source: number): InheritEnv | undefined {
  if (source === number || !hasCheckpoint(studyDir, source)) return undefined;
  const snap = join(studyDir, "trials", String(number), INHERIT_DIR);
  rmSync(snap, { recursive: true, force: true });
  linkTree(checkpointDir(studyDir, source), snap);
  return { ATTUNE_INHERIT_FROM: snap };
}

/**
 * Keep the checkpoint as it is when `step` is reported: hard links, so it costs no copy. A script saves before it
 * reports (docs/trials.md), so a trial killed between saving step n+1 and reporting it leaves a folder one step ahead
 * of its record; its retry continues from this snapshot, which holds exactly the step the record ends at.
 */
export function snapshotReported(studyDir: string, trial: number, step: number): void {
  if (!hasCheckpoint(studyDir, trial)) return;
  const base = join(studyDir, "trials", String(trial));
  const name = REPORTED_PREFIX + String(step);
  const tmp = join(base, `.${name}.tmp`);
  try {
    rmSync(tmp, { recursive: true, force: true });
    linkTree(checkpointDir(studyDir, trial), tmp);
    rmSync(join(base, name), { recursive: true, force: true });
    renameSync(tmp, join(base, name));
    removeReported(base, name);
  } catch {
    // A file the script removed mid-walk, say: a retry then continues from the live folder, as before.
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Delete a trial's reported-step snapshots, all but `keep`. */
function removeReported(trialDir: string, keep?: string): void {
  let names: string[];
  try {
    names = readdirSync(trialDir);
  } catch {
    return;
  }
  for (const n of names)
    if (n !== keep && (n.startsWith(REPORTED_PREFIX) || n.startsWith(`.${REPORTED_PREFIX}`)))
      rmSync(join(trialDir, n), { recursive: true, force: true });
}

/** Copy a folder as hard links (a plain copy across file systems). */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const a = join(from, name);
    const b = join(to, name);
    if (statSync(a).isDirectory()) linkTree(a, b);
    else
      try {
        linkSync(a, b);
      } catch {
        copyFileSync(a, b);
      }
  }
}

/**
 * Trials whose checkpoints are still needed: unfinished ones (queued, running, paused, interrupted and not yet
 * retried), the sources of trials still to start, and the `keep` best finished ones (the best trial among them, and
 * PBT parents and hyperband rungs waiting for promotion in the usual case).
 */
export function neededCheckpoints(trials: readonly Trial[], direction: Direction, keep: number): Set<number> {
  const need = new Set<number>();
  const retried = new Set<number>();
  for (const t of trials) {
    const a = t.attrs ?? {};
    if (typeof a.retryOf === "number") retried.add(a.retryOf);
    if (t.state === "queued" || t.state === "running" || t.state === "paused") {
      need.add(t.number);
      if (typeof a.resumeFrom === "number") need.add(a.resumeFrom);
      if (typeof a.inheritedFrom === "number") need.add(a.inheritedFrom);
    }
  }
  for (const t of trials) if (t.state === "failed" && t.error?.retriable && !retried.has(t.number)) need.add(t.number);
  const done = trials.filter((t) => t.state === "complete" && t.value !== undefined && Number.isFinite(t.value));
  // The best per budget: in hyperband's re-run mode a lower rung's best are the next promotions.
  const byBudget = new Map<number, Trial[]>();
  for (const t of done) {
    const b = t.budget ?? Infinity;
    byBudget.set(b, [...(byBudget.get(b) ?? []), t]);
  }
  for (const group of byBudget.values()) {
    group.sort((x, y) => (better(direction, x.value!, y.value!) ? -1 : better(direction, y.value!, x.value!) ? 1 : 0));
    for (const t of group.slice(0, keep)) need.add(t.number);
  }
  return need;
}

/**
 * Delete the checkpoints (and resume snapshots) of trials no longer needed. `parents`: trials a later child may start
 * from (evolution's population, Study.possibleParents), kept too. Returns the trials cleaned.
 */
export function cleanCheckpoints(
  studyDir: string,
  trials: readonly Trial[],
  direction: Direction,
  keep: number,
  parents: readonly number[] = [],
): number[] {
  const need = neededCheckpoints(trials, direction, keep);
  for (const n of parents) need.add(n);
  const cleaned: number[] = [];
  for (const t of trials) {
    const dir = join(studyDir, "trials", String(t.number));
    if (!need.has(t.number) && existsSync(join(dir, CHECKPOINT_DIR))) {
      rmSync(join(dir, CHECKPOINT_DIR), { recursive: true, force: true });
      removeReported(dir);
      cleaned.push(t.number);
    }
    if (t.state !== "queued" && t.state !== "running")
      for (const snap of [SNAPSHOT_DIR, INHERIT_DIR]) rmSync(join(dir, snap), { recursive: true, force: true });
  }
  return cleaned;
}

/**
 * Whether a script saves and loads checkpoints: it reads the docs/trials.md variables (or Attune's Python helper does),
 * or it trains with TensorFlow.js `model.fit`, which the preload checkpoints by itself.
 */
export function scriptCheckpoints(source: string): boolean {
  if (/ATTUNE_RESUME_FROM|attune_checkpoint/.test(source)) return true;
  return /@tensorflow\/tfjs/.test(source) && /\.fit(Dataset)?\s*\(/.test(source);
}
