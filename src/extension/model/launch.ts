// How the extension starts `attune tune` in a process of its own (so closing or reloading the window does not kill
// the study): which arguments. Pure, so the argument list is unit-tested. The runtime is the host's own
// (runner/node.ts: ownRuntime), which always runs the bundle; the CLI then picks the trials' node.

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
  /** Omitted: pack by measured GPU memory. */
  trialsPerGpu?: number;
  /** Run trials that find every GPU full on the CPU instead of waiting. */
  cpuOverflow?: boolean;
  /** A TF.js backend to force; omitted: the fastest present. */
  tfjsBackend?: string;
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
  if (o.trialsPerGpu !== undefined && o.trialsPerGpu >= 1) args.push("--trials-per-gpu", String(o.trialsPerGpu));
  if (o.cpuOverflow) args.push("--cpu-overflow");
  if (o.tfjsBackend && o.tfjsBackend !== "auto") args.push("--tfjs-backend", o.tfjsBackend);
  if (o.storage) args.push("--storage", o.storage);
  return args;
}
