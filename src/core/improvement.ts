// "How much better than the values already in the file?", in words, for the CLI summary and the panel's best card.
// Pure (the webview bundles it). Scores in [0, 1] (accuracy, F1, AUC, error rate) differ in percentage points;
// other metrics by the relative change, or the absolute one when the baseline is 0.
import type { Direction } from "./types";

export interface Comparison {
  direction: Direction;
  best: { number: number; value: number };
  baseline: { number: number; value: number };
}

export function improvementText(c: Comparison): string {
  const { direction, best, baseline } = c;
  const at = `(${short(baseline.value)}, trial #${baseline.number})`;
  if (best.number === baseline.number) return `your current values are still the best ${at}`;
  const gain = direction === "maximize" ? best.value - baseline.value : baseline.value - best.value;
  if (gain === 0) return `no better than your current values ${at}`;
  // One decimal, unless that would round a real difference to 0.
  const digits = (x: number): number => (x >= 0.5 ? 1 : x >= 0.005 ? 2 : 4);
  let amount: string;
  if (inUnit(best.value) && inUnit(baseline.value)) {
    const points = 100 * Math.abs(best.value - baseline.value);
    amount = `${points.toFixed(digits(points))} points`;
  } else if (baseline.value !== 0) {
    const pct = (100 * Math.abs(best.value - baseline.value)) / Math.abs(baseline.value);
    amount = `${pct.toFixed(digits(pct))}%`;
  } else amount = short(Math.abs(best.value - baseline.value));
  // Gains read "+1.2 points over" when maximizing and "1.2 points lower than" when minimizing.
  if (gain > 0)
    return direction === "maximize"
      ? `+${amount} over your current values ${at}`
      : `${amount} lower than your current values ${at}`;
  return direction === "maximize"
    ? `${amount} below your current values ${at}`
    : `${amount} higher than your current values ${at}`;
}

function inUnit(x: number): boolean {
  return x >= 0 && x <= 1;
}

function short(x: number): string {
  return String(Number(x.toPrecision(4)));
}
