// The run loop of a study on disk: ask → run the user's script as a child process → tell, K trials at a time.
// It owns nothing the study does not record: a crash at any point leaves a journal that `tune` can resume.
// One trial's launch, GPU placement, the fail-fast rule, control requests and outcomes live in modules of their own.
import { isBaseline } from "../core/baseline";
import { killAllRunning, type RunningTrial, type RunResult } from "./";
import { cleanCheckpoints } from "./checkpoint";
import { ControlReader } from "./control";
import { FailFast } from "./failFast";
import type { GpuSlot } from "./gpus";
import { GpuMemoryMonitor } from "./gpuMemory";
import { gpuReserve, outOfMemoryRetry, placeOnGpu } from "./gpuPlacement";
import { TrialLaunch } from "./launch";
import { crashResult, tellOutcome } from "./outcome";
import { retriesOf, type Queued } from "./queue";
import { outsideSpace } from "../core/space";
import type { SharedStudy } from "../core/shared";
import { TrialRefused, type AskResult } from "../core/study";
import { continuesAnother, countsTowardTrials } from "../core/types";
import type { OrchestratorOptions, OrchestratorSummary } from "./options";

export class Orchestrator {
  private readonly running = new Map<number, RunningTrial>();
  private cancelled = false;
  private readonly control: ControlReader;
  /** Trials to run before asking the sampler: retries of interrupted trials and the user's enqueue requests. */
  private readonly enqueued: Queued[] = [];
  private readonly monitor: GpuMemoryMonitor | undefined;
  private wake: (() => void) | undefined;
  private readonly failFast = new FailFast();
  /** Trials this run launched. */
  private ran = 0;
  /** No trial slot is left: the database said so (shared study; a retry takes its failed trial's slot), or the
   * journal refused this process's claim. */
  private full = false;
  /** Shared study: retries this worker already tried to claim. */
  private readonly retryClaims = new Set<number>();

  constructor(private readonly o: OrchestratorOptions) {
    this.control = new ControlReader(o.studyDir);
    if (o.gpus?.size) this.monitor = o.gpuMonitor ?? new GpuMemoryMonitor();
  }

  /** Stop everything: kill every trial's process tree; they are recorded failed (retried on resume). */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const r of this.running.values()) r.stop("cancelled");
    this.wake?.();
  }

  /** The runner is dying of an error: end every trial's process tree now and record each trial failed with the
   * reason (retriable: the next `tune` runs it again), so none is left `running`. */
  abandon(why: string): void {
    this.cancelled = true;
    const message =
      `the study's runner stopped on an error before this trial finished (${why}); ` + "it is run again on resume";
    for (const [number, r] of this.running) {
      this.abandoned.add(number);
      r.stop("cancelled");
      try {
        this.o.study.tell(number, { state: "failed", error: { message, retriable: true } });
      } catch {
        // the journal itself may be what failed: the next `tune` (or VS Code) marks the trial instead
      }
    }
    this.running.clear();
    killAllRunning();
  }

  /** Trials stopped at the deadline (stopAtDeadline): recorded pruned. */
  private readonly stoppedAtDeadline = new Set<number>();

  /** Trials abandon() recorded: their processes' ends are not recorded again. */
  private readonly abandoned = new Set<number>();

  /** Stop one trial (it is recorded failed: stopped by the user). */
  stopTrial(number: number): boolean {
    const r = this.running.get(number);
    if (!r) return false;
    this.userStopped.add(number);
    r.stop("cancelled");
    return true;
  }
  private readonly userStopped = new Set<number>();

  async run(): Promise<OrchestratorSummary> {
    const { study } = this.o;
    study.runnerStarted();
    study.trialLimit = this.o.trials;
    let reason: OrchestratorSummary["reason"] | undefined;
    const poll = setInterval(() => this.readControl(), 500);
    // stopAtDeadline: the loop wakes at the deadline to stop the trials still running.
    const { deadline, stopAtDeadline } = this.o;
    const alarm =
      deadline !== undefined && stopAtDeadline
        ? setTimeout(() => this.wake?.(), Math.max(0, deadline - Date.now()))
        : undefined;
    try {
      if (this.o.baseline && study.trials().length === 0)
        this.enqueued.push({ params: this.o.baseline, attrs: { baseline: true } });
      this.queueRetries();
      while (reason === undefined) reason = await this.turn();
      while (this.running.size) await this.waitForChange();
      // Trials whose last segment ended after the last decision are left paused: record what they promise.
      study.recordForecasts();
    } catch (e) {
      this.abandon(String((e as Error)?.message ?? e).split("\n")[0]);
      throw e;
    } finally {
      clearInterval(poll);
      clearTimeout(alarm);
      this.monitor?.stop();
      study.runnerStopped();
    }
    return { ran: this.ran, stoppedEarly: reason !== "done", reason };
  }

  /** One turn of the run loop: launch a trial, or wait for a change; the reason once the run is over. */
  private async turn(): Promise<OrchestratorSummary["reason"] | undefined> {
    const { study } = this.o;
    const shared = this.o.shared;
    if (shared && this.sharedTick(shared)) return "storage";
    if (this.cancelled) return "cancelled";
    // One read of the study a turn: trials() refreshes from the store and copies the list.
    const trials = study.trials();
    if (this.failFast.tripped(trials)) return "failing";
    const finished = trials.filter(countsTowardTrials).length;
    const runningConfigs = [...this.running.keys()].filter((n) => trials[n] && !continuesAnother(trials[n])).length;
    // Shared: the database hands out the study's slots; every worker asks until it is full.
    const configsLeft = this.full ? 0 : shared ? 1 : this.o.trials - finished - runningConfigs;
    // Once the last configuration has started, trials already started go on being trained (paused ones continued,
    // promotions re-run) until the study has none left: ask() then offers only those (docs/algorithms.md).
    if (configsLeft <= 0 && !study.continuesTrials() && this.enqueued.length === 0) {
      // Shared: stay while other machines run trials, so that one dying is noticed and its trials retried.
      if (this.running.size === 0 && (!shared || !this.busyElsewhere())) return "done";
      await this.waitForChange(shared?.pollMs);
      return undefined;
    }
    // --time: no trial starts after the deadline; those running finish, or with stopAtDeadline (auto's --time, which
    // bounds the whole command) are stopped and recorded pruned (docs/cli.md).
    if (this.o.deadline !== undefined && Date.now() >= this.o.deadline) {
      // Stopping trials must leave a result: until one trial has completed, one runs (to its end) past the deadline.
      const oneMore = this.o.stopAtDeadline === true && !trials.some((t) => t.state === "complete");
      if (this.running.size === 0 && !oneMore) return "time";
      if (this.running.size > 0) {
        if (this.o.stopAtDeadline && !oneMore)
          for (const [number, r] of this.running) {
            this.stoppedAtDeadline.add(number);
            r.stop("pruned");
          }
        await this.waitForChange(shared?.pollMs);
        return undefined;
      }
    }
    if (this.running.size >= this.o.parallel) {
      await this.waitForChange(shared?.pollMs);
      return undefined;
    }
    // Every GPU is full: wait for one (a trial never lands on the CPU by accident), unless told to overflow.
    const gpus = this.o.gpus;
    const reserve = gpuReserve(gpus, this.enqueued[0], trials);
    if (
      gpus?.size &&
      !this.o.cpuOverflow &&
      !gpus.hasRoom(reserve, this.enqueued[0]?.avoidGpu) &&
      this.running.size > 0
    ) {
      await this.waitForChange();
      return undefined;
    }
    return this.launchNext(reserve);
  }

  /** Launch the next queued trial, or the sampler's; the reason when there is none and nothing runs. */
  private async launchNext(reserve: number): Promise<OrchestratorSummary["reason"] | undefined> {
    const { study } = this.o;
    const shared = this.o.shared;
    const queued = this.enqueued.shift();
    // Another `attune tune` on the same new study may have started the baseline first.
    if (queued?.attrs?.baseline && queued.attrs.retryOf === undefined && study.trials().some(isBaseline))
      return undefined;
    let next;
    try {
      next = queued ? study.enqueue(queued.params, queued.budget, queued.attrs) : study.ask();
    } catch (e) {
      // The store refuses a trial beyond --trials (other processes took the last slots): no more asks; and one that
      // another process added first (a retry, the baseline): skip it.
      const refused = e instanceof TrialRefused ? e.reason : undefined;
      if (!refused && !shared?.failure()) throw e;
      if (refused === "full") this.full = true;
      return undefined;
    }
    if (!next) {
      if (this.running.size === 0 && (!shared || !this.busyElsewhere()))
        return study.isExhausted() ? "exhausted" : "done";
      await this.waitForChange(shared?.pollMs);
      return undefined;
    }
    const held = next.from !== undefined && next.budget !== undefined && next.from >= next.budget;
    if (held) {
      // Interrupted after its last step was reported: its checkpoint already holds all it was asked to train.
      const t = study.trial(next.number);
      const last = t?.intermediate[t.intermediate.length - 1];
      if (last) {
        study.tell(next.number, last[1]);
        return undefined;
      }
    }
    this.ran++;
    this.launch(next, reserve, queued?.avoidGpu);
    return undefined;
  }

  /** Shared study: note dead machines and retries each turn; true when the storage gave up (stop now). */
  private sharedTick(shared: SharedStudy): boolean {
    const failure = shared.failure();
    if (failure) {
      this.cancel();
      return true;
    }
    for (const message of shared.failStale()) this.o.onChange?.({ kind: "notice", message });
    this.queueRetries();
    return false;
  }

  /** Trials running or waiting on other machines. */
  private busyElsewhere(): boolean {
    return this.o.study
      .trials()
      .some((t) => (t.state === "running" || t.state === "queued") && !this.running.has(t.number));
  }

  /** Trials a killed or cancelled run left behind are run again with the same params, once. */
  private queueRetries(): void {
    this.enqueued.push(
      ...retriesOf(this.o.study.trials(), this.o.studyDir, this.o.shared ? this.retryClaims : undefined),
    );
  }

  private launch(job: AskResult, reserve = 0, avoidGpu?: string): void {
    const { number } = job;
    const slot = placeOnGpu(this.o.gpus, number, reserve, avoidGpu, this.running.size === 0);
    const trial = new TrialLaunch(this.o, job, slot);
    const running = trial.running;
    this.running.set(number, running);
    if (slot && running.pid !== undefined)
      this.monitor?.track({
        trial: number,
        pid: running.pid,
        gpuUuid: slot.uuid,
        baselineMiB: this.memoryAtStart(slot),
      });
    running.result
      .then((res) => this.finish(number, res, trial.pruned || this.stoppedAtDeadline.has(number), slot || undefined))
      .catch((err: unknown) => this.finish(number, crashResult(err), false))
      .finally(() => {
        if (slot) this.o.gpus?.release(slot.index, number);
        this.running.delete(number);
        this.wake?.();
      });
  }

  private memoryAtStart(slot: GpuSlot): number {
    return this.o.gpus ? this.o.gpus.memoryUsedAtStart(slot.index) : 0;
  }

  private finish(number: number, res: RunResult, pruned: boolean, slot?: GpuSlot): void {
    const { study } = this.o;
    if (this.abandoned.has(number)) return;
    const peak = this.monitor?.untrack(number);
    if (peak) study.setGpuMemory(number, peak);
    if (slot && res.state === "failed" && !this.cancelled && this.retryOutOfMemory(number, res, slot)) return;
    const failure = tellOutcome(study, number, res, {
      pruned,
      cancelled: this.cancelled,
      byUser: this.userStopped.has(number),
      ...(this.o.objectives ? { objectives: this.o.objectives } : {}),
    });
    if (failure) this.failFast.failed(failure);
    if (study.trial(number)?.state !== "failed") this.failFast.reset();
    try {
      const keep = this.o.keepCheckpoints ?? 3;
      cleanCheckpoints(this.o.studyDir, study.trials(), study.direction, keep, study.possibleParents());
    } catch (e) {
      this.o.onChange?.({ kind: "notice", message: `could not clean old checkpoints: ${(e as Error).message}` });
    }
    this.finished(number);
  }

  private finished(number: number): void {
    const t = this.o.study.trial(number);
    if (t) this.o.onChange?.({ kind: "finished", trial: t });
  }

  /** A trial out of GPU memory runs again once on an emptier GPU, before anything else (docs/trials.md). */
  private retryOutOfMemory(number: number, res: RunResult, slot: GpuSlot): boolean {
    const oom = outOfMemoryRetry(this.o.study, number, res, slot);
    if (!oom) return false;
    this.enqueued.unshift(oom.retry);
    this.o.onChange?.({ kind: "notice", message: oom.message });
    this.finished(number);
    return true;
  }

  /** Until a local trial finishes (or `ms` passes: other machines' progress is looked at then). */
  private waitForChange(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        this.wake = undefined;
        if (timer) clearTimeout(timer);
        resolve();
      };
    });
  }

  private readControl(): void {
    const notice = (message: string) => this.o.onChange?.({ kind: "notice", message });
    for (const req of this.control.read(notice)) {
      if (req.op === "stop") {
        this.stopTrial(req.trial);
        continue;
      }
      const why = outsideSpace(this.o.annotations.space, req.params);
      if (why) {
        notice(`control.jsonl: enqueue refused: ${why}`);
        continue;
      }
      this.enqueued.push({ params: req.params });
      this.wake?.();
    }
  }
}
