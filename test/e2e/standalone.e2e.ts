// End-to-end: only the .vsix installed and NO `node` on PATH (code-server starts from its absolute path, so trials
// can only run on the extension host's own runtime), as on a desktop VS Code without Node. TypeScript (transpiled by
// the sucrase the .vsix carries) and JavaScript studies run to the end; the hover offers the best value;
// diagnostics appear as you type; a window reload mid-study re-attaches without running any trial twice; Stop Study
// from the Trials tree ends the runner and every trial's process tree (checked in /proc).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { findOnPath } from "../../src/runner/node";
import { SuiteEvidence } from "./evidence";
import { findTools, installExtension, pathWithoutNode, Session, waitUntil, type Tools } from "./harness";
import { packageExtension } from "./package";
import * as vs from "./vscode";
import { bestTrial, createWorkspace, readJournal, writeSettings, type Journal, type Workspace } from "./workspace";

const PYTHON = process.env.ATTUNE_E2E_PYTHON ?? "/usr/bin/python3";

// Dependency-free trials; each prints the runtime it ran on. Objective minimum at lr = 0.01, units = 64.
const TRAIN_TS = `interface Point { x: number }
enum Phase { Warmup, Train }
const lr: number = 0.1; // @tune float(0.001, 1, log)
const units = 32; // @tune int(16, 128, step=16)
// @tune objective: minimize loss
// @tune trials: 4
// @tune algorithm: random
// @tune parallel: 2
const p: Point = { x: Math.log10(lr) + 2 };
for (let step = 1; step <= 3; step++) {
  const phase: Phase = step === 1 ? Phase.Warmup : Phase.Train;
  const loss: number = p.x ** 2 + Math.abs(units - 64) / 64 + 1 / (10 * step) + phase * 0;
  console.log(\`step \${step} loss: \${loss.toFixed(6)}\`);
}
console.log(\`runtime: \${process.execPath}\`);
`;

const TRAIN_JS = `const x = 0.5; // @tune float(0, 1)
// @tune objective: minimize loss
// @tune trials: 3
// @tune algorithm: random
console.log("loss: " + (x - 0.3) ** 2);
console.log("runtime: " + process.execPath);
`;

// Trials from #2 on wait for a file the test writes: the study is certainly running while the window reloads.
const GATED_JS = `const fs = require("fs");
const path = require("path");
const x = 0.5; // @tune float(0, 1)
// @tune objective: minimize loss
// @tune trials: 5
// @tune algorithm: random
const n = Number(process.env.ATTUNE_TRIAL);
const gate = path.join(__dirname, "release-gate");
const finish = () => console.log("loss: " + (x - 0.3) ** 2);
if (n < 2) finish();
else {
  const t = setInterval(() => {
    if (fs.existsSync(gate)) { clearInterval(t); finish(); }
  }, 100);
}
`;

// Each trial starts a worker (a grandchild, like a data loader) that would run for minutes, and records its pid.
const WORKERS_JS = `const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const x = 0.5; // @tune float(0, 1)
// @tune objective: minimize loss
// @tune trials: 6
// @tune algorithm: random
// @tune parallel: 2
const worker = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
const pidFile = path.join(process.env.ATTUNE_STUDY_DIR, "worker-" + process.env.ATTUNE_TRIAL + ".pid");
fs.writeFileSync(pidFile, String(worker.pid));
console.log("loss: " + x);
setInterval(() => {}, 1000);
`;

const TRIALS = { "train.ts": 4, "train.js": 3, "gated.js": 5 } as const;

function studyDir(ws: Workspace, file: string): string {
  return path.join(ws.folder, ".attune", file);
}
function journalOf(ws: Workspace, file: string): string {
  return path.join(studyDir(ws, file), "journal.jsonl");
}

async function finished(ws: Workspace, file: keyof typeof TRIALS, timeoutMs: number): Promise<Journal> {
  return waitUntil(`${TRIALS[file]} finished trials of ${file}`, timeoutMs, () => {
    if (!fs.existsSync(journalOf(ws, file))) return undefined;
    const j = readJournal(journalOf(ws, file));
    const done = j.trials.filter((t) => ["complete", "pruned", "failed"].includes(t.state));
    return done.length >= TRIALS[file] ? j : undefined;
  });
}

/** Every event of a journal, in order (the test's own reading, independent of the extension). */
function events(file: string): Record<string, unknown>[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/** Processes alive (not zombies) whose environment names `studyDir`: a trial, or anything a trial started. */
function processesOf(studyDir: string): number[] {
  const needle = `ATTUNE_STUDY_DIR=${studyDir}\0`;
  const found: number[] = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${d}/stat`, "utf8"))) continue;
      if (fs.readFileSync(`/proc/${d}/environ`, "latin1").includes(needle)) found.push(Number(d));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function startTuning(page: Page, file: string): Promise<void> {
  await vs.openFile(page, file);
  await vs.runCommand(page, "Attune: Start Tuning");
  await vs.acceptQuickInputs(page);
}

/** The Trials view, shown (clicking the container's icon while it is open would close it). */
async function showTrials(page: Page): Promise<void> {
  if (await vs.treeRows(page, "Trials").first().isVisible()) return;
  await vs.activityBarItem(page, "Attune").click();
  await vs.treeRows(page, "Trials").first().waitFor({ state: "visible", timeout: 20_000 });
}

describe("Attune from the .vsix alone, with no node on PATH (code-server + chromium)", function () {
  this.timeout(180_000);
  let tools: Tools;
  let ws: Workspace;
  let session: Session;
  let page: Page;
  let noNode: string;
  const evidence = new SuiteEvidence(() => ({ session, ws }));

  before(async function () {
    this.timeout(480_000);
    const found = findTools();
    if ("missing" in found) throw new Error(`cannot start code-server: ${found.missing}`);
    tools = found;
    const packaged = packageExtension();
    ws = createWorkspace();
    fs.writeFileSync(path.join(ws.folder, "train.ts"), TRAIN_TS);
    fs.writeFileSync(path.join(ws.folder, "train.js"), TRAIN_JS);
    fs.writeFileSync(path.join(ws.folder, "gated.js"), GATED_JS);
    fs.writeFileSync(path.join(ws.folder, "workers.js"), WORKERS_JS);
    writeSettings(ws, "Default Dark Modern", PYTHON);
    // Quick Open "train.ts" must find the user's file, not a trial's patched copy under .attune/<study>/trials/.
    fs.mkdirSync(path.join(ws.folder, ".vscode"));
    fs.writeFileSync(
      path.join(ws.folder, ".vscode", "settings.json"),
      JSON.stringify({ "search.exclude": { "**/.attune": true } }),
    );
    assert.match(installExtension(tools, ws, packaged.vsix), /successfully installed/i);
    noNode = pathWithoutNode(ws.root);
    session = new Session(tools, ws);
    await evidence.startUp("standalone suite start-up", async () => {
      await session.startServer({ path: noNode });
      page = await session.startBrowser();
      await vs.waitForWorkbench(page);
      await vs.activityBarItem(page, "Attune").waitFor({ state: "visible", timeout: 60_000 });
    });
  });

  it("code-server runs with no node on its PATH", () => {
    assert.equal(findOnPath("node", { pathEnv: noNode, platform: process.platform }), undefined, noNode);
    assert.ok(findOnPath("python3", { pathEnv: noNode, platform: process.platform }), "the rest of PATH is there");
  });

  it("runs a TypeScript and a JavaScript study to the end on the extension host's own runtime", async () => {
    for (const file of ["train.ts", "train.js"] as const) {
      await startTuning(page, file);
      const j = await finished(ws, file, 120_000);
      const states = j.trials.map((t) => t.state);
      assert.deepEqual(
        states,
        Array(TRIALS[file]).fill("complete"),
        `${file}: ${fs.readFileSync(path.join(studyDir(ws, file), "runner.log"), "utf8").slice(-2000)}`,
      );
      for (const t of j.trials) {
        const lr = Number(t.params.lr ?? 0);
        const expected =
          file === "train.ts"
            ? (Math.log10(lr) + 2) ** 2 + Math.abs(Number(t.params.units) - 64) / 64 + 1 / 30
            : (Number(t.params.x) - 0.3) ** 2;
        assert.ok(Math.abs(t.value! - expected) < 1e-5, `${file} #${t.number}: ${t.value} vs ${expected}`);
        const out = fs.readFileSync(path.join(studyDir(ws, file), "trials", String(t.number), "output.log"), "utf8");
        assert.ok(out.includes(`runtime: ${tools.node}`), `${file} #${t.number} ran on the host's node: ${out}`);
      }
    }
  });

  it("offers the TypeScript study's best value in the hover, with Apply", async () => {
    const best = bestTrial(readJournal(journalOf(ws, "train.ts")))!;
    await vs.openFile(page, "train.ts");
    // The CodeLens above the first annotation moves the lines down when it renders: hover once it is there.
    const lens = page.locator(".editor-group-container.active .contentWidgets .codelens-decoration");
    await waitUntil("the CodeLens with the best so far", 15_000, async () =>
      /Best so far/.test((await lens.allInnerTexts()).join(" | ")) ? true : undefined,
    );
    const hover = await vs.hoverOver(page, vs.editorLine(page, "@tune int(16, 128, step=16)"));
    const text = await hover.innerText();
    assert.match(text, new RegExp(`Best:\\s*${best.params.units}\\b[^\\n]*trial #${best.number}\\b`), text);
    // The file holds units = 32: the hover offers Apply unless the best trial had that value too.
    const links = await hover.locator("a", { hasText: /^Apply/ }).count();
    if (best.params.units === 32) assert.match(text, /already applied/, text);
    else assert.ok(links > 0, `an Apply link: ${text}`);
    await page.mouse.move(0, 0);
    await page.keyboard.press("Escape");
  });

  it("flags a malformed TypeScript annotation in Problems as you type", async () => {
    await vs.openFile(page, "train.ts");
    await vs.editorLine(page, "interface Point").click();
    await page.keyboard.press("Control+Home");
    await page.keyboard.type("const z = 3; // @tune float(5, 1)");
    await page.keyboard.press("Enter");
    const rows = await vs.problems(page);
    const marker = rows.filter({ hasText: /lo < hi|lo=5|bounds|swap/i });
    await marker.first().waitFor({ state: "visible", timeout: 15_000 });
    assert.match(await marker.first().innerText(), /Ln 1\b/);
    await vs.openFile(page, "train.ts");
    await vs.runCommand(page, "File: Revert File");
  });

  it("re-attaches after a window reload mid-study, and runs no trial twice", async () => {
    const file = "gated.js";
    await startTuning(page, file);
    await waitUntil("trial #2 of gated.js running", 60_000, () => {
      if (!fs.existsSync(journalOf(ws, file))) return undefined;
      const j = readJournal(journalOf(ws, file));
      return j.trials[2]?.state === "running" || undefined;
    });
    await vs.runCommand(page, "Developer: Reload Window");
    await vs.waitForWorkbench(page);
    // Re-attached: the status bar follows the running study again (spinning, 2 of 5 done).
    const status = page.locator("#workbench\\.parts\\.statusbar .statusbar-item", { hasText: /\d+\/5\b/ });
    await status.first().waitFor({ state: "visible", timeout: 60_000 });
    assert.match((await status.first().innerHTML()) ?? "", /spin/, "the study shows as running after the reload");
    fs.writeFileSync(path.join(ws.folder, "release-gate"), "");
    const j = await finished(ws, file, 90_000);
    await waitUntil("the status bar to reach 5/5", 30_000, async () =>
      (await page.locator("#workbench\\.parts\\.statusbar .statusbar-item", { hasText: /\b5\/5\b/ }).count()) > 0
        ? true
        : undefined,
    );
    assert.deepEqual(
      j.trials.map((t) => t.state),
      Array(5).fill("complete"),
    );
    const ev = events(journalOf(ws, file));
    const starts = ev.filter((e) => e.op === "start").map((e) => e.trial);
    assert.deepEqual(starts, [0, 1, 2, 3, 4], "each trial started exactly once");
    assert.equal(ev.filter((e) => e.op === "runner" && e.event === "start").length, 1, "one runner, never relaunched");
  });

  it("Stop Study in the Trials tree ends the runner and every trial's process tree", async () => {
    const file = "workers.js";
    const dir = studyDir(ws, file);
    await startTuning(page, file);
    const workers = await waitUntil("two running trials with a worker each", 60_000, () => {
      const pids = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^worker-\d+\.pid$/.test(f)) : [];
      return pids.length >= 2 ? pids.map((f) => Number(fs.readFileSync(path.join(dir, f), "utf8"))) : undefined;
    });
    assert.ok(processesOf(dir).length >= 4, "two trials and their workers are running");
    const runner = events(journalOf(ws, file)).find((e) => e.op === "runner")!.pid as number;
    await vs.clearNotifications(page);
    await showTrials(page);
    const row = vs.treeRows(page, "Trials").filter({ hasText: file }).first();
    await row.hover();
    await row.locator('.action-label[aria-label="Stop Study"]').click();
    await waitUntil("the runner, the trials and their workers to be gone", 30_000, () =>
      !alive(runner) && processesOf(dir).length === 0 ? true : undefined,
    );
    for (const pid of workers) assert.ok(!alive(pid), `worker ${pid} is gone`);
    const j = readJournal(journalOf(ws, file));
    assert.equal(j.trials.filter((t) => t.state === "running").length, 0, "no trial left running");
    assert.ok(
      j.trials.some((t) => t.state === "failed"),
      "the stopped trials are recorded (failed, run again on Resume)",
    );
  });
});
