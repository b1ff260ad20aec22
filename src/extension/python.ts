// Which Python runs `.py` trials: the `attune.pythonPath` setting, else the Python extension's active environment
// (a soft dependency: used when installed, never required), else `python3` on PATH.
import * as vscode from "vscode";
import { readSettings } from "./settings";

export interface PythonChoice {
  path: string;
  source: "setting" | "python-extension" | "default";
}

export async function resolvePython(resource: vscode.Uri, log?: vscode.LogOutputChannel): Promise<PythonChoice> {
  const fromSetting = readSettings(resource).pythonPath;
  if (fromSetting) return { path: fromSetting, source: "setting" };
  try {
    const fromExt = await withTimeout(pythonExtensionInterpreter(resource), 4000);
    if (fromExt) return { path: fromExt, source: "python-extension" };
  } catch (e) {
    log?.warn(`Python extension did not give an interpreter: ${(e as Error)?.message ?? e}`);
  }
  return { path: process.platform === "win32" ? "python" : "python3", source: "default" };
}

async function pythonExtensionInterpreter(resource: vscode.Uri): Promise<string | undefined> {
  if (!vscode.extensions.getExtension("ms-python.python")) return undefined;
  // Loaded only here, so a missing or broken Python extension costs nothing at activation.
  const { PythonExtension } = await import("@vscode/python-extension");
  const api = await PythonExtension.api();
  const envPath = api.environments.getActiveEnvironmentPath(resource);
  const env = await api.environments.resolveEnvironment(envPath);
  return env?.executable.uri?.fsPath ?? (envPath.path || undefined);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);
}
