// The ask/tell state machine (SPEC §7). A Study owns the trial history (in memory, or replayed from a journal that
// other processes may append to), asks its sampler for new params, asks its pruner about intermediate reports, and
// records every change as an event.
import { Rng } from "./rng";
import { outsideSpace, spaceHash, type Budget, type Space } from "./space";
import type { Proposal, Sampler } from "./samplers/sampler";
import { sampleStructured } from "./samplers/structured";
import type { Pruner } from "./pruners/pruner";
import { lastStep, type SegmentScheduler } from "./segments/scheduler";
import { applyEvent, emptyState, type StudyEvent, type StudyMeta, type StudyState } from "./events";
import { orphanedTrials, orphanFinish } from "./orphans";
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
  /** Segments (SPEC §7): train steps from+1 .. to. `from` is 0 for a fresh start. */
  from?: number;
  to?: number;
  /** The trial whose checkpoint (at step `from`) to load first, when this continues training done before. */
  resumeFrom?: number;
}

export interface BestTrial {
  number: number;
  value: number;
  params: Params;
}

/** Where events go: memory only, a journal shared with other processes, or a database (storage/postgres). */
export interface Store {
  append(e: StudyEvent): void;
  /** Pick up events other processes appended. */
  refresh(): void;
  readonly state: StudyState;
  close?(): void;
  /** Claims (a trial's `limit`) are settled by replaying events in order (journal, memory); a database that decides
   * them itself (PostgreSQL, whose own limit is set on the store) leaves this unset and gets no `limit` in events. */
  readonly replayClaims?: boolean;
}

/** ask() found the study full: its claim on a trial came after `limit` trials held their slots (docs/studies.md). */
export class TrialLimitReached extends Error {
  constructor(readonly limit: number) {
    super(`the study already has its ${limit} trials`);
  }
}

class MemoryStore implements Store {
  readonly state = emptyState();
  readonly replayClaims = true;
  append(e: StudyEvent): void {
    applyEvent(this.state, e);
  }
  refresh(): void {}
}

/** Who records starts, segments and claims: the process and machine running this study. */
export interface StudyOwner {
  pid: number;
  host: string;
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
  /** Freeze-thaw, PBT: trials train in segments and pause in between. */
  segments?: SegmentScheduler;
  file?: string;
  /** Where events go (a journal, PostgreSQL: see src/storage); in memory when absent. */
  store?: Store;
  /** The process running the study; storage/openStudy fills in this process. */
  owner?: StudyOwner;
  /** Several processes ask at once (shared storage): a salt per process, so that two asks that see the same
   * history do not draw the same point. */
  rngSalt?: string;
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
  private readonly owner: StudyOwner;
  private space: Space;
  /** Messages for the user about what resuming found (annotation changes, orphaned trials, corrupt lines). */
  readonly notices: string[] = [];
  /** How many trials (configs) a segment schedule may create; set by the run loop from `--trials`. */
  trialLimit: number | undefined;

  constructor(private readonly cfg: StudyConfig) {
    this.name = cfg.name;
    this.directions = cfg.directions?.length ? [...cfg.directions] : [cfg.direction];
    this.direction = this.directions[0];
    this.constraints = cfg.constraints ? [...cfg.constraints] : [];
    if (this.directions.length > 1 && cfg.metrics && cfg.metrics.length !== this.directions.length)
      throw new Error(`${cfg.metrics.length} metric names for ${this.directions.length} directions; give one each`);
    this.seed = cfg.seed;
    this.space = cfg.space;
    this.store = cfg.store ?? new MemoryStore();
    this.owner = cfg.owner ?? { pid: 0, host: "in-memory" };
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

  /** Trials checked against `flaggedSpace` so far, and those of them inside it (what the sampler learns from). */
  private flagged = 0;
  private flaggedSpace?: Space;
  private flaggedList?: readonly Trial[];
  private readonly inSpace: Trial[] = [];

  /**
   * Mark trials recorded under other annotations (SPEC §5: flagged, not lost). A trial's params never change, so each
   * is checked once, when it first appears (or again if the space is replaced): an ask costs the same at any size.
   */
  private flagOutsiders(): void {
    const all = this.store.state.trials;
    if (this.flaggedSpace !== this.space || this.flaggedList !== all) {
      this.flaggedSpace = this.space;
      this.flaggedList = all;
      this.flagged = 0;
      this.inSpace.length = 0;
    }
    for (; this.flagged < all.length; this.flagged++) {
      const t = all[this.flagged];
      const why = outsideSpace(this.space, t.params);
      if (why) t.outsideSpace = why;
      else {
        delete t.outsideSpace;
        this.inSpace.push(t);
      }
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
    // Trials from an older search space inform nothing about this one. The live list: samplers only read it.
    const trials = this.inSpace;
    const rng = Rng.derive(this.seed, "trial", number, ...(this.cfg.rngSalt ? [this.cfg.rngSalt] : []));
    if (this.segmentsActive()) return this.askSegment(trials, number, rng);
    if (this.budget && this.cfg.scheduler && this.fidelityMode() === "rerun") {
      const promo = this.cfg.scheduler.promotion(trials, this.direction);
      if (promo) {
        // The source ran to its rung's budget: the promotion continues its checkpoint from there (SPEC §2).
        const from = this.store.state.trials[promo.from]?.budget;
        const resume = from !== undefined && from < promo.budget ? { resumeFrom: promo.from, from } : {};
        const attrs = { promotedFrom: promo.from, ...(resume.from !== undefined ? { resumeStep: resume.from } : {}) };
        return { ...this.create(promo.params, promo.budget, promo.bracket, attrs, true), ...resume };
      }
    }
    const proposal: Proposal = sampleStructured(this.cfg.sampler, {
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
    if (!this.budget) return this.create(proposal, undefined, undefined, undefined, true);
    if (this.cfg.scheduler && this.fidelityMode() === "rerun") {
      const first = this.cfg.scheduler.initial(number);
      return this.create(proposal, first.budget, first.bracket, undefined, true);
    }
    return this.create(proposal, this.budget.max, undefined, undefined, true);
  }

  private exhausted = false;
  isExhausted(): boolean {
    return this.exhausted;
  }

  /**
   * Queue a trial with given params (e.g. the file's current values as a first, known-good trial). With
   * `attrs.resumeFrom` and `attrs.resumeStep` it continues that trial's checkpoint and inherits its curve up to there.
   */
  enqueue(params: Params, budget?: number, attrs?: Record<string, unknown>): AskResult {
    const made = this.create(params, budget ?? this.budget?.max, undefined, attrs);
    const src = attrs?.resumeFrom;
    const step = attrs?.resumeStep;
    if (typeof src !== "number" || typeof step !== "number" || step <= 0) return made;
    this.inherit(made.number, src, step);
    return { ...made, from: step, resumeFrom: src };
  }

  /** Copy trial `src`'s reports up to `step` into `number`: a continued trial's curve starts where its source's was. */
  private inherit(number: number, src: number, step: number): void {
    const from = this.store.state.trials[src];
    if (!from) return;
    for (const [s, v] of from.intermediate)
      if (s <= step) this.append({ op: "report", trial: number, step: s, value: v, t: Date.now() });
  }

  // ---- segments (freeze-thaw, PBT) ----

  /** Segments are off for good once a script shows it ignores its checkpoint (SPEC §2: it is scheduled as before). */
  segmentsActive(): boolean {
    if (!this.cfg.segments || !this.budget) return false;
    return !this.store.state.trials.some((t) => t.attrs?.ignoresCheckpoints === true);
  }

  /** Record facts about a trial (lineage, checkpoint use) as attributes. */
  setAttrs(number: number, attrs: Record<string, unknown>): void {
    this.append({ op: "meta", trial: number, attrs, t: Date.now() });
  }

  private askSegment(trials: Trial[], number: number, rng: Rng): AskResult | null {
    const seg = this.cfg.segments!;
    const budget = this.budget!;
    const { drop, decision } = seg.next({
      trials,
      direction: this.direction,
      space: this.space,
      budget,
      number,
      rng,
      ...(this.trialLimit !== undefined ? { trialLimit: this.trialLimit } : {}),
    });
    for (const n of drop) {
      const t = this.store.state.trials[n];
      if (!t || t.state !== "paused") continue;
      this.tell(n, { state: "pruned", ...(t.value !== undefined ? { value: t.value } : {}) });
    }
    if (decision.kind === "wait") return null;
    if (decision.kind === "done") {
      this.exhausted = true;
      return null;
    }
    if (decision.kind === "continue") {
      const t = this.mustGet(decision.trial);
      if (t.state !== "paused") throw new Error(`internal: trial ${t.number} is ${t.state}, not paused`);
      const from = lastStep(t);
      this.append({
        op: "segment",
        trial: t.number,
        to: decision.to,
        pid: this.owner.pid,
        host: this.owner.host,
        t: Date.now(),
      });
      return { number: t.number, params: t.params, budget: decision.to, from, to: decision.to, resumeFrom: t.number };
    }
    let params = decision.params;
    if (!params) {
      // The sampler sees paused trials as stopped ones: their curves so far are what is known of them.
      const view = trials.map((t) => (t.state === "paused" ? { ...t, state: "pruned" as const } : t));
      const p = this.cfg.sampler.sample({ space: this.space, direction: this.direction, trials: view, number, rng });
      if (p === "exhausted") {
        this.exhausted = true;
        return null;
      }
      params = p;
    }
    const attrs =
      decision.resumeFrom !== undefined
        ? { ...decision.attrs, resumeFrom: decision.resumeFrom, resumeStep: decision.from ?? 0 }
        : decision.attrs;
    const made = this.enqueue(params, decision.to, attrs);
    return { ...made, to: decision.to };
  }

  /** Record that a trial's process started. */
  start(number: number, info: { pid?: number; gpu?: string } = {}): void {
    this.append({
      op: "start",
      trial: number,
      pid: info.pid ?? this.owner.pid,
      host: this.owner.host,
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
    // The baseline (the file's own values) always runs to the end: it is what the results are compared with.
    if (!this.cfg.pruner || !Number.isFinite(value) || t.attrs?.baseline === true || this.segmentsActive())
      return "continue";
    this.store.refresh();
    this.flagOutsiders(); // pruners compare only with trials of this space
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

  setBackend(number: number, backend: string, how: { adapter?: string; skipped?: string[] } = {}): void {
    const extra = {
      ...(how.adapter ? { adapter: how.adapter } : {}),
      ...(how.skipped?.length ? { skipped: how.skipped } : {}),
    };
    this.append({ op: "meta", trial: number, backend, ...extra, t: Date.now() });
  }

  /** The trial's peak GPU memory, measured while it ran (MiB). */
  setGpuMemory(number: number, mib: number): void {
    this.append({ op: "meta", trial: number, gpuMemMiB: Math.round(mib), t: Date.now() });
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
      // A segment that ends before the budget's max pauses the trial: a later ask() may continue it.
      if (state === "complete" && this.segmentsActive() && lastStep(t) < this.budget!.max) state = "paused";
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
            `the constraint metric "${missing.metric}" was ` +
            `${missing.metric in seen ? "not a finite number" : "never reported"}; ` +
            `print a line such as "${missing.metric}: 12.5" (constraint ${missing.metric} ${missing.op} ` +
            `${missing.bound})`,
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
  recoverOrphans(isAlive: (pid: number) => boolean): number[] {
    this.store.refresh();
    const orphans = orphanedTrials(this.store.state, this.owner.host, isAlive, this.owner.pid);
    for (const n of orphans)
      this.append(
        orphanFinish(
          n,
          "the process running this trial stopped (killed or crashed) before it finished; it is run again on resume",
        ),
      );
    return orphans;
  }

  runnerStarted(): void {
    this.append({ op: "runner", event: "start", pid: this.owner.pid, host: this.owner.host, t: Date.now() });
  }
  runnerStopped(): void {
    this.append({ op: "runner", event: "stop", pid: this.owner.pid, host: this.owner.host, t: Date.now() });
  }

  close(): void {
    this.store.close?.();
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
        `the study was started with ${was.split(",").length} objective(s) (${was}); it now has ` +
          `${this.directions.length} (${this.directions.join(",")}) — values recorded under the old objectives are ` +
          `kept as they are`,
      );
    else if (s.meta.direction !== this.direction || (this.metric && s.meta.metric && s.meta.metric !== this.metric))
      this.notices.push(
        `the study was started to ${s.meta.direction} ${s.meta.metric ?? "its objective"}; it now ${this.direction}s ` +
          `${this.metric ?? "its objective"} — earlier values are compared as they are`,
      );
    if (s.meta.spaceHash !== hash) {
      this.append({ op: "space", space: this.space, spaceHash: hash, t: Date.now() });
      const outside = s.trials.filter((t) => outsideSpace(this.space, t.params) !== undefined).length;
      this.notices.push(
        `the annotations changed since this study began; ${outside} earlier trial(s) fall outside the new space and ` +
          `are flagged (kept, not used for search)`,
      );
    }
    for (const w of s.warnings) this.notices.push(w);
  }

  /**
   * Add a trial. A `claim` (what ask() proposes, toward `trialLimit`) carries the limit when the store settles claims
   * by replay: the trial exists only if the events before it leave a slot, so processes sharing a journal run
   * exactly the limit between them (docs/studies.md). Retries and enqueued trials are never refused.
   */
  private create(
    params: Params,
    budget?: number,
    bracket?: number,
    attrs?: Record<string, unknown>,
    claim = false,
  ): AskResult {
    const uid = `${this.owner.host}:${this.owner.pid}:${Date.now().toString(36)}:${(uidCounter++).toString(36)}`;
    const limit = claim && this.store.replayClaims && Number.isFinite(this.trialLimit) ? this.trialLimit : undefined;
    this.append({
      op: "trial",
      uid,
      params,
      ...(budget !== undefined ? { budget } : {}),
      ...(bracket !== undefined ? { bracket } : {}),
      ...(attrs ? { attrs } : {}),
      ...(limit !== undefined ? { limit } : {}),
      t: Date.now(),
    });
    const number = this.store.state.uids.get(uid);
    if (number === undefined && limit !== undefined && this.store.state.refused.has(uid))
      throw new TrialLimitReached(limit);
    if (number === undefined) throw new Error("internal: a new trial did not appear in the study record");
    return { number, params, ...(budget !== undefined ? { budget, to: budget } : {}), from: 0 };
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
  // Multi-fidelity: only results at the largest budget reached compete (a 1-epoch score is no match for an 81-epoch
  // one).
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
