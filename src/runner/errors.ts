// Finds, in a failed trial's output, the user's source line the error points at, and the error's one-line summary.
// Python tracebacks list frames outermost first (the last frame in the user's file is the one); Node stacks list
// them innermost first (the first user frame of the last stack is the one). Pure: reading source is injected.

import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface SourceLocation {
  file: string;
  line: number;
}

export interface ErrorContext {
  /** The user's file (original path). */
  file: string;
  /** Other paths that stand for the user's file in output (e.g. its patched copy). */
  aliases?: string[];
  /** Folder that relative display paths start from (the trial's cwd). */
  cwd: string;
  /** Source line `n` (1-based) of `file`, for the user's file this is the patched text. */
  readLine(file: string, n: number): string | undefined;
}

const PY_FRAME = /^\s*File "(.+)", line (\d+)/;
const NODE_FRAME = /^\s*at\s/;
const NODE_LOCATION = /(?:\(|\s)((?:file:\/\/)?[^\s(][^()]*?):(\d+):(\d+)\)?\s*$/;

/** The user's `path:line: code` for a failed trial's output, or undefined when no frame is found. */
export function findSourceLine(lines: string[], ctx: ErrorContext): string | undefined {
  const loc = findErrorLocation(lines, ctx);
  if (!loc) return undefined;
  const code = ctx.readLine(loc.file, loc.line)?.trim();
  const rel = path.relative(ctx.cwd, loc.file);
  const shown = rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : loc.file;
  return code ? `${shown}:${loc.line}: ${code}` : `${shown}:${loc.line}`;
}

export function findErrorLocation(lines: string[], ctx: ErrorContext): SourceLocation | undefined {
  const names = [ctx.file, ...(ctx.aliases ?? [])];
  const isUser = (f: string) => names.includes(f);
  const isLocal = (f: string) => {
    const rel = path.relative(ctx.cwd, f);
    return (
      !rel.startsWith("..") &&
      !path.isAbsolute(rel) &&
      !/(^|[\\/])(node_modules|site-packages|dist-packages)[\\/]/.test(rel)
    );
  };
  const frames = parseFrames(lines, names, ctx.cwd);
  for (const accept of [isUser, isLocal]) {
    const hit = pickFrame(frames, accept);
    if (hit) return { file: isUser(hit.file) ? ctx.file : hit.file, line: hit.line };
  }
  return undefined;
}

interface Frame {
  file: string;
  line: number;
  kind: "py" | "node";
  /** Node: which stack the frame belongs to (one run of consecutive `at` lines, file-less ones included). */
  stack: number;
}

function parseFrames(lines: string[], userNames: string[], cwd: string): Frame[] {
  const frames: Frame[] = [];
  const userUrls = userNames.map((f) => [pathToFileURL(f).href, f] as const);
  let stack = 0;
  lines.forEach((text, at) => {
    const py = PY_FRAME.exec(text);
    if (py) {
      // `<string>`, `<frozen runpy>`: code without a file. A relative name is relative to the trial's folder.
      if (!/^<.*>$/.test(py[1]))
        frames.push({ file: path.resolve(cwd, py[1]), line: Number(py[2]), kind: "py", stack });
      return;
    }
    if (!NODE_FRAME.test(text)) return;
    if (at === 0 || !NODE_FRAME.test(lines[at - 1])) stack++;
    // Known paths are matched literally: a path may hold spaces or parentheses that defeat any pattern.
    for (const [url, f] of userUrls) {
      for (const name of [f, url]) {
        const i = text.lastIndexOf(name + ":");
        if (i >= 0) {
          const m = /^:(\d+)/.exec(text.slice(i + name.length));
          if (m) {
            frames.push({ file: f, line: Number(m[1]), kind: "node", stack });
            return;
          }
        }
      }
    }
    const m = NODE_LOCATION.exec(text);
    if (m) {
      const file = m[1].startsWith("file://") ? safeFileURLToPath(m[1]) : m[1];
      if (file && path.isAbsolute(file)) frames.push({ file, line: Number(m[2]), kind: "node", stack });
    }
  });
  return frames;
}

function pickFrame(frames: Frame[], accept: (file: string) => boolean): Frame | undefined {
  // The last frame that is accepted decides where to look: for Python it is the one; for Node, walk up its stack
  // to the innermost accepted frame.
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i];
    if (!accept(f.file)) continue;
    if (f.kind === "py") return f;
    let best = f;
    for (let j = i - 1; j >= 0 && frames[j].kind === "node" && frames[j].stack === f.stack; j--) {
      if (accept(frames[j].file)) best = frames[j];
    }
    return best;
  }
  return undefined;
}

function safeFileURLToPath(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

/** The error's one-line summary: `ZeroDivisionError: division by zero`, `TypeError: x is not a function`. */
export function findErrorSummary(lines: string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^Traceback \(most recent call last\):/.test(lines[i])) {
      for (let j = i + 1; j < lines.length; j++) {
        const t = lines[j];
        if (t.trim() !== "" && !/^\s/.test(t) && !t.startsWith("Traceback")) return clip(t.trim());
      }
      return undefined;
    }
  }
  // Node: the line just above the last stack's first frame (an error's `[cause]` is not the error).
  for (let i = lines.length - 1; i > 0; i--) {
    if (NODE_FRAME.test(lines[i]) && !NODE_FRAME.test(lines[i - 1]) && /^\s*at\s.*:\d+:\d+\)?\s*$/.test(lines[i])) {
      const t = lines[i - 1].trim();
      if (t.startsWith("[cause]:")) continue;
      return t ? clip(t) : undefined;
    }
  }
  return undefined;
}

function clip(s: string, max = 300): string {
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}
