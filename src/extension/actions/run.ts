// Starting, resuming and stopping studies. A study runs as a detached `attune tune` process (closing or reloading
// the window does not stop it); this window follows its journal. Running needs a trusted workspace: checked here,
// not only hidden in menus.
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import * as vscode from "vscode";
import { languageOf, parseAnnotations } from "../../core/annotations";
import type { AnnotatedFile } from "../../core/annotations/types";
import type { LaunchRecord } from "../launchRecords";
import type { LaunchOptions } from "../model/launch";
import { gridSize } from "../../core/samplers/grid";
import type { Space } from "../../core/space";
import {
  ALGORITHM_INFO,
  checkCount,
  checkDuration,
  gridCountNote,
  startDefaults,
  trialsFor,
  type StartDefaults,
} from "../model/startOptions";
import type { StudyFollower } from "../model/studyFollower";
import { readTail, RUNNER_LOG, runnerFailure, type RunnerExit } from "../model/runnerFailure";
import { progressMessage } from "../model/summaryText";
import { countDone } from "../model/treeModel";
import { resolvePython } from "../python";
import { readSettings } from "../settings";
import { progressOf } from "../studyProgress";
import type { RunnerDeath } from "../studyStore";
import { studyFile } from "./apply";
import type { Ctx } from "./context";
import { activeFile, pickStudy, pickTrial, refOf } from "./pick";

import { launcherModule as launcher, panelModule } from "../lazy";

type Launcher = typeof import("../launcher");

export async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const pick = await vscode.window.showWarningMessage(
    `Attune: ${what} runs code from this workspace, so it needs a trusted workspace. Annotations, results and Apply ` +
      `work in Restricted Mode.`,
    "Manage Workspace Trust",
  );
  if (pick) await vscode.commands.executeCommand("workbench.trust.manage");
  return false;
}

export async function startTuning(ctx: Ctx, arg: unknown): Promise<void> {
  const uri = refOf(arg).uri ?? activeFile();
  if (!uri) {
    void vscode.window.showErrorMessage(
      "Attune: open a training script with @tune annotations, then run Start Tuning.",
    );
    return;
  }
  if (!(await requireTrust("Start Tuning"))) return;
  if (!languageOf(uri.fsPath)) {
    void vscode.window.showErrorMessage(
      `Attune: ${basename(uri.fsPath)} is not a Python, JavaScript, TypeScript or YAML file.`,
    );
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const parsed = parseAnnotations(doc.getText(), doc.fileName);
  if (!(await refuseInvalid(doc, parsed))) return;
  const f = ctx.store.forFile(uri, true)!;
  if (f.running) {
    const pick = await vscode.window.showInformationMessage(
      `Attune: “${f.name}” is already running.`,
      "Open Panel",
      "Stop",
    );
    if (pick === "Open Panel") panelModule().PanelHost.show(panelDeps(ctx), f.key);
    if (pick === "Stop") stopFollower(ctx, f);
    return;
  }
  const defaults = startDefaults(parsed.directives, readSettings(uri), countDone(f.state.trials));
  const chosen = await askStartOptions(f.name, defaults, countDone(f.state.trials), parsed.space);
  if (!chosen) return;
  // Trials run the file on disk: save the editor's version first.
  if (doc.isDirty && !(await doc.save())) {
    void vscode.window.showErrorMessage(
      `Attune: could not save ${basename(doc.fileName)}; trials run the file on disk.`,
    );
    return;
  }
  await launch(ctx, f, uri, {
    ...chosen,
    ...(parsed.directives.timeoutMs === undefined && defaults.timeout ? { timeout: defaults.timeout } : {}),
  });
}

/** Says why a file cannot be tuned (and offers the way to its problem); true when it can. */
async function refuseInvalid(doc: vscode.TextDocument, parsed: AnnotatedFile): Promise<boolean> {
  const name = vscode.workspace.asRelativePath(doc.uri);
  if (!parsed.params.length) {
    const pick = await vscode.window.showErrorMessage(
      `Attune: ${name} has no @tune annotations. Mark a value, e.g. \`lr = 1e-3  # @tune loguniform(1e-5, 1e-1)\`, ` +
        `and add \`# @tune objective: maximize val_accuracy\`.`,
      "Show Trials View",
    );
    if (pick) await vscode.commands.executeCommand("attune.trials.focus");
    return false;
  }
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (!errors.length) return true;
  const first = errors[0];
  const pick = await vscode.window.showErrorMessage(
    `Attune: cannot start tuning: ${name} has ${errors.length} annotation error${errors.length > 1 ? "s" : ""}. Line ` +
      `${first.range.line}: ${first.message}`,
    "Go to Problem",
    "Show Problems",
  );
  if (pick === "Go to Problem") {
    const at = new vscode.Range(doc.positionAt(first.range.start), doc.positionAt(first.range.end));
    await vscode.window.showTextDocument(doc, { selection: at });
  } else if (pick === "Show Problems") await vscode.commands.executeCommand("workbench.actions.view.problems");
  return false;
}

interface Chosen {
  algorithm: string;
  trials: number;
  parallel: number;
}

/** Algorithm, then trials, then parallel trials — each prefilled, so Enter three times starts with the defaults. */
async function askStartOptions(
  study: string,
  d: StartDefaults,
  done: number,
  space: Space,
): Promise<Chosen | undefined> {
  const title = `Attune: Start Tuning “${study}”`;
  const hint = (s: string) =>
    s === "file"
      ? "from the file's @tune directive"
      : s === "study"
        ? `the study has ${done} finished`
        : "from settings";
  const ordered = [...ALGORITHM_INFO].sort((a, b) => Number(b.name === d.algorithm) - Number(a.name === d.algorithm));
  if (!ordered.some((a) => a.name === d.algorithm)) ordered.unshift({ name: d.algorithm, detail: "" });
  const algo = await vscode.window.showQuickPick(
    ordered.map((a) => ({
      label: a.name,
      description: a.name === d.algorithm ? hint(d.from.algorithm) : undefined,
      detail: a.detail,
    })),
    { title: `${title} (1/3)`, placeHolder: "Search algorithm", ignoreFocusOut: true },
  );
  if (!algo) return undefined;
  let grid: number | undefined;
  if (algo.label === "grid") {
    try {
      grid = gridSize(space);
    } catch (e) {
      void vscode.window.showErrorMessage(`Attune: ${(e as Error).message.replace(/\n/g, " ")}`);
      return undefined;
    }
  }
  const whole = grid !== undefined && !d.trialsSet;
  const trials = await vscode.window.showInputBox({
    title: `${title} (2/3)`,
    prompt: `Total trials for the study (${whole ? `the whole grid: ${grid} points` : hint(d.from.trials)})`,
    value: String(trialsFor(algo.label, d, grid, done)),
    ignoreFocusOut: true,
    validateInput: (v) => {
      const wrong = checkCount(v, "trials", Math.max(1, done + 1), 100_000);
      const note = wrong || grid === undefined ? undefined : gridCountNote(grid, v);
      return wrong ?? (note ? { message: note, severity: vscode.InputBoxValidationSeverity.Info } : undefined);
    },
  });
  if (trials === undefined) return undefined;
  const parallel = await vscode.window.showInputBox({
    title: `${title} (3/3)`,
    prompt: `Trials running at the same time (${hint(d.from.parallel)})`,
    value: String(d.parallel),
    ignoreFocusOut: true,
    validateInput: (v) => checkCount(v, "parallel trials", 1, 256),
  });
  if (parallel === undefined) return undefined;
  return { algorithm: algo.label, trials: Number(trials), parallel: Number(parallel) };
}

interface LaunchChoice extends Chosen {
  timeout?: string;
  seed?: number;
}

async function launch(ctx: Ctx, f: StudyFollower, file: vscode.Uri, c: LaunchChoice): Promise<void> {
  const s = readSettings(file);
  if (c.timeout && checkDuration(c.timeout)) {
    void vscode.window.showErrorMessage(
      `Attune: the attune.timeout setting ${JSON.stringify(c.timeout)} is not a duration such as 90s or 10m.`,
    );
    return;
  }
  const python =
    languageOf(file.fsPath) === "python" || /\{python\}/.test(readFileSafe(file.fsPath))
      ? await resolvePython(file, ctx.log)
      : undefined;
  if (python) ctx.log.info(`Python: ${python.path} (${python.source})`);
  const o: LaunchOptions = {
    file: file.fsPath,
    study: f.name,
    algorithm: c.algorithm,
    trials: c.trials,
    parallel: c.parallel,
    ...(python ? { python: python.path } : {}),
    ...(c.seed !== undefined ? { seed: c.seed } : {}),
    ...(c.timeout ? { timeout: c.timeout } : {}),
    ...(s.gpus ? { gpus: s.gpus } : {}),
    ...(s.trialsPerGpu >= 1 ? { trialsPerGpu: s.trialsPerGpu } : {}),
    ...(s.cpuOverflow ? { cpuOverflow: true } : {}),
    ...(s.tfjsBackend && s.tfjsBackend !== "auto" ? { tfjsBackend: s.tfjsBackend } : {}),
    ...(s.storage ? { storage: s.storage } : {}),
  };
  let launched;
  try {
    launched = launcher().launchStudy(ctx.extension.extensionPath, f.root, f.dir, o, ctx.log);
  } catch (e) {
    void vscode.window.showErrorMessage(`Attune: could not start the study: ${(e as Error).message}`);
    return;
  }
  // The follower created before the quick picks may have been dropped by a rescan meanwhile (no journal yet): from
  // here on, follow the one the store has, or the views and the end-of-study message read a study nobody updates.
  f = ctx.store.follow(f);
  f.pendingPid = launched.pid;
  ctx.store.watchedExits.add(f.key); // this window reports how it ends (onExit), not the store's orphan check
  const record: LaunchRecord = {
    file: file.fsPath,
    algorithm: c.algorithm,
    trials: c.trials,
    parallel: c.parallel,
    ...(c.timeout ? { timeout: c.timeout } : {}),
    pid: launched.pid,
    startedAt: Date.now(),
  };
  await ctx.launches.set(f.key, record);
  ctx.store.schedule(100);
  panelModule().PanelHost.show(panelDeps(ctx), f.key, true);
  void followProgress(ctx, f, launched);
}

function readFileSafe(p: string): string {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return "";
  }
}

/** A cancellable progress notification for a study this window started; cancel stops the study (resumable). */
function followProgress(ctx: Ctx, f: StudyFollower, launched: ReturnType<Launcher["launchStudy"]>): Thenable<void> {
  let userStopped = false;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Attune: tuning ${f.name}`, cancellable: true },
    (progress, token) =>
      new Promise<void>((resolve) => {
        let reported = 0;
        const update = () => {
          const p = progressOf(f, ctx.launches);
          const pct = p.target ? Math.min(100, (100 * p.done) / p.target) : 0;
          progress.report({ message: progressMessage(p), increment: Math.max(0, pct - reported) });
          reported = Math.max(reported, pct);
        };
        update();
        const sub = ctx.store.onDidChange(update);
        token.onCancellationRequested(() => {
          userStopped = true;
          stopFollower(ctx, f);
        });
        void launched.exited.then(async (r) => {
          sub.dispose();
          resolve();
          await onExit(ctx, f, launched.log, r, userStopped);
        });
      }),
  );
}

async function onExit(ctx: Ctx, f: StudyFollower, log: string, r: RunnerExit, userStopped: boolean): Promise<void> {
  // Through the store, so the views hear of what this read finds (a direct f.poll() would swallow the change).
  ctx.store.refreshNow();
  ctx.store.watchedExits.delete(f.key);
  const p = progressOf(f, ctx.launches);
  if (r.code === 0) {
    // Several objectives have no single best: Apply Best then asks which point of the front.
    const apply = p.best ? "Apply Best" : p.front?.size ? "Apply a Trade-off…" : undefined;
    const pick = await vscode.window.showInformationMessage(
      `Attune: “${f.name}” finished: ${progressMessage(p)}.`,
      ...(apply ? [apply, "Open Panel"] : ["Open Panel"]),
    );
    if (pick !== undefined && pick === apply)
      await vscode.commands.executeCommand("attune.applyBest", { study: f.key });
    if (pick === "Open Panel") await vscode.commands.executeCommand("attune.openPanel", { study: f.key });
    return;
  }
  const byUser = userStopped || r.signal === "SIGINT" || stoppedByUser.delete(f.key);
  // Whatever it left running is failed now, with the reason (a stop by the user records its trials itself).
  const reason = runnerFailure(readTail(log), r);
  let orphans: number[] = [];
  try {
    orphans = f.failOrphans(() => reason)?.trials ?? [];
  } catch (e) {
    ctx.log.warn(`could not record ${f.name}'s orphaned trials: ${(e as Error).message}`);
  }
  if (orphans.length) ctx.store.refreshNow();
  if (byUser) {
    void vscode.window.showInformationMessage(
      `Attune: “${f.name}” stopped (${progressMessage(p)}). Resume continues it.`,
    );
    return;
  }
  ctx.log.error(
    `attune tune (${f.name}) ended with ${r.error ?? r.signal ?? `exit code ${r.code}`}:\n${readTail(log, 4096)}`,
  );
  await reportRunnerFailure(ctx, f, reason, orphans.length);
}

/** One sentence with the fix, and the way to the whole log. */
async function reportRunnerFailure(ctx: Ctx, f: StudyFollower, reason: string, failed: number): Promise<void> {
  const s = failed > 1;
  const trials = failed ? ` ${failed} trial${s ? "s" : ""} it was running ${s ? "are" : "is"} marked failed.` : "";
  const sentence = /[.!?…]$/.test(reason) ? reason : `${reason}.`;
  const pick = await vscode.window.showErrorMessage(
    `Attune: “${f.name}” stopped: ${sentence}${trials}`,
    "Show Output",
    ...(f.running ? [] : ["Resume"]),
  );
  if (pick === "Resume") await resume(ctx, { study: f.key });
  if (pick === "Show Output") {
    const log = join(f.dir, RUNNER_LOG);
    if (existsSync(log)) await vscode.window.showTextDocument(vscode.Uri.file(log), { preview: true });
    else ctx.log.show();
  }
}

/** A runner that died while this window was not watching it (found after a reload, or started from a terminal). */
export function onRunnerDied(ctx: Ctx, d: RunnerDeath): void {
  void reportRunnerFailure(ctx, d.follower, d.reason, d.trials.length);
}

/** Studies this window asked to stop, so their exit is not reported as an error. */
const stoppedByUser = new Set<string>();

function stopFollower(ctx: Ctx, f: StudyFollower): void {
  const r = launcher().stopStudy(f);
  if (!r.ok) {
    void vscode.window.showWarningMessage(`Attune: ${r.reason}`);
    return;
  }
  stoppedByUser.add(f.key);
  ctx.log.info(`stopping ${f.name}: SIGINT to ${r.pid}`);
  ctx.store.schedule(100);
}

export async function stop(ctx: Ctx, arg: unknown): Promise<void> {
  const f = await pickStudy(ctx, refOf(arg), {
    running: true,
    none: "no study is running.",
    placeHolder: "Stop which study?",
  });
  if (!f) return;
  stopFollower(ctx, f);
  void vscode.window.setStatusBarMessage(`Attune: stopping “${f.name}”; Resume continues it`, 4000);
}

export async function stopTrial(ctx: Ctx, arg: unknown): Promise<void> {
  const ref = refOf(arg);
  const f = await pickStudy(ctx, ref, {
    running: true,
    none: "no study is running.",
    placeHolder: "Stop a trial of which study?",
  });
  if (!f) return;
  const t = await pickTrial(
    f,
    ref,
    (t) => t.state === "running",
    `no trial of “${f.name}” is running.`,
    "Stop which trial?",
  );
  if (!t) return;
  if (t.state !== "running") {
    void vscode.window.showInformationMessage(`Attune: trial #${t.number} is not running (${t.state}).`);
    return;
  }
  launcher().stopTrial(f, t.number);
  ctx.log.info(`asked ${f.name} to stop trial #${t.number}`);
  ctx.store.schedule(200);
}

export async function resume(ctx: Ctx, arg: unknown): Promise<void> {
  const ref = refOf(arg);
  const f = await pickStudy(ctx, ref, {
    recorded: true,
    none: "there is no stopped study to resume.",
    placeHolder: "Resume which study?",
  });
  if (!f) return;
  if (!(await requireTrust("Resume"))) return;
  if (f.running) {
    void vscode.window.showInformationMessage(`Attune: “${f.name}” is already running.`);
    return;
  }
  const file = studyFile(f);
  if (!file || !existsSync(file)) {
    void vscode.window.showErrorMessage(
      `Attune: cannot resume “${f.name}”: its file ${file ?? "(unknown)"} is not there.`,
    );
    return;
  }
  const uri = vscode.Uri.file(file);
  const doc = await vscode.workspace.openTextDocument(uri);
  const parsed = parseAnnotations(doc.getText(), doc.fileName);
  if (!(await refuseInvalid(doc, parsed))) return;
  const done = countDone(f.state.trials);
  const rec = ctx.launches.get(f.key);
  const s = readSettings(uri);
  let trials = rec?.trials;
  const algorithm = rec?.algorithm ?? f.state.meta?.algorithm ?? parsed.directives.algorithm ?? s.defaultAlgorithm;
  if (trials === undefined || trials <= done) {
    // A grid proposes what is left of it, unless the file or the settings give a count.
    const left = algorithm === "grid" ? gridLeft(parsed.space, done) : undefined;
    const set = parsed.directives.trials !== undefined || s.trialsSet;
    const more = await vscode.window.showInputBox({
      title: `Attune: Resume “${f.name}”`,
      prompt: `It has ${done} finished trial(s). How many more?`,
      value: String(left !== undefined && !set ? left : (parsed.directives.trials ?? s.trials)),
      validateInput: (v) => checkCount(v, "trials", 1, 100_000),
    });
    if (more === undefined) return;
    trials = done + Number(more);
  }
  if (doc.isDirty) await doc.save();
  const parallel = rec?.parallel ?? parsed.directives.parallel ?? s.parallel;
  const timeout = rec?.timeout ?? (parsed.directives.timeoutMs === undefined && s.timeout ? s.timeout : undefined);
  await launch(ctx, f, uri, { algorithm, trials, parallel, ...(timeout ? { timeout } : {}) });
}

/** Grid points not yet run (at least 1); undefined when the space has no grid. */
function gridLeft(space: Space, done: number): number | undefined {
  try {
    return Math.max(1, gridSize(space) - done);
  } catch {
    return undefined;
  }
}

export async function rerunTrial(ctx: Ctx, arg: unknown): Promise<void> {
  const ref = refOf(arg);
  const f = await pickStudy(ctx, ref, {
    recorded: true,
    none: "there is no study with trials.",
    placeHolder: "Rerun a trial of which study?",
  });
  if (!f) return;
  if (!(await requireTrust("Rerun Trial"))) return;
  const t = await pickTrial(
    f,
    ref,
    (t) => t.state !== "queued" && t.state !== "running",
    `“${f.name}” has no finished trial.`,
    "Rerun which trial?",
  );
  if (!t) return;
  if (!f.running) {
    const pick = await vscode.window.showInformationMessage(
      `Attune: Rerun queues trial #${t.number}'s parameters in the running study, and “${f.name}” is not running. ` +
        `Resume it first.`,
      "Resume",
    );
    if (pick) await resume(ctx, { study: f.key });
    return;
  }
  launcher().enqueueTrial(f, t.params);
  ctx.log.info(`queued a rerun of trial #${t.number} of ${f.name}`);
  void vscode.window.setStatusBarMessage(`Attune: trial #${t.number}'s parameters are queued in “${f.name}”`, 4000);
  ctx.store.schedule(200);
}

export function panelDeps(ctx: Ctx) {
  return { extensionUri: ctx.extension.extensionUri, store: ctx.store, launches: ctx.launches, log: ctx.log };
}
