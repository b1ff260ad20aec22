// What an annotated file shows in the editor: diagnostics as you type (with quick fixes where the fix is obvious),
// a hover with the distribution and the best value found, a CodeLens row, and the context keys menus use.
import * as vscode from "vscode";
import type { AnnotatedFile, Diagnostic as CoreDiagnostic, SourceRange } from "../core/annotations/types";
import { annotationsOf, ANNOTATED_LANGUAGES, isAnnotated } from "./annotationCache";
import { Disposable, throttle } from "./lifecycle";
import type { LaunchRecords } from "./launchRecords";
import { commandUri } from "./model/commandArgs";
import { hoverMarkdown } from "./model/hoverText";
import { LensSync, lensSignature } from "./model/lensSync";
import { applyAllTooltip, bestLensTitle } from "./model/summaryText";
import type { StudyStore } from "./studyStore";
import { progressOf } from "./studyProgress";

export const SOURCE = "Attune";
const SELECTOR: vscode.DocumentSelector = ANNOTATED_LANGUAGES.map((language) => ({ language, scheme: "file" }));
/** The CodeLens follows the study at most this often; a study's end is shown at once (see model/lensSync.ts). */
const LENS_MS = 500;
/** After telling VS Code the lenses changed, check this long after that it asked for them. */
const LENS_CHECK_MS = 1500;

export function toRange(doc: vscode.TextDocument, r: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(r.start), doc.positionAt(Math.max(r.start, r.end)));
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(doc: vscode.TextDocument, d: CoreDiagnostic): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(toRange(doc, d.range), d.message, SEVERITY[d.severity]);
  diag.source = SOURCE;
  diag.code = d.code;
  return diag;
}

export class EditorFeatures extends Disposable {
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection("attune"));
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lensChanged = this.register(new vscode.EventEmitter<void>());
  private readonly lensSync = new LensSync();
  private lensCheck: ReturnType<typeof setTimeout> | undefined;
  /** Studies running at the last change: one that stops updates its lens at once, not after the throttle. */
  private running = new Set<string>();

  constructor(
    private readonly store: StudyStore,
    private readonly launches: LaunchRecords,
  ) {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.diagnose(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.diagnoseSoon(e.document)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.diagnostics.delete(d.uri);
        this.cancel(d.uri.toString());
        this.lensSync.forget(d.uri.toString());
      }),
    );
    this.register({ dispose: () => this.pending.forEach((t) => clearTimeout(t)) });
    this.register({ dispose: () => this.lensCheck && clearTimeout(this.lensCheck) });
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()));
    const refresh = this.register(throttle(() => this.studiesChanged(), LENS_MS));
    this.register(
      store.onDidChange(() => {
        const running = new Set(
          store
            .all()
            .filter((f) => f.running)
            .map((f) => f.key),
        );
        const ended = [...this.running].some((k) => !running.has(k));
        this.running = running;
        if (ended) this.studiesChanged();
        else refresh();
      }),
    );

    this.register(
      vscode.languages.registerHoverProvider(SELECTOR, { provideHover: (doc, pos) => this.hover(doc, pos) }),
    );
    this.register(
      vscode.languages.registerCodeLensProvider(SELECTOR, {
        onDidChangeCodeLenses: this.lensChanged.event,
        provideCodeLenses: (doc) => this.lenses(doc),
      }),
    );
    this.register(
      vscode.languages.registerCodeActionsProvider(
        SELECTOR,
        { provideCodeActions: (doc, _range, ctx) => this.quickFixes(doc, ctx) },
        {
          providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
        },
      ),
    );
    // Parsing the open documents (the parser's first, cold run) is not activation's job: it follows right after.
    const initial = setTimeout(() => {
      for (const d of vscode.workspace.textDocuments) this.diagnose(d);
      this.updateContext();
    }, 0);
    this.register({ dispose: () => clearTimeout(initial) });
  }

  private studiesChanged(): void {
    if (this.lensSync.onChange(this.lensSignatures())) this.fireLenses();
    this.updateContext();
  }

  /** Tell VS Code the lenses changed, and check a while later that it asked for them (it may drop the refresh). */
  private fireLenses(): void {
    this.lensChanged.fire();
    if (this.lensCheck) clearTimeout(this.lensCheck);
    this.lensCheck = setTimeout(() => {
      this.lensCheck = undefined;
      if (this.lensSync.onCheck(this.lensSignatures())) this.fireLenses();
    }, LENS_CHECK_MS);
  }

  /** What each visible annotated file's CodeLens should read now. */
  private lensSignatures(): Map<string, string> {
    const out = new Map<string, string>();
    for (const e of vscode.window.visibleTextEditors) {
      const doc = e.document;
      if (doc.uri.scheme !== "file" || !isAnnotated(annotationsOf(doc))) continue;
      const f = this.store.forFile(doc.uri);
      out.set(doc.uri.toString(), lensSignature(f ? progressOf(f, this.launches) : undefined));
    }
    return out;
  }

  private cancel(key: string): void {
    const t = this.pending.get(key);
    if (t) clearTimeout(t);
    this.pending.delete(key);
  }

  /** Debounced while typing: parse once the burst of keystrokes pauses. */
  private diagnoseSoon(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    this.cancel(key);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.diagnose(doc);
        if (doc === vscode.window.activeTextEditor?.document) this.updateContext();
      }, 250),
    );
  }

  private diagnose(doc: vscode.TextDocument): void {
    if (doc.isClosed || doc.uri.scheme !== "file") return;
    const parsed = annotationsOf(doc);
    if (!parsed) {
      this.diagnostics.delete(doc.uri);
      return;
    }
    this.diagnostics.set(
      doc.uri,
      parsed.diagnostics.map((d) => toDiagnostic(doc, d)),
    );
  }

  private quickFixes(doc: vscode.TextDocument, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = ctx.diagnostics.filter((d) => d.source === SOURCE);
    if (!ours.length) return [];
    const parsed = annotationsOf(doc);
    if (!parsed) return [];
    const out: vscode.CodeAction[] = [];
    for (const vd of ours) {
      const core = parsed.diagnostics.find(
        (d) => d.fix && d.code === vd.code && toRange(doc, d.range).isEqual(vd.range),
      );
      if (!core?.fix) continue;
      const action = new vscode.CodeAction(core.fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [vd];
      action.isPreferred = true;
      const edit = new vscode.WorkspaceEdit();
      for (const e of core.fix.edits) edit.replace(doc.uri, toRange(doc, e), e.newText);
      action.edit = edit;
      out.push(action);
    }
    return out;
  }

  private hover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const parsed = annotationsOf(doc);
    if (!parsed) return undefined;
    const line = pos.line + 1;
    const p = parsed.params.find((x) => x.literal.line === line || x.annotation.line === line);
    if (!p) return undefined;
    const f = this.store.forFile(doc.uri);
    const meta = f?.state.meta;
    const best = f?.best();
    const links: { applyUri?: string; startUri?: string } = {};
    if (best && meta && Object.prototype.hasOwnProperty.call(best.params, p.name))
      links.applyUri = commandUri("attune.applyValue", {
        uri: doc.uri.toString(),
        study: f!.key,
        trial: best.number,
        name: p.name,
        literal: p.literal.text,
      });
    const front = f?.pareto() ?? [];
    const multi = (meta?.directions?.length ?? 1) > 1;
    if (!best && !multi) links.startUri = commandUri("attune.startTuning", doc.uri.toString());
    const hypervolume = f?.front()?.hypervolume;
    const pareto = multi
      ? {
          ...(hypervolume !== undefined ? { hypervolume } : {}),
          metrics: meta!.directions!.map((d, i) => `${d} ${meta!.metrics?.[i] ?? `objective ${i + 1}`}`),
          trials: front.map((t) => ({
            trial: t.number,
            values: t.values!,
            paramValue: t.params[p.name],
            ...(Object.prototype.hasOwnProperty.call(t.params, p.name)
              ? {
                  applyUri: commandUri("attune.applyValue", {
                    uri: doc.uri.toString(),
                    study: f!.key,
                    trial: t.number,
                    name: p.name,
                    literal: p.literal.text,
                  }),
                }
              : {}),
          })),
        }
      : undefined;
    const md = new vscode.MarkdownString(
      hoverMarkdown(
        p,
        best && meta
          ? {
              trial: best.number,
              value: best.value,
              direction: meta.direction,
              paramValue: best.params[p.name],
              ...(meta.metric ? { metric: meta.metric } : {}),
            }
          : undefined,
        links,
        pareto,
      ),
    );
    md.isTrusted = { enabledCommands: ["attune.applyValue", "attune.startTuning"] };
    md.supportThemeIcons = true;
    return new vscode.Hover(md, toRange(doc, lineSpan(p.literal, p.annotation)));
  }

  private lenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const parsed = annotationsOf(doc);
    if (!isAnnotated(parsed)) return [];
    const first = firstAnnotationOffset(parsed);
    const range = new vscode.Range(doc.positionAt(first).line, 0, doc.positionAt(first).line, 0);
    const f = this.store.forFile(doc.uri);
    const p = f ? progressOf(f, this.launches) : undefined;
    const uri = doc.uri.toString();
    this.lensSync.provided(uri, lensSignature(p));
    const lenses = [
      p?.live
        ? new vscode.CodeLens(range, {
            title: "$(debug-stop) Stop Tuning",
            command: "attune.stop",
            arguments: [{ study: f!.key }],
            tooltip: "Stop the study; it can be resumed",
          })
        : new vscode.CodeLens(range, {
            title: "$(play) Start Tuning",
            command: "attune.startTuning",
            arguments: [uri],
            tooltip: "Choose the algorithm and the number of trials, then run them",
          }),
      new vscode.CodeLens(range, {
        title: bestLensTitle(p),
        command: "attune.openPanel",
        arguments: f ? [{ study: f.key }] : [uri],
        tooltip: "Open the Attune panel",
      }),
    ];
    if (p?.best)
      lenses.push(
        new vscode.CodeLens(range, {
          title: "Apply all",
          command: "attune.applyBest",
          arguments: [{ study: f!.key }],
          tooltip: applyAllTooltip(p.best.number, f!.best()?.params ?? {}),
        }),
      );
    else if (p?.front?.size)
      lenses.push(
        new vscode.CodeLens(range, {
          title: "Apply a trade-off…",
          command: "attune.applyBest",
          arguments: [{ study: f!.key }],
          tooltip: "Choose a trial on the Pareto front and write its values into this file",
        }),
      );
    return lenses;
  }

  /** Context keys for menus: is the active file annotated, and is its study running? */
  private updateContext(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const parsed = doc && doc.uri.scheme === "file" ? annotationsOf(doc) : undefined;
    const annotated = isAnnotated(parsed);
    const running = annotated && !!doc && !!this.store.forFile(doc.uri)?.running;
    this.setContext("attune.annotatedFile", annotated);
    this.setContext("attune.fileRunning", running);
    this.setContext("attune.running", this.store.anyRunning());
  }

  private readonly contextValues = new Map<string, boolean>();
  /** setContext crosses to the renderer: only when a value changes. */
  private setContext(key: string, value: boolean): void {
    if (this.contextValues.get(key) === value) return;
    this.contextValues.set(key, value);
    void vscode.commands.executeCommand("setContext", key, value);
  }
}

function lineSpan(a: SourceRange, b: SourceRange): { start: number; end: number } {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

function firstAnnotationOffset(f: AnnotatedFile): number {
  let first = Infinity;
  for (const p of f.params) first = Math.min(first, p.literal.start, p.annotation.start);
  return Number.isFinite(first) ? first : 0;
}
