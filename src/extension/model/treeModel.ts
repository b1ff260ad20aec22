// What the Trials tree shows for a study, a trial and a trial's details: labels, descriptions, tooltips, icons and
// the `contextValue`s that package.json's menus match on (keep them in sync). Pure, so it is unit-tested.
import { isBaseline } from "../../core/baseline";
import { lineageOf, lineageText } from "../../core/lineage";
import { currentForecast, pauseText } from "../../core/pauses";
import type { Constraint, Direction, Trial, TrialState } from "../../core/types";
import { countsTowardTrials, durationSeconds } from "../../core/types";
import { constraintsText, formatDuration, formatNumber, formatParamValue, objectivesText } from "../../core/format";
import { frontText } from "./summaryText";

export interface ItemLook {
  label: string;
  description?: string;
  tooltip: string;
  /** Codicon id and optional theme colour id. */
  icon: { id: string; color?: string };
  contextValue: string;
}

export interface StudySummary {
  name: string;
  direction?: Direction;
  metric?: string;
  algorithm?: string;
  running: boolean;
  trials: readonly Trial[];
  best?: { number: number; value: number };
  /** Several objectives: their directions and metric names. */
  directions?: Direction[];
  metrics?: string[];
  constraints?: Constraint[];
  /** Several objectives: the Pareto trials (then there is no single best) and the front's hypervolume. */
  pareto?: number[];
  hypervolume?: number;
  /** Trials the running study aims for, when known. */
  target?: number;
}

/** Finished trials that count toward the target (interrupted ones are run again, so they do not). */
export function countDone(trials: readonly Trial[]): number {
  return trials.filter(countsTowardTrials).length;
}

export function studyLook(s: StudySummary): ItemLook {
  const done = countDone(s.trials);
  const running = s.trials.filter((t) => t.state === "running").length;
  const parts = [`${done}${s.target ? `/${s.target}` : ""} trials`];
  if (running) parts.push(`${running} running`);
  if (s.best) parts.push(`best ${formatNumber(s.best.value)}`);
  if (s.pareto)
    parts.push(
      frontText({ size: s.pareto.length, ...(s.hypervolume !== undefined ? { hypervolume: s.hypervolume } : {}) }),
    );
  const objective = s.direction
    ? objectivesText({
        direction: s.direction,
        metric: s.metric ?? "objective",
        directions: s.directions,
        metrics: s.metrics,
      })
    : "no study record yet";
  const constraints = constraintsText(s.constraints);
  return {
    label: s.name,
    description: parts.join(" · "),
    tooltip: [
      `Study ${s.name}`,
      objective + (s.algorithm ? ` with ${s.algorithm}` : "") + (constraints ? `, subject to ${constraints}` : ""),
      `${done} finished, ${running} ` +
        `running${s.best ? `; best #${s.best.number} = ${formatNumber(s.best.value)}` : ""}` +
        (s.pareto ? `; Pareto trials: ${s.pareto.map((n) => `#${n}`).join(", ") || "none yet"}` : ""),
      s.running ? "Running" : "Not running",
    ].join("\n"),
    icon: s.running ? { id: "sync~spin" } : { id: "beaker" },
    contextValue: s.running ? "study.running" : "study.idle",
  };
}

const STATE_ICON: Record<TrialState, { id: string; color?: string }> = {
  queued: { id: "circle-large-outline" },
  running: { id: "loading~spin" },
  paused: { id: "debug-pause", color: "charts.yellow" },
  complete: { id: "pass", color: "testing.iconPassed" },
  pruned: { id: "debug-step-out", color: "disabledForeground" },
  failed: { id: "error", color: "testing.iconFailed" },
};

/**
 * `isBest`: the best trial, or (several objectives) a trial on the Pareto front; `offspring`: the trials that
 * continued its checkpoint or grew from it (its children in the tree, see lineageTree).
 */
export function trialLook(
  t: Trial,
  isBest: boolean,
  now = Date.now(),
  pareto = false,
  offspring: readonly number[] = [],
): ItemLook {
  const d =
    t.startedAt !== undefined
      ? ((t.finishedAt ?? (t.state === "running" ? now : t.startedAt)) - t.startedAt) / 1000
      : undefined;
  const value = t.values
    ? t.values.map((v) => formatNumber(v)).join(", ")
    : t.value !== undefined
      ? formatNumber(t.value)
      : t.intermediate.length
        ? `${formatNumber(t.intermediate[t.intermediate.length - 1][1])} ` +
          `@${t.intermediate[t.intermediate.length - 1][0]}`
        : undefined;
  const desc = [
    t.state,
    value,
    forecastShort(t),
    d !== undefined ? formatDuration(d) : undefined,
    lineageShort(t),
    offspring.length ? `${offspring.length} from it` : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  const base = isBaseline(t);
  const tip = [`Trial #${t.number}: ${t.state}${isBest ? (pareto ? " (on the Pareto front)" : " (best)") : ""}`];
  if (base) tip.push("baseline: the values written in the file");
  if (t.value !== undefined) tip.push(`value ${formatNumber(t.value)}`);
  if (t.values) tip.push(`values ${t.values.map((v) => formatNumber(v)).join(", ")}`);
  if (t.constraints?.some((g) => g > 0)) tip.push("infeasible: breaks a constraint");
  if (t.intermediate.length) tip.push(`${t.intermediate.length} intermediate value(s)`);
  if (t.budget !== undefined) tip.push(`budget ${formatNumber(t.budget)}`);
  if (t.backend) tip.push(`backend ${t.backend}${t.adapter ? ` on ${t.adapter}` : ""}`);
  for (const n of t.backendNotes ?? []) tip.push(`not used: ${n}`);
  if (t.gpu !== undefined) tip.push(`GPU ${t.gpu}`);
  if (t.error) tip.push(`error: ${t.error.message}${t.error.sourceLine ? `\n${t.error.sourceLine}` : ""}`);
  if (t.outsideSpace) tip.push(`outside the current search space: ${t.outsideSpace}`);
  const pause = pauseText(t);
  if (pause) tip.push(pause);
  const from = lineageText(t);
  if (from) tip.push(from);
  if (offspring.length)
    tip.push(`trials that start from its checkpoint or weights: ${offspring.map((n) => `#${n}`).join(", ")}`);
  return {
    label: base ? `#${t.number} baseline` : `#${t.number}`,
    description: desc,
    tooltip: tip.join("\n"),
    icon: isBest ? { id: "star-full", color: "charts.yellow" } : STATE_ICON[t.state],
    contextValue: `trial.${t.state}`,
  };
}

export interface DetailLook {
  label: string;
  description: string;
  tooltip?: string;
  icon: { id: string };
}

/** A trial's children: its parameters, then its latest metrics, then what went wrong. */
export function trialDetails(t: Trial): DetailLook[] {
  const out: DetailLook[] = [];
  for (const [k, v] of Object.entries(t.params))
    out.push({ label: k, description: formatParamValue(v), icon: { id: "symbol-parameter" } });
  if (t.budget !== undefined)
    out.push({ label: "budget", description: formatNumber(t.budget), icon: { id: "dashboard" } });
  const from = lineageText(t);
  if (from) out.push({ label: "lineage", description: from, icon: { id: "git-merge" } });
  const pause = pauseText(t);
  if (pause)
    out.push({
      label: t.state === "paused" ? "paused" : "dropped",
      description: pause.replace(/^(paused|dropped) /, ""),
      tooltip: pause,
      icon: { id: t.state === "paused" ? "debug-pause" : "debug-stop" },
    });
  for (const [k, v] of Object.entries(t.metrics ?? {}))
    out.push({ label: k, description: formatNumber(v), icon: { id: "graph-line" } });
  const d = durationSeconds(t);
  if (d !== undefined) out.push({ label: "duration", description: formatDuration(d), icon: { id: "clock" } });
  if (t.error)
    out.push({
      label: "error",
      description: t.error.message,
      tooltip: [t.error.message, t.error.sourceLine, t.error.tail].filter(Boolean).join("\n\n"),
      icon: { id: "warning" },
    });
  return out;
}

/** "↳ #3" in a trial's description: the trial whose checkpoint it continued. */
function lineageShort(t: Trial): string | undefined {
  const l = lineageOf(t);
  return l ? `↳ #${l.from}` : undefined;
}

/** "predicted 0.912 @27" for a paused trial whose forecast is of its current step. */
function forecastShort(t: Trial): string | undefined {
  const f = currentForecast(t);
  if (t.state !== "paused" || !f) return undefined;
  return `predicted ${formatNumber(f.mean)} @${f.at}`;
}

/** The Trials tree's lineage: which trials are listed under the study, and which under another trial. */
export interface LineageTree {
  /** Trials without a parent in the study, newest first. */
  roots: number[];
  /** A parent's children (the trials that continued its checkpoint or grew from it), newest first. */
  children: Map<number, number[]>;
  parent: Map<number, number>;
}

/**
 * Each trial that continued another's checkpoint (a PBT child, a hyperband re-run, a retry) or grew from its weights
 * is listed under that trial, so a lineage reads as a tree; a parent that is not in the study (or a later one: never
 * a cycle) leaves the trial at the top level.
 */
export function lineageTree(trials: readonly Trial[]): LineageTree {
  const out: LineageTree = { roots: [], children: new Map(), parent: new Map() };
  for (let i = trials.length - 1; i >= 0; i--) {
    const t = trials[i];
    const from = lineageOf(t)?.from;
    if (from === undefined || from >= t.number || !trials[from]) {
      out.roots.push(t.number);
      continue;
    }
    out.parent.set(t.number, from);
    const list = out.children.get(from) ?? [];
    list.push(t.number);
    out.children.set(from, list);
  }
  return out;
}
