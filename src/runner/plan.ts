// Decides how a trial is started: which program, which arguments, which runtime helper, which files to write.
// The user's ORIGINAL path is what runs (so tracebacks and breakpoints name the user's lines); the patched text is
// handed to a small runtime helper (Python bootstrap, Node require/loader hook) that serves it for that path.
// Only when `{file}` is data for another program (a YAML config) does a patched copy's path go on the command line.

import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { splitCommand, substitute } from "./argv";
import { findOnPath, runtimeProbe, trialNode } from "./node";

export interface PlanInput {
  file: string;
  patchedSource: string;
  command?: string;
  python: string;
  /** Where this trial's private files go (studyDir/trials/<n>). */
  trialDir: string;
  runtimeDir: string;
}

export interface Plan {
  cmd: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** The patched copy of the user's file (always written, for the record and for the runtime helpers). */
  patchedCopy: string;
  /** TypeScript that must be transpiled (by the caller, with esbuild) before the run; the JS goes to `outFile`. */
  transpile?: { outFile: string; format: "cjs" | "esm" };
}

const PY_EXT = new Set([".py", ".pyw"]);
const JS_EXT = new Set([".js", ".cjs", ".mjs"]);
const TS_EXT = new Set([".ts", ".cts", ".mts", ".tsx"]);

export function planTrial(input: PlanInput): Plan {
  const file = path.resolve(input.file);
  const cwd = path.dirname(file);
  const ext = path.extname(file).toLowerCase();
  const patchedCopy = path.join(input.trialDir, path.basename(file));
  const env: Record<string, string> = {};
  const template = input.command ?? defaultTemplate(ext);
  if (template === undefined) {
    throw new Error(`don't know how to run ${path.basename(file)}; add a line "@tune run: <command> {file}"`);
  }
  const words = splitCommand(template);
  if (words.length === 0) throw new Error("the @tune run: command is empty");
  // A literal mention of the annotated file counts as {file}: `python train.py` in train.py must run the patched text.
  const marked = words.map((w) => (w !== "{file}" && !w.includes("{") && path.resolve(cwd, w) === file ? "{file}" : w));
  // `{node}`, and a bare `node` where there is none on PATH (desktop VS Code): the editor's own runtime.
  const node = trialNode();
  if (marked[0] === "node" && !findOnPath("node", runtimeProbe())) marked[0] = "{node}";
  if (marked[0] === "{node}") Object.assign(env, node.env);
  const values = { python: input.python, node: node.path };

  const program = substitute([marked[0]], values)[0];
  const fileAt = scriptPosition(marked, program);
  let transpile: Plan["transpile"];
  let argv: string[];

  if (fileAt !== undefined && isPython(program) && PY_EXT.has(ext)) {
    const words = substitute(marked, { ...values, file });
    const bootstrap = path.join(input.runtimeDir, "attune_bootstrap.py");
    argv = [...words.slice(0, fileAt), bootstrap, patchedCopy, file, ...words.slice(fileAt + 1)];
  } else if (fileAt !== undefined && isNode(program) && (JS_EXT.has(ext) || TS_EXT.has(ext))) {
    const words = substitute(marked, { ...values, file });
    let served = patchedCopy;
    const esm = ext === ".mjs" || ext === ".mts" || (ext === ".js" && packageType(cwd) === "module");
    if (TS_EXT.has(ext)) {
      served = patchedCopy + ".js";
      transpile = { outFile: served, format: esm ? "esm" : "cjs" };
    }
    env.ATTUNE_RT_ORIGINAL = file;
    env.ATTUNE_RT_PATCHED = served;
    env.ATTUNE_RT_FORMAT = esm ? "module" : "commonjs";
    const hooks = ["--require", path.join(input.runtimeDir, "attune-preload.cjs")];
    if (esm) hooks.push("--import", pathToFileURL(path.join(input.runtimeDir, "attune-register.mjs")).href);
    if (TS_EXT.has(ext)) hooks.push("--enable-source-maps");
    argv = [...words.slice(0, fileAt), ...hooks, ...words.slice(fileAt)];
  } else {
    // `{file}` is an input of some other program: it gets the patched copy. A Python module copied away from its
    // folder still finds its siblings through PYTHONPATH.
    argv = substitute(marked, { ...values, file: patchedCopy });
    if (PY_EXT.has(ext)) env.PYTHONPATH = [cwd, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  }
  const [cmd, ...args] = argv;
  return { cmd, args, cwd, env, patchedCopy, transpile };
}

function defaultTemplate(ext: string): string | undefined {
  if (PY_EXT.has(ext)) return "{python} -u {file}";
  if (JS_EXT.has(ext) || TS_EXT.has(ext)) return "{node} {file}";
  return undefined;
}

/** Interpreter options that take the next word as their value (so it is not the script). */
const PY_VALUE_OPTS = new Set(["-W", "-X", "-Q"]);
const PY_NOT_SCRIPT = new Set(["-m", "-c"]);
const NODE_VALUE_OPTS = new Set([
  "-r",
  "--require",
  "--import",
  "--loader",
  "--experimental-loader",
  "-C",
  "--conditions",
  "--env-file",
  "--title",
]);
const NODE_NOT_SCRIPT = new Set(["-e", "--eval", "-p", "--print", "--test", "--run"]);

/** Index of `{file}` when it is the script the interpreter runs (`python -u {file} --lr 1`), else undefined. */
function scriptPosition(words: string[], program: string): number | undefined {
  const python = isPython(program);
  if (!python && !isNode(program)) return undefined;
  const valueOpts = python ? PY_VALUE_OPTS : NODE_VALUE_OPTS;
  const notScript = python ? PY_NOT_SCRIPT : NODE_NOT_SCRIPT;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === "{file}") return i;
    if (notScript.has(w) || w === "--" || !w.startsWith("-")) return undefined;
    if (valueOpts.has(w)) i++;
  }
  return undefined;
}

function isPython(program: string): boolean {
  return /^python(\d+(\.\d+)*)?(\.exe)?$/i.test(path.basename(program));
}

function isNode(program: string): boolean {
  return /^(node|nodejs)(\.exe)?$/i.test(path.basename(program)) || program === process.execPath;
}

/** The "type" of the nearest package.json: "module" makes .js files ES modules. */
function packageType(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8")) as { type?: unknown };
      return typeof pkg.type === "string" ? pkg.type : "commonjs";
    } catch {
      // no (readable) package.json here: look further up
    }
    if (path.dirname(d) === d) return undefined;
  }
}
