// Entry point. Activation only wires things up (≤ 50 ms): commands, the Trials view, editor features, the status
// bar and the panel serializer. The panel host, the launcher (with the run loop) and the exporters load on first use;
// studies on disk are read shortly after activation, off the activation path.
import * as vscode from "vscode";
import { applyBest, applyTrial, applyValue } from "./actions/apply";
import type { Ctx } from "./actions/context";
import { onRunnerDied, rerunTrial, resume, startTuning, stop, stopTrial } from "./actions/run";
import { searchModel } from "./actions/searchModel";
import { exportResults, openPanel, showTrialLog } from "./actions/view";
import { recordActivation, startLoopMonitor } from "./diagnostics/loopMonitor";
import { EditorFeatures } from "./editorFeatures";
import { LaunchRecords } from "./launchRecords";
import { panelModule } from "./lazy";
import { StatusBar } from "./statusBar";
import { StudyStore } from "./studyStore";
import { TrialsTree } from "./trialsTree";

const PANEL_VIEW_TYPE = "attune.panel";

export function activate(context: vscode.ExtensionContext): void {
  const t0 = performance.now();
  // Off unless ATTUNE_LOOP_MONITOR names a file (bench/extension): then the host's event loop is sampled.
  context.subscriptions.push(startLoopMonitor());
  const log = vscode.window.createOutputChannel("Attune", { log: true });
  context.subscriptions.push(log);
  const store = new StudyStore(log);
  const launches = new LaunchRecords(context.workspaceState);
  const tree = new TrialsTree(store, launches);
  const status = new StatusBar(store, launches);
  context.subscriptions.push(store, tree, status, new EditorFeatures(store, launches));
  const ctx: Ctx = { extension: context, store, launches, log, status, tree };
  context.subscriptions.push(store.onRunnerDied((d) => onRunnerDied(ctx, d)));

  const commands: Record<string, (ctx: Ctx, arg: unknown) => unknown> = {
    "attune.startTuning": startTuning,
    "attune.searchModel": searchModel,
    "attune.stop": stop,
    "attune.stopTrial": stopTrial,
    "attune.resume": resume,
    "attune.applyBest": applyBest,
    "attune.applyTrial": applyTrial,
    "attune.applyValue": applyValue,
    "attune.rerunTrial": rerunTrial,
    "attune.openPanel": openPanel,
    "attune.showTrialLog": showTrialLog,
    "attune.exportResults": exportResults,
    "attune.refresh": () => tree.refresh(),
    "attune.showLog": () => log.show(),
  };
  for (const [id, run] of Object.entries(commands))
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (arg: unknown) => {
        try {
          await run(ctx, arg);
        } catch (e) {
          log.error(`${id} failed: ${(e as Error)?.stack ?? e}`);
          void vscode.window
            .showErrorMessage(`Attune: ${id.replace("attune.", "")} failed: ${(e as Error)?.message ?? e}`, "Show Log")
            .then((p) => p && log.show());
        }
      }),
    );

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        panelModule().PanelHost.revive(panel, { extensionUri: context.extensionUri, store, launches, log }, state);
      },
    }),
  );

  // Read the studies on disk (and re-attach to running ones) once the window has settled.
  const settle = setTimeout(() => {
    store.start();
    status.update();
  }, 300);
  context.subscriptions.push({ dispose: () => clearTimeout(settle) });
  log.info(`activated in ${(performance.now() - t0).toFixed(1)} ms`);
  recordActivation(t0);
}

export function deactivate(): void {
  // Studies run in processes of their own and keep running; everything else hangs off context.subscriptions.
}
