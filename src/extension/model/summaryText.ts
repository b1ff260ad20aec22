// One-line summaries of a study for the status bar, the CodeLens and the progress notification. Pure.
import { formatNumber } from "../../core/format";

export interface Progressish {
  name: string;
  done: number;
  running: number;
  target?: number;
  best?: { number: number; value: number };
  metric?: string;
  live: boolean;
}

/** `$(sync~spin) 3/20 · best 0.9312` — short enough for the status bar. */
export function statusBarText(p: Progressish): string {
  const icon = p.live ? "$(sync~spin)" : "$(beaker)";
  const count = p.target ? `${p.done}/${p.target}` : `${p.done} trials`;
  return `${icon} ${count}${p.best ? ` · best ${formatNumber(p.best.value)}` : ""}`;
}

export function statusBarTooltip(p: Progressish): string {
  const lines = [`Attune: ${p.name}`, `${p.done} finished${p.target ? ` of ${p.target}` : ""}, ${p.running} running`];
  if (p.best)
    lines.push(`best ${p.metric ? `${p.metric} ` : ""}${formatNumber(p.best.value)} in trial #${p.best.number}`);
  lines.push(p.live ? "Running — click to open the panel" : "Not running — click to open the panel");
  return lines.join("\n");
}

/** The progress notification's message. */
export function progressMessage(p: Progressish): string {
  const parts = [`${p.done}${p.target ? `/${p.target}` : ""} trials done`];
  if (p.running) parts.push(`${p.running} running`);
  if (p.best) parts.push(`best ${formatNumber(p.best.value)} (#${p.best.number})`);
  return parts.join(" · ");
}

/** The middle CodeLens: what the study found so far. */
export function bestLensTitle(p: Progressish | undefined): string {
  if (!p) return "No trials yet";
  if (!p.best)
    return p.live
      ? `Running: ${p.done}${p.target ? `/${p.target}` : ""} done, no result yet`
      : `${p.done} trial(s), none complete`;
  return (
    `Best so far: ${p.metric ? `${p.metric} ` : ""}${formatNumber(p.best.value)} (#${p.best.number}, ` +
    `${p.done}${p.target ? `/${p.target}` : ""} done)`
  );
}
