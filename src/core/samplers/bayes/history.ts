// Which trials the GP learns from, and with what value. Everything is turned into a minimization.
//   complete, finite value   observed as is
//   pruned with a value      max(its last value, median of the completed): it was judged worse than its rung's
//                            top 1/η, and its last value comes from a smaller budget
//   failed / non-finite      the worst value seen: the region that broke is steered away from
//   running / queued         pending: fantasized at max(posterior mean, median) (model.ts) so parallel asks spread
// Multi-fidelity, BOHB's rule (model the highest fidelity with ≥ dims + 2 results: enough data to say something):
//   report mode   trials that report each step: the fidelity is the step. Every trial that reached step s (pruned
//                 later or complete) is observed at its value there, so trials stopped at a late rung count as data
//                 instead of being lumped with those stopped at the first; trials stopped before s are imputed at
//                 max(their last value, median at s): no better than the median of those that got further.
//   re-run mode   trials carry a budget: only trials at the largest budget with enough completed trials are
//                 modelled; while no budget has that many, all trials are modelled with their values as they are.
import { unitFromParams, type Space } from "../../space";
import type { Direction, Params, Trial } from "../../types";

export interface History {
  /** Params and minimization-oriented values of the modelled trials (imputed ones included). */
  observed: { params: Params; y: number; imputed: boolean }[];
  /** Params of the running/queued trials. */
  pending: Params[];
  /** Number of trials with a real (not imputed) value among `observed`. */
  nReal: number;
  /** The budget (re-run mode) or step (report mode) modelled, when one was selected. */
  budget?: number;
}

export function collectHistory(space: Space, trials: readonly Trial[], direction: Direction): History {
  const sign = direction === "maximize" ? -1 : 1;
  const usable = trials.filter((t) => t.outsideSpace === undefined);
  const pending = usable.filter((t) => t.state === "running" || t.state === "queued").map((t) => t.params);
  const finished = usable.filter((t) => t.state === "complete" || t.state === "pruned" || t.state === "failed");
  const byStep = stepHistory(finished, space.params.length, sign);
  if (byStep) return { ...byStep, pending };
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

/** A trial's learning curve: it reported steps (≥ 2 reports, or a pruned trial stopped at its first). */
function hasCurve(t: Trial): boolean {
  return t.intermediate.length >= 2 || (t.state === "pruned" && t.intermediate.length >= 1);
}

const lastStep = (t: Trial) => t.intermediate[t.intermediate.length - 1][0];

/**
 * Report mode: model the largest step that ≥ dims + 2 finished curves reached, or undefined (nothing was pruned, too
 * few curves, or trials that report no steps: the budget rule applies). A complete trial that ended before that step
 * (the script stopped on its own) is observed at its told value: only the pruner's stops are imputed.
 */
function stepHistory(finished: readonly Trial[], dims: number, sign: number): Omit<History, "pending"> | undefined {
  if (!finished.some((t) => t.state === "pruned" && hasCurve(t))) return undefined;
  const curves = finished.filter((t) => t.state !== "failed" && hasCurve(t));
  if (curves.length < dims + 2) return undefined;
  const reached = curves.map(lastStep).sort((a, b) => b - a);
  const s = reached[dims + 1];
  /** The value at step s: the report that reached it (a complete trial that ended there: its told value). */
  const valueAt = (t: Trial): number | undefined => {
    if (t.state === "complete" && lastStep(t) === s && t.value !== undefined && Number.isFinite(t.value))
      return t.value;
    const e = t.intermediate.find(([step]) => step >= s);
    return e && Number.isFinite(e[1]) ? e[1] : undefined;
  };
  const observed: History["observed"] = [];
  const below: Trial[] = [];
  const failed: Params[] = [];
  for (const t of finished) {
    const ended =
      t.state === "complete" && t.value !== undefined && Number.isFinite(t.value) && (!hasCurve(t) || lastStep(t) < s);
    const v = ended ? t.value : t.state !== "failed" && hasCurve(t) && lastStep(t) >= s ? valueAt(t) : undefined;
    if (v !== undefined) observed.push({ params: t.params, y: sign * v, imputed: false });
    else if (t.state !== "failed" && t.value !== undefined && Number.isFinite(t.value)) below.push(t);
    else failed.push(t.params);
  }
  const nReal = observed.length;
  if (nReal === 0) return undefined;
  const ys = observed.map((o) => o.y);
  const worst = Math.max(...ys);
  const median = quantile(ys, 0.5);
  // Stopped before s: its last value is from fewer steps (usually worse), and it lost a race to those that got on.
  for (const t of below) observed.push({ params: t.params, y: Math.max(sign * t.value!, median), imputed: true });
  for (const params of failed) observed.push({ params, y: worst, imputed: true });
  return { observed, nReal, budget: s };
}

/** The largest budget with ≥ dims + 2 completed trials, or undefined (no budgets, or none with enough). */
function pickBudget(finished: readonly Trial[], dims: number): number | undefined {
  const counts = new Map<number, number>();
  for (const t of finished)
    if (t.budget !== undefined && t.state === "complete" && Number.isFinite(t.value))
      counts.set(t.budget, (counts.get(t.budget) ?? 0) + 1);
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
