// Typed access to the `attune.*` settings.
import * as vscode from "vscode";

export interface AttuneSettings {
  pythonPath: string;
  defaultAlgorithm: string;
  trials: number;
  parallel: number;
  gpus: string;
  trialsPerGpu: number;
  timeout: string;
  /** PostgreSQL URL for studies shared across machines; empty: the journal in .attune/ (or ATTUNE_STORAGE). */
  storage: string;
}

export function readSettings(scope?: vscode.Uri): AttuneSettings {
  const c = vscode.workspace.getConfiguration("attune", scope);
  return {
    pythonPath: c.get<string>("pythonPath", "").trim(),
    defaultAlgorithm: c.get<string>("defaultAlgorithm", "bayes"),
    trials: c.get<number>("trials", 20),
    parallel: c.get<number>("parallel", 1),
    gpus: c.get<string>("gpus", "auto").trim(),
    trialsPerGpu: c.get<number>("trialsPerGpu", 1),
    timeout: c.get<string>("timeout", "").trim(),
    storage: c.get<string>("storage", "").trim() || (process.env.ATTUNE_STORAGE ?? "").trim(),
  };
}
