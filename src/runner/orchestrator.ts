// The run loop of a study on disk: ask → run the user's script as a child process → tell, K trials at a time.
// It owns nothing the study does not record: a crash at any point leaves a journal that `tune` can resume.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { applyValues, type AnnotatedFile } from "../core/annotations";
import { isBaseline } from "../core/baseline";
import { startTrial, killAllRunning, type BackendMeta, type RunningTrial, type RunResult } from "./";
import { cleanCheckpoints, hasCheckpoint, resumeEnv } from "./checkpoint";
import { CUDA_OOM, GpuAllocator, type GpuSlot } from "./gpus";
import { GpuMemoryMonitor } from "./gpuMemory";
import { outsideSpace } from "../core/space";
import { TrialLimitReached, type AskResult, type Study } from "../core/study";
import { trialSeed } from "../core/trialSeed";
import type { Params, Trial } from "../core/types";

export interface OrchestratorOptions {
  file: string;
  source: string;
  annotations: AnnotatedFile;
  study: Study;
  studyDir: string;
  /** Total trials the study should have finished (earlier runs count). */
  trials: number;
  parallel: number;
  timeoutMs?: number;
  python?: string;
  command?: string;
  objective: string;
  /** Several objectives: every objective's metric, the first being `objective`. */
  objectives?: string[];
  gpus?: GpuAllocator;
  /** A new study runs these first, as trial 0 (the file's own values, SPEC §2); a resumed one never does. */
  baseline?: Params;
  /** When every GPU is full, run the next trial on the CPU instead of waiting for one (--cpu-overflow). */
  cpuOverflow?: boolean;
  /** Measures trials' peak GPU memory (default: one polling nvidia-smi, when `gpus` has GPUs). */
  gpuMonitor?: GpuMemoryMonitor;
  /** Extra environment for every trial (ATTUNE_TFJS_BACKEND from --tfjs-backend). */
  trialEnv?: Record<string, string>;
  /** Checkpoints of finished trials kept besides those still needed (the best ones); default 3. */
  keepCheckpoints?: number;
  /** Set when other machines work on the same study (PostgreSQL): `trials` is then the study's total for all. */
  shared?: SharedStudy;
  /** Called whenever something changed (trial started, reported, finished). */
  onChange?(e: OrchestratorEvent): void;
  onOutput?(trial: number, line: string): void;
}

export type OrchestratorEvent =
  | { kind: "started"; trial: number }
  | { kind: "report"; trial: number; step: number; value?: number }
  | { kind: "finished"; trial: Trial }
  | { kind: "notice"; message: string }
  | ({ kind: "backend"; trial: number } & BackendMeta);

export interface OrchestratorSummary {
  ran: number;
  stoppedEarly: boolean;
  reason: "done" | "exhausted" | "cancelled" | "failing" | "storage";
}

/** A study other machines work on too: trial slots, retries and dead machines are settled study-wide. */
export interface SharedStudy {
  /** Fail the trials of workers whose heartbeats stopped (each once, study-wide); messages for the user. */
  failStale(): string[];
  /** Why the storage gave up (the database stayed away): the run stops; finished trials are kept. */
  failure(): string | undefined;
  /** ask()/enqueue() threw because the study has all its trials ("full") or the retry was claimed ("taken"). */
  refusal(e: unknown): "full" | "taken" | undefined;
  /** How often to look at other machines' progress while waiting for them. */
  readonly pollMs: number;
}

/** A run gives up after this many trials in a row failed the same way (same message, same line of the script)
 * while no trial of the study has ever succeeded: a script that cannot import its dependencies or read its data
 * would otherwise fail every remaining trial. Failures that depend on the parameters rarely repeat this exactly. */
export const FAIL_FAST_AFTER = 5;

/** Control requests another process (the VS Code extension) appends to `<studyDir>/control.jsonl`. */
type ControlRequest = { op: "stop"; trial: number } | { op: "enqueue"; params: Params };

export class Orchestrator {
  private readonly running = new Map<number, RunningTrial>();
  private cancelled = false;
  private controlOffset = 0;
  /** Trials to run before asking the sampler: retries of interrupted trials and the user's enqueue requests. */
  private readonly enqueued: Queued[] = [];
  private readonly monitor: GpuMemoryMonitor | undefined;
  private wake: (() => void) | undefined;
  private failedInARow = 0;
  private lastFailure = "";
  /** No trial slot is left: the database said so (shared study; a retry takes its failed trial's slot), or the
   * journal refused this process's claim. */
  private full = false;
  /** Shared study: retries this worker already tried to claim. */
  private readonly retryClaims = new Set<number>();

  constructor(private readonly o: OrchestratorOptions) {
    const control = join(o.studyDir, "control.jsonl");
    // Requests written before this run started are history, not for us.
    this.controlOffset = existsSync(control) ? readFileSync(control).length : 0;
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
    let ran = 0;
    let reason: OrchestratorSummary["reason"] = "done";
    const poll = setInterval(() => this.readControl(), 500);
    try {
      if (this.o.baseline && study.trials().length === 0)
        this.enqueued.push({ params: this.o.baseline, attrs: { baseline: true } });
      this.queueRetries();
      const shared = this.o.shared;
      for (;;) {
        if (shared && this.sharedTick(shared)) {
          reason = "storage";
          break;
        }
        if (this.cancelled) {
          reason = "cancelled";
          break;
        }
        if (
          this.failedInARow >= FAIL_FAST_AFTER &&
          !study.trials().some((t) => t.state === "complete" || t.state === "pruned")
        ) {
          reason = "failing";
          break;
        }
        const finished = study.trials().filter((t) => counts(t)).length;
        // Shared: the database hands out the study's slots; every worker asks until it is full.
        const want = this.full ? 0 : shared ? 1 : this.o.trials - finished - this.running.size;
        if (want <= 0 && this.enqueued.length === 0) {
          // Shared: stay while other machines run trials, so that one dying is noticed and its trials retried.
          if (this.running.size === 0 && (!shared || !this.busyElsewhere())) break;
          await this.waitForChange(shared?.pollMs);
          continue;
        }
        if (this.running.size >= this.o.parallel) {
          await this.waitForChange(shared?.pollMs);
          continue;
        }
        // Every GPU is full: wait for one (a trial never lands on the CPU by accident), unless told to overflow.
        const gpus = this.o.gpus;
        const reserve = gpus?.size ? (this.enqueued[0]?.reserveMiB ?? gpus.reserveFor(this.peakGpuMemory())) : 0;
        if (
          gpus?.size &&
          !this.o.cpuOverflow &&
          !gpus.hasRoom(reserve, this.enqueued[0]?.avoidGpu) &&
          this.running.size > 0
        ) {
          await this.waitForChange();
          continue;
        }
        const queued = this.enqueued.shift();
        // Another `attune tune` on the same new study may have started the baseline first.
        if (queued?.attrs?.baseline && queued.attrs.retryOf === undefined && study.trials().some(isBaseline)) continue;
        let next;
        try {
          next = queued ? study.enqueue(queued.params, queued.budget, queued.attrs) : study.ask();
        } catch (e) {
          // A journal refuses a claim beyond --trials (other processes took the last slots): no more asks.
          const refused = shared ? shared.refusal(e) : e instanceof TrialLimitReached ? "full" : undefined;
          if (!refused && !shared?.failure()) throw e;
          if (refused === "full") this.full = true;
          continue;
        }
        if (!next) {
          if (this.running.size === 0) {
            reason = study.isExhausted() ? "exhausted" : "done";
            break;
          }
          await this.waitForChange();
          continue;
        }
        const held = next.from !== undefined && next.budget !== undefined && next.from >= next.budget;
        if (held) {
          // Interrupted after its last step was reported: its checkpoint already holds all it was asked to train.
          const t = study.trial(next.number);
          const last = t?.intermediate[t.intermediate.length - 1];
          if (last) {
            study.tell(next.number, last[1]);
            continue;
          }
        }
        ran++;
        this.launch(next, reserve, queued?.avoidGpu);
      }
      while (this.running.size) await this.waitForChange();
    } catch (e) {
      this.abandon(String((e as Error)?.message ?? e).split("\n")[0]);
      throw e;
    } finally {
      clearInterval(poll);
      this.monitor?.stop();
      study.runnerStopped();
    }
    return { ran, stoppedEarly: reason !== "done", reason };
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
    const trials = this.o.study.trials();
    const retried = new Set(trials.map((t) => t.attrs?.retryOf).filter((x) => typeof x === "number"));
    for (const t of trials)
      if (t.state === "failed" && t.error?.retriable && !retried.has(t.number) && t.outsideSpace === undefined) {
        // Shared: the database lets one worker add the retry; the others try each trial once.
        if (this.o.shared) {
          if (this.retryClaims.has(t.number)) continue;
          this.retryClaims.add(t.number);
        }
        // attrs.retryOf records the retry, so it happens once even across several resumes. A trial that saved a
        // checkpoint continues from it: from the last step it reported (the step its checkpoint holds, SPEC §2).
        const step = t.intermediate.length ? t.intermediate[t.intermediate.length - 1][0] : 0;
        const resume =
          step > 0 && hasCheckpoint(this.o.studyDir, t.number) && !t.attrs?.ignoresCheckpoints
            ? { resumeFrom: t.number, resumeStep: step }
            : {};
        this.enqueued.push({
          params: t.params,
          ...(t.budget !== undefined ? { budget: t.budget } : {}),
          attrs: { retryOf: t.number, ...(isBaseline(t) ? { baseline: true } : {}), ...resume },
        });
      }
  }

  /** The largest GPU memory a trial of this study was measured to use (MiB), if any. */
  private peakGpuMemory(): number | undefined {
    let peak: number | undefined;
    for (const t of this.o.study.trials())
      if (t.gpuMemoryMiB && !(t.gpuMemoryMiB <= (peak ?? 0))) peak = t.gpuMemoryMiB;
    return peak;
  }

  /** A GPU for the trial (undefined: no allocator; "" hides every GPU: none has room and overflow is on). */
  private placeOnGpu(number: number, reserve: number, avoid: string | undefined): GpuSlot | "" | undefined {
    const gpus = this.o.gpus;
    if (!gpus) return undefined;
    if (!gpus.size) return "";
    // With nothing running, a reservation larger than any GPU still gets an idle one (it may fit after all).
    return (
      gpus.acquire(number, reserve, avoid) ?? (this.running.size === 0 ? gpus.acquire(number, Infinity) : "") ?? ""
    );
  }

  private launch(job: AskResult, reserve = 0, avoidGpu?: string): void {
    const { number, params, budget } = job;
    const { study, annotations } = this.o;
    const from = job.from ?? 0;
    const resume =
      job.resumeFrom !== undefined && from > 0 ? resumeEnv(this.o.studyDir, number, job.resumeFrom, from) : undefined;
    if (job.resumeFrom !== undefined && from > 0 && !resume)
      this.o.onChange?.({
        kind: "notice",
        message: `trial #${number}: trial #${job.resumeFrom}'s checkpoint is missing, so it trains from scratch`,
      });
    let flagged = false;
    const values: Params = { ...params };
    const budgetParam = annotations.space.budget;
    if (budgetParam && budget !== undefined) values[budgetParam.name] = budget;
    const patchedSource = applyValues(this.o.source, annotations, values);
    const slot = this.placeOnGpu(number, reserve, avoidGpu);
    const gpu = slot === undefined ? undefined : slot === "" ? "" : slot.index;
    study.start(number, { pid: process.pid, ...(gpu ? { gpu } : {}) });
    this.o.onChange?.({ kind: "started", trial: number });
    let pruned = false;
    const running = startTrial(
      {
        file: this.o.file,
        patchedSource,
        ...(this.o.command ? { command: this.o.command } : {}),
        ...(this.o.python ? { python: this.o.python } : {}),
        objective: this.o.objective,
        trialNumber: number,
        params: values,
        studyDir: this.o.studyDir,
        ...(this.o.timeoutMs ? { timeoutMs: this.o.timeoutMs } : {}),
        ...(gpu !== undefined ? { cudaVisibleDevices: gpu } : {}),
        env: {
          ...this.o.trialEnv,
          ...gpuEnv(slot),
          // A retry keeps the seed of the trial it re-runs, so it reproduces what that trial would have given.
          ATTUNE_SEED: String(trialSeed(study.seed, this.seedNumber(number))),
          ...resume,
        },
        ...(resume ? { resumeStep: from } : {}),
      },
      {
        onReport: (r) => {
          if (pruned) return;
          // Steps up to `from` were trained before: a script that trains them again (it ignored its checkpoint, or
          // there was none) repeats what the record already has.
          if (from > 0 && r.step <= from) {
            if (resume && !flagged) {
              flagged = true;
              this.checkpointIgnored(number);
            }
            return;
          }
          const { [this.o.objective]: objective, ...rest } = r.metrics;
          if (objective === undefined) {
            if (Object.keys(rest).length) study.recordMetrics(number, r.step, r.metrics);
            return;
          }
          const verdict = study.report(number, r.step, objective, r.metrics);
          this.o.onChange?.({ kind: "report", trial: number, step: r.step, value: objective });
          if (verdict === "prune") {
            pruned = true;
            study.markPruned(number);
            running.stop("pruned");
          }
        },
        onMeta: (m) => {
          // The fit hook repeats the backend on every fit call: record only what is new.
          const t = study.trial(number);
          if (t?.backend === m.backend && !m.adapter && !m.skipped) return;
          study.setBackend(number, m.backend, m);
          this.o.onChange?.({ kind: "backend", trial: number, ...m });
        },
        onOutput: (line) => this.o.onOutput?.(number, line),
      },
    );
    this.running.set(number, running);
    if (slot && running.pid !== undefined)
      this.monitor?.track({
        trial: number,
        pid: running.pid,
        gpuUuid: slot.uuid,
        baselineMiB: this.memoryAtStart(slot),
      });
    running.result
      .then((res) => this.finish(number, res, pruned, slot || undefined))
      .catch((err: unknown) => this.finish(number, crashResult(err), false))
      .finally(() => {
        if (slot) this.o.gpus?.release(slot.index, number);
        this.running.delete(number);
        this.wake?.();
      });
  }

  /** The trial whose seed this one uses: itself, or the first trial of the chain of retries it belongs to. */
  private seedNumber(number: number): number {
    for (;;) {
      const of = this.o.study.trial(number)?.attrs?.retryOf;
      if (typeof of !== "number" || !Number.isInteger(of) || of < 0 || of >= number) return number;
      number = of;
    }
  }

  private memoryAtStart(slot: GpuSlot): number {
    return this.o.gpus ? this.o.gpus.memoryUsedAtStart(slot.index) : 0;
  }

  /**
   * The script restarted at step 1 although told to resume (SPEC §2): record it, and schedule as without
   * checkpoints from now on (segments off; paused trials end as pruned with what they reached).
   */
  private checkpointIgnored(number: number): void {
    const { study } = this.o;
    const first = !study.trials().some((t) => t.attrs?.ignoresCheckpoints === true);
    study.setAttrs(number, { ignoresCheckpoints: true });
    if (!first) return;
    this.o.onChange?.({
      kind: "notice",
      message:
        `trial #${number} trained from step 1 although told to resume (ATTUNE_RESUME_FROM); ` +
        "trials continue by re-running from now on",
    });
    for (const t of study.trials())
      if (t.state === "paused")
        study.tell(t.number, { state: "pruned", ...(t.value !== undefined ? { value: t.value } : {}) });
  }

  private finish(number: number, res: RunResult, pruned: boolean, slot?: GpuSlot): void {
    const { study } = this.o;
    if (this.abandoned.has(number)) return;
    const peak = this.monitor?.untrack(number);
    if (peak) study.setGpuMemory(number, peak);
    if (slot && res.state === "failed" && !this.cancelled && this.retryOutOfMemory(number, res, slot)) return;
    if (pruned || res.state === "pruned") {
      const t = study.trial(number);
      const last = t?.intermediate[t.intermediate.length - 1];
      study.tell(number, { state: "pruned", ...(last ? { value: last[1] } : {}) });
    } else if (this.cancelled || this.userStopped.has(number)) {
      const byUser = this.userStopped.has(number);
      study.tell(number, {
        state: "failed",
        error: {
          message: byUser
            ? "stopped by the user"
            : "cancelled before it finished; it is run again when the study resumes",
          retriable: !byUser,
          ...(res.error?.tail ? { tail: res.error.tail } : {}),
        },
      });
    } else if (res.state === "complete" && res.value !== undefined && this.o.objectives?.length) {
      // Several objectives: each must have been printed; the collector only insisted on the first.
      const missing = this.o.objectives.find((m) => !Number.isFinite(res.metrics[m]));
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
          this.o.objectives.map((m) => res.metrics[m]),
          res.metrics,
        );
    } else if (res.state === "complete" && res.value !== undefined) {
      study.tell(number, res.value, res.metrics);
    } else {
      const error = res.error ?? { message: "the trial failed" };
      study.tell(number, { state: "failed", error });
      const signature = `${error.message}\n${error.sourceLine ?? ""}`;
      this.failedInARow = signature === this.lastFailure ? this.failedInARow + 1 : 1;
      this.lastFailure = signature;
    }
    if (study.trial(number)?.state !== "failed") this.failedInARow = 0;
    const t = study.trial(number);
    try {
      cleanCheckpoints(this.o.studyDir, study.trials(), study.direction, this.o.keepCheckpoints ?? 3);
    } catch (e) {
      this.o.onChange?.({ kind: "notice", message: `could not clean old checkpoints: ${(e as Error).message}` });
    }
    if (t) this.o.onChange?.({ kind: "finished", trial: t });
  }

  /**
   * A trial that ran out of GPU memory (CUDA's own message in its output) is run again once, on an emptier GPU: one
   * it has to itself, another than the one it failed on where there is another. Its failure records why.
   */
  private retryOutOfMemory(number: number, res: RunResult, slot: GpuSlot): boolean {
    const { study } = this.o;
    const text = `${res.error?.message ?? ""}\n${res.error?.tail ?? ""}`;
    const t = study.trial(number);
    if (!CUDA_OOM.test(text) || !t || t.attrs?.oomRetryOf !== undefined) return false;
    const reason = `ran out of GPU memory on GPU ${slot.index}; run again once on an emptier GPU`;
    study.tell(number, {
      state: "failed",
      error: {
        ...(res.error ?? { message: "failed" }),
        message: `${res.error?.message ?? "failed"} (${reason})`,
        retriable: true,
      },
    });
    this.enqueued.unshift({
      params: t.params,
      ...(t.budget !== undefined ? { budget: t.budget } : {}),
      attrs: { retryOf: number, oomRetryOf: number, retryReason: `out of GPU memory on GPU ${slot.index}` },
      reserveMiB: Infinity,
      avoidGpu: slot.index,
    });
    this.o.onChange?.({ kind: "notice", message: `trial #${number} ${reason}` });
    const done = study.trial(number);
    if (done) this.o.onChange?.({ kind: "finished", trial: done });
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
    const path = join(this.o.studyDir, "control.jsonl");
    if (!existsSync(path)) return;
    const buf = readFileSync(path);
    if (buf.length <= this.controlOffset) return;
    const text = buf.subarray(this.controlOffset).toString("utf8");
    const lastNl = text.lastIndexOf("\n");
    if (lastNl < 0) return;
    this.controlOffset += Buffer.byteLength(text.slice(0, lastNl + 1));
    for (const line of text.slice(0, lastNl).split("\n")) {
      let req: ControlRequest;
      try {
        req = JSON.parse(line) as ControlRequest;
      } catch {
        this.o.onChange?.({
          kind: "notice",
          message: `control.jsonl: unreadable request skipped: ${line.slice(0, 80)}`,
        });
        continue;
      }
      if (req?.op === "stop" && typeof req.trial === "number") this.stopTrial(req.trial);
      else if (req?.op === "enqueue" && req.params && typeof req.params === "object") {
        const why = outsideSpace(this.o.annotations.space, req.params);
        if (why) {
          this.o.onChange?.({ kind: "notice", message: `control.jsonl: enqueue refused: ${why}` });
          continue;
        }
        this.enqueued.push({ params: req.params });
        this.wake?.();
      } else
        this.o.onChange?.({ kind: "notice", message: `control.jsonl: unknown request skipped: ${line.slice(0, 80)}` });
    }
  }
}

/** Append a control request for a running study (used by the extension and tests). */
export function sendControl(studyDir: string, req: ControlRequest): void {
  mkdirSync(studyDir, { recursive: true });
  appendFileSync(join(studyDir, "control.jsonl"), JSON.stringify(req) + "\n");
}

/** A trial to run before asking the sampler; GPU placement hints for retries. */
interface Queued {
  params: Params;
  budget?: number;
  attrs?: Record<string, unknown>;
  /** GPU memory to reserve (Infinity: a GPU to itself). */
  reserveMiB?: number;
  avoidGpu?: string;
}

/** What a trial's environment says about its GPU: PCI bus numbering (as nvidia-smi's), the slot for WebGPU. */
function gpuEnv(slot: GpuSlot | "" | undefined): Record<string, string> {
  if (slot === undefined) return {};
  const env: Record<string, string> = { CUDA_DEVICE_ORDER: "PCI_BUS_ID", CUDA_VISIBLE_DEVICES: slot ? slot.index : "" };
  if (slot) env.ATTUNE_GPU = JSON.stringify({ index: slot.index, uuid: slot.uuid, name: slot.name, busId: slot.busId });
  return env;
}

/** Trials that count toward `--trials`: finished ones, except those a cancel or crash interrupted. */
function counts(t: Trial): boolean {
  if (t.state === "complete" || t.state === "pruned") return true;
  return t.state === "failed" && !t.error?.retriable;
}

function crashResult(err: unknown): RunResult {
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

export { killAllRunning };
