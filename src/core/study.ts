// The ask/tell state machine (SPEC §7). A Study owns the trial history (in memory, or replayed from a journal that
// other processes may append to), asks its sampler for new params, asks its pruner about intermediate reports, and
// records every change as an event.
import { hostname } from "node:os";
import { Rng } from "./rng";
import { outsideSpace, spaceHash, type Budget, type Space } from "./space";
import type { Proposal, Sampler } from "./samplers/sampler";
import type { Pruner } from "./pruners/pruner";
import { applyEvent, emptyState, type StudyEvent, type StudyMeta, type StudyState } from "./storage/events";
import { JournalReader, JournalWriter } from "./storage/journal";
import {
  better,
  constraintValue,
  isFeasible,
  type Constraint,
  type Direction,
  type Params,
  type Trial,
  type TrialError,
  type TrialState,
} from "./types";
import { paretoFront, type ParetoPoint } from "./multi/pareto";

/** What tell() accepts: a value, one value per objective, or an explicit state. */
export type TellResult =
  number | number[] | { state: TrialState; value?: number; values?: number[]; error?: TrialError };

/** Multi-fidelity scheduling for scripts that report no intermediate values: re-run good configs at larger budgets. */
export interface BudgetScheduler {
  /** The budget a brand-new configuration starts with, and its bracket. */
  initial(trialNumber: number): { budget: number; bracket?: number };
  /** A finished config that deserves the next rung, or undefined. */
  promotion(
    trials: readonly Trial[],
    direction: Direction,
  ): { from: number; params: Params; budget: number; bracket?: number } | undefined;
}

export interface AskResult {
  number: number;
  params: Params;
  /** Multi-fidelity: the budget to write into the `budget` literal. */
  budget?: number;
}

export interface BestTrial {
  number: number;
  value: number;
  params: Params;
}

/** Where events go: memory only, or a journal shared with other processes. */
interface Store {
  append(e: StudyEvent): void;
  /** Pick up events other processes appended. */
  refresh(): void;
  readonly state: StudyState;
}

class MemoryStore implements Store {
  readonly state = emptyState();
  append(e: StudyEvent): void {
    applyEvent(this.state, e);
  }
  refresh(): void {}
}

class JournalStore implements Store {
  private readonly reader: JournalReader;
  private readonly writer: JournalWriter;
  constructor(path: string) {
    this.reader = new JournalReader(path);
    this.writer = new JournalWriter(path);
    this.reader.poll();
  }
  get state(): StudyState {
    return this.reader.state;
  }
  append(e: StudyEvent): void {
    this.writer.append(e);
    this.reader.poll();
  }
  refresh(): void {
    this.reader.poll();
  }
  close(): void {
    this.writer.close();
  }
}

export interface StudyConfig {
  name: string;
  space: Space;
  direction: Direction;
  metric?: string;
  /** Several objectives (SPEC §7 `directions`): then `direction`/`metric` are ignored in favour of these. */
  directions?: Direction[];
  metrics?: string[];
  /** Constraints on reported metrics: a trial that breaks one is infeasible. */
  constraints?: Constraint[];
  algorithm: string;
  seed: number;
  sampler: Sampler;
  pruner?: Pruner;
  /** For budgets without intermediate reports. */
  scheduler?: BudgetScheduler;
  file?: string;
  /** Journal path; in memory when absent. */
  journal?: string;
}

let uidCounter = 0;

export class Study {
  readonly name: string;
  readonly direction: Direction;
  /** One per objective (a single-objective study has one). */
  readonly directions: Direction[];
  readonly constraints: Constraint[];
  readonly seed: number;
  private readonly store: Store;
  private space: Space;
  /** Messages for the user about what resuming found (annotation changes, orphaned trials, corrupt lines). */
  readonly notices: string[] = [];

  constructor(private readonly cfg: StudyConfig) {
    this.name = cfg.name;
    this.directions = cfg.directions?.length ? [...cfg.directions] : [cfg.direction];
    this.direction = this.directions[0];
    this.constraints = cfg.constraints ? [...cfg.constraints] : [];
    if (this.directions.length > 1 && cfg.metrics && cfg.metrics.length !== this.directions.length)
      throw new Error(`${cfg.metrics.length} metric names for ${this.directions.length} directions; give one each`);
    this.seed = cfg.seed;
    this.space = cfg.space;
    this.store = cfg.journal ? new JournalStore(cfg.journal) : new MemoryStore();
    this.open();
  }

  get meta(): StudyMeta | undefined {
    return this.store.state.meta;
  }
  get algorithm(): string {
    return this.cfg.algorithm;
  }
  get metric(): string | undefined {
    return this.cfg.metrics?.[0] ?? this.cfg.metric;
  }
  /** The objectives' metric names (several objectives), or the one metric. */
  get metrics(): string[] | undefined {
    if (this.cfg.metrics) return [...this.cfg.metrics];
    return this.cfg.metric ? [this.cfg.metric] : undefined;
  }
  /** Several objectives: the result is a Pareto front, not one best trial. */
  get isMultiObjective(): boolean {
    return this.directions.length > 1;
  }
  get budget(): Budget | undefined {
    return this.space.budget;
  }
  get warnings(): readonly string[] {
    return this.store.state.warnings;
  }

  /** All trials, oldest first (a fresh copy of the list; trials are live objects — don't mutate them). */
  trials(): Trial[] {
    this.store.refresh();
    this.flagOutsiders();
    return [...this.store.state.trials];
  }

  /** Mark trials recorded under other annotations (SPEC §5: flagged, not lost). */
  private flagOutsiders(): void {
    for (const t of this.store.state.trials) {
      const why = outsideSpace(this.space, t.params);
      if (why) t.outsideSpace = why;
      else delete t.outsideSpace;
    }
  }

  trial(number: number): Trial | undefined {
    return this.store.state.trials[number];
  }

  /**
   * Propose the next trial, or null when nothing can be proposed now (a finished grid, or a schedule that waits for
   * running trials). `isExhausted()` tells the two apart.
   */
  ask(): AskResult | null {
    this.store.refresh();
    this.flagOutsiders();
    const number = this.store.state.trials.length;
    // Trials from an older search space inform nothing about this one.
    const trials = this.store.state.trials.filter((t) => t.outsideSpace === undefined);
    const rng = Rng.derive(this.seed, "trial", number);
    if (this.budget && this.cfg.scheduler && this.fidelityMode() === "rerun") {
      const promo = this.cfg.scheduler.promotion(trials, this.direction);
      if (promo) return this.create(promo.params, promo.budget, promo.bracket, { promotedFrom: promo.from });
    }
    const proposal: Proposal = this.cfg.sampler.sample({
      space: this.space,
      direction: this.direction,
      ...(this.isMultiObjective ? { directions: this.directions } : {}),
      ...(this.constraints.length ? { constraints: this.constraints } : {}),
      trials,
      number,
      rng,
    });
    if (proposal === "exhausted") {
      this.exhausted = true;
      return null;
    }
    if (!this.budget) return this.create(proposal);
    if (this.cfg.scheduler && this.fidelityMode() === "rerun") {
      const first = this.cfg.scheduler.initial(number);
      return this.create(proposal, first.budget, first.bracket);
    }
    return this.create(proposal, this.budget.max);
  }

  private exhausted = false;
  isExhausted(): boolean {
    return this.exhausted;
  }

  /** Queue a trial with given params (e.g. the file's current values as a first, known-good trial). */
  enqueue(params: Params, budget?: number, attrs?: Record<string, unknown>): AskResult {
    return this.create(params, budget ?? this.budget?.max, undefined, attrs);
  }

  /** Record that a trial's process started. */
  start(number: number, info: { pid?: number; gpu?: string } = {}): void {
    this.append({
      op: "start",
      trial: number,
      pid: info.pid ?? process.pid,
      host: hostname(),
      ...(info.gpu !== undefined ? { gpu: info.gpu } : {}),
      t: Date.now(),
    });
  }

  /** An intermediate value; returns whether the trial should stop (SPEC §4). */
  report(number: number, step: number, value: number, metrics?: Record<string, number>): "continue" | "prune" {
    const t = this.mustGet(number);
    if (t.state === "queued") this.start(number);
    this.append({
      op: "report",
      trial: number,
      step,
      ...(Number.isFinite(value) ? { value } : {}),
      ...(metrics ? { metrics } : {}),
      t: Date.now(),
    });
    if (!this.cfg.pruner || !Number.isFinite(value)) return "continue";
    this.store.refresh();
    if (!this.cfg.pruner.shouldPrune(t, step, { direction: this.direction, trials: this.store.state.trials }))
      return "continue";
    // SPEC §7: the caller then tells its last value, and the trial is recorded as pruned.
    this.prunedByUs.add(number);
    return "prune";
  }

  /** Metrics that are not the objective (or not a numbered step). */
  recordMetrics(number: number, step: number, metrics: Record<string, number>): void {
    this.append({ op: "report", trial: number, step, metrics, t: Date.now() });
  }

  setBackend(number: number, backend: string): void {
    this.append({ op: "meta", trial: number, backend, t: Date.now() });
  }

  /**
   * Finish a trial: a number is its value (NaN/±Infinity make it failed, SPEC §3); or an explicit state. A trial that
   * was pruned (told "prune" by report) is recorded as pruned.
   */
  tell(number: number, result: TellResult, metrics?: Record<string, number>): void {
    const t = this.mustGet(number);
    let state: TrialState;
    let value: number | undefined;
    let values: number[] | undefined;
    let error: TrialError | undefined;
    if (typeof result === "number" || Array.isArray(result)) {
      if (typeof result === "number") value = result;
      else values = result;
      state = this.prunedByUs.has(number) ? "pruned" : "complete";
    } else {
      ({ state, value, values, error } = result);
    }
    // One shape per study: several objectives as `values`, one as `value` (a one-element list is accepted).
    if (values !== undefined && !this.isMultiObjective) {
      if (values.length !== 1) throw new Error(this.countError(values.length));
      value = values[0];
      values = undefined;
    }
    if (value !== undefined && this.isMultiObjective) throw new Error(this.countError(1));
    if (values !== undefined && values.length !== this.directions.length)
      throw new Error(this.countError(values.length));
    const bad = value !== undefined ? value : values?.find((v) => !Number.isFinite(v));
    if (bad !== undefined && !Number.isFinite(bad)) {
      error = error ?? { message: `objective is ${bad}; a trial's value must be a finite number` };
      state = "failed";
      value = values = undefined;
    }
    if (state === "pruned" && value === undefined && !this.isMultiObjective && t.intermediate.length)
      value = t.intermediate[t.intermediate.length - 1][1];
    let constraints: number[] | undefined;
    if (this.constraints.length && state === "complete") {
      const seen = { ...t.metrics, ...metrics };
      const missing = this.constraints.find((c) => !Number.isFinite(seen[c.metric]));
      if (missing) {
        state = "failed";
        value = values = undefined;
        error = {
          message:
            `the constraint metric "${missing.metric}" was ${missing.metric in seen ? "not a finite number" : "never reported"}; ` +
            `print a line such as "${missing.metric}: 12.5" (constraint ${missing.metric} ${missing.op} ${missing.bound})`,
        };
      } else constraints = this.constraints.map((c) => constraintValue(c, seen[c.metric]));
    }
    // Metrics told here that no report recorded yet (the library's tell(n, values, metrics)).
    const fresh = Object.fromEntries(Object.entries(metrics ?? {}).filter(([k, v]) => t.metrics?.[k] !== v));
    if (Object.keys(fresh).length)
      this.append({ op: "report", trial: number, step: t.intermediate.length, metrics: fresh, t: Date.now() });
    this.append({
      op: "finish",
      trial: number,
      state,
      ...(value !== undefined ? { value } : {}),
      ...(values !== undefined ? { values } : {}),
      ...(constraints ? { constraints } : {}),
      ...(error ? { error } : {}),
      t: Date.now(),
    });
  }

  private countError(got: number): string {
    const n = this.directions.length;
    const names = this.metrics?.join(", ");
    return (
      `tell() got ${got} value${got === 1 ? "" : "s"} but this study has ${n} objective${n === 1 ? "" : "s"}` +
      `${names ? ` (${names})` : ""}; give ${n === 1 ? "one number" : `a list of ${n} numbers, one per objective`}`
    );
  }

  /** Note that the pruner told this trial to stop, so a later tell(number, value) records it as pruned. */
  markPruned(number: number): void {
    this.prunedByUs.add(number);
  }
  private readonly prunedByUs = new Set<number>();

  /** The best feasible trial; undefined for several objectives (see paretoFront). */
  best(): BestTrial | undefined {
    if (this.isMultiObjective) return undefined;
    return bestTrial(this.trials(), this.direction);
  }

  /** The non-dominated feasible complete trials (SPEC §7); for one objective, the best trial(s). */
  paretoFront(): ParetoPoint[] {
    const trials = this.trials();
    if (this.isMultiObjective) return paretoFront(trials, this.directions);
    const best = this.best();
    const t = best ? trials[best.number] : undefined;
    return t && t.value !== undefined ? [{ number: t.number, values: [t.value], params: t.params }] : [];
  }

  /** Trials whose process no longer exists on this host (killed, crashed): mark them failed so they can be retried. */
  recoverOrphans(isAlive: (pid: number) => boolean = pidAlive): number[] {
    this.store.refresh();
    const here = hostname();
    const orphans: number[] = [];
    for (const t of this.store.state.trials) {
      if (t.state !== "running" && t.state !== "queued") continue;
      const owner = this.store.state.owners.get(t.number);
      if (!owner || owner.host !== here || owner.pid === undefined) continue;
      if (owner.pid !== process.pid && isAlive(owner.pid)) continue;
      orphans.push(t.number);
    }
    for (const n of orphans)
      this.append({
        op: "finish",
        trial: n,
        state: "failed",
        error: {
          message:
            "the process running this trial stopped (killed or crashed) before it finished; it is run again on resume",
          retriable: true,
        },
        t: Date.now(),
      });
    return orphans;
  }

  runnerStarted(): void {
    this.append({ op: "runner", event: "start", pid: process.pid, host: hostname(), t: Date.now() });
  }
  runnerStopped(): void {
    this.append({ op: "runner", event: "stop", pid: process.pid, host: hostname(), t: Date.now() });
  }

  close(): void {
    if (this.store instanceof JournalStore) this.store.close();
  }

  /** Report mode: the script reports intermediate values (prune them). Rerun mode: it doesn't (re-run at rungs). */
  fidelityMode(): "report" | "rerun" {
    let sawSilent = false;
    for (const t of this.store.state.trials) {
      if (t.intermediate.length >= 2) return "report";
      if (t.state === "complete" && t.intermediate.length <= 1) sawSilent = true;
    }
    return sawSilent ? "rerun" : "report";
  }

  // ---- internals ----

  private open(): void {
    const s = this.store.state;
    const hash = spaceKey(this.space);
    if (!s.meta) {
      this.append({
        op: "study",
        v: 1,
        name: this.name,
        ...(this.cfg.file ? { file: this.cfg.file } : {}),
        direction: this.direction,
        ...(this.metric ? { metric: this.metric } : {}),
        ...(this.isMultiObjective ? { directions: this.directions } : {}),
        ...(this.isMultiObjective && this.cfg.metrics ? { metrics: this.cfg.metrics } : {}),
        ...(this.constraints.length ? { constraints: this.constraints } : {}),
        algorithm: this.cfg.algorithm,
        seed: this.seed,
        space: this.space,
        spaceHash: hash,
        t: Date.now(),
      });
      return;
    }
    const was = (s.meta.directions ?? [s.meta.direction]).join(",");
    if (was !== this.directions.join(","))
      this.notices.push(
        `the study was started with ${was.split(",").length} objective(s) (${was}); it now has ${this.directions.length} (${this.directions.join(",")}) — values recorded under the old objectives are kept as they are`,
      );
    else if (s.meta.direction !== this.direction || (this.metric && s.meta.metric && s.meta.metric !== this.metric))
      this.notices.push(
        `the study was started to ${s.meta.direction} ${s.meta.metric ?? "its objective"}; it now ${this.direction}s ${this.metric ?? "its objective"} — earlier values are compared as they are`,
      );
    if (s.meta.spaceHash !== hash) {
      this.append({ op: "space", space: this.space, spaceHash: hash, t: Date.now() });
      const outside = s.trials.filter((t) => outsideSpace(this.space, t.params) !== undefined).length;
      this.notices.push(
        `the annotations changed since this study began; ${outside} earlier trial(s) fall outside the new space and are flagged (kept, not used for search)`,
      );
    }
    for (const w of s.warnings) this.notices.push(w);
  }

  private create(params: Params, budget?: number, bracket?: number, attrs?: Record<string, unknown>): AskResult {
    const uid = `${hostname()}:${process.pid}:${Date.now().toString(36)}:${(uidCounter++).toString(36)}`;
    this.append({
      op: "trial",
      uid,
      params,
      ...(budget !== undefined ? { budget } : {}),
      ...(bracket !== undefined ? { bracket } : {}),
      ...(attrs ? { attrs } : {}),
      t: Date.now(),
    });
    const number = this.store.state.uids.get(uid);
    if (number === undefined) throw new Error("internal: a new trial did not appear in the study record");
    return { number, params, ...(budget !== undefined ? { budget } : {}) };
  }

  private append(e: StudyEvent): void {
    this.store.append(e);
  }

  private mustGet(number: number): Trial {
    this.store.refresh();
    const t = this.store.state.trials[number];
    if (!t) throw new Error(`no trial ${number} in study "${this.name}" (it has ${this.store.state.trials.length})`);
    return t;
  }
}

/** The best complete trial (flagged trials outside the current space are still eligible: their values are real). */
export function bestTrial(trials: readonly Trial[], direction: Direction): BestTrial | undefined {
  const done = trials.filter(
    (t) => t.state === "complete" && t.value !== undefined && Number.isFinite(t.value) && isFeasible(t),
  );
  // Multi-fidelity: only results at the largest budget reached compete (a 1-epoch score is no match for an 81-epoch one).
  const top = Math.max(-Infinity, ...done.map((t) => t.budget ?? -Infinity));
  let best: Trial | undefined;
  for (const t of done) {
    if ((t.budget ?? -Infinity) !== top) continue;
    if (!best || better(direction, t.value!, best.value!)) best = t;
  }
  return best ? { number: best.number, value: best.value!, params: best.params } : undefined;
}

/** Trials sorted best first (complete ones by value, then the rest). */
export function rankTrials(trials: readonly Trial[], direction: Direction): Trial[] {
  const done = trials.filter((t) => t.state === "complete" && t.value !== undefined);
  done.sort((a, b) => (direction === "minimize" ? a.value! - b.value! : b.value! - a.value!));
  return done;
}

function spaceKey(s: Space): string {
  return spaceHash(s);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
