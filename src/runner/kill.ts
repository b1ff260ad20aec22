// Ending a trial means ending its whole process tree: data-loader workers, a shell's children, `sleep`s it left.
// Trials are spawned `detached`, so each leads its own process group and the group is what gets the signal.

import { execFile, execFileSync } from "node:child_process";

export const DEFAULT_GRACE_MS = 3000;

/** Sends `signal` to the process group led by `pid`. False when no process of the group is left. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EPERM") return true;
    // Not a group leader after all (should not happen for our spawns): at least the process itself.
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * SIGTERM to the group now, SIGKILL to whatever of it is left after `graceMs`. On Windows, `taskkill /T /F`.
 * Returns a function that sends the SIGKILL at once (for shutdown paths that cannot wait).
 */
export function terminateTree(pid: number, graceMs = DEFAULT_GRACE_MS): () => void {
  if (process.platform === "win32") {
    execFile("taskkill", ["/T", "/F", "/PID", String(pid)], { windowsHide: true }, () => undefined);
    return () => undefined;
  }
  if (!signalGroup(pid, "SIGTERM")) return () => undefined;
  let done = false;
  const kill = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (signalGroup(pid, 0)) signalGroup(pid, "SIGKILL");
  };
  const timer = setTimeout(kill, graceMs);
  return kill;
}

/** Synchronous, immediate end of a tree: for process-exit handlers. */
export function killTreeNow(pid: number): void {
  if (process.platform === "win32") {
    try {
      execFileSync("taskkill", ["/T", "/F", "/PID", String(pid)], { windowsHide: true, stdio: "ignore" });
    } catch {
      // already gone
    }
    return;
  }
  signalGroup(pid, "SIGKILL");
}

/** The process exists (EPERM: it does, under another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
