// Pruners by name (docs/algorithms.md): "hyperband", "asha", "median", "curve"; and the re-run scheduler for scripts
// without reports.
import type { FidelityRange } from "./brackets";
import { PRUNER_NAMES } from "../algorithmNames";
import { CurvePruner } from "./curve";
import { MedianPruner, type MedianOptions } from "./median";
import { createBudgetScheduler, type BudgetScheduler } from "./promotions";
import type { Pruner } from "./pruner";
import { AshaPruner, HyperbandPruner } from "./successiveHalving";

export type { Pruner, PruneContext } from "./pruner";
export { MedianPruner } from "./median";
export { AshaPruner, HyperbandPruner } from "./successiveHalving";
export {
  bracketCount,
  bracketOf,
  brackets,
  rungBudgets,
  DEFAULT_ETA,
  type Bracket,
  type Rung,
  type FidelityRange,
} from "./brackets";
export {
  createBudgetScheduler,
  initialBudget,
  nextPromotion,
  type Promotion,
  type PromotionConfig,
} from "./promotions";

export interface PrunerOptions extends MedianOptions {
  /** Required by "asha" and "hyperband": the `budget(min, max)` of the space. */
  budget?: FidelityRange;
  eta?: number;
}

/** A pruner by name; "none" gives undefined. Throws a message that says what to fix. */
export function createPruner(name: string, opts: PrunerOptions = {}): Pruner | undefined {
  switch (name) {
    case "none":
      return undefined;
    case "median":
      return new MedianPruner(opts);
    case "curve":
      return new CurvePruner(opts.budget ? { horizon: opts.budget.max } : {});
    case "asha":
    case "hyperband": {
      if (!opts.budget)
        throw new Error(`the "${name}" pruner needs a budget: annotate the epochs (or steps) with budget(min, max)`);
      const o = { budget: opts.budget, ...(opts.eta !== undefined ? { eta: opts.eta } : {}) };
      return name === "asha" ? new AshaPruner(o) : new HyperbandPruner(o);
    }
    default:
      throw new Error(`unknown pruner "${name}"; choose one of: ${PRUNER_NAMES.join(", ")}`);
  }
}

/**
 * Everything a multi-fidelity algorithm needs, for algorithms.ts: the pruner (scripts that report each epoch) and
 * the re-run scheduler (scripts that report only a final value), sharing one bracket layout so a study that switches
 * mode keeps its trials' brackets.
 */
export function multiFidelityParts(
  name: "hyperband" | "asha",
  budget: FidelityRange,
  eta = 3,
): { pruner: Pruner; scheduler: BudgetScheduler } {
  const range = { min: budget.min, max: budget.max };
  const pruner = name === "asha" ? new AshaPruner({ budget: range, eta }) : new HyperbandPruner({ budget: range, eta });
  return { pruner, scheduler: createBudgetScheduler({ budget: range, eta, algorithm: name }) };
}
