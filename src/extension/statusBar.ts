// `trials done/total · best` for the study that matters now (the active file's, else a running one); opens the panel.
import * as vscode from "vscode";
import { formatNumber } from "../core/format";
import { Disposable } from "./lifecycle";
import type { LaunchRecords } from "./launchRecords";
import type { StudyFollower } from "./model/studyFollower";
import { frontText, statusBarText, statusBarTooltip } from "./model/summaryText";
import type { StudyStore } from "./studyStore";
import { progressOf } from "./studyProgress";

export class StatusBar extends Disposable {
  private readonly item = this.register(
    vscode.window.createStatusBarItem("attune.status", vscode.StatusBarAlignment.Left, 50),
  );
  private lastText = "";

  constructor(
    private readonly store: StudyStore,
    private readonly launches: LaunchRecords,
  ) {
    super();
    this.item.name = "Attune";
    this.register(store.onDidChange(() => this.update()));
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
  }

  /** The study the status bar (and a bare Open Panel) is about. */
  focus(): StudyFollower | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    const mine = doc && doc.uri.scheme === "file" ? this.store.forFile(doc.uri) : undefined;
    if (mine?.state.meta || mine?.running) return mine;
    const all = this.store.all();
    const running = all.find((f) => f.running);
    if (running) return running;
    // Else the study this workspace launched last (the panel may have the focus, or another file).
    let last: StudyFollower | undefined;
    let at = -Infinity;
    for (const f of all) {
      const r = this.launches.get(f.key);
      if (r && r.startedAt > at) {
        at = r.startedAt;
        last = f;
      }
    }
    return last;
  }

  update(): void {
    const f = this.focus();
    if (!f) {
      this.item.hide();
      return;
    }
    const p = progressOf(f, this.launches);
    const text = statusBarText(p);
    if (text !== this.lastText) {
      this.item.text = text;
      this.lastText = text;
    }
    this.item.tooltip = statusBarTooltip(p);
    this.item.command = { title: "Open Attune Panel", command: "attune.openPanel", arguments: [{ study: f.key }] };
    this.item.accessibilityInformation = {
      label:
        `Attune ${p.name}: ${p.done} trials ` +
        `done${p.target ? ` of ${p.target}` : ""}` +
        (p.front ? `, ${frontText(p.front)}` : p.best ? `, best ${formatNumber(p.best.value)}` : ""),
    };
    this.item.show();
  }
}
