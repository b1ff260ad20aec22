// Turning a command's argument (a tree node, a `{ study, trial }` from the panel or a CodeLens, a URI from an editor
// menu, or nothing from the palette) into a study and a trial, asking with a quick pick only when it is ambiguous.
import * as vscode from "vscode";
import type { Trial } from "../../core/types";
import { formatNumber, formatParamValue } from "../../core/format";
import type { StudyFollower } from "../model/studyFollower";
import type { Ctx } from "./context";

export interface Ref {
  study?: string;
  trial?: number;
  uri?: vscode.Uri;
  format?: "csv" | "json";
}

export function refOf(arg: unknown): Ref {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (typeof arg === "string") {
    try {
      const uri = /^[a-z][a-z0-9+.-]*:/i.test(arg) ? vscode.Uri.parse(arg, true) : vscode.Uri.file(arg);
      return uri.scheme === "file" ? { uri } : {};
    } catch {
      return {};
    }
  }
  if (typeof arg !== "object" || arg === null) return {};
  const o = arg as Record<string, unknown>;
  const ref: Ref = {};
  if (typeof o.study === "string") ref.study = o.study;
  if (typeof o.trial === "number" && Number.isInteger(o.trial) && o.trial >= 0) ref.trial = o.trial;
  if (o.format === "csv" || o.format === "json") ref.format = o.format;
  if (o.uri instanceof vscode.Uri) ref.uri = o.uri;
  return ref;
}

export interface StudyFilter {
  /** Only studies with a live runner on this machine. */
  running?: boolean;
  /** Only studies with a record (a journal with its header). */
  recorded?: boolean;
  /** Only studies with a complete trial. */
  withBest?: boolean;
  /** Said when nothing fits. */
  none: string;
  placeHolder: string;
}

function fits(f: StudyFollower, w: StudyFilter): boolean {
  if (w.running && !f.running) return false;
  if (w.recorded && !f.state.meta) return false;
  if (w.withBest && !f.best() && !f.pareto().length) return false;
  return true;
}

/** The study a command is about; undefined (after saying why) when there is none. */
export async function pickStudy(ctx: Ctx, ref: Ref, want: StudyFilter): Promise<StudyFollower | undefined> {
  if (ref.study) {
    const f = ctx.store.get(ref.study);
    if (!f) void vscode.window.showWarningMessage("Attune: that study is no longer in this workspace.");
    else if (!fits(f, want))
      void vscode.window.showInformationMessage(`Attune: ${want.none.replace(/\.$/, "")} (“${f.name}”).`);
    return f && fits(f, want) ? f : undefined;
  }
  const uri = ref.uri ?? activeFile();
  if (uri) {
    const f = ctx.store.forFile(uri);
    if (f && fits(f, want)) return f;
    if (ref.uri) {
      void vscode.window.showInformationMessage(`Attune: ${want.none}`);
      return undefined;
    }
  }
  const all = ctx.store.all().filter((f) => fits(f, want));
  if (all.length === 0) {
    void vscode.window.showInformationMessage(`Attune: ${want.none}`);
    return undefined;
  }
  if (all.length === 1) return all[0];
  const picked = await vscode.window.showQuickPick(
    all.map((f) => ({ label: f.name, description: f.running ? "running" : undefined, detail: studyDetail(f), f })),
    { placeHolder: want.placeHolder, matchOnDescription: true },
  );
  return picked?.f;
}

function studyDetail(f: StudyFollower): string {
  const b = f.best();
  const m = f.state.meta;
  return (
    `${f.state.trials.length} ` +
    `trials${b ? ` · best ${m?.metric ?? "value"} ${formatNumber(b.value)} (#${b.number})` : ""}${m ? ` · ${m.algorithm}` : ""}`
  );
}

export function activeFile(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === "file" ? uri : undefined;
}

/** A trial of `f`; from the reference when given, else a quick pick over those `filter` keeps (best first). */
export async function pickTrial(
  f: StudyFollower,
  ref: Ref,
  filter: (t: Trial) => boolean,
  none: string,
  placeHolder: string,
): Promise<Trial | undefined> {
  if (ref.trial !== undefined) {
    const t = f.state.trials[ref.trial];
    if (!t) void vscode.window.showWarningMessage(`Attune: “${f.name}” has no trial #${ref.trial}.`);
    return t;
  }
  const dir = f.state.meta?.direction ?? "minimize";
  const ts = f.state.trials.filter(filter);
  if (!ts.length) {
    void vscode.window.showInformationMessage(`Attune: ${none}`);
    return undefined;
  }
  const score = (t: Trial) => (t.value === undefined ? Infinity : dir === "minimize" ? t.value : -t.value);
  ts.sort((a, b) => score(a) - score(b) || b.number - a.number);
  const best = f.best()?.number;
  const front = new Set(f.pareto().map((p) => p.number));
  const picked = await vscode.window.showQuickPick(
    ts.map((t) => ({
      label: `${t.number === best || front.has(t.number) ? "$(star-full) " : ""}#${t.number}`,
      description:
        `${t.state}${front.has(t.number) ? " · Pareto" : ""}` +
        (t.values
          ? ` · ${t.values.map((v) => formatNumber(v)).join(", ")}`
          : t.value !== undefined
            ? ` · ${formatNumber(t.value)}`
            : ""),
      detail: Object.entries(t.params)
        .map(([k, v]) => `${k}=${formatParamValue(v)}`)
        .join("  "),
      t,
    })),
    { placeHolder, matchOnDetail: true, matchOnDescription: true },
  );
  return picked?.t;
}
