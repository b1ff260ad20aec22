// Multi-fidelity for scripts that report no intermediate values (docs/algorithms.md): a config runs with its rung's
// budget written into the `budget` literal, and a good one is run again, from scratch, at the next rung's budget.
//
// The schedule is ASHA's (Li et al. 2020), asynchronous: before sampling a new config, the study asks nextPromotion();
// a complete trial is promoted when it is in the top floor(n/η) of the n complete trials at its rung (of its bracket)
// and has not been promoted yet. Nobody waits for a rung to fill, so parallel workers always have work: if nothing
// deserves promotion, a new config starts at its bracket's first rung. Unlike the pruner's rule there is no "best so
// far goes on" fallback below η results: here a promotion costs a whole re-run, so it waits for real evidence.
import { better, type Direction, type Params, type Trial } from "../types";
import { bracketOf, DEFAULT_ETA, rungBudgets, type FidelityRange } from "./brackets";

export interface PromotionConfig {
  budget: FidelityRange;
  eta?: number;
  /** "asha": one bracket (the most aggressive); "hyperband": brackets by trial number. Default "hyperband". */
  algorithm?: "asha" | "hyperband";
}

/** Multi-fidelity scheduling for scripts that report no intermediate values: re-run good configs at larger budgets. */
export interface BudgetScheduler {
  /** The budget a brand-new configuration starts with, and its bracket. */
  initial(trialNumber: number): { budget: number; bracket?: number };
  /**
   * A finished config that deserves the next rung, or undefined. `closing`: no new config may start (`--trials N`
   * reached), so the best so far at each rung goes on, and the best configurations reach the full budget.
   */
  promotion(trials: readonly Trial[], direction: Direction, closing?: boolean): Promotion | undefined;
}

export interface Promotion {
  /** The trial whose params are run again (record it as `attrs.promotedFrom`). */
  from: number;
  params: Params;
  budget: number;
  bracket: number;
}

/** The budget and bracket of a brand-new configuration: its bracket's first rung. */
export function initialBudget(trialNumber: number, cfg: PromotionConfig): { budget: number; bracket: number } {
  const eta = cfg.eta ?? DEFAULT_ETA;
  const bracket = cfg.algorithm === "asha" ? 0 : bracketOf(trialNumber, cfg.budget, eta);
  return { budget: rungBudgets(cfg.budget, eta, bracket)[0], bracket };
}

/** The best pending promotion, deepest rung first (ASHA's order), or undefined: then sample a new config. */
export function nextPromotion(
  trials: readonly Trial[],
  direction: Direction,
  cfg: PromotionConfig,
  closing = false,
): Promotion | undefined {
  const eta = cfg.eta ?? DEFAULT_ETA;
  const ladders = new Map<number, number[]>();
  const ladder = (b: number) => {
    let l = ladders.get(b);
    if (!l) ladders.set(b, (l = rungBudgets(cfg.budget, eta, b)));
    return l;
  };
  const promoted = new Set<number>();
  for (const t of trials) {
    const from = t.attrs?.promotedFrom;
    if (typeof from === "number") promoted.add(from);
  }
  // Complete results by (bracket, rung).
  const groups = new Map<string, { bracket: number; rung: number; trials: Trial[] }>();
  for (const t of trials) {
    if (t.state !== "complete" || t.value === undefined || !Number.isFinite(t.value) || t.budget === undefined)
      continue;
    if (t.outsideSpace !== undefined) continue;
    const bracket = t.bracket ?? (cfg.algorithm === "asha" ? 0 : bracketOf(t.number, cfg.budget, eta));
    let l: number[];
    try {
      l = ladder(bracket);
    } catch {
      continue; // a bracket of another budget range (the annotation changed)
    }
    const rung = l.findIndex((b) => Math.abs(b - t.budget!) <= 1e-9 * Math.max(1, Math.abs(b)));
    if (rung < 0 || rung === l.length - 1) continue;
    const key = `${bracket}/${rung}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { bracket, rung, trials: [] }));
    g.trials.push(t);
  }
  let pick: { t: Trial; bracket: number; budget: number } | undefined;
  for (const g of groups.values()) {
    // Closing: the top ⌈n/η⌉ (at least the best) go on, as no later config will ever make the rung's evidence firmer.
    const keep = closing ? Math.ceil(g.trials.length / eta - 1e-9) : Math.floor(g.trials.length / eta + 1e-9);
    if (keep === 0) continue;
    const ranked = [...g.trials].sort((a, b) =>
      better(direction, a.value!, b.value!) ? -1 : better(direction, b.value!, a.value!) ? 1 : a.number - b.number,
    );
    const cand = ranked.slice(0, keep).find((t) => !promoted.has(t.number));
    if (!cand) continue;
    const budget = ladder(g.bracket)[g.rung + 1];
    const beats =
      !pick ||
      budget > pick.budget ||
      (budget === pick.budget &&
        (g.bracket < pick.bracket || (g.bracket === pick.bracket && better(direction, cand.value!, pick.t.value!))));
    if (beats) pick = { t: cand, bracket: g.bracket, budget };
  }
  return pick && { from: pick.t.number, params: { ...pick.t.params }, budget: pick.budget, bracket: pick.bracket };
}

/** The Study's `BudgetScheduler`, bound to one config. */
export function createBudgetScheduler(cfg: PromotionConfig): BudgetScheduler {
  return {
    initial: (n) => initialBudget(n, cfg),
    promotion: (trials, direction, closing) => nextPromotion(trials, direction, cfg, closing),
  };
}
