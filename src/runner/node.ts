// Which Node.js runs JavaScript and TypeScript trials (docs/trials.md: `node`, or the editor's own runtime where there
// is none). From a terminal that is the node running Attune. Inside VS Code the host's runtime is Electron, which acts
// as node only with ELECTRON_RUN_AS_NODE=1: a real `node` on PATH is preferred (the user's node, for which their native
// modules were built), else the host's own runtime. code-server's host is Node itself, so it is used as it is.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

export interface NodeRuntime {
  path: string;
  /** Extra environment the runtime needs (Electron: ELECTRON_RUN_AS_NODE=1). */
  env: Record<string, string>;
}

export interface RuntimeProbe {
  execPath: string;
  isElectron: boolean;
  pathEnv: string;
  platform: NodeJS.Platform;
  /** Windows executable extensions (PATHEXT). */
  pathExt?: string;
}

/** This process's runtime and PATH. */
export function runtimeProbe(): RuntimeProbe {
  return {
    execPath: process.execPath,
    isElectron: !!process.versions.electron,
    pathEnv: process.env.PATH ?? process.env.Path ?? "",
    platform: process.platform,
    pathExt: process.env.PATHEXT ?? "",
  };
}

/** The host's own runtime as a node: itself, with ELECTRON_RUN_AS_NODE=1 when it is Electron. */
export function ownRuntime(p: Pick<RuntimeProbe, "execPath" | "isElectron"> = runtimeProbe()): NodeRuntime {
  return { path: p.execPath, env: p.isElectron ? { ELECTRON_RUN_AS_NODE: "1" } : {} };
}

/** The node for trials (see the top of this file). */
export function trialNode(p: RuntimeProbe = runtimeProbe()): NodeRuntime {
  if (!p.isElectron) return { path: p.execPath, env: {} };
  const onPath = findOnPath("node", p);
  return onPath ? { path: onPath, env: {} } : ownRuntime(p);
}

/** The first executable file named `name` in the PATH's absolute folders (Windows: with a PATHEXT extension). */
export function findOnPath(
  name: string,
  p: Pick<RuntimeProbe, "pathEnv" | "platform" | "pathExt">,
): string | undefined {
  const win = p.platform === "win32";
  const exts = win ? (p.pathExt || ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean) : [""];
  for (const dir of p.pathEnv.split(win ? ";" : delimiter)) {
    // A relative entry ("", ".") names whatever folder the process happens to be in: not a place to find node.
    if (!dir || !isAbsolute(dir)) continue;
    for (const ext of exts) {
      const file = join(dir, name + ext.toLowerCase());
      if (isExecutableFile(file, win)) return file;
    }
  }
  return undefined;
}

function isExecutableFile(file: string, win: boolean): boolean {
  try {
    if (!statSync(file).isFile()) return false; // a folder named node, or a dangling link
    if (!win) accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
