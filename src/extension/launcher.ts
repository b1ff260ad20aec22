// Starts and stops studies. A study runs as a detached `attune tune` process writing its output to
// `<studyDir>/runner.log`; the journal is what every view follows, so a reloaded window simply re-attaches.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname, join } from "node:path";
import * as vscode from "vscode";
import { sendControl } from "../runner/control";
import type { Params } from "../core/types";
import { ownRuntime } from "../runner/node";
import { autoArgs, type AutoLaunchOptions } from "./model/autoLaunch";
import { tuneArgs, type LaunchOptions } from "./model/launch";
import { RUNNER_LOG } from "./model/runnerFailure";
import type { StudyFollower } from "./model/studyFollower";

export interface Launched {
  pid: number;
  log: string;
  /** Settles when the process ends (only while this window lives; after a reload the journal tells). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: string }>;
}

export function launchStudy(
  extensionPath: string,
  root: string,
  dir: string,
  o: LaunchOptions,
  log: vscode.LogOutputChannel,
): Launched {
  const args = tuneArgs(join(extensionPath, "dist", "cli.js"), o);
  return spawnDetached(args, root, join(dir, RUNNER_LOG), log, `attune tune (${o.study})`);
}

/** `attune auto` for "Search a Model for This Data…", its output in `<out>/auto.log`. */
export function launchAuto(
  extensionPath: string,
  root: string,
  o: AutoLaunchOptions,
  log: vscode.LogOutputChannel,
): Launched {
  const args = autoArgs(join(extensionPath, "dist", "cli.js"), o);
  return spawnDetached(args, root, join(o.out, AUTO_LOG), log, `attune auto (${o.data})`);
}

export const AUTO_LOG = "auto.log";

function spawnDetached(
  args: string[],
  root: string,
  logPath: string,
  log: vscode.LogOutputChannel,
  what: string,
): Launched {
  mkdirSync(dirname(logPath), { recursive: true });
  const fd = openSync(logPath, "a");
  // The host's own runtime (Electron as node, or code-server's Node): a `node` on PATH may be too old for the bundle.
  const node = ownRuntime();
  log.info(`starting: ${node.path} ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")} (cwd ${root})`);
  try {
    const child = spawn(node.path, args, {
      cwd: root,
      detached: true,
      stdio: ["ignore", fd, fd],
      env: { ...process.env, ...node.env, ATTUNE_LAUNCHED_BY: "vscode" },
      windowsHide: true,
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: string }>((resolve) => {
      child.on("error", (e) => {
        log.error(`could not start attune: ${e.message}`);
        resolve({ code: null, signal: null, error: e.message });
      });
      child.on("exit", (code, signal) => {
        log.info(`${what} exited: ${signal ?? `code ${code}`}`);
        resolve({ code, signal });
      });
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${node.path}`);
    return { pid: child.pid, log: logPath, exited };
  } finally {
    closeSync(fd);
  }
}

/** Ask the study's runner to stop: it kills every ' +
  'trial's process tree, records them, and leaves the study resumable. */
export function stopStudy(f: StudyFollower): { ok: true; pid: number } | { ok: false; reason: string } {
  const pid = f.stoppablePid();
  if (pid === undefined) {
    const remote = f.remoteRunners();
    return {
      ok: false,
      reason: remote.length
        ? `"${f.name}" runs on ${remote.map((x) => x.host).join(", ")}; stop it there.`
        : `"${f.name}" is not running.`,
    };
  }
  try {
    // SIGINT is the CLI's Ctrl+C: it kills every trial's process tree, records them interrupted, and exits.
    process.kill(pid, "SIGINT");
    return { ok: true, pid };
  } catch (e) {
    return { ok: false, reason: `could not signal process ${pid}: ${(e as Error).message}` };
  }
}

export function stopTrial(f: StudyFollower, trial: number): void {
  sendControl(f.dir, { op: "stop", trial });
}

export function enqueueTrial(f: StudyFollower, params: Params): void {
  sendControl(f.dir, { op: "enqueue", params });
}
