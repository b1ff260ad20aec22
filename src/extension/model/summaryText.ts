// One-line summaries of a study for the status bar, the CodeLens and the progress notification. Pure.
import { formatNumber, formatParamValue } from "../../core/format";
import type { Params } from "../../core/types";

export interface Progressish {
  name: string;
  /** Finished trials that count toward the target. */
  done: number;
  running: number;
  /** Trials that completed (with constraints, a complete trial may still be infeasible and so never the best). */
  complete?: number;
  target?: number;
  best?: { number: number; value: number };
  metric?: string;
  /** Several objectives: the Pareto front's size and hypervolume (there is no single best then). */
  front?: { size: number; hypervolume: number };
  live: boolean;
}

/** `17 on the Pareto front · hypervolume 3.76`, or that the front is still empty. */
export function frontText(front: { size: number; hypervolume?: number }): string {
  if (front.size === 0) return "none on the Pareto front yet";
  const hv = front.hypervolume !== undefined ? ` · hypervolume ${formatNumber(front.hypervolume)}` : "";
  return `${front.size} on the Pareto front${hv}`;
}

const countOf = (p: Progressish) => `${p.done}${p.target ? `/${p.target}` : ""}`;

/** `$(sync~spin) 3/20 · best 0.9312` — short enough for the status bar. */
export function statusBarText(p: Progressish): string {
  const icon = p.live ? "$(sync~spin)" : "$(beaker)";
  const count = p.target ? countOf(p) : `${p.done} trials`;
  const result = p.front ? ` · ${frontText(p.front)}` : p.best ? ` · best ${formatNumber(p.best.value)}` : "";
  return `${icon} ${count}${result}`;
}

export function statusBarTooltip(p: Progressish): string {
  const lines = [`Attune: ${p.name}`, `${p.done} finished${p.target ? ` of ${p.target}` : ""}, ${p.running} running`];
  if (p.front) lines.push(frontText(p.front));
  else if (p.best)
    lines.push(`best ${p.metric ? `${p.metric} ` : ""}${formatNumber(p.best.value)} in trial #${p.best.number}`);
  lines.push(p.live ? "Running — click to open the panel" : "Not running — click to open the panel");
  return lines.join("\n");
}

/** The progress notification's message. */
export function progressMessage(p: Progressish): string {
  const parts = [`${countOf(p)} trials done`];
  if (p.running) parts.push(`${p.running} running`);
  if (p.front) parts.push(frontText(p.front));
  else if (p.best) parts.push(`best ${formatNumber(p.best.value)} (#${p.best.number})`);
  return parts.join(" · ");
}

/** The middle CodeLens: what the study found so far. */
export function bestLensTitle(p: Progressish | undefined): string {
  if (!p) return "No trials yet";
  if (p.front) {
    if (p.front.size > 0) return `${frontText(p.front)} (${countOf(p)} done)`;
    return p.live
      ? `Running: ${countOf(p)} done, none on the Pareto front yet`
      : `${p.done} trial(s), none on the Pareto front (no feasible complete trial)`;
  }
  if (!p.best) {
    if (p.live) return `Running: ${countOf(p)} done, no result yet`;
    return p.complete ? `${p.done} trial(s), none feasible` : `${p.done} trial(s), none complete`;
  }
  return (
    `Best so far: ${p.metric ? `${p.metric} ` : ""}${formatNumber(p.best.value)} (#${p.best.number}, ` +
    `${countOf(p)} done)`
  );
}

/** The Apply all CodeLens's tooltip: which trial, and the values it writes (lists with their length). */
export function applyAllTooltip(trial: number, params: Params): string {
  const values = Object.entries(params).map(([k, v]) => `${k} = ${formatParamValue(v, { quote: true })}`);
  return `Write trial #${trial}'s values into this file${values.length ? `: ${values.join(", ")}` : ""}`;
}
