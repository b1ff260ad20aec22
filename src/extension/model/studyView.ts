// Turns a replayed journal into what the panel shows (the protocol's StudyView), and finds which trials changed
// since the last message so live updates send only those. Pure.
import { isBaseline } from "../../core/baseline";
import { lineageOf, lineageText } from "../../core/lineage";
import { pauseSteps, pauseText } from "../../core/pauses";
import { describeParam, type ListParam, type Space } from "../../core/space";
import { elementName, lengthName, viewParams } from "../../core/structure";
import type { StudyState } from "../../core/events";
import { bestTrial } from "../../core/study";
import { isFeasible, type Trial } from "../../core/types";
import { summarizeFront } from "../../core/multi/summary";
import type { FrontInfo } from "../../protocol/messages";
import type { ParamColumn, StudyView, TrialRow } from "../../protocol/messages";

export function paramColumns(space: Space | undefined, trials: readonly Trial[]): ParamColumn[] {
  const cols: ParamColumn[] = [];
  for (const p of space?.params ?? []) {
    const base = { name: p.name, spec: describeParam(p) };
    if (p.kind === "list") {
      cols.push(...listColumns(p));
      continue;
    }
    if (p.kind === "float" || p.kind === "int") cols.push({ ...base, kind: p.kind, lo: p.lo, hi: p.hi, log: p.log });
    else if (p.kind === "choice") cols.push({ ...base, kind: "choice", values: p.values });
    else cols.push({ ...base, kind: "bool" });
  }
  if (space?.budget)
    cols.push({
      name: space.budget.name,
      kind: "budget",
      lo: space.budget.min,
      hi: space.budget.max,
      spec: `budget(${space.budget.min}, ${space.budget.max})`,
    });
  // Parameters of older trials that the current annotations dropped still get a column.
  const known = new Set(cols.map((c) => c.name));
  for (const t of trials)
    for (const [k, v] of Object.entries(viewParams(t.params)))
      if (!known.has(k)) {
        known.add(k);
        cols.push(typeof v === "number" ? { name: k, kind: "float" } : { name: k, kind: "choice" });
      }
  return cols;
}

/** A list shows as its length and one column per possible element (empty where the element does not exist). */
function listColumns(p: ListParam): ParamColumn[] {
  const spec = describeParam(p);
  const len: ParamColumn =
    p.min < p.max
      ? { name: lengthName(p.name), kind: "int", lo: p.min, hi: p.max, log: false, spec }
      : { name: lengthName(p.name), kind: "choice", values: [p.min], spec };
  const elements = Array.from({ length: p.max }, (_, k): ParamColumn => {
    const e = p.element;
    const base = { name: elementName(p.name, k), spec };
    if (e.kind === "float" || e.kind === "int") return { ...base, kind: e.kind, lo: e.lo, hi: e.hi, log: e.log };
    if (e.kind === "choice") return { ...base, kind: "choice", values: e.values };
    return { ...base, kind: "bool" };
  });
  return [len, ...elements];
}

export function trialRow(t: Trial): TrialRow {
  const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : undefined);
  const row: TrialRow = {
    number: t.number,
    state: t.state,
    params: viewParams(t.params),
    intermediate: t.intermediate.filter(([s, v]) => Number.isFinite(s) && Number.isFinite(v)),
  };
  const value = finite(t.value);
  if (value !== undefined) row.value = value;
  if (t.values && t.values.every(Number.isFinite)) row.values = t.values;
  if (t.constraints) row.feasible = isFeasible(t);
  if (t.metrics) {
    const m: Record<string, number> = {};
    for (const [k, v] of Object.entries(t.metrics)) if (Number.isFinite(v)) m[k] = v;
    row.metrics = m;
  }
  if (t.startedAt !== undefined) row.startedAt = t.startedAt;
  if (t.finishedAt !== undefined) row.finishedAt = t.finishedAt;
  if (t.startedAt !== undefined && t.finishedAt !== undefined) row.durationS = (t.finishedAt - t.startedAt) / 1000;
  if (t.budget !== undefined) row.budget = t.budget;
  if (t.backend) row.backend = t.backend;
  if (t.adapter) row.adapter = t.adapter;
  if (t.backendNotes?.length) row.backendNotes = t.backendNotes.join("\n");
  if (t.gpu !== undefined) row.gpu = `${t.gpu}${t.gpuMemoryMiB ? ` (peak ${t.gpuMemoryMiB} MiB)` : ""}`;
  if (t.error) row.error = [t.error.message, t.error.sourceLine].filter(Boolean).join("\n");
  if (t.outsideSpace) row.outsideSpace = t.outsideSpace;
  if (isBaseline(t)) row.baseline = true;
  const from = lineageOf(t);
  if (from) {
    row.lineage = lineageText(t);
    row.lineageFrom = from.from;
    if (from.step !== undefined) row.lineageStep = from.step;
  }
  const pausedAt = pauseSteps(t);
  if (pausedAt.length) row.pausedAt = pausedAt;
  const note = pauseText(t);
  if (note) row.pauseNote = note;
  return row;
}

export function studyView(name: string, state: StudyState, running: boolean, target?: number): StudyView | null {
  const meta = state.meta;
  if (!meta) return null;
  const multi = (meta.directions?.length ?? 1) > 1;
  const best = multi ? undefined : bestTrial(state.trials, meta.direction);
  const front = frontInfo(state);
  return {
    name,
    ...(meta.file ? { file: meta.file } : {}),
    direction: meta.direction,
    ...(meta.metric ? { metric: meta.metric } : {}),
    algorithm: meta.algorithm,
    params: paramColumns(meta.space, state.trials),
    trials: state.trials.map(trialRow),
    ...(best ? { best: { ...best, params: viewParams(best.params) } } : {}),
    ...(multi
      ? {
          directions: meta.directions,
          metrics: meta.directions!.map((_, i) => meta.metrics?.[i] ?? `objective ${i + 1}`),
        }
      : {}),
    ...(meta.constraints?.length ? { constraints: meta.constraints } : {}),
    ...(front ? { front } : {}),
    running,
    ...(target !== undefined ? { target } : {}),
    warnings: state.warnings.slice(-50),
  };
}

/** The front and its hypervolume history, for a study with several objectives. */
export function frontInfo(state: StudyState): FrontInfo | undefined {
  const dirs = state.meta?.directions;
  if (!dirs || dirs.length < 2) return undefined;
  const s = summarizeFront(state.trials, dirs);
  return { pareto: s.pareto, hypervolume: s.history, byTrial: s.byTrial };
}

/** A cheap fingerprint of everything a row shows; equal fingerprints need no update. */
export function rowKey(t: Trial): string {
  const last = t.intermediate[t.intermediate.length - 1];
  return [
    t.state,
    t.value,
    t.values?.join(","),
    t.intermediate.length,
    last?.[1],
    t.startedAt,
    t.finishedAt,
    t.backend,
    t.adapter,
    t.gpu,
    t.gpuMemoryMiB,
    t.error?.message ?? "",
    t.outsideSpace ?? "",
    t.attrs?.resumeFrom ?? "",
    t.continuedAt?.length ?? 0,
    JSON.stringify(t.attrs?.forecast ?? ""),
    t.metrics ? Object.keys(t.metrics).length : 0,
  ].join("|");
}

/** Rows whose fingerprint differs from `seen` (updated in place). */
export function changedRows(trials: readonly Trial[], seen: Map<number, string>): TrialRow[] {
  const out: TrialRow[] = [];
  for (const t of trials) {
    const k = rowKey(t);
    if (seen.get(t.number) === k) continue;
    seen.set(t.number, k);
    out.push(trialRow(t));
  }
  return out;
}
