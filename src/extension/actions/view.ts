// Opening the panel, a trial's log, and exporting results: the read-only commands (they work in Restricted Mode).
import { join } from "node:path";
import * as vscode from "vscode";
import { exportModule, panelModule } from "../lazy";
import { findTrialLog } from "../model/trialLog";
import type { Ctx } from "./context";
import { activeFile, pickStudy, pickTrial, refOf } from "./pick";
import { panelDeps } from "./run";

export async function openPanel(ctx: Ctx, arg: unknown): Promise<void> {
  const ref = refOf(arg);
  let key = ref.study;
  const uri = ref.uri ?? (key ? undefined : activeFile());
  if (!key && uri) {
    const f = ctx.store.forFile(uri);
    if (f?.state.meta || f?.running) key = f.key;
  }
  key ??= ctx.status.focus()?.key ?? panelModule().PanelHost.active?.studyKey;
  if (!key) {
    const all = ctx.store.all().filter((f) => f.state.meta);
    if (all.length === 1) key = all[0].key;
    else if (all.length > 1)
      key = (await pickStudy(ctx, {}, { recorded: true, none: "no study yet.", placeHolder: "Show which study?" }))
        ?.key;
    if (!key && all.length > 1) return;
  }
  panelModule().PanelHost.show(panelDeps(ctx), key);
}

export async function showTrialLog(ctx: Ctx, arg: unknown): Promise<void> {
  const ref = refOf(arg);
  const f = await pickStudy(ctx, ref, {
    recorded: true,
    none: "there is no study with trials.",
    placeHolder: "Show a log of which study?",
  });
  if (!f) return;
  const t = await pickTrial(
    f,
    ref,
    (t) => t.state !== "queued",
    `no trial of “${f.name}” has started.`,
    "Show the log of which trial?",
  );
  if (!t) return;
  const path = findTrialLog(f.dir, t.number);
  if (path) {
    await vscode.window.showTextDocument(vscode.Uri.file(path), { preview: true });
    return;
  }
  if (t.error?.tail || t.error?.message) {
    // No log file (an older runner, or the trial never started): show what the journal kept.
    const content = [
      `# Trial #${t.number} of ${f.name}: ${t.state}`,
      t.error.message,
      t.error.sourceLine ?? "",
      t.error.tail ?? "",
    ]
      .filter(Boolean)
      .join("\n\n");
    const doc = await vscode.workspace.openTextDocument({ content, language: "log" });
    await vscode.window.showTextDocument(doc, { preview: true });
    return;
  }
  void vscode.window.showInformationMessage(`Attune: trial #${t.number} of “${f.name}” has no output yet.`);
}

export async function exportResults(ctx: Ctx, arg: unknown): Promise<void> {
  const ref = refOf(arg);
  const f = await pickStudy(ctx, ref, {
    recorded: true,
    none: "there is no study to export.",
    placeHolder: "Export which study?",
  });
  const meta = f?.state.meta;
  if (!f || !meta) return;
  const base = f.name.replace(/[\\/:*?"<>|]+/g, "-").replace(/^\.+/, "") || "study";
  const format = ref.format ?? "csv";
  const target = await vscode.window.showSaveDialog({
    title: `Export the trials of “${f.name}”`,
    defaultUri: vscode.Uri.file(join(f.root, `${base}-trials.${format}`)),
    filters: format === "json" ? { JSON: ["json"], CSV: ["csv"] } : { CSV: ["csv"], JSON: ["json"] },
    saveLabel: "Export",
  });
  if (!target) return;
  const asJson = /\.json$/i.test(target.path) || (!/\.csv$/i.test(target.path) && format === "json");
  const x = exportModule();
  const text = asJson
    ? JSON.stringify(x.studyToJson(f.name, meta.direction, meta.metric, f.state.trials), null, 2) + "\n"
    : x.trialsToCsv(f.state.trials);
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, "utf8"));
  ctx.log.info(`exported ${f.state.trials.length} trials of ${f.name} to ${target.fsPath}`);
  const pick = await vscode.window.showInformationMessage(
    `Attune: exported ${f.state.trials.length} trials to ${vscode.workspace.asRelativePath(target)}.`,
    "Open",
  );
  if (pick) await vscode.window.showTextDocument(target);
}
