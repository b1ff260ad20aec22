// Our side of the LCBench benchmark, through the library API of docs/library.md: createStudy, ask, report each epoch,
// tell. While algorithms.ts does not yet map a name to its sampler and pruner, the study is built with the same public
// `Study` class and the objects themselves (the run says which), never silently with something else.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createStudy, space, Study } from "../../src/index";
import { createAlgorithm } from "../../src/core/algorithms";
import { multiFidelityParts } from "../../src/core/pruners/index";
import { RandomSampler } from "../../src/core/samplers/random";
import type { Sampler } from "../../src/core/samplers/sampler";
import { paramsFromUnit, spaceFromObject, type Param } from "../../src/core/space";
import { Rng } from "../../src/core/rng";
import { LC_SPACE, MAX_EPOCH, type LcBench, type LcConfig } from "./surrogate";

export interface Method {
  /** Column label. */
  label: string;
  /** Algorithm name given to createStudy. */
  algorithm: string;
  /** Pruner name given to createStudy ("hyperband" | "asha" | "curve"), when the algorithm is not itself one. */
  pruner?: "hyperband" | "asha" | "curve";
  /** The sampler and pruner this method means. */
  sampler: "random" | "bayes" | "tpe";
  multiFidelity?: "hyperband" | "asha" | "curve";
  /** Trains in segments (freeze-thaw): the study's own scheduler decides; built by createStudy as it is. */
  segments?: boolean;
}

export const BUDGET = { min: 1, max: MAX_EPOCH };

export function lcSpace(): Record<string, Omit<Param, "name">> {
  const out: Record<string, Omit<Param, "name">> = {};
  for (const [k, p] of Object.entries(LC_SPACE))
    out[k] = p.kind === "int" ? space.int(p.lo, p.hi, { log: p.log }) : space.float(p.lo, p.hi, { log: p.log });
  return out;
}

const SAMPLER_MODULES: Record<string, { file: string; cls: string }> = {
  bayes: { file: "src/core/samplers/bayes/index.ts", cls: "BayesSampler" },
  tpe: { file: "src/core/samplers/tpe/index.ts", cls: "TpeSampler" },
};

async function samplerClass(name: string): Promise<new () => Sampler> {
  if (name === "random") return RandomSampler;
  const where = SAMPLER_MODULES[name];
  // A computed path, so this file type-checks while the module is still being written.
  const mod = (await import(pathToFileURL(resolve(__dirname, "../..", where.file)).href)) as Record<
    string,
    new () => Sampler
  >;
  const Cls = mod[where.cls];
  if (typeof Cls !== "function") throw new Error(`${where.file} exports no ${where.cls}`);
  return Cls;
}

export interface Factory {
  /** How the study is built: the createStudy call, or the objects when algorithms.ts does not map the name yet. */
  via: string;
  make(seed: number): Study;
}

export async function studyFactory(m: Method, eta: number): Promise<Factory> {
  const sp = lcSpace();
  const opts = { budget: { name: "epochs", ...BUDGET }, eta, ...(m.pruner ? { pruner: m.pruner } : {}) };
  const parts = createAlgorithm(m.algorithm, opts);
  const wired =
    parts.sampler.name === m.sampler && (m.segments || (parts.pruner?.name ?? undefined) === m.multiFidelity);
  if (m.segments) {
    return {
      via:
        `createStudy({ algorithm: "${m.algorithm}", budget: { min: 1, max: ${MAX_EPOCH} }, eta: ${eta} }), ` +
        `segments of ask() {from, to}`,
      make: (seed) =>
        createStudy({ space: sp, direction: "maximize", algorithm: m.algorithm, seed, eta, budget: BUDGET }),
    };
  }
  if (wired) {
    const call =
      `createStudy({ algorithm: ` +
      `"${m.algorithm}"${m.pruner ? `, pruner: "${m.pruner}"` : ""}${m.multiFidelity ? `, budget: { min: 1, max: ${MAX_EPOCH} }, eta: ${eta}` : ""} })`;
    return {
      via: call,
      make: (seed) =>
        createStudy({
          space: sp,
          direction: "maximize",
          algorithm: m.algorithm,
          seed,
          eta,
          ...(m.pruner ? { pruner: m.pruner } : {}),
          ...(m.multiFidelity ? { budget: BUDGET } : {}),
        }),
    };
  }
  const Cls = await samplerClass(m.sampler);
  const probe = new Cls();
  const mf =
    m.multiFidelity && m.multiFidelity !== "curve" ? multiFidelityParts(m.multiFidelity, BUDGET, eta) : undefined;
  const got = `${parts.sampler.name}${parts.pruner ? ` + ${parts.pruner.name}` : ""}`;
  return {
    via:
      `new Study({ sampler: new ` +
      `${probe.constructor.name}()${
        mf ? `, pruner: multiFidelityParts("${m.multiFidelity}", {1, ${MAX_EPOCH}}, ` + `${eta}).pruner` : ""
      } }) — algorithms.ts gives "${got}" for this today`,
    make: (seed) =>
      new Study({
        name: "lcbench",
        space: spaceFromObject(sp, mf ? { name: "epochs", ...BUDGET } : undefined),
        direction: "maximize",
        algorithm: m.algorithm,
        seed,
        sampler: new Cls(),
        ...(mf ? { pruner: mf.pruner } : {}),
      }),
  };
}

export function toConfig(p: Record<string, unknown>): LcConfig {
  return p as unknown as LcConfig;
}

/** `n` configs drawn uniformly from the space (on its log scales), from a named seed. */
export function randomConfigs(n: number, seed: string): LcConfig[] {
  const sp = spaceFromObject(lcSpace());
  const rng = new Rng(seed);
  return Array.from({ length: n }, () =>
    toConfig(
      paramsFromUnit(
        sp,
        sp.params.map(() => rng.random()),
      ),
    ),
  );
}

/** The value after `--name` on the command line (undefined when the flag is absent): the LCBench scripts' options. */
export function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Geometric mean: how the benchmark averages speed-ups over seeds and tasks. */
export function geo(xs: readonly number[]): number {
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

export interface RunOutcome {
  /** Epochs spent until a full-budget trial reached the target (undefined: not within the cap). */
  epochsToTarget?: number;
  epochs: number;
  trials: number;
  /** Trials that ran to the full budget. */
  full: number;
  /** Best full-budget value seen. */
  best: number;
  /** Time spent in ask() (ms, total). */
  askMs: number;
}

/**
 * One run: ask, train (read the surrogate's curve) epoch by epoch with report(), stop on "prune", tell the last value.
 * Ends when a trial that ran the full budget reaches `target`, or when `cap` epochs are spent.
 */
export async function runStudy(
  bench: LcBench,
  task: string,
  study: Study,
  target: number,
  cap: number,
): Promise<RunOutcome> {
  let epochs = 0;
  let trials = 0;
  let full = 0;
  let best = -Infinity;
  let askMs = 0;
  while (epochs < cap) {
    const t0 = performance.now();
    const t = study.ask();
    askMs += performance.now() - t0;
    if (!t) throw new Error("the study proposed nothing");
    trials++;
    const curve = await bench.curve(task, toConfig(t.params));
    const budget = t.to ?? t.budget ?? MAX_EPOCH;
    let last = NaN;
    let stopped = false;
    // A segment (freeze-thaw) continues its trial from step `from`: those epochs were paid for before.
    for (let e = (t.from ?? 0) + 1; e <= budget; e++) {
      epochs++;
      last = curve[e - 1];
      if (study.report(t.number, e, last) === "prune") {
        stopped = true;
        break;
      }
    }
    study.tell(t.number, last);
    if (!stopped && budget === MAX_EPOCH) {
      full++;
      if (last > best) best = last;
      if (last >= target) return { epochsToTarget: epochs, epochs, trials, full, best, askMs };
    }
  }
  return { epochs, trials, full, best, askMs };
}
