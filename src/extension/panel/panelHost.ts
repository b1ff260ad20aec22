// The Attune panel: a WebviewPanel showing one study. The webview says `ready`, the host answers with a full
// snapshot, then sends deltas at most 4 times a second while it is visible, and a fresh snapshot whenever it becomes
// visible again (a hidden webview drops messages). Everything the webview sends is validated before use.
import { existsSync } from "node:fs";
import * as vscode from "vscode";
import { parseMessage, WEBVIEW_TO_HOST, type HostMessage, type WebviewMessage } from "../../protocol/messages";
import type { LaunchRecords } from "../launchRecords";
import { Disposable, throttle } from "../lifecycle";
import { autoFolder, ModelSearchReader } from "../model/modelSearch";
import { PanelFeed, type FeedInput } from "../model/panelFeed";
import type { StudyStore } from "../studyStore";
import { makeNonce, panelHtml } from "./html";

export const PANEL_VIEW_TYPE = "attune.panel";
const UPDATE_MS = 250;

export interface PanelDeps {
  extensionUri: vscode.Uri;
  store: StudyStore;
  launches: LaunchRecords;
  log: vscode.LogOutputChannel;
}

export class PanelHost extends Disposable {
  private static current: PanelHost | undefined;
  private readonly feed = new PanelFeed();
  private readonly modelSearch = new ModelSearchReader();
  private key: string | undefined;

  /** Show the panel on `key` (or keep its study), creating it when needed. */
  static show(deps: PanelDeps, key: string | undefined, preserveFocus = false): PanelHost {
    const cur = PanelHost.current;
    if (cur) {
      if (key !== undefined) cur.setStudy(key);
      cur.panel.reveal(undefined, preserveFocus);
      return cur;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      "Attune",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      webviewOptions(deps.extensionUri),
    );
    return (PanelHost.current = new PanelHost(panel, deps, key));
  }

  /** Bring back a panel VS Code restored after a reload, on the study its state names. */
  static revive(panel: vscode.WebviewPanel, deps: PanelDeps, state: unknown): PanelHost {
    PanelHost.current?.dispose();
    panel.webview.options = webviewOptions(deps.extensionUri);
    const key =
      typeof state === "object" && state !== null && typeof (state as { studyKey?: unknown }).studyKey === "string"
        ? (state as { studyKey: string }).studyKey
        : undefined;
    return (PanelHost.current = new PanelHost(panel, deps, key));
  }

  static get active(): PanelHost | undefined {
    return PanelHost.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
    key: string | undefined,
  ) {
    super();
    this.key = key ?? deps.store.all().find((f) => f.running)?.key ?? deps.store.all()[0]?.key;
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, "media", "attune.svg");
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    this.register(
      panel.onDidChangeViewState((e) => {
        // Hidden webviews lose messages (their context is not retained): resync with a snapshot when shown.
        if (e.webviewPanel.visible) this.post(this.feed.snapshot(this.input()));
        else this.feed.invalidate();
      }),
    );
    const update = this.register(throttle(() => this.push(), UPDATE_MS));
    this.register(deps.store.onDidChange(update));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.push()));
    this.register({ dispose: () => PanelHost.current === this && (PanelHost.current = undefined) });
    panel.webview.html = this.html();
    this.updateTitle();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
  }

  get studyKey(): string | undefined {
    return this.key;
  }

  setStudy(key: string): void {
    if (key === this.key) return;
    this.key = key;
    this.updateTitle();
    this.post(this.feed.snapshot(this.input()));
  }

  private updateTitle(): void {
    const f = this.key ? this.deps.store.get(this.key) : undefined;
    this.panel.title = f ? `Attune: ${f.name}` : "Attune";
  }

  private input(): FeedInput {
    const f = this.key ? this.deps.store.get(this.key) : undefined;
    const file = f?.state.meta?.file;
    const modelSearch = this.modelSearch.read(file);
    return {
      key: this.key,
      name: f?.name ?? "",
      state: f?.state,
      running: f?.running ?? false,
      ...(f && this.deps.launches.get(f.key) ? { target: this.deps.launches.get(f.key)!.trials } : {}),
      trusted: vscode.workspace.isTrusted,
      canApply: !!file && existsSync(file),
      ...(modelSearch ? { modelSearch } : {}),
    };
  }

  private push(): void {
    if (!this.panel.visible) {
      this.feed.invalidate();
      return;
    }
    const m = this.feed.next(this.input());
    if (m) this.post(m);
  }

  private post(m: HostMessage): void {
    void this.panel.webview.postMessage(m).then(
      (delivered) => delivered || this.feed.invalidate(),
      () => this.feed.invalidate(),
    );
  }

  private receive(raw: unknown): void {
    const r = parseMessage(raw, WEBVIEW_TO_HOST);
    if (!r.ok) {
      this.deps.log.warn(`panel: ignored a malformed message: ${r.error}`);
      return;
    }
    void this.handle(r.message).catch((e: unknown) =>
      this.deps.log.error(`panel: ${r.message.method} failed: ${(e as Error)?.message ?? e}`),
    );
  }

  private async handle(m: WebviewMessage): Promise<void> {
    const study = this.key;
    if (m.method === "ready") {
      this.post(this.feed.snapshot(this.input()));
      return;
    }
    if (!study) return;
    const exec = (cmd: string, arg: object) => vscode.commands.executeCommand(cmd, { study, ...arg });
    switch (m.method) {
      case "applyTrial":
        await exec("attune.applyTrial", { trial: m.params.trial });
        return;
      case "stopTrial":
        await exec("attune.stopTrial", { trial: m.params.trial });
        return;
      case "stopStudy":
        await exec("attune.stop", {});
        return;
      case "showTrialLog":
        await exec("attune.showTrialLog", { trial: m.params.trial });
        return;
      case "exportResults":
        await exec("attune.exportResults", { format: m.params.format });
        return;
      case "rerunTrial":
        await exec("attune.rerunTrial", { trial: m.params.trial });
        return;
      case "openTrainScript":
        return this.openTrainScript();
    }
  }

  /** The shown model search's own train.ts: the study's file, never a path from the webview, and only for a study
   * that `attune auto` made. */
  private async openTrainScript(): Promise<void> {
    const f = this.key ? this.deps.store.get(this.key) : undefined;
    const file = f?.state.meta?.file;
    if (!file || !autoFolder(file) || !this.modelSearch.read(file)) {
      this.deps.log.warn("panel: Open train.ts for a study that is not a model search; ignored");
      return;
    }
    if (!existsSync(file)) {
      void vscode.window.showWarningMessage(`Attune: ${file} is no longer there.`);
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.One });
  }

  private html(): string {
    const root = vscode.Uri.joinPath(this.deps.extensionUri, "dist", "webview");
    const script = vscode.Uri.joinPath(root, "webview.js");
    const style = vscode.Uri.joinPath(root, "webview.css");
    const w = this.panel.webview;
    if (!existsSync(script.fsPath)) {
      this.deps.log.error(`panel: ${script.fsPath} is missing; run "npm run build"`);
    }
    return panelHtml({
      cspSource: w.cspSource,
      nonce: makeNonce(),
      scriptUri: w.asWebviewUri(script).toString(),
      ...(existsSync(style.fsPath) ? { styleUri: w.asWebviewUri(style).toString() } : {}),
      title: "Attune trials",
    });
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist", "webview")],
    retainContextWhenHidden: false,
  };
}

/** Restores the panel after a window reload (registered at activation; the panel code loads only when needed). */
export function panelSerializer(deps: PanelDeps): vscode.WebviewPanelSerializer {
  return {
    async deserializeWebviewPanel(panel, state) {
      PanelHost.revive(panel, deps, state);
    },
  };
}
