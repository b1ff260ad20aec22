// Typed access to the `attune.*` settings.
import * as vscode from "vscode";

export interface AttuneSettings {
  pythonPath: string;
  defaultAlgorithm: string;
  trials: number;
  /** `attune.trials` was set by the user (not only the built-in default): a grid then runs that many. */
  trialsSet: boolean;
  parallel: number;
  gpus: string;
  /** 0: pack trials onto GPUs by their measured memory. */
  trialsPerGpu: number;
  cpuOverflow: boolean;
  timeout: string;
  /** "auto" or a TF.js backend to force (docs/trials.md). */
  tfjsBackend: string;
  /** PostgreSQL URL for studies shared across machines; empty: the journal in .attune/ (or ATTUNE_STORAGE). */
  storage: string;
}

export function readSettings(scope?: vscode.Uri): AttuneSettings {
  const c = vscode.workspace.getConfiguration("attune", scope);
  return {
    pythonPath: c.get<string>("pythonPath", "").trim(),
    defaultAlgorithm: c.get<string>("defaultAlgorithm", "bayes"),
    trials: c.get<number>("trials", 20),
    trialsSet: isSet(c.inspect<number>("trials")),
    parallel: c.get<number>("parallel", 1),
    gpus: c.get<string>("gpus", "auto").trim(),
    trialsPerGpu: c.get<number>("trialsPerGpu", 0),
    cpuOverflow: c.get<boolean>("cpuOverflow", false),
    timeout: c.get<string>("timeout", "").trim(),
    tfjsBackend: c.get<string>("tfjsBackend", "auto").trim(),
    storage: c.get<string>("storage", "").trim() || (process.env.ATTUNE_STORAGE ?? "").trim(),
  };
}

function isSet<T>(i: { globalValue?: T; workspaceValue?: T; workspaceFolderValue?: T } | undefined): boolean {
  return i !== undefined && [i.globalValue, i.workspaceValue, i.workspaceFolderValue].some((v) => v !== undefined);
}
