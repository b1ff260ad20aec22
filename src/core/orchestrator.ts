// The run loop of a study on disk: ask → run the user's script as a child process → tell, K trials at a time.
// It owns nothing the study does not record: a crash at any point leaves a journal that `tune` can resume.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { applyValues, type AnnotatedFile } from "./annotations";
import { startTrial, killAllRunning, type RunningTrial, type RunResult } from "./runner";
import { cleanCheckpoints, hasCheckpoint, resumeEnv } from "./runner/checkpoint";
import { GpuAllocator } from "./runner/gpus";
import { outsideSpace } from "./space";
import type { AskResult, Study } from "./study";
import type { Params, Trial } from "./types";

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
  gpus?: GpuAllocator;
  /** Checkpoints of finished trials kept besides those still needed (the best ones); default 3. */
  keepCheckpoints?: number;
  /** Called whenever something changed (trial started, reported, finished). */
  onChange?(e: OrchestratorEvent): void;
  onOutput?(trial: number, line: string): void;
}

export type OrchestratorEvent =
  | { kind: "started"; trial: number }
  | { kind: "report"; trial: number; step: number; value?: number }
  | { kind: "finished"; trial: Trial }
  | { kind: "notice"; message: string };

export interface OrchestratorSummary {
  ran: number;
  stoppedEarly: boolean;
  reason: "done" | "exhausted" | "cancelled" | "failing";
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
  private readonly enqueued: { params: Params; budget?: number; attrs?: Record<string, unknown> }[] = [];
  private wake: (() => void) | undefined;
  private failedInARow = 0;
  private lastFailure = "";

  constructor(private readonly o: OrchestratorOptions) {
    const control = join(o.studyDir, "control.jsonl");
    // Requests written before this run started are history, not for us.
    this.controlOffset = existsSync(control) ? readFileSync(control).length : 0;
  }

  /** Stop everything: kill every trial's process tree; they are recorded failed (retried on resume). */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const r of this.running.values()) r.stop("cancelled");
    this.wake?.();
  }

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
      this.queueRetries();
      for (;;) {
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
        const want = this.o.trials - finished - this.running.size;
        if (want <= 0 && this.enqueued.length === 0) {
          if (this.running.size === 0) break;
          await this.waitForChange();
          continue;
        }
        if (this.running.size >= this.o.parallel) {
          await this.waitForChange();
          continue;
        }
        const queued = this.enqueued.shift();
        const next = queued ? study.enqueue(queued.params, queued.budget, queued.attrs) : study.ask();
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
        this.launch(next);
      }
      while (this.running.size) await this.waitForChange();
    } finally {
      clearInterval(poll);
      study.runnerStopped();
    }
    return { ran, stoppedEarly: reason !== "done", reason };
  }

  /** Trials a killed or cancelled run left behind are run again with the same params, once. */
  private queueRetries(): void {
    const trials = this.o.study.trials();
    const retried = new Set(trials.map((t) => t.attrs?.retryOf).filter((x) => typeof x === "number"));
    for (const t of trials)
      if (t.state === "failed" && t.error?.retriable && !retried.has(t.number) && t.outsideSpace === undefined) {
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
          attrs: { retryOf: t.number, ...resume },
        });
      }
  }

  private launch(job: AskResult): void {
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
    const gpu = this.o.gpus?.acquire();
    study.start(number, { pid: process.pid, ...(gpu !== undefined ? { gpu } : {}) });
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
        ...(resume ? { env: { ...resume }, resumeStep: from } : {}),
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
          if (m.backend) study.setBackend(number, m.backend);
        },
        onOutput: (line) => this.o.onOutput?.(number, line),
      },
    );
    this.running.set(number, running);
    running.result
      .then((res) => this.finish(number, res, pruned))
      .catch((err: unknown) => this.finish(number, crashResult(err), false))
      .finally(() => {
        if (gpu !== undefined) this.o.gpus?.release(gpu);
        this.running.delete(number);
        this.wake?.();
      });
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

  private finish(number: number, res: RunResult, pruned: boolean): void {
    const { study } = this.o;
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
    } else if (res.state === "complete" && res.value !== undefined) {
      study.tell(number, res.value);
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

  private waitForChange(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
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
