// Runs one trial: writes the patched source under the trial's folder, spawns the user's command without a shell,
// turns its output into reports (docs/trials.md), enforces the timeout, and resolves to the trial's outcome.
// Every trial leads its own process group, so stopping it (prune, timeout, Ctrl+C) ends its whole tree.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync, type WriteStream } from "node:fs";
import { basename, join } from "node:path";
import type { TrialError, TrialState } from "../core/types";
import { backendMeta, type BackendMeta } from "./backendMeta";
import { inheritMeta, type InheritMeta } from "./inheritMeta";
import { ReportCollector, type Report } from "./collector";
import { findErrorSummary, findSourceLine } from "./errors";
import { killTreeNow, terminateTree } from "./kill";
import { LineSplitter } from "./lines";
import { planTrial, type Plan } from "./plan";
import { CHECKPOINT_DIR } from "./checkpoint";
import { esbuildDir, transpileTs } from "./transpile";

export type { Report } from "./collector";
export type { BackendMeta } from "./backendMeta";
export type { InheritMeta } from "./inheritMeta";

export interface TrialSpec {
  file: string;
  patchedSource: string;
  /** The `@tune run:` template, if the file has one. */
  command?: string;
  python?: string;
  objective: string;
  trialNumber: number;
  params: Record<string, unknown>;
  studyDir: string;
  timeoutMs?: number;
  env?: Record<string, string>;
  /** The step the trial resumes after (ATTUNE_RESUME_STEP): reports without a step count on from there. */
  resumeStep?: number;
}

export interface TrialHooks {
  onReport?(r: Report): void;
  onOutput?(line: string): void;
  onMeta?(meta: BackendMeta): void;
  /** The TF.js preload's word on a grown child's start from its parent's weights (ATTUNE_INHERIT_FROM). */
  onInherit?(meta: InheritMeta): void;
}

export interface RunResult {
  state: Extract<TrialState, "complete" | "failed" | "pruned">;
  value?: number;
  intermediate: [number, number][];
  metrics: Record<string, number>;
  error?: TrialError;
  backend?: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationS: number;
}

export type StopReason = "pruned" | "cancelled" | "timeout" | "stopped";

export interface RunningTrial {
  pid: number | undefined;
  result: Promise<RunResult>;
  /** Ends the trial's process tree (SIGTERM, then SIGKILL after a grace period). */
  stop(reason: StopReason): void;
}

/** Output lines kept for a failed trial's error record. */
const TAIL_LINES = 40;
export const TRIAL_LOG = "output.log";

const live = new Set<number>();

/** Kills every trial process tree this process started, at once (exit handlers, a second Ctrl+C). */
export function killAllRunning(): void {
  for (const pid of live) killTreeNow(pid);
  live.clear();
}

export function trialDir(studyDir: string, n: number): string {
  return join(studyDir, "trials", String(n));
}

/** The runtime helpers (bootstrap, loader hooks) ship next to the bundle (dist/runtime) or the source. */
export function runtimeDir(): string {
  for (const d of [
    join(__dirname, "runtime"),
    join(__dirname, "..", "runtime"),
    join(__dirname, "..", "dist", "runtime"),
  ]) {
    if (existsSync(join(d, "attune_bootstrap.py"))) return d;
  }
  throw new Error(
    `Attune's runtime helpers are missing (looked in ${join(__dirname, "runtime")}); reinstall or rebuild Attune`,
  );
}

export function startTrial(spec: TrialSpec, hooks: TrialHooks = {}): RunningTrial {
  const started = Date.now();
  const dir = trialDir(spec.studyDir, spec.trialNumber);
  let prepared: Prepared;
  try {
    prepared = prepareTrial(spec, dir);
  } catch (e) {
    // Nothing started: the trial fails with the reason (a TypeScript syntax error, an unknown file type, a missing
    // runtime helper), and the study goes on (or stops on its own after repeated identical failures).
    return notStarted(spec, e, started);
  }
  const { plan } = prepared;
  const output = new TrialOutput(spec, dir, hooks);
  const child = spawn(plan.cmd, plan.args, {
    cwd: plan.cwd,
    env: trialEnv(spec, prepared),
    detached: process.platform !== "win32",
    stdio: ["ignore", "pipe", "pipe"],
    windowsHide: true,
  });
  const pid = child.pid;
  if (pid !== undefined) live.add(pid);
  // stdout and stderr are split separately so one stream's partial line never glues onto the other's.
  const out = new LineSplitter(output.onLine);
  const err = new LineSplitter(output.onLine);
  child.stdout.on("data", (c: Buffer) => out.push(c));
  child.stderr.on("data", (c: Buffer) => err.push(c));

  let stopReason: StopReason | undefined;
  let forceKill: (() => void) | undefined;
  const stop = (reason: StopReason) => {
    if (stopReason || pid === undefined) return;
    stopReason = reason;
    forceKill = terminateTree(pid, reason === "timeout" || reason === "pruned" ? 2000 : 3000);
  };
  const timer = spec.timeoutMs ? setTimeout(() => stop("timeout"), spec.timeoutMs) : undefined;

  const result = new Promise<RunResult>((resolve) => {
    let spawnError: Error | undefined;
    child.on("error", (e) => (spawnError = e));
    // The leader is gone: nothing of its group (a data-loader worker, a `sleep` it left) may outlive it — and such
    // leftovers hold the output pipes open, so "close" would not come until they are gone.
    child.on("exit", () => {
      if (pid !== undefined) killTreeNow(pid);
    });
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      if (pid !== undefined) live.delete(pid);
      forceKill?.();
      out.end();
      err.end();
      output.end();
      resolve(
        endedResult(spec, plan, output, {
          code,
          signal,
          stopReason,
          spawnError,
          durationS: (Date.now() - started) / 1000,
        }),
      );
    });
  });
  return { pid, result, stop };
}

interface Prepared {
  plan: Plan;
  checkpoint: string;
  /** The transpiler a TypeScript trial was built with (undefined: the carried sucrase). */
  esbuild?: string;
}

/** The trial's folder, its patched copy of the file (transpiled for TypeScript) and the command to run it. */
function prepareTrial(spec: TrialSpec, dir: string): Prepared {
  const checkpoint = join(dir, CHECKPOINT_DIR);
  mkdirSync(checkpoint, { recursive: true });
  const runtime = runtimeDir();
  const plan = planTrial({
    file: spec.file,
    patchedSource: spec.patchedSource,
    ...(spec.command ? { command: spec.command } : {}),
    python: spec.python ?? "python3",
    trialDir: dir,
    runtimeDir: runtime,
  });
  writeFileSync(plan.patchedCopy, spec.patchedSource);
  if (!plan.transpile) return { plan, checkpoint };
  const esbuild = esbuildDir(spec.file, runtime);
  transpileTs(spec.patchedSource, spec.file, plan.transpile, runtime, esbuild);
  return { plan, checkpoint, ...(esbuild !== undefined ? { esbuild } : {}) };
}

/** The trial's environment: its parameters, number, folders and GPU (docs/trials.md) over the parent's. */
function trialEnv(spec: TrialSpec, { plan, checkpoint, esbuild }: Prepared): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...plan.env,
    ...spec.env,
    ATTUNE_PARAMS: JSON.stringify(spec.params),
    ATTUNE_TRIAL: String(spec.trialNumber),
    ATTUNE_STUDY_DIR: spec.studyDir,
    ATTUNE_CHECKPOINT_DIR: checkpoint,
    ATTUNE_RT_PARENT: String(process.pid),
    PYTHONUNBUFFERED: "1",
  };
  // The trial's hooks transpile its sibling .ts modules with the same transpiler ("": the carried sucrase).
  env.ATTUNE_RT_ESBUILD = esbuild ?? "";
  return env;
}

/** A trial's output lines: written to its log, the last ones kept for its error, and read for reports. */
class TrialOutput {
  readonly collector: ReportCollector;
  readonly tail: string[] = [];
  private readonly log: WriteStream;

  constructor(
    spec: TrialSpec,
    dir: string,
    private readonly hooks: TrialHooks,
  ) {
    this.collector = new ReportCollector(spec.objective, spec.resumeStep);
    this.log = createWriteStream(join(dir, TRIAL_LOG));
  }

  readonly onLine = (line: string): void => {
    this.log.write(line + "\n");
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    this.hooks.onOutput?.(line);
    const { report, meta } = this.collector.add(line);
    const facts = meta && backendMeta(meta);
    if (facts) this.hooks.onMeta?.(facts);
    const inherit = meta && inheritMeta(meta);
    if (inherit) this.hooks.onInherit?.(inherit);
    if (report) this.hooks.onReport?.(report);
  };

  end(): void {
    this.log.end();
  }
}

/** How the process ended. */
interface Ending {
  code: number | null;
  signal: NodeJS.Signals | null;
  stopReason: StopReason | undefined;
  spawnError: Error | undefined;
  durationS: number;
}

/** The trial's outcome once its process has ended: pruned, failed (with why and the script's line) or complete. */
function endedResult(spec: TrialSpec, plan: Plan, output: TrialOutput, e: Ending): RunResult {
  const { collector, tail } = output;
  const base = {
    intermediate: collector.intermediate,
    metrics: collector.metrics,
    exitCode: e.code,
    signal: e.signal,
    durationS: e.durationS,
    ...(collector.backend ? { backend: collector.backend } : {}),
  };
  const value = collector.value !== undefined ? { value: collector.value } : {};
  if (e.stopReason === "pruned") return { ...base, state: "pruned", ...value };
  const failure = e.spawnError
    ? spawnFailure(e.spawnError, plan.cmd)
    : failureOf(e.stopReason, e.code, e.signal, collector, spec);
  if (!failure) return { ...base, state: "complete", value: collector.value! };
  const sourceLine = findSourceLine(tail, {
    file: spec.file,
    aliases: [plan.patchedCopy],
    cwd: plan.cwd,
    readLine: (f, n) => readLine(f === spec.file ? plan.patchedCopy : f, n),
  });
  const summary = findErrorSummary(tail);
  const message = summary && !e.spawnError && !e.stopReason ? `${failure}: ${summary}` : failure;
  return {
    ...base,
    state: "failed",
    ...value,
    error: { message, tail: tail.join("\n"), ...(sourceLine ? { sourceLine } : {}) },
  };
}

/** A trial that could not be started: failed at once, with the reason and (for a syntax error) the user's line. */
function notStarted(spec: TrialSpec, e: unknown, started: number): RunningTrial {
  const err = e as Error & { line?: unknown };
  const message = `could not start the trial: ${err?.message ?? String(e)}`;
  const line = typeof err?.line === "number" ? err.line : undefined;
  const text = line ? spec.patchedSource.split(/\r?\n/)[line - 1] : undefined;
  const result: RunResult = {
    state: "failed",
    intermediate: [],
    metrics: {},
    error: {
      message,
      tail: message,
      ...(line && text !== undefined ? { sourceLine: `${basename(spec.file)}:${line}: ${text.trim()}` } : {}),
    },
    exitCode: null,
    signal: null,
    durationS: (Date.now() - started) / 1000,
  };
  return { pid: undefined, result: Promise.resolve(result), stop: () => undefined };
}

/** Why a finished process is a failed trial, or undefined when it is a good one. */
function failureOf(
  stop: StopReason | undefined,
  code: number | null,
  signal: NodeJS.Signals | null,
  c: ReportCollector,
  spec: TrialSpec,
): string | undefined {
  if (stop === "timeout")
    return (
      `timed out after ${formatMs(spec.timeoutMs ?? 0)} (set a longer per-trial timeout with --timeout or "# ` +
      `@tune timeout: ...")`
    );
  if (stop === "cancelled") return "cancelled";
  if (stop === "stopped") return "stopped by the user";
  if (signal) return `killed by ${signal}`;
  if (code !== 0) return `exited with code ${code}`;
  if (c.value === undefined) {
    return (
      `no "${spec.objective}" was reported; print a line such as "${spec.objective}: 0.93" or '@tune ` +
      `{"${spec.objective}": 0.93}'`
    );
  }
  if (!Number.isFinite(c.value))
    return `the objective "${spec.objective}" was ${c.value} (NaN and infinite values fail the trial)`;
  return undefined;
}

function spawnFailure(e: Error, cmd: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT")
    return `could not start "${cmd}": not found (for Python, pass --python PATH or set ATTUNE_PYTHON)`;
  return `could not start "${cmd}": ${e.message}`;
}

function readLine(file: string, n: number): string | undefined {
  try {
    return readFileSync(file, "utf8").split(/\r?\n/)[n - 1];
  } catch {
    return undefined;
  }
}

function formatMs(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 100) / 10}s`;
}
