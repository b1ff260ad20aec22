// The Trials view: studies → trials (state icon, value, duration) → parameters and metrics; a trial that continued
// another's checkpoint (or grew from its weights) is listed under that trial (lineageTree). Updates are throttled
// (the store already coalesces; the tree redraws at most twice a second) and only the studies that changed refresh.
import * as vscode from "vscode";
import { Disposable, throttle } from "./lifecycle";
import type { LaunchRecords } from "./launchRecords";
import { lineageTree, studyLook, trialDetails, trialLook, type LineageTree } from "./model/treeModel";
import type { StudyStore } from "./studyStore";
import { summaryOf } from "./studyProgress";

/** Tree elements double as command arguments from context menus: `{ study, trial }` is what commands accept. */
export type TrialsNode =
  | { kind: "study"; study: string }
  | { kind: "trial"; study: string; trial: number }
  | { kind: "detail"; study: string; trial: number; index: number };

export class TrialsTree extends Disposable implements vscode.TreeDataProvider<TrialsNode> {
  private readonly changed = this.register(new vscode.EventEmitter<TrialsNode | undefined | void>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly versions = new Map<string, number>();
  /** Nodes handed out, so a refresh of one study reuses its element. */
  private readonly studyNodes = new Map<string, TrialsNode & { kind: "study" }>();
  readonly view: vscode.TreeView<TrialsNode>;
  /** Each study's lineage, computed once per version of the study. */
  private readonly lineages = new Map<string, { version: number; tree: LineageTree }>();

  constructor(
    private readonly store: StudyStore,
    private readonly launches: LaunchRecords,
  ) {
    super();
    this.view = this.register(
      vscode.window.createTreeView("attune.trials", { treeDataProvider: this, showCollapseAll: true }),
    );
    const refresh = this.register(throttle(() => this.refreshChanged(), 500));
    this.register(store.onDidChange(refresh));
    this.register(this.view.onDidChangeVisibility((e) => e.visible && this.changed.fire()));
  }

  private refreshChanged(): void {
    if (!this.view.visible) return;
    const all = this.store.all();
    const keys = new Set(all.map((f) => f.key));
    let structural = all.length !== this.studyNodes.size || [...this.studyNodes.keys()].some((k) => !keys.has(k));
    const dirty: TrialsNode[] = [];
    for (const f of all) {
      const v = this.versions.get(f.key);
      if (v === f.version) continue;
      this.versions.set(f.key, f.version);
      const node = this.studyNodes.get(f.key);
      if (node) dirty.push(node);
      else structural = true;
    }
    if (structural) this.changed.fire();
    else for (const n of dirty) this.changed.fire(n);
  }

  getTreeItem(n: TrialsNode): vscode.TreeItem {
    const f = this.store.get(n.study);
    if (!f) return new vscode.TreeItem("(gone)");
    if (n.kind === "study") {
      const look = studyLook(summaryOf(f, this.launches));
      const item = new vscode.TreeItem(look.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `study:${n.study}`;
      return dress(item, look);
    }
    const t = f.state.trials[n.trial];
    if (!t) return new vscode.TreeItem(`#${n.trial}`);
    if (n.kind === "trial") {
      // The front is computed once per change of the study (front() caches it), not once per trial shown.
      const front = f.front();
      const marked = front ? front.pareto.includes(t.number) : f.best()?.number === t.number;
      const look = trialLook(t, marked, Date.now(), !!front, this.lineage(n.study)?.children.get(t.number));
      const item = new vscode.TreeItem(look.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `trial:${n.study}:${n.trial}`;
      return dress(item, look);
    }
    const d = trialDetails(t)[n.index];
    const item = new vscode.TreeItem(d?.label ?? "");
    item.id = `detail:${n.study}:${n.trial}:${n.index}`;
    if (d) {
      item.description = d.description;
      item.iconPath = new vscode.ThemeIcon(d.icon.id);
      if (d.tooltip) item.tooltip = d.tooltip;
    }
    item.contextValue = "detail";
    return item;
  }

  getChildren(n?: TrialsNode): TrialsNode[] {
    if (!n) {
      const all = this.store.all();
      this.studyNodes.clear();
      for (const f of all) {
        this.studyNodes.set(f.key, { kind: "study", study: f.key });
        this.versions.set(f.key, f.version);
      }
      void vscode.commands.executeCommand("setContext", "attune.hasStudies", all.length > 0);
      return [...this.studyNodes.values()];
    }
    const f = this.store.get(n.study);
    if (!f) return [];
    if (n.kind === "study") {
      // Newest first: the running and latest trials are what one watches.
      return (this.lineage(n.study)?.roots ?? []).map((trial) => ({ kind: "trial", study: n.study, trial }));
    }
    if (n.kind === "trial") {
      const t = f.state.trials[n.trial];
      if (!t) return [];
      // The trials that start from this one's checkpoint, then its own parameters and metrics.
      const kids = (this.lineage(n.study)?.children.get(n.trial) ?? []).map((trial): TrialsNode => ({
        kind: "trial",
        study: n.study,
        trial,
      }));
      const details = trialDetails(t).map((_, index): TrialsNode => ({
        kind: "detail",
        study: n.study,
        trial: n.trial,
        index,
      }));
      return [...kids, ...details];
    }
    return [];
  }

  getParent(n: TrialsNode): TrialsNode | undefined {
    if (n.kind === "study") return undefined;
    if (n.kind === "trial") {
      const parent = this.lineage(n.study)?.parent.get(n.trial);
      if (parent !== undefined) return { kind: "trial", study: n.study, trial: parent };
      return this.studyNodes.get(n.study) ?? { kind: "study", study: n.study };
    }
    return { kind: "trial", study: n.study, trial: n.trial };
  }

  private lineage(study: string): LineageTree | undefined {
    const f = this.store.get(study);
    if (!f) return undefined;
    const had = this.lineages.get(study);
    if (had?.version === f.version) return had.tree;
    const tree = lineageTree(f.state.trials);
    this.lineages.set(study, { version: f.version, tree });
    return tree;
  }

  refresh(): void {
    this.store.rescan();
    this.changed.fire();
  }
}

function dress(
  item: vscode.TreeItem,
  look: { description?: string; tooltip: string; icon: { id: string; color?: string }; contextValue: string },
): vscode.TreeItem {
  item.description = look.description;
  item.tooltip = look.tooltip;
  item.iconPath = new vscode.ThemeIcon(
    look.icon.id,
    look.icon.color ? new vscode.ThemeColor(look.icon.color) : undefined,
  );
  item.contextValue = look.contextValue;
  return item;
}
