// Algorithm names (SPEC §4) → a sampler, and for multi-fidelity a pruner and a budget scheduler.
import type { Budget } from "./space";
import type { Sampler } from "./samplers/sampler";
import type { Pruner } from "./pruners/pruner";
import type { BudgetScheduler } from "./study";
import { RandomSampler } from "./samplers/random";

export const ALGORITHMS = ["bayes", "tpe", "random", "grid", "hyperband", "asha", "evolution"] as const;
export type AlgorithmName = (typeof ALGORITHMS)[number];
export const DEFAULT_ALGORITHM: AlgorithmName = "bayes";

export interface AlgorithmParts {
  sampler: Sampler;
  pruner?: Pruner;
  scheduler?: BudgetScheduler;
}

export interface AlgorithmOptions {
  budget?: Budget;
  /** Halving rate of hyperband/asha. */
  eta?: number;
  /** Override the pruner: a name ("hyperband", "asha", "median", "none"). */
  pruner?: string;
}

export function isAlgorithm(name: string): name is AlgorithmName {
  return (ALGORITHMS as readonly string[]).includes(name);
}

export function createAlgorithm(name: string, opts: AlgorithmOptions = {}): AlgorithmParts {
  if (!isAlgorithm(name)) throw new Error(`unknown algorithm "${name}"; choose one of: ${ALGORITHMS.join(", ")}`);
  const sampler = createSampler(name);
  return { sampler };
}

function createSampler(name: AlgorithmName): Sampler {
  switch (name) {
    default:
      return new RandomSampler();
  }
}
