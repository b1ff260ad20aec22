// The ask/tell state machine (docs/library.md). A Study owns the trial history (in memory, or replayed from a journal
// or a database that other processes may append to), asks its sampler for new params, asks its pruner about
// intermediate reports, and records every change as an event. Its parts live beside it: the store plumbing
// (store.ts), opening the record (studyRecord.ts), segment asking (segments/ask.ts), what tell() records
// (tellOutcome.ts), flagging trials outside the space (spaceFlags.ts) and ranking (ranking.ts).
import { Rng } from "./rng";
import type { Budget, Space } from "./space";
import type { Proposal, Sampler } from "./samplers/sampler";
import { sampleStructured } from "./samplers/structured";
import type { Pruner } from "./pruners/pruner";
import { lastStep, type SegmentScheduler } from "./segments/scheduler";
import { askSegment, recordForecasts, type SegmentAskHost } from "./segments/ask";
import type { StudyDefinition, StudyEvent, StudyMeta } from "./events";
import { orphanedTrials, orphanFinish } from "./orphans";
import { continuesAnother, type Constraint, type Direction, type Params, type Trial } from "./types";
import { paretoFront, type ParetoPoint } from "./multi/pareto";
import type { BudgetScheduler } from "./pruners/promotions";

// The scheduler seam lives with the pruners that implement it, so src/core/pruners never imports the study.
export type { BudgetScheduler };
import type { AskResult } from "./askResult";
import { MemoryStore, TrialLimitReached, TrialTaken, type Store, type StudyOwner } from "./store";
import { bestTrial, type BestTrial } from "./ranking";
import { tellOutcome, type TellResult } from "./tellOutcome";
import { OutsiderFlags } from "./spaceFlags";
import { openRecord } from "./studyRecord";
import { growthOf } from "./growth";

export type { AskResult } from "./askResult";
export { MemoryStore, TrialLimitReached, TrialRefused, TrialTaken, type Store, type StudyOwner } from "./store";
export { bestTrial, rankTrials, type BestTrial } from "./ranking";
export type { TellResult } from "./tellOutcome";

export interface StudyConfig extends StudyDefinition {
  sampler: Sampler;
  pruner?: Pruner;
  /** For budgets without intermediate reports. */
  scheduler?: BudgetScheduler;
  /** Freeze-thaw, PBT: trials train in segments and pause in between. */
  segments?: SegmentScheduler;
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
  /** How many trials (configs) the run may have, set by the run loop from `--trials`: a segment schedule creates no
   * more, and ask() claims a slot under it where the store settles claims by replay (docs/studies.md). */
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

  /** Trials recorded under other annotations are flagged; the sampler sees only those inside the space. */
  private readonly flags = new OutsiderFlags();
  private flagOutsiders(): void {
    this.flags.update(this.space, this.store.state.trials);
  }

  trial(number: number): Trial | undefined {
    return this.store.state.trials[number];
  }

  /**
   * Record what the segment scheduler predicts for trials paused since its last decision (freeze-thaw; nothing for
   * others). The runner calls it as a run stops, so every trial left paused says what it is predicted to reach.
   */
  recordForecasts(): void {
    this.store.refresh();
    if (!this.segmentsActive()) return;
    this.flagOutsiders();
    const number = this.store.state.trials.length;
    recordForecasts(this.segmentHost(), this.flags.inSpace, number, Rng.derive(this.seed, "forecast", number));
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
    const trials = this.flags.inSpace;
    const salt = this.cfg.rngSalt ?? this.laterRunnerSalt();
    const rng = Rng.derive(this.seed, "trial", number, ...(salt ? [salt] : []));
    if (this.segmentsActive()) return askSegment(this.segmentHost(), trials, number, rng);
    if (this.budget && this.cfg.scheduler && this.fidelityMode() === "rerun") {
      const promo = this.cfg.scheduler.promotion(trials, this.direction, this.configsLeft(trials) <= 0);
      if (promo) {
        // The source ran to its rung's budget: the promotion continues its checkpoint from there (docs/trials.md).
        const from = this.store.state.trials[promo.from]?.budget;
        const resume = from !== undefined && from < promo.budget ? { resumeFrom: promo.from, from } : {};
        const attrs = { promotedFrom: promo.from, ...(resume.from !== undefined ? { resumeStep: resume.from } : {}) };
        return { ...this.create(promo.params, promo.budget, promo.bracket, attrs), ...resume };
      }
      // Under --trials N the N-th configuration has started: only promotions are left (docs/algorithms.md).
      if (this.configsLeft(trials) <= 0) return null;
    }
    let parent: number | undefined;
    const proposal: Proposal = sampleStructured(this.cfg.sampler, {
      space: this.space,
      direction: this.direction,
      ...(this.isMultiObjective ? { directions: this.directions } : {}),
      ...(this.constraints.length ? { constraints: this.constraints } : {}),
      trials,
      number,
      rng,
      noteParent: (n) => (parent = n),
    });
    if (proposal === "exhausted") {
      this.exhausted = true;
      return null;
    }
    const grown = this.grownFrom(proposal, parent);
    if (!this.budget) return this.create(proposal, undefined, undefined, grown, true);
    if (this.cfg.scheduler && this.fidelityMode() === "rerun") {
      const first = this.cfg.scheduler.initial(number);
      return this.create(proposal, first.budget, first.bracket, grown, true);
    }
    return this.create(proposal, this.budget.max, undefined, grown, true);
  }

  /**
   * `{ inheritedFrom, growth }` when the proposal is its parent with one list grown (growth.ts): the runner then
   * hands it the parent's checkpoint to start from (docs/trials.md). Undefined otherwise.
   */
  private grownFrom(params: Params, parent: number | undefined): Record<string, unknown> | undefined {
    const from = parent === undefined ? undefined : this.store.state.trials[parent];
    const growth = from && growthOf(this.space, from.params, params);
    return growth ? { inheritedFrom: from.number, growth } : undefined;
  }

  /** Configurations the trial limit still allows (Infinity without one); running and paused ones count as made. */
  private configsLeft(trials: readonly Trial[]): number {
    if (this.trialLimit === undefined) return Infinity;
    const made = trials.filter((t) => !continuesAnother(t) && !(t.state === "failed" && t.error?.retriable));
    return this.trialLimit - made.length;
  }

  /**
   * Whether trials already started may go on being trained after the last configuration under `--trials N` has
   * started: paused trials (freeze-thaw, PBT) are continued and hyperband promotions re-run, until none is left.
   */
  continuesTrials(): boolean {
    return this.segmentsActive() || (!!this.budget && !!this.cfg.scheduler && this.fidelityMode() === "rerun");
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

  /**
   * Segments are off for good once a script shows it ignores its checkpoint (docs/trials.md: it is scheduled as
   * before).
   */
  segmentsActive(): boolean {
    if (!this.cfg.segments || !this.budget) return false;
    return !this.store.state.trials.some((t) => t.attrs?.ignoresCheckpoints === true);
  }

  /** Trials whose checkpoints a later child may start from (Sampler.possibleParents): keep them. */
  possibleParents(): number[] {
    return this.cfg.sampler.possibleParents?.(this.space, this.store.state.trials) ?? [];
  }

  /** Record facts about a trial (lineage, checkpoint use) as attributes. */
  setAttrs(number: number, attrs: Record<string, unknown>): void {
    this.append({ op: "meta", trial: number, attrs, t: Date.now() });
  }

  private segmentHost(): SegmentAskHost {
    return {
      segments: this.cfg.segments!,
      sampler: this.cfg.sampler,
      space: this.space,
      budget: this.budget!,
      direction: this.direction,
      trialLimit: this.trialLimit,
      mustGet: (n) => this.mustGet(n),
      trial: (n) => this.trial(n),
      prune: (n, value) => this.tell(n, { state: "pruned", ...(value !== undefined ? { value } : {}) }),
      resume: (n, to) =>
        this.append({ op: "segment", trial: n, to, pid: this.owner.pid, host: this.owner.host, t: Date.now() }),
      forecast: (n, forecast) => this.setAttrs(n, { forecast }),
      enqueue: (params, budget, attrs) => this.enqueue(params, budget, attrs),
      exhausted: () => (this.exhausted = true),
    };
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

  /** An intermediate value; returns whether the trial should stop (docs/algorithms.md). */
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
    // docs/library.md: the caller then tells its last value, and the trial is recorded as pruned.
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
   * Finish a trial: a number is its value (NaN/±Infinity make it failed, docs/trials.md); or an explicit state.
   * A trial that was pruned (told "prune" by report) is recorded as pruned.
   */
  tell(number: number, result: TellResult, metrics?: Record<string, number>): void {
    const t = this.mustGet(number);
    const o = tellOutcome(t, result, metrics, {
      directions: this.directions,
      constraints: this.constraints,
      ...(this.metrics ? { metrics: this.metrics } : {}),
      pruned: this.prunedByUs.has(number),
      pauses: () => this.segmentsActive() && lastStep(t) < this.budget!.max,
    });
    // Metrics told here that no report recorded yet (the library's tell(n, values, metrics)).
    const fresh = Object.fromEntries(Object.entries(metrics ?? {}).filter(([k, v]) => t.metrics?.[k] !== v));
    if (Object.keys(fresh).length)
      this.append({ op: "report", trial: number, step: t.intermediate.length, metrics: fresh, t: Date.now() });
    this.append({
      op: "finish",
      trial: number,
      state: o.state,
      ...(o.value !== undefined ? { value: o.value } : {}),
      ...(o.values !== undefined ? { values: o.values } : {}),
      ...(o.constraints ? { constraints: o.constraints } : {}),
      ...(o.error ? { error: o.error } : {}),
      t: Date.now(),
    });
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

  /** The non-dominated feasible complete trials (docs/library.md); for one objective, the best trial(s). */
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
    // A killed runner on this host never wrote its stop: record it, so it no longer counts as running.
    for (const r of this.store.state.runners)
      if (r.host === this.owner.host && r.stoppedAt === undefined && r.pid !== this.owner.pid && !isAlive(r.pid))
        this.append({ op: "runner", event: "stop", pid: r.pid, host: r.host, t: Date.now() });
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

  /**
   * Processes sharing a journal that ask at the same history length would draw the same point: every runner but the
   * earliest live one (in journal order, which all of them read alike) salts its draws with its own identity. A study
   * run by one process draws exactly what it always did.
   */
  private laterRunnerSalt(): string | undefined {
    const runners = this.store.state.runners;
    let mine = runners.length - 1;
    while (mine >= 0 && (runners[mine]!.pid !== this.owner.pid || runners[mine]!.host !== this.owner.host)) mine--;
    if (mine < 0 || runners[mine]!.stoppedAt !== undefined) return undefined;
    const earlierLive = runners.slice(0, mine).some((r) => r.stoppedAt === undefined);
    return earlierLive ? `${this.owner.host}:${this.owner.pid}` : undefined;
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
    const def = { ...this.cfg, metric: this.metric, directions: this.directions, constraints: this.constraints };
    this.notices.push(...openRecord(this.store.state, def, (e) => this.append(e)));
  }

  /**
   * Add a trial. A `claim` (what ask() proposes, toward `trialLimit`) carries the limit when the store settles claims
   * by replay: the trial exists only if the events before it leave a slot, so processes sharing a journal run
   * exactly the limit between them (docs/studies.md). A fresh baseline claims the key "baseline" the same way, so
   * processes that start a new study together add it once. Retries and other enqueued trials are never refused.
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
    const once = this.onceKey(attrs);
    this.append({
      op: "trial",
      uid,
      params,
      ...(budget !== undefined ? { budget } : {}),
      ...(bracket !== undefined ? { bracket } : {}),
      ...(attrs ? { attrs } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(once ? { once } : {}),
      t: Date.now(),
    });
    const number = this.store.state.uids.get(uid);
    if (number === undefined && limit !== undefined && this.store.state.refused.has(uid))
      throw new TrialLimitReached(limit);
    if (number === undefined && once && this.store.state.refused.has(uid)) throw new TrialTaken(once);
    if (number === undefined) throw new Error("internal: a new trial did not appear in the study record");
    return { number, params, ...(budget !== undefined ? { budget, to: budget } : {}), from: 0 };
  }

  /** A trial only one process may add (docs/studies.md): a new study's baseline, and each trial's promotion. */
  private onceKey(attrs: Record<string, unknown> | undefined): string {
    if (!this.store.replayClaims || attrs === undefined || attrs.retryOf !== undefined) return "";
    if (attrs.baseline === true) return "baseline";
    return typeof attrs.promotedFrom === "number" ? `promotion of #${attrs.promotedFrom}` : "";
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
