// Why a study's runner (`attune tune`) ended badly, as one sentence with what to do — read from its runner.log and
// exit status. Never a stack frame: the CLI's own `attune: error: …` line when there is one, else the last line it
// said, else what the exit status tells. Pure, so every case is unit-tested.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { FATAL_PREFIX } from "../../cli/fatal";

/** A study runner's output, in its study folder. */
export const RUNNER_LOG = "runner.log";

export interface RunnerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The process could not be started at all. */
  error?: string;
}

const MAX = 300;
const RESUME = "Resume continues the study";

/** `exit` is unknown when the runner died while no window watched it (found after a reload). */
export function runnerFailure(log: string, exit?: RunnerExit): string {
  if (exit?.error) return `its process could not start (${exit.error}); reinstall the extension if this repeats`;
  const lines = log
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+$/, ""))
    .filter((l) => l.trim() && !isNoise(l));
  const fatal = [...lines].reverse().find((l) => l.startsWith(FATAL_PREFIX));
  if (fatal) return clip(fatal.slice(FATAL_PREFIX.length));
  const last = lines[lines.length - 1];
  if (exit && exit.code !== 0 && exit.code !== null && last?.startsWith("attune: "))
    return clip(last.slice("attune: ".length));
  if (exit?.signal) return `its process was killed by ${exit.signal} (out of memory, or ended from outside); ${RESUME}`;
  if (exit && exit.code !== null) return `its process exited with code ${exit.code}; ${RESUME}`;
  return `its process ended before the study finished (killed or crashed); ${RESUME}`;
}

/** Stack frames, source excerpts and carets: what a crash prints under its message. */
function isNoise(line: string): boolean {
  return /^\s+at\s/.test(line) || /^\s*\^+\s*$/.test(line) || /^\s*at\s.*\(.*:\d+:\d+\)$/.test(line);
}

function clip(s: string): string {
  const t = s.trim();
  return t.length > MAX ? `${t.slice(0, MAX - 1)}…` : t;
}

/** The last `bytes` of a file ("" when it cannot be read): a runner.log can be long. */
export function readTail(path: string, bytes = 16 * 1024): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(bytes, size));
    const n = readSync(fd, buf, 0, buf.length, size - buf.length);
    return buf.toString("utf8", 0, n);
  } catch {
    return "";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
