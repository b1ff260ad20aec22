// "Attune: Search a Model for This Data…" (docs/editor.md): on a CSV file or a folder of images (one subfolder per
// class) it asks for the column to predict and a time budget, runs `attune auto` in a process of its own, follows its
// study in the live panel, and ends by opening the train.ts it wrote. Running it executes code: a trusted workspace.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import * as vscode from "vscode";
import { autoOutDir, csvColumns, likelyTarget } from "../model/autoLaunch";
import { readTail, runnerFailure } from "../model/runnerFailure";
import { parseDuration } from "../../core/annotations/directives";
import { readSettings } from "../settings";
import type { Ctx } from "./context";
import { activeFile, refOf } from "./pick";
import { panelDeps, requireTrust } from "./run";
import { launcherModule as launcher, panelModule } from "../lazy";

export async function searchModel(ctx: Ctx, arg: unknown): Promise<void> {
  // From the Explorer: the clicked file or folder; from the palette: the CSV in the editor, else a file dialog.
  const active = activeFile();
  const data = refOf(arg).uri ?? (active && extname(active.fsPath) === ".csv" ? active : await pickData());
  if (!data) return;
  if (!(await requireTrust("Search a Model"))) return;
  const name = basename(data.fsPath);
  const kind = dataKind(data.fsPath);
  if (typeof kind === "object") return void vscode.window.showErrorMessage(`Attune: ${kind.error}`);
  const target = kind === "csv" ? await askTarget(data.fsPath) : undefined;
  if (kind === "csv" && target === undefined) return;
  const time = await vscode.window.showInputBox({
    title: `Search a model for ${name}`,
    prompt: "Time budget for the whole search (the last trial may run a little past it)",
    value: "5m",
    validateInput: (v) => ((parseDuration(v) ?? 0) > 0 ? undefined : "A duration such as 90s, 5m or 1h."),
  });
  if (!time) return;
  const root = vscode.workspace.getWorkspaceFolder(data)?.uri.fsPath ?? dirname(data.fsPath);
  const out = autoOutDir(root, data.fsPath);
  const train = vscode.Uri.file(join(out, "train.ts"));
  const f = ctx.store.forFile(train, true)!;
  if (f.running) {
    void vscode.window.showInformationMessage(`Attune: a model search for ${name} is already running.`);
    panelModule().PanelHost.show(panelDeps(ctx), f.key);
    return;
  }
  const backend = readSettings(data).tfjsBackend;
  const o = {
    data: data.fsPath,
    time,
    out,
    ...(target ? { target } : {}),
    ...(backend ? { tfjsBackend: backend } : {}),
  };
  let launched;
  try {
    launched = launcher().launchAuto(ctx.extension.extensionPath, root, o, ctx.log);
  } catch (e) {
    return void vscode.window.showErrorMessage(`Attune: could not start the model search: ${(e as Error).message}`);
  }
  f.pendingPid = launched.pid;
  ctx.store.watchedExits.add(f.key);
  ctx.store.schedule(100);
  panelModule().PanelHost.show(panelDeps(ctx), f.key, true);
  const r = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Attune: searching a model for ${name}`,
      cancellable: true,
    },
    (_progress, token) => {
      token.onCancellationRequested(() => {
        try {
          process.kill(launched.pid, "SIGINT"); // the CLI's Ctrl+C: trials are stopped and recorded
        } catch {
          // already gone
        }
      });
      return launched.exited;
    },
  );
  ctx.store.watchedExits.delete(f.key);
  ctx.store.refreshNow();
  if (r.code === 0) return finished(train, out);
  const reason = runnerFailure(readTail(launched.log), r);
  const pick = await vscode.window.showErrorMessage(
    `Attune: the model search for ${name} stopped: ${reason}`,
    "Show Output",
  );
  if (pick) await vscode.window.showTextDocument(vscode.Uri.file(launched.log), { preview: true });
}

/** Opens train.ts and says what the search found (report.json). */
async function finished(train: vscode.Uri, out: string): Promise<void> {
  await vscode.window.showTextDocument(train);
  let summary = "";
  try {
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Record<string, unknown>;
    if (typeof report.validation === "number")
      summary = ` Validation ${String(report.metric ?? "score")} ${report.validation.toFixed(4)}.`;
  } catch {
    // the report is optional for this message
  }
  void vscode.window.showInformationMessage(
    `Attune: model search finished.${summary} train.ts is yours to run, edit and tune; the model is in model/.`,
  );
}

/** "csv", "images", or what is wrong with the choice. */
function dataKind(path: string): "csv" | "images" | { error: string } {
  const name = basename(path);
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return { error: `cannot read ${name}; pick a CSV file or a folder of images.` };
  }
  if (!isDir)
    return extname(path).toLowerCase() === ".csv"
      ? "csv"
      : { error: `${name} is not a CSV file; pick a CSV file or a folder with one subfolder of images per class.` };
  const classes = readdirSync(path, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith("."));
  if (classes.length >= 2) return "images";
  return {
    error:
      `${name} has ${classes.length} subfolder${classes.length === 1 ? "" : "s"}; put the images of each class in a ` +
      `subfolder of its own (at least two classes).`,
  };
}

/** The column to predict, picked from the CSV's header. */
async function askTarget(csv: string): Promise<string | undefined> {
  let header: string;
  try {
    header =
      readFileSync(csv, "utf8")
        .slice(0, 1 << 16)
        .split("\n")[0] ?? "";
  } catch (e) {
    void vscode.window.showErrorMessage(`Attune: cannot read ${basename(csv)}: ${(e as Error).message}`);
    return undefined;
  }
  const columns = csvColumns(header);
  if (columns.length < 2) {
    void vscode.window.showErrorMessage(
      `Attune: ${basename(csv)} needs a header row naming its columns (the inputs and the one to predict).`,
    );
    return undefined;
  }
  const first = likelyTarget(columns);
  const items = [first!, ...columns.filter((c) => c !== first)].map((label) => ({ label }));
  const pick = await vscode.window.showQuickPick(items, {
    title: `Search a model for ${basename(csv)}`,
    placeHolder: "Which column should the model predict?",
  });
  return pick?.label;
}

async function pickData(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: "Search a model for: a CSV file, or a folder with one subfolder of images per class",
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    filters: { "CSV files": ["csv"] },
  });
  return picked?.[0];
}
