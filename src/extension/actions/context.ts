// What every command handler needs, created once at activation.
import type * as vscode from "vscode";
import type { LaunchRecords } from "../launchRecords";
import type { StatusBar } from "../statusBar";
import type { StudyStore } from "../studyStore";
import type { TrialsTree } from "../trialsTree";

export interface Ctx {
  extension: vscode.ExtensionContext;
  store: StudyStore;
  launches: LaunchRecords;
  log: vscode.LogOutputChannel;
  status: StatusBar;
  tree: TrialsTree;
}
