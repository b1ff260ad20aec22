// Screenshots as tests: each view of the packaged extension, on real studies made with the CLI, in Dark Modern,
// Light Modern and High Contrast, into media/screenshots/<study>-<view>-<theme>.png (the README and docs/editor.md
// show them). Before each screenshot the test asserts what the view must show, so a blank, cut-off or wrong view
// fails here rather than in the README. The theme changes through the user settings (`workbench.colorTheme`), as a
// user editing settings.json does, without a restart.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { findTools, installExtension, Session, waitUntil } from "./harness";
import { packageExtension } from "./package";
import { SuiteEvidence } from "./evidence";
import * as vs from "./vscode";
import { createWorkspace, readJournal, writeSettings, type Theme, type Workspace } from "./workspace";
import {
  AUTO_OUT,
  AUTO_TIME,
  FT_NAME,
  makeStudies,
  NAS_NAME,
  NAS_TRIALS,
  PBT_NAME,
  TWO_NAME,
  TWO_TRIALS,
} from "./studies";

const PYTHON = process.env.ATTUNE_E2E_PYTHON ?? "/usr/bin/python3";
const REPO = path.resolve(__dirname, "../..");
const SHOTS = path.join(REPO, "media", "screenshots");
const AUTO_TRAIN = `${AUTO_OUT.split(path.sep).join("/")}/train.ts`;

/** The theme's id in `workbench.colorTheme`, its name in the theme picker, the workbench's kind, the file suffix. */
const THEMES: [Theme, string, "dark" | "light" | "hc", string][] = [
  ["Default Dark Modern", "Dark Modern", "dark", "dark"],
  ["Default Light Modern", "Light Modern", "light", "light"],
  ["Default High Contrast", "Dark High Contrast", "hc", "hc"],
];

/** The visible panel's outer iframe (what a screenshot of the panel captures). */
function panelFrame(page: Page) {
  return page.locator("iframe.webview.ready:visible").first();
}

async function shoot(page: Page, file: string, what: "panel" | "window"): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(700); // charts redraw with the theme's colours (theme changes are observed, not polled)
  const out = path.join(SHOTS, file);
  if (what === "panel") await panelFrame(page).screenshot({ path: out });
  else await page.screenshot({ path: out });
  assert.ok(fs.statSync(out).size > 8_000, `${file} has content`);
}

/** Shows a new panel on the study of `file`, alone in the editor area (full width), and waits for its header. */
async function panelOn(page: Page, file: string, study: string): Promise<FrameLocator> {
  await vs.runCommand(page, "View: Close All Editors");
  await vs.openFile(page, file);
  await vs.runCommand(page, "Attune: Open Panel");
  await vs.webview(page);
  await vs.runCommand(page, "View: Close Editors in Other Groups");
  const wv = await vs.webview(page);
  await waitUntil(`the panel on ${study}`, 20_000, async () =>
    (await wv
      .locator(".study-name")
      .innerText({ timeout: 1_000 })
      .catch(() => "")) === study
      ? true
      : undefined,
  );
  return wv;
}

async function openTab(wv: FrameLocator, label: string): Promise<void> {
  await wv.locator("vscode-tab-header", { hasText: label }).click();
  // The tabs sit below the overview: bring the tab strip to the top of the panel.
  await wv.locator("vscode-tabs").evaluate((el) => el.scrollIntoView({ block: "start" }));
}

async function toTop(wv: FrameLocator): Promise<void> {
  await wv.locator("body").evaluate(() => window.scrollTo(0, 0));
}

describe("Screenshots of every view, in dark, light and high-contrast themes", function () {
  this.timeout(120_000);
  let ws: Workspace;
  let session: Session;
  let page: Page;
  const evidence = new SuiteEvidence(() => ({ session, ws }));

  before(async function () {
    this.timeout(480_000);
    const tools = findTools();
    if ("missing" in tools) throw new Error(`cannot start code-server: ${tools.missing}`);
    const packaged = packageExtension();
    ws = createWorkspace();
    const t0 = Date.now();
    await makeStudies(ws.folder, path.join(REPO, "bin", "attune.js"), PYTHON);
    console.log(`    studies made with the CLI in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    fs.mkdirSync(SHOTS, { recursive: true });
    writeSettings(ws, "Default Dark Modern", PYTHON);
    installExtension(tools, ws, packaged.vsix);
    session = new Session(tools, ws);
    await evidence.startUp("screenshots suite start-up", async () => {
      await session.startServer();
      page = await session.startBrowser();
      await vs.waitForWorkbench(page);
      await vs.activityBarItem(page, "Attune").click();
      await vs.treeRows(page, "Trials").first().waitFor({ state: "visible", timeout: 30_000 });
    });
  });

  for (const [theme, label, kind, suffix] of THEMES) {
    it(`${suffix}: the theme picker sets workbench.colorTheme in the user settings; no restart`, async () => {
      await vs.clearNotifications(page);
      await vs.setColorTheme(page, label);
      await waitUntil(`the ${kind} theme`, 20_000, async () =>
        (await vs.themeKind(page)) === kind ? true : undefined,
      );
      // The picker writes the setting (by the theme's id or, in newer VS Code, its name) a moment later.
      await waitUntil("workbench.colorTheme in the user settings", 10_000, () => {
        const settings = JSON.parse(fs.readFileSync(ws.settingsFile, "utf8")) as Record<string, unknown>;
        return [theme, label].includes(settings["workbench.colorTheme"] as string) ? true : undefined;
      });
    });

    it(`${suffix}: two objectives with a constraint — the overview and the Pareto front`, async () => {
      const wv = await panelOn(page, TWO_NAME, TWO_NAME);
      await toTop(wv);
      assert.match(await wv.locator(".study-meta").innerText(), /minimize loss, minimize size · subject to size ≤ 150/);
      assert.match(await wv.locator(".best-card").innerText(), /\d+ Pareto trials?/);
      await wv.locator(".multi-history canvas").nth(2).waitFor({ state: "attached", timeout: 15_000 });
      await shoot(page, `two-objectives-overview-${suffix}.png`, "panel");
      await openTab(wv, "Pareto front");
      await wv.locator(".pareto-svg circle.front").first().waitFor({ state: "visible", timeout: 15_000 });
      const front = await wv.locator(".pareto-svg circle.front").count();
      assert.ok(front >= 1 && front <= TWO_TRIALS, `${front} points on the front`);
      await shoot(page, `two-objectives-pareto-${suffix}.png`, "panel");
    });

    it(`${suffix}: a list-valued architecture space — the trials table and parallel coordinates`, async () => {
      const wv = await panelOn(page, NAS_NAME, NAS_NAME);
      await openTab(wv, "Trials");
      const rows = wv.getByRole("row").filter({ hasNot: wv.getByRole("columnheader") });
      await waitUntil(`${NAS_TRIALS} rows`, 15_000, async () =>
        (await rows.count()) >= NAS_TRIALS ? true : undefined,
      );
      assert.match(await wv.locator(".trials-tab").innerText(), /\[\d+(, \d+)*\] \(\d items?\)/, "a list cell");
      await openTab(wv, "Trials"); // scrolled to the table after the rows arrived
      await shoot(page, `nas-trials-${suffix}.png`, "panel");
      await openTab(wv, "Parallel coordinates");
      await wv.locator(".parallel .pc-line.best").waitFor({ state: "attached", timeout: 15_000 });
      const axes = (await wv.locator(".parallel .pc-label").allTextContents()).join(" | ");
      assert.match(axes, /layers/, `an axis for the list: ${axes}`);
      await shoot(page, `nas-parallel-${suffix}.png`, "panel");
    });

    it(`${suffix}: freeze-thaw — paused and continued trials in the learning curves, the tree and the CodeLens`, async () => {
      // Freeze-thaw paused trials at the ends of their segments and continued some of them later.
      const file = path.join(ws.folder, ".attune", FT_NAME, "journal.jsonl");
      const lines = fs.readFileSync(file, "utf8").split("\n");
      const pauses = lines.filter((l) => l.includes('"op":"finish"') && l.includes('"state":"paused"')).length;
      const continued = lines.filter((l) => l.includes('"op":"segment"')).length;
      assert.ok(pauses >= 2 && continued >= 1, `${pauses} pauses, ${continued} continued segments`);
      const paused = readJournal(file).trials.filter((t) => t.state === "paused").length;
      const wv = await panelOn(page, FT_NAME, FT_NAME);
      await openTab(wv, "Learning curves");
      await wv.locator(".curves-chart canvas").first().waitFor({ state: "attached", timeout: 15_000 });
      const note = wv.locator(".tab-body:has(.curves-chart) .chart-note");
      await waitUntil("the curves' note to count them", 15_000, async () =>
        /^\d+ trials/.test(await note.innerText()) ? true : undefined,
      );
      await shoot(page, `freeze-thaw-curves-${suffix}.png`, "panel");
      // The workbench: the script with its CodeLens, and the Trials tree with the study's trials.
      await vs.runCommand(page, "View: Close All Editors");
      await vs.openFile(page, FT_NAME);
      const lens = page.locator(".editor-group-container.active .contentWidgets .codelens-decoration");
      await waitUntil("the CodeLens with the best so far", 15_000, async () =>
        /Best so far: score \S+ \(#\d+/.test((await lens.allInnerTexts()).join(" | ")) ? true : undefined,
      );
      const study = vs.treeRows(page, "Trials").filter({ hasText: FT_NAME }).first();
      if ((await study.getAttribute("aria-expanded")) === "false") await study.click();
      await study.scrollIntoViewIfNeeded();
      await waitUntil(`the tree to name ${FT_NAME} and its best`, 15_000, async () =>
        new RegExp(`${FT_NAME.replace(".", "\\.")}\\s*\\d+ trials\\b.* best \\S+`).test(await study.innerText())
          ? true
          : undefined,
      );
      // Trials still paused when --time ended the study stay paused (resumable), and the tree says so.
      const shown = await vs
        .treeRows(page, "Trials")
        .filter({ hasText: /paused · / })
        .count();
      assert.equal(shown, paused, `${paused} paused trials in the journal, ${shown} in the tree`);
      if (paused) {
        const why = await vs
          .treeRows(page, "Trials")
          .filter({ hasText: /paused · / })
          .first()
          .innerText();
        assert.match(why, /predicted \S+ @\d+/, `a paused trial says what it is predicted to reach: ${why}`);
      }
      await showSegmentStudies(page);
      await shoot(page, `freeze-thaw-tree-${suffix}.png`, "window");
    });

    it(`${suffix}: attune auto — the Model search card`, async () => {
      const wv = await panelOn(page, AUTO_TRAIN, AUTO_TRAIN);
      await toTop(wv);
      const card = wv.locator(".model-search-card");
      await card.waitFor({ state: "visible", timeout: 15_000 });
      const text = await card.innerText();
      assert.match(text, /Finished/, text);
      assert.match(text, new RegExp(`of ${AUTO_TIME.replace("s", "")}(\\.0)?s`), text);
      assert.match(text, /\d+ trials? done/, text);
      assert.match(text, /validation accuracy\s+\d+\.\d\d %/, text);
      assert.ok((await card.locator(".ms-block").count()) >= 3, "input, a dense block, the output");
      await shoot(page, `auto-model-search-${suffix}.png`, "panel");
    });
  }

  it("Open train.ts in the Model search card opens the search's own train.ts", async () => {
    const wv = await panelOn(page, AUTO_TRAIN, AUTO_TRAIN);
    await wv.getByRole("button", { name: "Open train.ts" }).click();
    const tab = page.locator('.editor-group-container .tab.active[data-resource-name="train.ts"]').first();
    await tab.waitFor({ state: "visible", timeout: 15_000 });
    await vs.editorLine(page, "@tune list(int(8, 256, log)").waitFor({ state: "visible", timeout: 10_000 });
  });
});

/**
 * The Trials tree with only the two studies trained in segments open: freeze-thaw's paused trials (each saying what
 * it is predicted to reach) and PBT's children listed under the leaders whose checkpoints they started from.
 */
async function showSegmentStudies(page: Page): Promise<void> {
  const open = page.locator(
    '#workbench\\.parts\\.sidebar .monaco-list[aria-label^="Trials"] .monaco-list-row[aria-level="1"][aria-expanded="true"]',
  );
  for (let guard = 0; guard < 10; guard++) {
    const other = open.filter({ hasNotText: new RegExp(`(${FT_NAME}|${PBT_NAME})`.replace(/\./g, "\\.")) }).first();
    if (!(await other.count())) break;
    await other.click();
    await page.waitForTimeout(150);
  }
  const pbt = vs.treeRows(page, "Trials").filter({ hasText: PBT_NAME }).first();
  if ((await pbt.getAttribute("aria-expanded")) === "false") await pbt.click();
  const leader = vs
    .treeRows(page, "Trials")
    .filter({ hasText: / from it/ })
    .first();
  await leader.waitFor({ state: "visible", timeout: 15_000 });
  if ((await leader.getAttribute("aria-expanded")) === "false") await leader.click();
  await vs.treeRows(page, "Trials").filter({ hasText: FT_NAME }).first().scrollIntoViewIfNeeded();
}
