// The launch of one trial by the run loop: its values written into a copy of the file, its seed, GPU and checkpoint
// environment (docs/trials.md), and its reports, backend and output turned into the study's events.
import { applyValues } from "../core/annotations";
import type { AskResult } from "../core/study";
import { trialSeed } from "../core/trialSeed";
import type { Params } from "../core/types";
import { startTrial, type BackendMeta, type Report, type RunningTrial } from "./";
import { inheritEnv, resumeEnv, snapshotReported, type InheritEnv, type ResumeEnv } from "./checkpoint";
import type { InheritMeta } from "./inheritMeta";
import { gpuEnv } from "./gpuPlacement";
import type { GpuSlot } from "./gpus";
import type { OrchestratorOptions } from "./options";

/** One trial's process and what the run loop needs to know of it. */
export class TrialLaunch {
  readonly running: RunningTrial;
  /** The pruner stopped it (its end is recorded as pruned). */
  pruned = false;
  /** The script restarted at step 1 although told to resume: recorded once. */
  private flagged = false;
  private readonly number: number;
  /** The step a continued trial resumes after (0: a fresh start). */
  private readonly from: number;
  /** The last step whose checkpoint was kept (snapshotReported). */
  private snapshotStep = 0;
  private readonly resume: ResumeEnv | undefined;

  constructor(
    private readonly o: OrchestratorOptions,
    job: AskResult,
    slot: GpuSlot | "" | undefined,
  ) {
    const { number } = job;
    const { study } = o;
    this.number = number;
    this.from = job.from ?? 0;
    this.resume = this.resumeEnvOf(job);
    // A PBT child that grew continues its leader's checkpoint, morphed: the same folder, so the preload knows.
    const grown = typeof study.trial(number)?.attrs?.inheritedFrom === "number";
    const inherit = !this.resume
      ? this.inheritEnvOf(job)
      : grown
        ? { ATTUNE_INHERIT_FROM: this.resume.ATTUNE_RESUME_FROM }
        : undefined;
    const values = trialValues(o, job);
    const patchedSource = applyValues(o.source, o.annotations, values);
    const gpu = slot === undefined ? undefined : slot === "" ? "" : slot.index;
    study.start(number, { pid: process.pid, ...(gpu ? { gpu } : {}) });
    o.onChange?.({ kind: "started", trial: number });
    this.running = startTrial(
      {
        file: o.file,
        patchedSource,
        ...(o.command ? { command: o.command } : {}),
        ...(o.python ? { python: o.python } : {}),
        objective: o.objective,
        trialNumber: number,
        params: values,
        studyDir: o.studyDir,
        ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
        env: {
          ...o.trialEnv,
          ...gpuEnv(slot),
          // A retry keeps the seed of the trial it re-runs, so it reproduces what that trial would have given.
          ATTUNE_SEED: String(trialSeed(study.seed, seedNumber(o, number))),
          ...this.resume,
          ...inherit,
        },
        ...(this.resume ? { resumeStep: this.from } : {}),
      },
      {
        onReport: (r) => this.onReport(r),
        onMeta: (m) => this.onMeta(m),
        onInherit: (m) => this.onInherit(m),
        onOutput: (line) => o.onOutput?.(number, line),
      },
    );
  }

  /** The environment that continues a trial from a checkpoint (ATTUNE_RESUME_FROM), when it has one. */
  private resumeEnvOf(job: AskResult): ResumeEnv | undefined {
    if (job.resumeFrom === undefined || this.from <= 0) return undefined;
    const resume = resumeEnv(this.o.studyDir, job.number, job.resumeFrom, this.from);
    if (!resume)
      this.o.onChange?.({
        kind: "notice",
        message: `trial #${job.number}: trial #${job.resumeFrom}'s checkpoint is missing, so it trains from scratch`,
      });
    return resume;
  }

  /**
   * A child whose network grew from its parent's (attrs.inheritedFrom, core/growth.ts) starts from the parent's
   * weights: ATTUNE_INHERIT_FROM, when the parent's checkpoint is still there.
   */
  private inheritEnvOf(job: AskResult): InheritEnv | undefined {
    const source = this.o.study.trial(job.number)?.attrs?.inheritedFrom;
    if (typeof source !== "number") return undefined;
    const env = inheritEnv(this.o.studyDir, job.number, source);
    if (!env) {
      this.o.study.setAttrs(job.number, { inherited: false });
      this.o.onChange?.({
        kind: "notice",
        message: `trial #${job.number}: trial #${source}'s checkpoint is gone, so it does not start from its weights`,
      });
    }
    return env;
  }

  /** What the preload says of the parent's weights (inheritMeta): recorded, and a failure shown. */
  private onInherit(m: InheritMeta): void {
    this.o.study.setAttrs(this.number, { inherited: m.inherited, ...(m.morphs ? { morphs: m.morphs } : {}) });
    if (!m.inherited)
      this.o.onChange?.({ kind: "notice", message: `trial #${this.number}: ${m.reason ?? "trained from scratch"}` });
  }

  private onReport(r: Report): void {
    const { study } = this.o;
    const number = this.number;
    if (this.pruned) return;
    // Steps up to `from` were trained before: a script that trains them again (it ignored its checkpoint, or
    // there was none) repeats what the record already has.
    if (this.from > 0 && r.step <= this.from) {
      // A grown child whose parent's weights did not fit (the preload said so) trained from scratch: not a script
      // that ignores its checkpoint.
      if (this.resume && !this.flagged && study.trial(number)?.attrs?.inherited !== false) {
        this.flagged = true;
        checkpointIgnored(this.o, number);
      }
      return;
    }
    const { [this.o.objective]: objective, ...rest } = r.metrics;
    if (objective === undefined) {
      if (Object.keys(rest).length) study.recordMetrics(number, r.step, r.metrics);
      return;
    }
    // The steps of the record are those with the objective: a retry resumes at the last of them.
    if (r.step > this.snapshotStep) {
      this.snapshotStep = r.step;
      snapshotReported(this.o.studyDir, number, r.step);
    }
    const verdict = study.report(number, r.step, objective, r.metrics);
    this.o.onChange?.({ kind: "report", trial: number, step: r.step, value: objective });
    if (verdict === "prune") {
      this.pruned = true;
      study.markPruned(number);
      this.running.stop("pruned");
    }
  }

  private onMeta(m: BackendMeta): void {
    const { study } = this.o;
    // The fit hook repeats the backend on every fit call: record only what is new.
    const t = study.trial(this.number);
    if (t?.backend === m.backend && !m.adapter && !m.skipped) return;
    study.setBackend(this.number, m.backend, m);
    this.o.onChange?.({ kind: "backend", trial: this.number, ...m });
  }
}

/** The trial's values, its budget included. */
function trialValues(o: OrchestratorOptions, { params, budget }: AskResult): Params {
  const values: Params = { ...params };
  const budgetParam = o.annotations.space.budget;
  if (budgetParam && budget !== undefined) values[budgetParam.name] = budget;
  return values;
}

/** The trial whose seed this one uses: itself, or the first trial of the chain of retries it belongs to. */
function seedNumber(o: OrchestratorOptions, number: number): number {
  for (;;) {
    const of = o.study.trial(number)?.attrs?.retryOf;
    if (typeof of !== "number" || !Number.isInteger(of) || of < 0 || of >= number) return number;
    number = of;
  }
}

/**
 * The script restarted at step 1 although told to resume (docs/trials.md): record it, and schedule as without
 * checkpoints from now on (segments off; paused trials end as pruned with what they reached).
 */
function checkpointIgnored(o: OrchestratorOptions, number: number): void {
  const { study } = o;
  const first = !study.trials().some((t) => t.attrs?.ignoresCheckpoints === true);
  study.setAttrs(number, { ignoresCheckpoints: true });
  if (!first) return;
  o.onChange?.({
    kind: "notice",
    message:
      `trial #${number} trained from step 1 although told to resume (ATTUNE_RESUME_FROM); ` +
      "trials continue by re-running from now on",
  });
  for (const t of study.trials())
    if (t.state === "paused")
      study.tell(t.number, { state: "pruned", ...(t.value !== undefined ? { value: t.value } : {}) });
}
