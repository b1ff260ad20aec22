// Which trials the GP learns from, and with what value. Everything is turned into a minimization.
//   complete, finite value   observed as is
//   pruned with a value      max(its last value, median of the completed): it was judged worse than its rung's
//                            top 1/η, and its last value comes from a smaller budget
//   failed / non-finite      the worst value seen: the region that broke is steered away from
//   running / queued         pending: fantasized at max(posterior mean, median) (model.ts) so parallel asks spread
// Multi-fidelity (trial.budget set): only trials at the largest budget that has ≥ dims + 2 completed trials are
// modelled (BOHB's rule: the highest fidelity with enough data to say something); while no budget has that many,
// all trials are modelled with their values as they are, since a poor low-budget result is still evidence.
import { unitFromParams, type Space } from "../../space";
import type { Direction, Params, Trial } from "../../types";

export interface History {
  /** Params and minimization-oriented values of the modelled trials (imputed ones included). */
  observed: { params: Params; y: number; imputed: boolean }[];
  /** Params of the running/queued trials. */
  pending: Params[];
  /** Number of trials with a real (not imputed) value among `observed`. */
  nReal: number;
  /** The budget modelled, when one was selected. */
  budget?: number;
}

export function collectHistory(space: Space, trials: readonly Trial[], direction: Direction): History {
  const sign = direction === "maximize" ? -1 : 1;
  const usable = trials.filter((t) => t.outsideSpace === undefined);
  const pending = usable.filter((t) => t.state === "running" || t.state === "queued").map((t) => t.params);
  const finished = usable.filter((t) => t.state === "complete" || t.state === "pruned" || t.state === "failed");
  const budget = pickBudget(finished, space.params.length);
  const inScope = budget === undefined ? finished : finished.filter((t) => t.budget === budget);

  const completeVals = inScope
    .filter((t) => t.state === "complete" && Number.isFinite(t.value))
    .map((t) => sign * (t.value as number));
  const median = completeVals.length ? quantile(completeVals, 0.5) : undefined;

  const observed: History["observed"] = [];
  const failed: Params[] = [];
  for (const t of inScope) {
    const v = t.value !== undefined && Number.isFinite(t.value) ? sign * t.value : undefined;
    if (t.state === "complete" && v !== undefined) observed.push({ params: t.params, y: v, imputed: false });
    else if (t.state === "pruned" && v !== undefined)
      observed.push({ params: t.params, y: median === undefined ? v : Math.max(v, median), imputed: false });
    else failed.push(t.params);
  }
  const nReal = observed.length;
  if (nReal > 0 && failed.length) {
    const worst = Math.max(...observed.map((o) => o.y));
    for (const params of failed) observed.push({ params, y: worst, imputed: true });
  }
  return { observed, pending, nReal, ...(budget !== undefined ? { budget } : {}) };
}

/** The largest budget with ≥ dims + 2 completed trials, or undefined (no budgets, or none with enough). */
function pickBudget(finished: readonly Trial[], dims: number): number | undefined {
  const counts = new Map<number, number>();
  for (const t of finished)
    if (t.budget !== undefined && t.state === "complete" && Number.isFinite(t.value)) counts.set(t.budget, (counts.get(t.budget) ?? 0) + 1);
  let best: number | undefined;
  for (const [b, c] of counts) if (c >= dims + 2 && (best === undefined || b > best)) best = b;
  // Only narrow the history when some trials ran at another budget; otherwise every trial is in scope anyway.
  return best !== undefined && counts.size > 1 ? best : undefined;
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (pos - lo) * (s[hi] - s[lo]);
}

/** Unit vectors of the best observed trials (best first), for local candidates around them. */
export function bestUnits(space: Space, h: History, k: number): number[][] {
  return h.observed
    .filter((o) => !o.imputed)
    .sort((a, b) => a.y - b.y)
    .slice(0, k)
    .map((o) => unitFromParams(space, o.params));
}
