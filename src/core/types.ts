// Shared value types of the engine. Pure data: no I/O, no `vscode`.

/** A scalar literal as it can appear in a user's file (number, string, boolean, null). */
export type Scalar = number | string | boolean | null;

/** A literal as it can appear in a user's file: a scalar, or a list of scalars (a `list(...)` parameter). */
export type Literal = Scalar | Scalar[];

/** A trial's parameter values, by parameter name. Inactive conditional parameters are absent. */
export type Params = Record<string, Literal>;

export type Direction = "minimize" | "maximize";

/**
 * `paused`: trained for a segment and stopped with its checkpoint kept; a later segment may continue it
 * (docs/library.md).
 */
export type TrialState = "queued" | "running" | "paused" | "complete" | "pruned" | "failed";

export const FINISHED_STATES: readonly TrialState[] = ["complete", "pruned", "failed"];

/**
 * A trial that re-runs another's configuration at a larger budget (a hyperband/ASHA promotion): the same configuration
 * trained further, not a new one, so it never counts toward `--trials` (docs/algorithms.md#multi-fidelity).
 */
export function continuesAnother(t: Pick<Trial, "attrs">): boolean {
  return typeof t.attrs?.promotedFrom === "number";
}

/**
 * A configuration that counts toward `--trials`: finished, except one a cancel or crash interrupted (it is run again)
 * and a promotion (its configuration was counted when it first ran).
 */
export function countsTowardTrials(t: Pick<Trial, "state" | "error" | "attrs">): boolean {
  if (continuesAnother(t)) return false;
  if (t.state === "complete" || t.state === "pruned") return true;
  return t.state === "failed" && !t.error?.retriable;
}

export function isFinished(state: TrialState): boolean {
  return state === "complete" || state === "pruned" || state === "failed";
}

/** Why a trial failed: what the user needs to fix it. */
export interface TrialError {
  message: string;
  /** Last lines of the trial's output. */
  tail?: string;
  /** The user's source line the error points at, e.g. "train.py:42: x = 1/0". */
  sourceLine?: string;
  /** Interrupted rather than failed on its own (cancel, killed runner): run it again on resume. */
  retriable?: boolean;
}

/** One trial as the study knows it. Numbers are unique within a study and count up from 0. */
export interface Trial {
  number: number;
  state: TrialState;
  params: Params;
  /** Objective value: the last reported objective of a finished trial. */
  value?: number;
  /** Several objectives: one value per objective, in the study's order (then `value` is absent). */
  values?: number[];
  /** Constraints: g per constraint, ≤ 0 when it holds (metric − bound for `<=`, bound − metric for `>=`). */
  constraints?: number[];
  /** Intermediate objective values, [step, value], steps ascending. */
  intermediate: [number, number][];
  /** Latest value of every metric the trial reported (objective included). */
  metrics?: Record<string, number>;
  /** Multi-fidelity: the budget this trial runs with (written into the `budget` literal). */
  budget?: number;
  /** Segments (freeze-thaw, PBT): the steps at which the paused trial was continued from its own checkpoint. */
  continuedAt?: number[];
  /** Multi-fidelity: the hyperband bracket the trial belongs to. */
  bracket?: number;
  /** Epoch ms. */
  startedAt?: number;
  finishedAt?: number;
  error?: TrialError;
  /** Free-form facts about how it ran: TF.js backend, GPU assigned, pid. */
  backend?: string;
  /** The WebGPU adapter a `webgpu` trial ran on, e.g. "NVIDIA H100 (vulkan)" or "llvmpipe (opengles, software)". */
  adapter?: string;
  /** Why faster TF.js backends were not used ("webgpu: no Vulkan loader …"). */
  backendNotes?: string[];
  gpu?: string;
  /** Peak GPU memory the trial's processes used (nvidia-smi), in MiB. */
  gpuMemoryMiB?: number;
  /** Set when the trial's params fall outside the study's current search space (annotations changed). */
  outsideSpace?: string;
  /** User attributes (e.g. the trial this one re-runs at a higher rung). */
  attrs?: Record<string, unknown>;
}

export function durationSeconds(t: Trial): number | undefined {
  if (t.startedAt === undefined) return undefined;
  const end = t.finishedAt ?? (t.state === "running" ? Date.now() : undefined);
  return end === undefined ? undefined : (end - t.startedAt) / 1000;
}

/** Is `a` better than `b` in this direction? */
export function better(direction: Direction, a: number, b: number): boolean {
  return direction === "minimize" ? a < b : a > b;
}

/** `@tune constraint: <metric> <= <bound>` (or `>=`). */
export interface Constraint {
  metric: string;
  op: "<=" | ">=";
  bound: number;
}

/** g of a constraint for a metric value: ≤ 0 when the constraint holds. */
export function constraintValue(c: Constraint, v: number): number {
  return c.op === "<=" ? v - c.bound : c.bound - v;
}

/** A trial with constraints that all hold (or none recorded). */
export function isFeasible(t: Trial): boolean {
  return !t.constraints || t.constraints.every((g) => g <= 0);
}
