// What a run of the study is given, what it tells its caller, and how it ended (docs/cli.md): shared by the run loop
// and the launch of one trial.
import type { AnnotatedFile } from "../core/annotations";
import type { SharedStudy } from "../core/shared";
import type { Study } from "../core/study";
import type { Params, Trial } from "../core/types";
import type { BackendMeta } from "./";
import type { GpuAllocator } from "./gpus";
import type { GpuMemoryMonitor } from "./gpuMemory";

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
  /** Wall-clock time (Date.now()) after which no trial starts (--time, docs/cli.md); running ones finish. */
  deadline?: number;
  /** At the deadline, stop the trials still running (recorded pruned) rather than let them finish. */
  stopAtDeadline?: boolean;
  python?: string;
  command?: string;
  objective: string;
  /** Several objectives: every objective's metric, the first being `objective`. */
  objectives?: string[];
  gpus?: GpuAllocator;
  /** A new study runs these first, as trial 0 (the file's own values, docs/trials.md); a resumed one never does. */
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
  /** "time": the --time budget ran out before the trials did. */
  reason: "done" | "exhausted" | "cancelled" | "failing" | "storage" | "time";
}
