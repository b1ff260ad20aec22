// Drives VS Code's workbench (code-server in chromium) the way a user does: palette, quick open, activity bar,
// hovers, the Problems view, webviews. Selectors are VS Code's own stable ARIA roles/classes and the extension's
// contributed titles and ids, never positions or generated ids.
import type { FrameLocator, Locator, Page } from "playwright-core";
import { waitUntil } from "./harness";

/** E2E_TRACE=1 prints how long each UI step took (to find where a slow run spends its time). */
export async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    if (process.env.E2E_TRACE) console.log(`      · ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

/** The workbench has rendered and its extension host has started (the status bar is filled in). */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 90_000 });
  await page.locator("#workbench\\.parts\\.statusbar").waitFor({ state: "visible", timeout: 60_000 });
  await page.locator(".activitybar").waitFor({ state: "visible", timeout: 60_000 });
}

/** Closes every notification toast, so none covers the views we read. */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, "Notifications: Clear All Notifications").catch(() => undefined);
}

/** The text of every visible notification toast. */
export async function notifications(page: Page): Promise<string[]> {
  return page.locator(".notification-toast .notification-list-item-message").allInnerTexts();
}

async function openQuickInput(page: Page, key: string, prefix: string): Promise<Locator> {
  const widget = page.locator(".quick-input-widget");
  const input = widget.locator("input.input");
  // F1 / Ctrl+P reach the workbench from the editor and from webviews (which forward keys); when they do not
  // (focus lost to the page body), click an empty spot of the status bar and try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!(await widget.isVisible())) {
      if (attempt > 0)
        await page
          .locator("#workbench\\.parts\\.statusbar")
          .click({ position: { x: 600, y: 5 }, timeout: 2_000 })
          .catch(() => undefined);
      await page.keyboard.press(key);
    }
    try {
      await input.waitFor({ state: "visible", timeout: 5_000 });
      await input.fill(prefix, { timeout: 5_000 });
      return widget;
    } catch {
      await page.keyboard.press("Escape");
    }
  }
  throw new Error(`the quick input did not open with ${key}`);
}

/**
 * Runs a command by its palette title (e.g. "Attune: Start Tuning"). Picks the row whose label is exactly the
 * title, so a similarly named command never runs instead; throws when the palette does not list it.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  return step(`palette: ${title}`, () => runCommandUntraced(page, title));
}

async function runCommandUntraced(page: Page, title: string): Promise<void> {
  const widget = await openQuickInput(page, "F1", `>${title}`);
  await pickExact(page, widget, title, "command palette");
}

/** Selects the quick-pick row whose label is exactly `label` and accepts it; throws when there is none. */
async function pickExact(page: Page, widget: Locator, label: string, what: string): Promise<void> {
  const row = widget.locator(".quick-input-list .monaco-list-row").filter({
    has: page.locator(".label-name", { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
  });
  try {
    await row.first().waitFor({ state: "visible", timeout: 10_000 });
  } catch {
    const shown = await widget.locator(".quick-input-list .monaco-list-row .label-name").allInnerTexts();
    await page.keyboard.press("Escape");
    throw new Error(`${what} has no "${label}" (it shows: ${shown.slice(0, 8).join(" | ") || "nothing"})`);
  }
  // Keyboard, not a click: the row can sit under a closing hover or toast, and a click then waits for it.
  const input = widget.locator("input.input");
  for (let i = 0; i < 15; i++) {
    if (/\bfocused\b/.test((await row.first().getAttribute("class")) ?? "")) {
      const typed = await input.inputValue();
      await input.press("Enter");
      // Done when the picker closes or turns into the command's own next question.
      await waitUntil(
        `"${label}" to be accepted`,
        5_000,
        async () =>
          !(await widget.isVisible()) || (await input.inputValue({ timeout: 500 })) !== typed ? true : undefined,
        100,
      ).catch(() => undefined);
      return;
    }
    await input.press("ArrowDown");
  }
  throw new Error(`could not select "${label}" in the ${what}`);
}

/** Switches the colour theme the way a user does (Preferences: Color Theme), e.g. "Light+" / "Dark+". */
export async function setColorTheme(page: Page, theme: string): Promise<void> {
  await runCommand(page, "Preferences: Color Theme");
  const widget = page.locator(".quick-input-widget");
  await widget.locator("input.input").fill(theme);
  await pickExact(page, widget, theme, "theme picker");
}

/** Opens a workspace file by name, or by its path in the workspace (`attune-auto/data/train.ts`), with Quick Open and
 * waits until its editor is the active one. */
export async function openFile(page: Page, name: string): Promise<Locator> {
  return step(`open ${name}`, () => openFileUntraced(page, name));
}

async function openFileUntraced(page: Page, query: string): Promise<Locator> {
  const name = query.split("/").pop()!;
  const widget = await openQuickInput(page, "Control+P", query);
  const row = widget.locator(".quick-input-list .monaco-list-row", { hasText: name }).first();
  await row.waitFor({ state: "visible", timeout: 15_000 });
  // The best match is focused first; Enter opens it (a click can wait on an overlay, see runCommand).
  if (/\bfocused\b/.test((await row.getAttribute("class")) ?? "")) await widget.locator("input.input").press("Enter");
  else await row.click();
  // Let Quick Open close before anything else opens a picker (a closing widget still counts as visible).
  await widget.waitFor({ state: "hidden", timeout: 5_000 }).catch(() => undefined);
  const tab = page.locator(`.editor-group-container.active .tab.active[data-resource-name="${name}"]`);
  const anyGroup = page.locator(`.editor-group-container .tab.active[data-resource-name="${name}"]`).first();
  await anyGroup.waitFor({ state: "visible", timeout: 15_000 });
  // Revealed in another group while a webview kept focus (seen under load): a click on its tab activates that group.
  if (
    !(await tab.waitFor({ state: "visible", timeout: 2_000 }).then(
      () => true,
      () => false,
    ))
  )
    await anyGroup.click();
  await tab.waitFor({ state: "visible", timeout: 15_000 });
  const editor = page.locator(".editor-group-container.active .monaco-editor").first();
  await editor.locator(".view-lines").waitFor({ state: "visible" });
  return editor;
}

/** Answers whatever quick picks / input boxes a command shows with their prefilled defaults (Enter), bounded.
 * Returns what each one asked (title or placeholder), for the test's log. */
export async function acceptQuickInputs(page: Page, max = 6): Promise<string[]> {
  return step("answer quick inputs", async () => {
    const widget = page.locator(".quick-input-widget");
    const asked: string[] = [];
    for (let i = 0; i < max; i++) {
      try {
        await widget.waitFor({ state: "visible", timeout: i === 0 ? 5_000 : 1_500 });
      } catch {
        break;
      }
      const input = widget.locator("input.input");
      const title = (
        await widget
          .locator(".quick-input-title")
          .innerText({ timeout: 1_000 })
          .catch(() => "")
      ).trim();
      const placeholder = (await input.getAttribute("placeholder", { timeout: 1_000 }).catch(() => "")) ?? "";
      const asking = title || placeholder || "?";
      if (asked[asked.length - 1] === asking) {
        // Still the one we answered (closing, or the next step is not up yet): give it a moment.
        await page.waitForTimeout(300);
        if (await widget.isVisible()) {
          const again = (
            await widget
              .locator(".quick-input-title")
              .innerText({ timeout: 1_000 })
              .catch(() => "")
          ).trim();
          if (again === asking) break;
        }
        continue;
      }
      asked.push(asking);
      await input.press("Enter");
      await page.waitForTimeout(300);
    }
    if (process.env.E2E_TRACE) console.log(`      · quick inputs: ${asked.join(" | ") || "none"}`);
    return asked;
  });
}

/** The activity-bar entry of a view container, by its title ("Attune"). */
/** Answers the quick inputs a command shows, in order: a string is typed over the prefilled value, undefined takes
 * the default (Enter). */
export async function answerQuickInputs(page: Page, answers: (string | undefined)[]): Promise<void> {
  return step("answer quick inputs", async () => {
    const widget = page.locator(".quick-input-widget");
    for (const answer of answers) {
      await widget.waitFor({ state: "visible", timeout: 15_000 });
      const input = widget.locator("input.input");
      const title = await widget
        .locator(".quick-input-title")
        .innerText({ timeout: 1_000 })
        .catch(() => "");
      if (answer !== undefined) await input.fill(answer);
      await input.press("Enter");
      // The next input replaces this one (a new title), or the widget closes.
      await waitFor(page, async () => {
        if (!(await widget.isVisible())) return true;
        const now = await widget
          .locator(".quick-input-title")
          .innerText({ timeout: 500 })
          .catch(() => "");
        return now !== title ? true : undefined;
      });
    }
  });
}

async function waitFor(page: Page, check: () => Promise<true | undefined>, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await page.waitForTimeout(200)) if (await check()) return;
}

export function activityBarItem(page: Page, title: string): Locator {
  return page.locator(`.activitybar .action-item a.action-label[aria-label^="${title}"]`).first();
}

/** The rows of a tree view, by the view's name as VS Code labels its tree ("Trials"). */
export function treeRows(page: Page, viewName: string): Locator {
  return page.locator(`#workbench\\.parts\\.sidebar .monaco-list[aria-label^="${viewName}"] .monaco-list-row`);
}

/** One visible line of the active editor containing `text`. */
export function editorLine(page: Page, text: string): Locator {
  return page.locator(".editor-group-container.active .monaco-editor .view-line", { hasText: text }).first();
}

/** The full text of the active editor, read from its model through the accessibility textarea would be lossy;
 * the rendered lines are enough for our short fixture (Monaco renders spaces as \u00a0). */
export async function editorText(page: Page): Promise<string> {
  const lines = await page.locator(".editor-group-container.active .monaco-editor .view-line").allInnerTexts();
  return lines.map((l) => l.replace(/\u00a0/g, " ")).join("\n");
}

/** Hovers `target` and returns the hover widget once it shows content. */
/** The target's box once two looks 250 ms apart agree (undefined when it is not rendered). */
async function settledBox(page: Page, target: Locator) {
  let last = await target.boundingBox();
  for (let i = 0; i < 20 && last; i++) {
    await page.waitForTimeout(250);
    const box = await target.boundingBox();
    if (box && Math.abs(box.y - last.y) < 1 && Math.abs(box.x - last.x) < 1) return box;
    last = box;
  }
  return last ?? undefined;
}

export async function hoverOver(page: Page, target: Locator): Promise<Locator> {
  const hover = page
    .locator(".monaco-hover:not(.hidden) .monaco-hover-content, .monaco-resizable-hover .monaco-hover-content")
    .first();
  await target.waitFor({ state: "visible", timeout: 15_000 });
  for (let attempt = 0; attempt < 4; attempt++) {
    // A CodeLens or decoration that renders late moves the lines down: the mouse must land on the target where it
    // is once it has stopped moving, and the hover counts only if the target is still under the mouse.
    const box = await settledBox(page, target);
    if (!box) {
      await page.waitForTimeout(500); // re-rendered under us; look again
      continue;
    }
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await page.mouse.move(box.x + Math.min(40, box.width / 2), box.y + box.height / 2, { steps: 4 });
    try {
      await hover.waitFor({ state: "visible", timeout: 5_000 });
      const now = await target.boundingBox();
      if (now && Math.abs(now.y - box.y) < 2) return hover;
    } catch {
      // no hover yet: move away and try again
    }
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
  }
  throw new Error("no hover appeared over the target");
}

/** Opens the Problems view and returns its rows (one per marker, plus file rows). */
export async function problems(page: Page): Promise<Locator> {
  await runCommand(page, "View: Focus Problems (Errors, Warnings, Infos)").catch(async () => {
    await page.keyboard.press("Control+Shift+M");
  });
  const panel = page.locator(".markers-panel");
  await panel.waitFor({ state: "visible", timeout: 10_000 });
  return panel.locator(".monaco-list-row");
}

/**
 * The inner document of the visible webview whose outer iframe matches `title` (VS Code sets the iframe's title
 * to the panel's title). Webviews nest: the host iframe, then `#active-frame` with the extension's HTML.
 */
export async function webview(page: Page, title?: string): Promise<FrameLocator> {
  const sel = title ? `iframe.webview.ready[title="${title}"]` : "iframe.webview.ready";
  const frames = page.locator(sel);
  const index = await waitUntil(`a visible webview${title ? ` "${title}"` : ""}`, 30_000, async () => {
    const n = await frames.count();
    for (let i = n - 1; i >= 0; i--) if (await frames.nth(i).isVisible()) return i + 1;
    return undefined;
  });
  return frames
    .nth(index - 1)
    .contentFrame()
    .frameLocator("#active-frame");
}

/** Which theme kind the workbench currently renders. */
export async function themeKind(page: Page): Promise<"light" | "dark" | "hc" | "unknown"> {
  const cls = (await page.locator(".monaco-workbench").getAttribute("class")) ?? "";
  if (/\bhc-(black|light)\b/.test(cls)) return "hc";
  if (/\bvs-dark\b/.test(cls)) return "dark";
  if (/\bvs\b/.test(cls)) return "light";
  return "unknown";
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
