// How the extension starts `attune tune` in a process of its own (so closing or reloading the window does not kill
// the study): which node binary, which arguments. Pure, so the argument list is unit-tested.
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export interface LaunchOptions {
  file: string;
  study: string;
  algorithm: string;
  trials: number;
  parallel: number;
  python?: string;
  seed?: number;
  timeout?: string;
  /** "auto" (omit), "none", or a list like "0,1". */
  gpus?: string;
  trialsPerGpu?: number;
  /** A PostgreSQL URL (the attune.storage setting): the study lives there, shared with other machines. */
  storage?: string;
}

export function tuneArgs(cliPath: string, o: LaunchOptions): string[] {
  const args = [
    cliPath,
    "tune",
    o.file,
    "--study",
    o.study,
    "--algorithm",
    o.algorithm,
    "--trials",
    String(o.trials),
    "--parallel",
    String(o.parallel),
  ];
  if (o.python) args.push("--python", o.python);
  if (o.seed !== undefined) args.push("--seed", String(o.seed));
  if (o.timeout) args.push("--timeout", o.timeout);
  if (o.gpus && o.gpus !== "auto") args.push("--gpus", o.gpus);
  if (o.trialsPerGpu !== undefined && o.trialsPerGpu > 1) args.push("--trials-per-gpu", String(o.trialsPerGpu));
  if (o.storage) args.push("--storage", o.storage);
  return args;
}

export interface NodeBinary {
  path: string;
  /** Extra environment: Electron needs ELECTRON_RUN_AS_NODE to behave as node. */
  env: Record<string, string>;
}

/**
 * A node to run the CLI with. Inside VS Code `process.execPath` is Electron: prefer a real `node` on PATH (JS trials
 * then get the same node), else run Electron as node.
 */
export function findNode(
  execPath: string,
  isElectron: boolean,
  pathEnv = process.env.PATH ?? "",
  platform = process.platform,
): NodeBinary {
  if (!isElectron) return { path: execPath, env: {} };
  const exe = platform === "win32" ? "node.exe" : "node";
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, exe);
    if (existsSync(p)) return { path: p, env: {} };
  }
  return { path: execPath, env: { ELECTRON_RUN_AS_NODE: "1" } };
}
