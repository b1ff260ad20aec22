// Terminal views of a multi-objective study: its objectives in words and the Pareto front as a table.
import type { StudyMeta } from "../core/events";
import { summarizeFront } from "../core/multi/summary";
import { paretoTrials } from "../core/multi/pareto";
import type { Objectives } from "../core/export";
import type { Constraint, Direction, Trial } from "../core/types";
import { formatNumber } from "../core/format";
import { cellValue, renderTable } from "./table";

export function objectivesOfMeta(meta: StudyMeta): Objectives {
  return {
    ...(meta.directions ? { directions: meta.directions } : {}),
    ...(meta.metrics ? { metrics: meta.metrics } : {}),
    ...(meta.constraints ? { constraints: meta.constraints } : {}),
  };
}

export function isMulti(o: Objectives): o is Objectives & { directions: Direction[] } {
  return (o.directions?.length ?? 1) > 1;
}

/** `maximize val_accuracy, minimize params subject to latency_ms <= 10`. */
export function describeObjectives(direction: Direction, metric: string | undefined, o: Objectives): string {
  const objs = isMulti(o)
    ? o.directions.map((d, i) => `${d} ${o.metrics?.[i] ?? `objective ${i + 1}`}`).join(", ")
    : `${direction} ${metric ?? "objective"}`;
  return objs + (o.constraints?.length ? ` subject to ${describeConstraints(o.constraints)}` : "");
}

export function describeConstraints(cs: readonly Constraint[]): string {
  return cs.map((c) => `${c.metric} ${c.op} ${formatNumber(c.bound)}`).join(", ");
}

/** The front: one row per non-dominated feasible trial, sorted by the first objective. */
export function frontTable(trials: readonly Trial[], o: Objectives & { directions: Direction[] }): string {
  const front = paretoTrials(trials, o.directions).sort(
    (a, b) => (a.values![0] - b.values![0]) * (o.directions[0] === "maximize" ? -1 : 1) || a.number - b.number,
  );
  if (!front.length) {
    const infeasible = trials.filter((t) => t.state === "complete" && t.constraints?.some((g) => g > 0)).length;
    return `no feasible trial completed yet${infeasible ? ` (${infeasible} complete but infeasible)` : ""}`;
  }
  const names: string[] = [];
  for (const t of front) for (const k of Object.keys(t.params)) if (!names.includes(k)) names.push(k);
  const metrics = o.directions.map((_, i) => o.metrics?.[i] ?? `objective ${i + 1}`);
  const rows = front.map((t) => [
    `#${t.number}`,
    ...t.values!.map((v) => formatNumber(v)),
    ...names.map((n) => cellValue(t.params[n])),
  ]);
  const s = summarizeFront(trials, o.directions);
  return (
    `Pareto front: ${front.length} trial(s) (${o.directions.map((d, i) => `${d} ${metrics[i]}`).join(", ")}), ` +
    `hypervolume ${formatNumber(s.hypervolume)}:\n` +
    renderTable(["trial", ...metrics, ...names], rows)
  );
}

/** `front 4 · HV 0.73` for progress lines. */
export function frontStatus(trials: readonly Trial[], directions: readonly Direction[]): string {
  const s = summarizeFront(trials, directions);
  return `front ${s.pareto.length} · HV ${formatNumber(s.hypervolume)}`;
}
