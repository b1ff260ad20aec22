// Algorithm names (docs/algorithms.md) → a sampler, and for multi-fidelity a pruner and a budget scheduler.
// `bayes` with a budget in the space is BOHB-style: GP proposals, hyperband early stopping.
import { ALGORITHMS, PRUNER_NAMES, type AlgorithmName } from "./algorithmNames";
import type { Budget } from "./space";
import type { Sampler } from "./samplers/sampler";
import type { Pruner } from "./pruners/pruner";
import type { BudgetScheduler } from "./pruners/promotions";
import { RandomSampler } from "./samplers/random";
import { GridSampler } from "./samplers/grid";
import { TpeSampler } from "./samplers/tpe";
import { BayesSampler } from "./samplers/bayes";
import { EvolutionSampler } from "./samplers/evolution";
import { RlSampler } from "./samplers/rl";
import { Nsga2Sampler } from "./samplers/nsga2";
import { createPruner, multiFidelityParts, DEFAULT_ETA } from "./pruners";
import type { SegmentScheduler } from "./segments/scheduler";
import { FreezeThawScheduler } from "./segments/freezeThaw";
import { PbtScheduler } from "./segments/pbt";

export { ALGORITHMS, ALGORITHM_INFO, PRUNER_NAMES, type AlgorithmName } from "./algorithmNames";
/** The algorithms that search several objectives (docs/algorithms.md); `bayes` is the default there too. */
export const MULTI_OBJECTIVE_ALGORITHMS: readonly AlgorithmName[] = ["bayes", "tpe", "nsga2", "random", "grid"];
export const DEFAULT_ALGORITHM: AlgorithmName = "bayes";
/** Algorithms that train in segments and continue trials from their checkpoints. */
export const SEGMENT_ALGORITHMS: readonly AlgorithmName[] = ["freeze-thaw", "pbt"];

/**
 * docs/algorithms.md: freeze-thaw when the file has a budget and its trials checkpoint; bayes (+ hyperband) otherwise.
 */
export function defaultAlgorithm(budget: Budget | undefined, checkpoints: boolean): AlgorithmName {
  return budget && checkpoints ? "freeze-thaw" : DEFAULT_ALGORITHM;
}

export interface AlgorithmParts {
  sampler: Sampler;
  pruner?: Pruner;
  scheduler?: BudgetScheduler;
  segments?: SegmentScheduler;
  /** Something the user should know about the choice (e.g. pruning turned off for several objectives). */
  notice?: string;
}

export interface AlgorithmOptions {
  /** How many objectives the study has (default 1). */
  objectives?: number;
  budget?: Budget;
  /** Halving rate of hyperband/asha. */
  eta?: number;
  /** Override the pruner: "hyperband", "asha", "median" or "none". */
  pruner?: string;
}

export function isAlgorithm(name: string): name is AlgorithmName {
  return (ALGORITHMS as readonly string[]).includes(name);
}

/** The parts of an algorithm. Throws an Error whose message says what to fix. */
export function createAlgorithm(name: string, opts: AlgorithmOptions = {}): AlgorithmParts {
  if (!isAlgorithm(name)) throw new Error(`unknown algorithm "${name}"; choose one of: ${ALGORITHMS.join(", ")}`);
  if (opts.pruner !== undefined && !(PRUNER_NAMES as readonly string[]).includes(opts.pruner)) {
    throw new Error(`unknown pruner "${opts.pruner}"; choose one of: ${PRUNER_NAMES.join(", ")}`);
  }
  if ((name === "hyperband" || name === "asha" || SEGMENT_ALGORITHMS.includes(name)) && !opts.budget) {
    throw new Error(
      `"${name}" needs a budget: mark the epochs (or steps) literal with budget(min, max), e.g. \`epochs = 27  # ` +
        `@tune budget(1, 27)\``,
    );
  }
  if ((opts.objectives ?? 1) > 1) return multiObjectiveParts(name, opts);
  const sampler = createSampler(name);
  if (SEGMENT_ALGORITHMS.includes(name)) {
    // The fallback, should a script turn out to ignore its checkpoint: bayes + hyperband, as without segments.
    const segments = name === "pbt" ? new PbtScheduler() : new FreezeThawScheduler();
    return { sampler, segments, ...multiFidelityParts("hyperband", opts.budget!, opts.eta ?? DEFAULT_ETA) };
  }
  // Early stopping: asked for by name, or implied by the algorithm (hyperband, asha, and bayes on a budget).
  const implied =
    name === "hyperband" || name === "asha" ? name : name === "bayes" && opts.budget ? "hyperband" : undefined;
  const pruner = opts.pruner ?? implied;
  if (!pruner) return { sampler };
  if (pruner !== "hyperband" && pruner !== "asha") {
    const p = createPruner(pruner, opts.budget ? { budget: opts.budget } : {});
    return p ? { sampler, pruner: p } : { sampler };
  }
  if (!opts.budget)
    throw new Error(`the "${pruner}" pruner needs a budget: mark the epochs (or steps) literal with budget(min, max)`);
  return { sampler, ...multiFidelityParts(pruner as "hyperband" | "asha", opts.budget, opts.eta ?? DEFAULT_ETA) };
}

/**
 * Several objectives: no pruner. Stopping a trial early needs a judgement of "worse" at a rung, which a Pareto front
 * does not give (a slow-learning trial may end on the front in a corner no intermediate value predicts), so pruning
 * is off rather than unsound; the notice says so when a pruner or budget asked for it.
 */
function multiObjectiveParts(name: AlgorithmName, opts: AlgorithmOptions): AlgorithmParts {
  if (!MULTI_OBJECTIVE_ALGORITHMS.includes(name))
    throw new Error(
      `"${name}" optimizes one objective; with several objectives use one of: ${MULTI_OBJECTIVE_ALGORITHMS.join(", ")}`,
    );
  const asked = (opts.pruner !== undefined && opts.pruner !== "none") || opts.budget !== undefined;
  return {
    sampler: createSampler(name),
    ...(asked
      ? {
          notice:
            "pruning is off with several objectives: no intermediate value says a trial cannot reach the Pareto " +
            "front, so every trial runs to the end (the budget parameter is set to its max)",
        }
      : {}),
  };
}

function createSampler(name: AlgorithmName): Sampler {
  switch (name) {
    case "bayes":
      return new BayesSampler();
    case "tpe":
      return new TpeSampler();
    case "grid":
      return new GridSampler();
    case "evolution":
      return new EvolutionSampler();
    case "freeze-thaw":
      return new BayesSampler();
    case "rl":
      return new RlSampler();
    case "nsga2":
      return new Nsga2Sampler();
    case "random":
    case "hyperband":
    case "asha":
    case "pbt":
      return new RandomSampler();
  }
}
