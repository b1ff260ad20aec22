// A CPU profile of the WHOLE extension host (every extension in it, and VS Code's own code there) while a study runs,
// and every event-loop block over 50 ms attributed to its functions and modules (blocks.ts). code-server starts the
// host's inspector (code-server has no --inspect-extensions and keeps NODE_OPTIONS from the host: SIGUSR1 opens Node's
// inspector on 127.0.0.1:9229 in that process); this script drives the DevTools protocol's Profiler domain over
// that port's websocket: enable, 250 µs sampling, start before Start Tuning, stop when the study is done.
// Run: bash scripts/e2e-setup.sh && node --experimental-websocket --import tsx bench/extension/profile.ts [--runs 2]
// (Node ≥ 22 has WebSocket without the flag.) Writes bench/extension/PROFILE.md; the profiles stay in the temp
// workspaces (host-<run>.cpuprofile, loadable in Chrome DevTools → Performance, or speedscope).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findTools, installExtension, Session, waitUntil } from "../../test/e2e/harness";
import { packageExtension } from "../../test/e2e/package";
import * as vs from "../../test/e2e/vscode";
import { createWorkspace, findJournals, readJournal, writeSettings } from "../../test/e2e/workspace";
import { defaultOwner, findBlocks, ownerTotals, type Block, type CpuProfile } from "./blocks";

const RUNS = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 2;
const TRIALS = 24;
const REPORTS = 60;
// The same kind of study as run.ts: trials 2 at a time printing a steady stream of reports for the host to follow.
const SCRIPT = `import time
lr = 0.01  # @tune float(1e-4, 1e-1, log)
width = 64  # @tune int(16, 256, step=16)
opt = "adam"  # @tune choice("adam", "sgd")
# @tune objective: minimize loss
# @tune trials: ${TRIALS}
# @tune algorithm: random
# @tune parallel: 2
for step in range(1, ${REPORTS + 1}):
    loss = (lr * 100 - 1) ** 2 + abs(width - 128) / 128 + (0 if opt == "adam" else 0.1) + 1 / step
    print(f"step {step} loss: {loss:.6f}", flush=True)
    time.sleep(0.015)
`;

/** The smallest DevTools-protocol client: one websocket, requests matched to replies by id. */
class Cdp {
  private next = 1;
  private readonly waiting = new Map<number, (r: { result?: unknown; error?: { message: string } }) => void>();
  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg);
    });
  }
  static async connect(url: string): Promise<Cdp> {
    if (typeof WebSocket === "undefined") throw new Error("no WebSocket: run with node --experimental-websocket");
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve, { once: true });
      ws.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)), { once: true });
    });
    return new Cdp(ws);
  }
  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) =>
      this.waiting.set(id, (m) =>
        m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result as T),
      ),
    );
  }
  close(): void {
    this.ws.close();
  }
}

interface RunResult {
  blocks: Block[];
  totals: [string, number][];
  marks: { what: string; ms: number }[];
  profiledS: number;
  trials: number;
  load: string;
  file: string;
}

async function oneRun(index: number, vsix: string): Promise<RunResult> {
  const tools = findTools();
  if ("missing" in tools) throw new Error(`cannot start code-server: ${tools.missing}`);
  const ws = createWorkspace();
  fs.writeFileSync(ws.script, SCRIPT);
  writeSettings(ws, "Default Dark Modern", "/usr/bin/python3");
  installExtension(tools, ws, vsix);
  const session = new Session(tools, ws);
  try {
    await session.startServer();
    const page = await session.startBrowser();
    await vs.waitForWorkbench(page);
    await vs.activityBarItem(page, "Attune").waitFor({ state: "visible", timeout: 120_000 });
    // onLanguage:python activates the extension (a second try: Quick Open's file search is slow on a loaded machine)
    await vs.openFile(page, "train.py").catch(() => vs.openFile(page, "train.py"));
    await page
      .locator(".editor-group-container.active .contentWidgets .codelens-decoration", { hasText: /Start Tuning/ })
      .first()
      .waitFor({ state: "visible", timeout: 60_000 });
    // code-server has no --inspect-extensions, and VS Code keeps NODE_OPTIONS from its extension host: SIGUSR1 makes
    // that process open Node's inspector (127.0.0.1:9229), as for any Node process.
    const host = await waitUntil("the extension-host process", 30_000, () => extensionHostOf(session.server!.pid!));
    process.kill(host, "SIGUSR1");
    const port = 9229;
    const target = await waitUntil("the extension host's inspector", 30_000, async () => {
      const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
        webSocketDebuggerUrl?: string;
      }[];
      return list.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
    });
    const cdp = await Cdp.connect(target);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 250 });
    await cdp.send("Profiler.start");
    const t0 = Date.now();
    const marks: { what: string; ms: number }[] = [];
    const mark = (what: string) => marks.push({ what, ms: Date.now() - t0 });
    mark("Start Tuning");
    await vs.runCommand(page, "Attune: Start Tuning");
    await vs.acceptQuickInputs(page);
    const journal = await waitUntil("the study journal", 30_000, () => findJournals(ws.folder)[0]);
    mark("Trials view");
    if (!(await vs.treeRows(page, "Trials").first().isVisible())) await vs.activityBarItem(page, "Attune").click();
    const done = await waitUntil(`${TRIALS} finished trials`, 300_000, () => {
      const j = readJournal(journal);
      const n = j.trials.filter((t) => ["complete", "pruned", "failed"].includes(t.state)).length;
      return n >= TRIALS ? n : undefined;
    });
    mark("study done");
    await page.waitForTimeout(3_000); // the last notifications, the tree's and panel's final updates
    const { profile } = await cdp.send<{ profile: CpuProfile }>("Profiler.stop");
    cdp.close();
    const file = path.join(ws.root, `host-${index}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    const owner = defaultOwner("/extensions/attune.attune-");
    return {
      blocks: findBlocks(profile, owner),
      totals: ownerTotals(profile, owner),
      marks,
      profiledS: (profile.endTime - profile.startTime) / 1e6,
      trials: done,
      load: os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" / "),
      file,
    };
  } finally {
    await session.stop();
  }
}

/** The `--type=extensionHost` process among the descendants of `root` (read from /proc). */
function extensionHostOf(root: number): number | undefined {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone
    }
  }
  const under = (pid: number): boolean => {
    for (let p = pid, i = 0; p > 1 && i < 50; p = parent.get(p) ?? 0, i++) if (p === root) return true;
    return false;
  };
  for (const pid of parent.keys()) {
    try {
      if (under(pid) && fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--type=extensionHost")) return pid;
    } catch {
      // gone
    }
  }
  return undefined;
}

function markBefore(r: RunResult, ms: number): string {
  const m = [...r.marks].reverse().find((x) => x.ms <= ms);
  return m ? `${((ms - m.ms) / 1000).toFixed(1)} s after ${m.what}` : "";
}

async function main(): Promise<void> {
  process.env.ATTUNE_BUILD_NAMES = "1"; // a production build that keeps function names, for the profile's tables
  const packaged = packageExtension();
  const runs: RunResult[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const r = await oneRun(i, packaged.vsix);
    console.log(`run ${i}: ${r.blocks.length} blocks > 50 ms; profile ${r.file}`);
    runs.push(r);
  }
  const out: string[] = [
    "# Extension host CPU profile while a study runs",
    "",
    "Command: `bash scripts/e2e-setup.sh && node --experimental-websocket --import tsx bench/extension/profile.ts " +
      `--runs ${RUNS}\``,
    "",
    `Each run: a fresh code-server window (VS Code 1.139) with the packaged .vsix, the host's inspector opened by ` +
      `SIGUSR1, and the`,
    "DevTools protocol's Profiler (250 µs sampling) on the whole extension host from *Start Tuning* until 3 s after " +
      "the",
    `study of ${TRIALS} Python trials (2 in parallel, ${REPORTS} reports each) is done, with the Trials view and the ` +
      `panel`,
    "open. A block is a run of samples with JavaScript or the garbage collector on the stack " +
      "(bench/extension/blocks.ts);",
    "each block over 50 ms is listed with its self time by owner and its heaviest functions.",
    "",
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, shared with other work (load average per run ` +
      `below).`,
    "",
  ];
  runs.forEach((r, i) => {
    out.push(`## Run ${i + 1}: ${r.blocks.length} block(s) over 50 ms in ${r.profiledS.toFixed(1)} s profiled`);
    out.push("");
    out.push(`Trials finished: ${r.trials}; load average 1/5/15 min at the end: ${r.load}.`);
    out.push(
      `Busy time by owner over the whole profile: ${r.totals
        .slice(0, 6)
        .map(([o, ms]) => `${o} ${ms.toFixed(0)} ms`)
        .join(", ")}.`,
    );
    out.push("");
    if (!r.blocks.length) out.push("No block over 50 ms.");
    else {
      out.push("| at | block | owners (self time) | heaviest functions (self time) |");
      out.push("|---|---|---|---|");
      for (const b of r.blocks)
        out.push(
          `| ${(b.startMs / 1000).toFixed(1)} s (${markBefore(r, b.startMs)}) | ${b.durationMs.toFixed(0)} ms | ` +
            `${b.owners.map(([o, ms]) => `${o} ${ms.toFixed(0)}`).join(", ")} | ` +
            `${b.functions.map(([f, ms]) => `${f.replace(/\|/g, "\\|")} ${ms.toFixed(1)}`).join("; ")} |`,
        );
      out.push("");
      out.push("Heaviest stack of each block (innermost first):");
      out.push("");
      for (const b of r.blocks) out.push(`- ${b.durationMs.toFixed(0)} ms: ${b.topStack.join(" ← ")}`);
    }
    out.push("");
  });
  fs.writeFileSync(path.join(__dirname, "PROFILE.md"), out.join("\n"));
  console.log(out.join("\n"));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
