// The one list of search algorithm and pruner names, each algorithm with a one-line description that is true of
// createAlgorithm (algorithms.ts). The annotation parser, the CLI, the Start Tuning quick pick and the
// `attune.defaultAlgorithm` setting all read it (package.json is checked against it by algorithm-names.test.ts).
// It imports nothing, so the parser can use it without loading the samplers (docs/algorithms.md).

const INFO = [
  {
    name: "bayes",
    detail: "Gaussian-process Bayesian optimization (default): few, expensive trials; BOHB-style with a budget",
  },
  { name: "tpe", detail: "Tree-structured Parzen estimator: many parameters, conditionals" },
  { name: "random", detail: "Random search: a baseline, embarrassingly parallel" },
  { name: "grid", detail: "Every combination (float ranges need a step)" },
  {
    name: "hyperband",
    detail: "Random configurations on small budgets, the best given more (needs a budget parameter)",
  },
  {
    name: "asha",
    detail: "Asynchronous successive halving: hyperband with one bracket, for parallel trials (needs a budget)",
  },
  {
    name: "evolution",
    detail: "Regularized evolution: mutates one parameter of a good recent trial, list lengths included",
  },
  { name: "rl", detail: "REINFORCE controller (Zoph & Le): architecture search over list(...) and choices" },
  {
    name: "freeze-thaw",
    detail: "Trains in segments, resuming the trials whose predicted curves look best (needs a budget and checkpoints)",
  },
  {
    name: "pbt",
    detail:
      "Population-based training: weak members restart from strong ones' checkpoints (needs a budget and checkpoints)",
  },
  { name: "nsga2", detail: "NSGA-II genetic algorithm for several objectives and constraints" },
] as const satisfies readonly { name: string; detail: string }[];

export type AlgorithmName = (typeof INFO)[number]["name"];
export const ALGORITHM_INFO: readonly { readonly name: string; readonly detail: string }[] = INFO;
export const ALGORITHMS: readonly AlgorithmName[] = INFO.map((a) => a.name);

/** `--pruner` and the library's `pruner` option; "none" turns early stopping off. */
export const PRUNER_NAMES = ["hyperband", "asha", "median", "curve", "none"] as const;
export type PrunerChoice = (typeof PRUNER_NAMES)[number];
