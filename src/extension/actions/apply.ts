// Writing a trial's values into the user's file: one WorkspaceEdit (so Undo works), only the annotated literals,
// refused with a clear message when the file no longer matches what the values were found for.
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import * as vscode from "vscode";
import { parseAnnotations } from "../../core/annotations";
import type { TextEdit } from "../../core/annotations/types";
import { applyValueArgs, parseArgs, type ApplyValueArgs } from "../model/commandArgs";
import { planApply } from "../model/applyEdits";
import { formatParamValue } from "../../core/format";
import type { StudyFollower } from "../model/studyFollower";
import type { Ctx } from "./context";
import { pickStudy, pickTrial, refOf } from "./pick";

/** The annotated file a study ran, as an absolute path (older journals may hold it relative to the root). */
export function studyFile(f: StudyFollower): string | undefined {
  const file = f.state.meta?.file;
  if (!file) return undefined;
  return isAbsolute(file) ? file : join(f.root, file);
}

export async function applyBest(ctx: Ctx, arg: unknown): Promise<void> {
  const f = await pickStudy(ctx, refOf(arg), {
    withBest: true,
    none: "no study has a complete trial yet.",
    placeHolder: "Apply the best trial of which study?",
  });
  if (!f) return;
  // Several objectives have no single best: the user picks a trade-off among the Pareto trials.
  const front = new Set(f.pareto().map((t) => t.number));
  if (front.size) {
    const t = await pickTrial(
      f,
      refOf(arg),
      (t) => front.has(t.number),
      `“${f.name}” has no trial on the Pareto front yet.`,
      "Several objectives: apply which Pareto trial?",
    );
    if (t) await applyTrialNumber(ctx, f, t.number);
    return;
  }
  const best = f.best();
  if (!best) return;
  await applyTrialNumber(ctx, f, best.number);
}

export async function applyTrial(ctx: Ctx, arg: unknown): Promise<void> {
  const ref = refOf(arg);
  const f = await pickStudy(ctx, ref, {
    recorded: true,
    none: "there is no study to apply from.",
    placeHolder: "Apply a trial of which study?",
  });
  if (!f) return;
  const t = await pickTrial(
    f,
    ref,
    (t) => t.state === "complete" || t.state === "pruned" || (t.state === "failed" && Object.keys(t.params).length > 0),
    `“${f.name}” has no finished trial yet.`,
    "Apply which trial's values? (best first)",
  );
  if (!t) return;
  await applyTrialNumber(ctx, f, t.number);
}

async function applyTrialNumber(ctx: Ctx, f: StudyFollower, number: number): Promise<void> {
  const t = f.state.trials[number];
  const file = studyFile(f);
  if (!t) return;
  if (!file || !existsSync(file)) {
    void vscode.window.showErrorMessage(
      `Attune: cannot apply trial #${number}: the study's file ${file ?? "(unknown)"} is not there.`,
    );
    return;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const text = doc.getText();
  const parsed = parseAnnotations(text, doc.fileName);
  // The budget literal is left as the user wrote it: a trial's rung budget (say 3 epochs) is not a setting to keep.
  const r = planApply(text, parsed, t.params);
  if (!r.ok) {
    void vscode.window.showErrorMessage(
      `Attune: cannot apply trial #${number} to ${vscode.workspace.asRelativePath(doc.uri)}. ${r.error}`,
    );
    return;
  }
  if (!r.plan.edits.length) {
    void vscode.window.showInformationMessage(
      `Attune: ${vscode.workspace.asRelativePath(doc.uri)} already has trial #${number}'s values.`,
    );
    return;
  }
  const ok = await applyEdits(doc, r.plan.edits);
  if (!ok) return;
  const what = r.plan.changed.map((n) => `${n} = ${formatParamValue(t.params[n], { quote: true })}`).join(", ");
  ctx.log.info(`applied trial #${number} of ${f.name} to ${doc.fileName}: ${what}`);
  void vscode.window.showInformationMessage(
    `Attune: applied trial #${number}: ` +
      `${what}${r.plan.untouched.length ? ` (left ${r.plan.untouched.join(", ")} as is)` : ""}.`,
  );
}

/** Hover link: one parameter of one trial into one line, when that line still holds the literal the hover showed. */
export async function applyValue(ctx: Ctx, arg: unknown): Promise<void> {
  const a = parseArgs<ApplyValueArgs>(applyValueArgs, arg);
  if (!a.ok) {
    ctx.log.warn(`applyValue: refused arguments: ${a.error}`);
    return;
  }
  const { uri, study, trial, name, literal } = a.value;
  const f = ctx.store.get(study);
  const t = f?.state.trials[trial];
  if (!f || !t || !Object.prototype.hasOwnProperty.call(t.params, name)) {
    void vscode.window.showWarningMessage(
      `Attune: trial #${trial} and its value of ${name} are no longer in this workspace.`,
    );
    return;
  }
  let target: vscode.Uri;
  try {
    target = vscode.Uri.parse(uri, true);
  } catch {
    return;
  }
  if (target.scheme !== "file") return;
  const doc = await vscode.workspace.openTextDocument(target);
  const parsed = parseAnnotations(doc.getText(), doc.fileName);
  const p = parsed.params.find((x) => x.name === name);
  if (!p) {
    void vscode.window.showErrorMessage(
      `Attune: ${vscode.workspace.asRelativePath(doc.uri)} no longer annotates ${name}; nothing was changed.`,
    );
    return;
  }
  if (p.literal.text !== literal) {
    void vscode.window.showErrorMessage(
      `Attune: ${name} on line ${p.literal.line} now reads ${p.literal.text}, not ${literal} as when the hover was ` +
        `shown; nothing was changed. Hover again to apply.`,
    );
    return;
  }
  const r = planApply(doc.getText(), { ...parsed, params: [p] }, { [name]: t.params[name] });
  if (!r.ok) {
    void vscode.window.showErrorMessage(`Attune: ${r.error}`);
    return;
  }
  if (await applyEdits(doc, r.plan.edits))
    ctx.log.info(
      `applied ${name} = ${formatParamValue(t.params[name], { quote: true })} (trial #${trial}) to ${doc.fileName}`,
    );
}

/**
 * One WorkspaceEdit for all literals (one Undo step). A file that had no unsaved changes is saved again, so what is
 * on disk (what the next trial or `attune apply` reads) matches the editor; a dirty one is left for the user to save.
 */
async function applyEdits(doc: vscode.TextDocument, edits: readonly TextEdit[]): Promise<boolean> {
  const version = doc.version;
  const wasDirty = doc.isDirty;
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits)
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  if (doc.version !== version) {
    void vscode.window.showErrorMessage("Attune: the file changed while applying; nothing was changed. Try again.");
    return false;
  }
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) {
    void vscode.window.showErrorMessage(
      `Attune: VS Code refused the edit to ${vscode.workspace.asRelativePath(doc.uri)} (is it read-only?).`,
    );
    return false;
  }
  if (!wasDirty) await doc.save();
  const shown = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  if (!shown)
    await vscode.window.showTextDocument(doc, {
      preview: false,
      preserveFocus: true,
      viewColumn: vscode.ViewColumn.One,
    });
  return true;
}
