// How long the extension host's event loop is held by the first read of a 1,000-trial journal: one unlimited poll
// (what the host did before reads were sliced) against the StudyStore's sliced reading, each timer callback of the
// store timed as one synchronous slice. Plain Node with a minimal stand-in `vscode` (only what StudyStore touches).
// Run: npx tsx bench/extension-host/journal-slices.ts (SLICES_DEBUG=1 also prints every run's slices, ms)
import Module from "node:module";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StudyFollower } from "../../src/extension/model/studyFollower";
import type { StudyStore as StudyStoreT } from "../../src/extension/studyStore";
import { writeBigJournal } from "./bigJournal";

export interface SliceResult {
  trials: number;
  journalBytes: number;
  /** One unlimited poll, ms (median of runs). */
  wholeMs: number;
  /** Largest synchronous slice of the sliced read, ms (median of runs, and the worst run). */
  maxSliceMs: number;
  worstSliceMs: number;
  /** Slices until the whole journal was read, and the wall time that took (median). */
  slices: number;
  catchUpMs: number;
}

class Emitter<T> {
  private readonly fns = new Set<(e: T) => void>();
  readonly event = (fn: (e: T) => void) => (this.fns.add(fn), { dispose: () => this.fns.delete(fn) });
  fire(e: T): void {
    for (const f of [...this.fns]) f(e);
  }
  dispose(): void {
    this.fns.clear();
  }
}

/** The workspace folder the stand-in reports (the module is loaded once; each measurement sets its own root). */
let workspaceRoot = "";

function loadStudyStore(root: string): typeof StudyStoreT {
  workspaceRoot = root;
  const none = () => ({ dispose() {} });
  const vscode = {
    EventEmitter: Emitter,
    workspace: {
      get workspaceFolders() {
        return [{ uri: { scheme: "file", fsPath: workspaceRoot } }];
      },
      createFileSystemWatcher: () => ({ onDidCreate: none, onDidChange: none, onDidDelete: none, dispose() {} }),
      onDidChangeWorkspaceFolders: none,
    },
  };
  const M = Module as unknown as {
    _resolveFilename: (req: string, ...rest: unknown[]) => string;
    _cache: Record<string, unknown>;
  };
  const resolve = M._resolveFilename;
  M._resolveFilename = (req, ...rest) => (req === "vscode" ? "vscode-stand-in" : resolve.call(Module, req, ...rest));
  M._cache["vscode-stand-in"] = { id: "vscode-stand-in", loaded: true, exports: vscode };
  return (require("../../src/extension/studyStore") as { StudyStore: typeof StudyStoreT }).StudyStore;
}

/** Times every callback the store's timers run, and the synchronous start(), until the journal is read. */
async function slicedRead(
  StudyStore: typeof StudyStoreT,
  trials: number,
): Promise<{ slices: number[]; catchUpMs: number }> {
  const slices: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const timed = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    realSetTimeout(() => {
      const t = performance.now();
      try {
        fn(...args);
      } finally {
        slices.push(performance.now() - t);
      }
    }, ms)) as unknown as typeof setTimeout;
  globalThis.setTimeout = timed;
  const warnings: string[] = [];
  const store = new StudyStore({ warn: (m: string) => warnings.push(m) } as never);
  const t0 = performance.now();
  try {
    const t = performance.now();
    store.start();
    slices.push(performance.now() - t);
    const deadline = performance.now() + 60_000;
    for (;;) {
      const f = store.all()[0];
      if (f && !f.behind && f.state.trials.length === trials) break;
      if (performance.now() > deadline)
        throw new Error(`the store did not read the journal (${f?.state.trials.length ?? 0} of ${trials} trials)`);
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    store.dispose();
    globalThis.setTimeout = realSetTimeout;
  }
  return { slices, catchUpMs: performance.now() - t0 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const SLICE_RUNS = 5;

export async function measureSlices(trials = 1000, runs = SLICE_RUNS): Promise<SliceResult> {
  const root = mkdtempSync(join(tmpdir(), "attune-bench-slices-"));
  try {
    const { writer, studyDir, path } = writeBigJournal(root, trials);
    writer.close();
    const StudyStore = loadStudyStore(root);
    const whole: number[] = [];
    const maxSlice: number[] = [];
    const counts: number[] = [];
    const catchUp: number[] = [];
    for (let r = 0; r < runs; r++) {
      const f = new StudyFollower(root, "train.py", studyDir);
      const t = performance.now();
      f.poll();
      whole.push(performance.now() - t);
      if (f.state.trials.length !== trials) throw new Error(`unlimited poll read ${f.state.trials.length} trials`);
      const s = await slicedRead(StudyStore, trials);
      if (process.env.SLICES_DEBUG) console.error(s.slices.map((x) => x.toFixed(1)).join(" "));
      maxSlice.push(Math.max(...s.slices));
      counts.push(s.slices.length);
      catchUp.push(s.catchUpMs);
    }
    return {
      trials,
      journalBytes: statSync(path).size,
      wholeMs: median(whole),
      maxSliceMs: median(maxSlice),
      worstSliceMs: Math.max(...maxSlice),
      slices: median(counts),
      catchUpMs: median(catchUp),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void measureSlices().then((r) => console.log(JSON.stringify(r, null, 1)));
}
