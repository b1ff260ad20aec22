// The extension measured where users run it: the packaged .vsix installed into a real VS Code (code-server 4.139 /
// VS Code 1.139) driven by chromium, as in test/e2e. Per fresh window:
//   - activation time as VS Code itself reports it ("Developer: Show Running Extensions" → "Activation: N ms",
//     which covers loading the bundle and running activate()), and the extension's own "activated in N ms" log line;
//   - the extension host's event loop while a study runs (Start Tuning from the palette, the panel and the Trials
//     tree open, trials printing reports quickly): a preload (NODE_OPTIONS=--require) starts
//     src/extension/diagnostics/loopMonitor.ts inside the extension-host process only, so nothing in the
//     extension has to be wired for it; it logs the longest block per second.
// Plus the .vsix size and what is inside it. Writes bench/extension/RESULTS.md.
// Run: bash scripts/e2e-setup.sh && npx tsx bench/extension/run.ts [--runs 5]
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import type { Page } from "playwright-core";
import { findTools, installExtension, Session, waitUntil } from "../../test/e2e/harness";
import { packageExtension } from "../../test/e2e/package";
import * as vs from "../../test/e2e/vscode";
import { createWorkspace, findJournals, readJournal, writeSettings } from "../../test/e2e/workspace";
import { extensionLogs } from "../../test/e2e/evidence";

const repo = path.resolve(__dirname, "../..");
const here = __dirname;
const RUNS = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 5;
const TRIALS = 40;
const REPORTS = 60; // intermediate reports per trial: a steady stream of journal lines for the host to follow

// A study that keeps the host busy following it: 40 trials, 2 at a time, 60 reports each (~1 s per trial).
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

interface Run {
  activationUiMs?: number;
  activationLabel?: string;
  activatedLogMs?: number;
  studyS: number;
  trialsDone: number;
  loopSamples: number;
  maxBlockMs: number;
  p99BlockMs: number;
  histMaxMs: number;
  /** The worst seconds: block, seconds after the study started, and the last UI action before it. */
  worst: string;
  load: string;
  /** Control: the longest block in the same window over 10 idle seconds before the study (same machine load). */
  idleMaxBlockMs: number;
  /** Host CPU time in that idle control's worst second. */
  idleCpuMs: number;
}

/** A preload that starts the loop monitor only inside the extension-host process. */
async function buildPreload(dir: string): Promise<string> {
  const monitor = path.join(dir, "loopMonitor.cjs");
  await build({
    entryPoints: [path.join(repo, "src/extension/diagnostics/loopMonitor.ts")],
    outfile: monitor,
    bundle: true,
    platform: "node",
    format: "cjs",
    logLevel: "warning",
  });
  const preload = path.join(dir, "preload.cjs");
  fs.writeFileSync(
    preload,
    `if (process.argv.includes("--type=extensionHost") && process.env.ATTUNE_LOOP_MONITOR) {\n` +
      `  require(${JSON.stringify(monitor)}).startLoopMonitor({ intervalMs: 1000, resolutionMs: 5 });\n}\n`,
  );
  return preload;
}

/** "Activation: 16ms" / "Startup Activation: 16ms" from VS Code's Running Extensions editor, for our extension. */
async function activationFromRunningExtensions(page: Page): Promise<{ ms: number; label: string } | undefined> {
  await vs.runCommand(page, "Developer: Show Running Extensions");
  const list = page.locator(".runtime-extensions-editor .monaco-list");
  await list.waitFor({ state: "visible", timeout: 20_000 });
  const row = list.locator(".monaco-list-row", { hasText: /Attune/ }).first();
  // The list is virtualized and sorted by activation time: scroll until our row is rendered.
  for (let i = 0; i < 20 && !(await row.isVisible()); i++) {
    await list.hover();
    await page.mouse.wheel(0, 200);
    await page.waitForTimeout(150);
  }
  if (!(await row.isVisible())) return undefined;
  const text = await row.innerText();
  const m = /((?:Startup )?Activation): (\d+(?:\.\d+)?)\s*ms/.exec(text);
  return m ? { ms: Number(m[2]), label: m[1] } : undefined;
}

async function oneRun(index: number, vsix: string, preload: string): Promise<Run> {
  const tools = findTools();
  if ("missing" in tools) throw new Error(`cannot start code-server: ${tools.missing}`);
  const ws = createWorkspace();
  fs.writeFileSync(ws.script, SCRIPT);
  writeSettings(ws, "Default Dark Modern", "/usr/bin/python3");
  installExtension(tools, ws, vsix);
  const loopFile = path.join(ws.root, "loop.jsonl");
  const savedEnv = { NODE_OPTIONS: process.env.NODE_OPTIONS, ATTUNE_LOOP_MONITOR: process.env.ATTUNE_LOOP_MONITOR };
  process.env.NODE_OPTIONS = `${savedEnv.NODE_OPTIONS ?? ""} --require ${preload}`.trim();
  process.env.ATTUNE_LOOP_MONITOR = loopFile;
  const session = new Session(tools, ws);
  try {
    await session.startServer();
    const page = await session.startBrowser();
    await vs.waitForWorkbench(page);
    await vs.openFile(page, "train.py"); // onLanguage:python activates the extension
    const lens = page.locator(".editor-group-container.active .contentWidgets .codelens-decoration", {
      hasText: /Start Tuning/,
    });
    await lens.first().waitFor({ state: "visible", timeout: 30_000 });
    const activation = await activationFromRunningExtensions(page);
    await vs.runCommand(page, "View: Close All Editors");

    await vs.openFile(page, "train.py");
    await vs.activityBarItem(page, "Attune").click();
    await page.waitForTimeout(3_000); // the Trials view's first render is not idle
    const idleFrom = Date.now();
    await page.waitForTimeout(10_000);
    const idleTo = Date.now();
    const marks: { what: string; t: number }[] = [{ what: "Start Tuning", t: Date.now() }];
    await vs.runCommand(page, "Attune: Start Tuning");
    await vs.acceptQuickInputs(page);
    const journal = await waitUntil("the study journal", 30_000, () => findJournals(ws.folder)[0]);
    marks.push({ what: "Open Panel", t: Date.now() });
    await vs.runCommand(page, "Attune: Open Panel").catch(() => undefined);
    const done = await waitUntil(
      `${TRIALS} finished trials`,
      300_000,
      () => {
        const j = readJournal(journal);
        return j.trials.filter((t) => !["queued", "running"].includes(t.state)).length >= TRIALS ? j : undefined;
      },
      500,
    );
    // The study's span, from the journal's own timestamps.
    const times = fs
      .readFileSync(journal, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { t?: number }).t)
      .filter((t): t is number => typeof t === "number");
    const [t0, t1] = [Math.min(...times), Math.max(...times)];
    await page.waitForTimeout(2_000); // the host's last updates after the study ends
    const all = fs.existsSync(loopFile)
      ? fs
          .readFileSync(loopFile, "utf8")
          .split("\n")
          .filter(Boolean)
          .map(
            (l) =>
              JSON.parse(l) as { event: string; t: number; maxBlockMs?: number; histMaxMs?: number; cpuMs?: number },
          )
          .filter((s) => s.event === "loop")
      : [];
    const samples = all.filter((s) => s.t >= t0 && s.t <= t1 + 2_000);
    const idleSamples = all.filter((s) => s.t >= idleFrom && s.t <= idleTo);
    const idle = idleSamples.map((s) => s.maxBlockMs ?? 0);
    const idleWorst = [...idleSamples].sort((a, b) => (b.maxBlockMs ?? 0) - (a.maxBlockMs ?? 0))[0];
    if (samples.length === 0)
      throw new Error(`no event-loop samples from the extension host (${loopFile}); the preload did not run there`);
    const blocks = samples.map((s) => s.maxBlockMs ?? 0).sort((a, b) => a - b);
    const worst = [...samples]
      .sort((a, b) => (b.maxBlockMs ?? 0) - (a.maxBlockMs ?? 0))
      .slice(0, 3)
      .map((s) => {
        const before = marks.filter((m) => m.t <= s.t).pop();
        const since = before ? `${((s.t - before.t) / 1000).toFixed(1)} s after ${before.what}` : "before the study";
        return (
          `${(s.maxBlockMs ?? 0).toFixed(0)} ms (${since}; host CPU ${(s.cpuMs ?? 0).toFixed(0)} ms in that ` +
          `second)`
        );
      })
      .join(", ");
    const logText = extensionLogs(ws.userDataDir)
      .map((f) => fs.readFileSync(f, "utf8"))
      .join("\n");
    const activated = /activated in (\d+(?:\.\d+)?) ms/.exec(logText);
    const run: Run = {
      activationUiMs: activation?.ms,
      activationLabel: activation?.label,
      activatedLogMs: activated ? Number(activated[1]) : undefined,
      studyS: (t1 - t0) / 1000,
      trialsDone: done.trials.filter((t) => t.state === "complete").length,
      loopSamples: samples.length,
      maxBlockMs: blocks[blocks.length - 1],
      p99BlockMs: blocks[Math.min(blocks.length - 1, Math.floor(blocks.length * 0.99))],
      histMaxMs: Math.max(...samples.map((s) => s.histMaxMs ?? 0)),
      worst,
      idleMaxBlockMs: idle.length ? Math.max(...idle) : Number.NaN,
      idleCpuMs: idleWorst?.cpuMs ?? Number.NaN,
      load: os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" / "),
    };
    console.log(`run ${index + 1}/${RUNS}: ${JSON.stringify(run)}`);
    return run;
  } finally {
    await session.stop();
    process.env.NODE_OPTIONS = savedEnv.NODE_OPTIONS;
    process.env.ATTUNE_LOOP_MONITOR = savedEnv.ATTUNE_LOOP_MONITOR;
    if (savedEnv.NODE_OPTIONS === undefined) delete process.env.NODE_OPTIONS;
    if (savedEnv.ATTUNE_LOOP_MONITOR === undefined) delete process.env.ATTUNE_LOOP_MONITOR;
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const fmt = (v: number | undefined, d = 1) => (v === undefined || Number.isNaN(v) ? "n/a" : v.toFixed(d));

function vsixContents(vsix: string): {
  files: number;
  maps: number;
  sources: number;
  nativeTfjs: number;
  largest: string;
} {
  const list = execFileSync("zipinfo", ["-l", vsix], { encoding: "utf8" })
    .split("\n")
    .filter((l) => /^[-d]/.test(l))
    .map((l) => {
      const parts = l.trim().split(/\s+/);
      return { size: Number(parts[3]), name: parts.slice(9).join(" ") };
    })
    .filter((e) => e.name && !e.name.endsWith("/"));
  const largest = [...list]
    .sort((a, b) => b.size - a.size)
    .slice(0, 3)
    .map((e) => `${e.name} (${(e.size / 1024).toFixed(0)} KiB)`)
    .join(", ");
  return {
    files: list.length,
    maps: list.filter((e) => e.name.endsWith(".map")).length,
    sources: list.filter((e) => /\/src\/.*\.ts$/.test(e.name)).length,
    nativeTfjs: list.filter((e) => /tfjs-node|\.node$/.test(e.name)).length,
    largest,
  };
}

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "attune-bench-ext-"));
  try {
    const packaged = packageExtension();
    const size = fs.statSync(packaged.vsix).size;
    const contents = vsixContents(packaged.vsix);
    const preload = await buildPreload(scratch);
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await oneRun(i, packaged.vsix, preload));

    const ui = runs.map((r) => r.activationUiMs).filter((v): v is number => v !== undefined);
    const self = runs.map((r) => r.activatedLogMs).filter((v): v is number => v !== undefined);
    const pass = (ok: boolean) => (ok ? "✅" : "❌");
    const maxBlock = Math.max(...runs.map((r) => r.maxBlockMs));
    const lines = [
      "# The extension in a real VS Code (code-server)",
      "",
      `Each run: a fresh code-server ${codeServerVersion()} window with the packaged .vsix installed, driven by ` +
        `chromium`,
      `(as in test/e2e); activation by opening an annotated Python file; then *Attune: Start Tuning* from the palette with`,
      `the Trials tree and the panel open, on a study of ${TRIALS} trials (2 in parallel, ${REPORTS} reports each).`,
      "",
      "| what | median | min | max | target |",
      "|---|---|---|---|---|",
      `| activation, as VS Code reports it (Running Extensions: load + activate()) | ` +
        `${fmt(ui.length ? median(ui) : undefined, 0)} ms | ${fmt(ui.length ? Math.min(...ui) : undefined, 0)} ms | ` +
        `${fmt(ui.length ? Math.max(...ui) : undefined, 0)} ms | ≤ 50 ms ` +
        `${ui.length ? pass(Math.max(...ui) <= 50) : ""} |`,
      `| activate() itself (the extension's "activated in N ms" log line) | ` +
        `${fmt(self.length ? median(self) : undefined, 0)} ms | ` +
        `${fmt(self.length ? Math.min(...self) : undefined, 0)} ms | ` +
        `${fmt(self.length ? Math.max(...self) : undefined, 0)} ms | |`,
      `| extension-host event loop: longest block while the study ran (per-second max, ` +
        `${runs.reduce((a, r) => a + r.loopSamples, 0)} seconds sampled) | ` +
        `${fmt(median(runs.map((r) => r.maxBlockMs)))} ms | ${fmt(Math.min(...runs.map((r) => r.maxBlockMs)))} ms | ${fmt(maxBlock)} ms | ≤ 50 ms ${pass(maxBlock <= 50)} |`,
      `| … 99th percentile of the per-second maxima | ${fmt(median(runs.map((r) => r.p99BlockMs)))} ms | | | |`,
      `| control: longest block over 10 idle seconds in the same window before the study | ` +
        `${fmt(median(runs.map((r) => r.idleMaxBlockMs)))} ms | ` +
        `${fmt(Math.min(...runs.map((r) => r.idleMaxBlockMs)))} ms | ` +
        `${fmt(Math.max(...runs.map((r) => r.idleMaxBlockMs)))} ms | |`,
      `| … monitorEventLoopDelay max over the whole session (incl. window start-up; includes the 5 ms resolution) | ` +
        `${fmt(median(runs.map((r) => r.histMaxMs)))} ms | | ${fmt(Math.max(...runs.map((r) => r.histMaxMs)))} ms | |`,
      `| study wall time (journal's first → last event) | ${fmt(median(runs.map((r) => r.studyS)))} s | | | |`,
      `| .vsix size (${path.basename(packaged.vsix)}, ${packaged.how}) | ${(size / 1024 / 1024).toFixed(2)} MB | | | ` +
        `≤ 5 MB ${pass(size <= 5 * 1024 * 1024)} |`,
      "",
      `.vsix contents: ${contents.files} files; source maps: ${contents.maps}; TypeScript sources: ` +
        `${contents.sources}; native TF.js / \`.node\` binaries: ${contents.nativeTfjs}. Largest: ${contents.largest}.`,
      "",
      `Runs: ${RUNS}; trials completed per run: ${runs.map((r) => r.trialsDone).join(", ")} of ${TRIALS}.`,
      "",
      "| run | activation (VS Code) | activate() | longest block, study | longest block, idle control | worst seconds of the study | load average 1/5/15 min |",
      "|---|---|---|---|---|---|---|",
      ...runs.map(
        (r, i) =>
          `| ${i + 1} | ${fmt(r.activationUiMs, 0)} ms | ${fmt(r.activatedLogMs, 0)} ms | ${fmt(r.maxBlockMs)} ms | ` +
          `${fmt(r.idleMaxBlockMs)} ms (host CPU ${fmt(r.idleCpuMs, 0)} ms that second) | ${r.worst} | ${r.load} |`,
      ),
      "",
      `The event-loop figure covers the whole extension host (every extension in it), measured by`,
      "`src/extension/diagnostics/loopMonitor.ts` loaded into that process only (a `NODE_OPTIONS=--require` preload " +
        "that",
      "checks for `--type=extensionHost`): a 5 ms probe timer whose lateness is the block, flushed each second.",
      "",
      "Reproduce: `bash scripts/e2e-setup.sh && npx tsx bench/extension/run.ts --runs ${RUNS}`",
      "",
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
        `code-server on Node ${nodeVersion()}; chromium headless;`,
      `shared with other work while measured (${new Date().toISOString().slice(0, 10)}).`,
      "",
    ];
    fs.writeFileSync(path.join(here, "RESULTS.md"), lines.join("\n"));
    console.log(lines.join("\n"));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function codeServerVersion(): string {
  const tools = findTools();
  if ("missing" in tools) return "?";
  const pkg = path.join(path.dirname(tools.codeServer), "../../package.json");
  try {
    const v = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
    const code = (
      JSON.parse(
        fs.readFileSync(path.join(path.dirname(tools.codeServer), "../../lib/vscode/package.json"), "utf8"),
      ) as { version: string }
    ).version;
    return `${v} (VS Code ${code})`;
  } catch {
    return "?";
  }
}

function nodeVersion(): string {
  const tools = findTools();
  if ("missing" in tools) return "?";
  return execFileSync(tools.node, ["--version"], { encoding: "utf8" }).trim();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
