// The e2e fixture: a throw-away workspace with one annotated, stdlib-only Python script, and a small reader of the
// study journal so the test can check what the extension shows against what actually ran — from the outside.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const SCRIPT_NAME = "train.py";

/** The annotated line of the tuned float, as the file starts (the test finds lines by text, not number). */
export const TUNED_LINE_TEXT = "x = 0.0  # @tune float(-5, 5)";

// A quadratic with its minimum at x = 1.5 (and mode "b"); three intermediate reports with short sleeps, so trials
// are visibly "running" for a moment and learning curves have points. `y` is annotated nowhere: applying must
// leave it (and every other byte) alone. Directives keep the study small and its algorithm cheap.
export const SCRIPT = `import time

# A tiny objective: minimum at x = 1.5, mode = "b".
x = 0.0  # @tune float(-5, 5)
mode = "a"  # @tune choice("a", "b")
y = 2.0
# @tune objective: minimize loss
# @tune trials: 16
# @tune algorithm: random
# @tune parallel: 2

for step in range(1, 4):
    loss = (x - 1.5) ** 2 + (0.0 if mode == "b" else 0.5) + y / (10 * step)
    print(f"step {step} loss: {loss:.6f}", flush=True)
    time.sleep(0.05)
`;

export interface Workspace {
  root: string;
  folder: string;
  script: string;
  userDataDir: string;
  extensionsDir: string;
  xdg: string;
  settingsFile: string;
}

export function createWorkspace(): Workspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "attune-e2e-"));
  const folder = path.join(root, "project");
  const ws: Workspace = {
    root,
    folder,
    script: path.join(folder, SCRIPT_NAME),
    userDataDir: path.join(root, "user-data"),
    extensionsDir: path.join(root, "extensions"),
    xdg: path.join(root, "xdg"),
    settingsFile: path.join(root, "user-data", "User", "settings.json"),
  };
  for (const d of [folder, ws.extensionsDir, ws.xdg, path.dirname(ws.settingsFile)]) {
    fs.mkdirSync(d, { recursive: true });
  }
  fs.writeFileSync(ws.script, SCRIPT);
  return ws;
}

export type Theme =
  "Default Dark Modern" | "Default Light Modern" | "Default High Contrast" | "Default Dark+" | "Default Light+";

/** User settings: quiet workbench, a fixed theme, and Attune pointed at a known Python and a small study. */
export function writeSettings(ws: Workspace, theme: Theme, python: string, opts: { trust?: boolean } = {}): void {
  const settings = {
    "workbench.colorTheme": theme,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.activityBar.location": "default",
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "chat.disableAIFeatures": true,
    "chat.commandCenter.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    // The restricted-mode test turns trust on (and code-server runs without --disable-workspace-trust).
    "security.workspace.trust.enabled": opts.trust ?? false,
    "security.workspace.trust.startupPrompt": "never",
    "security.workspace.trust.emptyWindow": false,
    "editor.hover.delay": 150,
    // Quick Open of a file already open in another group (beside the panel) goes to that editor.
    "workbench.editor.revealIfOpen": true,
    "editor.minimap.enabled": false,
    "files.autoSave": "off",
    // Each trial keeps a copy of the script under .attune/<study>/trials/<n>/: Quick Open must find the file itself.
    "search.exclude": { "**/.attune": true },
    "window.restoreWindows": "none",
    "python.defaultInterpreterPath": python,
    "attune.pythonPath": python,
    "attune.defaultAlgorithm": "random",
    "attune.trials": 16,
    "attune.parallel": 2,
  };
  fs.writeFileSync(ws.settingsFile, JSON.stringify(settings, null, 2));
  // code-server is a remote window: machine-scoped settings (the interpreter path) are read from the server's
  // Machine settings, not the User ones.
  const machine = path.join(ws.userDataDir, "Machine", "settings.json");
  fs.mkdirSync(path.dirname(machine), { recursive: true });
  fs.writeFileSync(
    machine,
    JSON.stringify({ "attune.pythonPath": python, "python.defaultInterpreterPath": python }, null, 2),
  );
}

export interface JournalTrial {
  number: number;
  state: string;
  params: Record<string, unknown>;
  value?: number;
}

export interface Journal {
  file: string;
  direction?: string;
  trials: JournalTrial[];
}

/** Every `.attune/<study>/journal.jsonl` under the workspace folder (study names may contain slashes). */
export function findJournals(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6 || !fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.name === "journal.jsonl") out.push(p);
    }
  };
  walk(path.join(folder, ".attune"), 0);
  return out;
}

/** A deliberately independent replay of the journal (trial lines number trials in order; finish lines end them). */
export function readJournal(file: string): Journal {
  const j: Journal = { file, trials: [] };
  const uids = new Set<string>();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a torn last line while the study is being written
    }
    if (e.op === "study" && typeof e.direction === "string") j.direction = e.direction;
    if (e.op === "trial" && typeof e.uid === "string" && !uids.has(e.uid)) {
      uids.add(e.uid);
      j.trials.push({ number: j.trials.length, state: "queued", params: (e.params as Record<string, unknown>) ?? {} });
    }
    const t = typeof e.trial === "number" ? j.trials[e.trial] : undefined;
    if (t && e.op === "start") t.state = "running";
    if (t && e.op === "finish") {
      t.state = String(e.state);
      if (typeof e.value === "number") t.value = e.value;
    }
  }
  return j;
}

export function bestTrial(j: Journal): JournalTrial | undefined {
  const done = j.trials.filter((t) => t.state === "complete" && typeof t.value === "number");
  const sign = j.direction === "maximize" ? -1 : 1;
  return done.sort((a, b) => sign * (a.value! - b.value!))[0];
}
