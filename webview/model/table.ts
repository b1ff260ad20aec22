// The trial table as data: which columns exist, how a query filters rows, how rows sort, which row is best.
// Pure (no DOM), so the virtualized view only paints what this computes.
import type { BestInfo, ParamColumn, StudyView, TrialRow } from "../../src/protocol/messages";
import { formatDuration, formatList, formatLiteral, formatNumber } from "../../src/core/format";
import { listOf, listValue } from "./lists";
import { lastStep, trialDuration } from "./trialTime";

export type CellValue = number | string | boolean | null | undefined;

export interface Column {
  /** Stable id kept in UI state: fixed columns by name, parameters as `p:<name>`. */
  key: string;
  label: string;
  /** Tooltip for the header (a parameter's spec, the metric's direction). */
  title?: string;
  numeric: boolean;
  /** Width in CSS pixels; fixed so virtualized rows never reflow. */
  width: number;
  get(row: TrialRow, now: number): CellValue;
  text(row: TrialRow, now: number): string;
}

export interface SortSpec {
  key: string;
  dir: "asc" | "desc";
}

const fixed = (
  key: string,
  label: string,
  width: number,
  numeric: boolean,
  get: Column["get"],
  text?: Column["text"],
  title?: string,
): Column => ({
  key,
  label,
  width,
  numeric,
  get,
  text:
    text ??
    ((r, now) => {
      const v = get(r, now);
      return typeof v === "number" ? formatNumber(v, "") : formatLiteral(v as never, { missing: "" });
    }),
  ...(title ? { title } : {}),
});

export function paramKey(name: string): string {
  return `p:${name}`;
}

/** Columns in display order: #, state, value, one per parameter, steps, duration, backend, GPU. */
export function buildColumns(
  study: Pick<StudyView, "params" | "metric" | "direction"> & Partial<Pick<StudyView, "directions" | "metrics">>,
): Column[] {
  const value = study.metric ?? "value";
  // Several objectives: one column each (keys o:0, o:1, …) instead of the single value.
  const objectives = (study.directions ?? []).map((d, i) => {
    const name = study.metrics?.[i] ?? `objective ${i + 1}`;
    return fixed(
      `o:${i}`,
      name,
      Math.max(96, name.length * 8 + 28),
      true,
      (r) => r.values?.[i],
      undefined,
      `${name} (${d})`,
    );
  });
  const cols: Column[] = [
    fixed(
      "number",
      "#",
      96,
      true,
      (r) => r.number,
      (r) => (r.baseline ? `${r.number} baseline` : String(r.number)),
    ),
    fixed(
      "state",
      "State",
      108,
      false,
      (r) => r.state,
      (r) => r.state,
    ),
    ...(objectives.length
      ? objectives
      : [
          fixed(
            "value",
            value,
            Math.max(96, value.length * 8 + 28),
            true,
            (r) => r.value,
            undefined,
            `${value} (${study.direction})`,
          ),
        ]),
  ];
  // A list parameter gets one column reading as the list with its length, before its length and element columns.
  const lists = new Set<string>();
  for (const p of study.params) {
    const list = listOf(p.name);
    if (list !== undefined && !lists.has(list)) {
      lists.add(list);
      const elements = study.params.filter((q) => q.name !== `len(${list})` && listOf(q.name) === list).length;
      cols.push(listColumn(list, elements, p.spec));
    }
    cols.push(paramColumn(p));
  }
  cols.push(
    fixed("steps", "Steps", 64, true, (r) => lastStep(r)),
    fixed(
      "duration",
      "Duration",
      92,
      true,
      (r, now) => trialDuration(r, now),
      (r, now) => formatDuration(trialDuration(r, now), ""),
    ),
    fixed("backend", "Backend", 96, false, (r) => r.backend),
    fixed("gpu", "GPU", 56, false, (r) => r.gpu),
  );
  return cols;
}

/** A list parameter as one column: `[256, 128, 64] (3 items)`; sorts and filters by its length. */
function listColumn(name: string, elements: number, spec: string | undefined): Column {
  return {
    key: `l:${name}`,
    label: name,
    title: `${spec ? `${spec}: ` : ""}a list; sorts and filters by its length`,
    numeric: true,
    // Room for the longest list's elements (about 5 characters each) and its "(n items)".
    width: Math.min(360, Math.max(120, name.length * 8 + 28, 88 + elements * 44)),
    get: (r) => listValue(r.params, name)?.length,
    text: (r) => {
      const v = listValue(r.params, name);
      return v ? formatList(v) : "";
    },
  };
}

function paramColumn(p: ParamColumn): Column {
  const numeric = p.kind === "float" || p.kind === "int" || p.kind === "budget";
  return {
    key: paramKey(p.name),
    label: p.name,
    ...(p.spec ? { title: p.spec } : {}),
    numeric,
    width: Math.min(180, Math.max(84, p.name.length * 8 + 28)),
    get: (r) => r.params[p.name] ?? (p.kind === "budget" ? r.budget : undefined),
    text: (r) => formatLiteral(r.params[p.name] ?? (p.kind === "budget" ? r.budget : undefined), { missing: "" }),
  };
}

// ---- sorting ----

const STATE_ORDER: Record<TrialRow["state"], number> = {
  running: 0,
  queued: 1,
  paused: 2,
  complete: 3,
  pruned: 4,
  failed: 5,
};

function compareValues(a: CellValue, b: CellValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  // Mixed kinds (a choice of numbers and strings): numbers first, then by text.
  if (typeof a === "number" && typeof b !== "number") return -1;
  if (typeof b === "number" && typeof a !== "number") return 1;
  return String(a).localeCompare(String(b), "en", { numeric: true });
}

/** Sorts a copy. Empty cells go last in both directions; ties keep trial order. */
export function sortRows(
  rows: readonly TrialRow[],
  columns: readonly Column[],
  sort: SortSpec | null,
  now: number,
): TrialRow[] {
  const out = rows.slice();
  const col = sort ? columns.find((c) => c.key === sort.key) : undefined;
  if (!sort || !col) return out.sort((a, b) => a.number - b.number);
  const sign = sort.dir === "asc" ? 1 : -1;
  const keyed = out.map((r) => ({ r, v: col.key === "state" ? STATE_ORDER[r.state] : col.get(r, now) }));
  keyed.sort((x, y) => {
    const xe = x.v === undefined || x.v === null || x.v === "";
    const ye = y.v === undefined || y.v === null || y.v === "";
    if (xe || ye) return xe === ye ? x.r.number - y.r.number : xe ? 1 : -1;
    return sign * compareValues(x.v, y.v) || x.r.number - y.r.number;
  });
  return keyed.map((k) => k.r);
}

/** Clicking a header: first ascending (descending for the objective when maximizing), then flip, then off. */
export function nextSort(current: SortSpec | null, key: string, direction: StudyView["direction"]): SortSpec | null {
  const first: SortSpec["dir"] = key === "value" && direction === "maximize" ? "desc" : "asc";
  if (!current || current.key !== key) return { key, dir: first };
  if (current.dir === first) return { key, dir: first === "asc" ? "desc" : "asc" };
  return null;
}

// ---- filtering ----

export type Term =
  | { kind: "text"; text: string }
  | { kind: "match"; column: string; text: string }
  | { kind: "compare"; column: string; op: "<" | "<=" | ">" | ">=" | "="; value: number };

export interface ParsedQuery {
  terms: Term[];
  /** Words that named no column; they still filter as plain text. */
  unknown: string[];
}

/**
 * A query is space-separated terms, all of which must hold: plain text matches any visible cell;
 * `col:text` matches one column's text; `col<n`, `col<=n`, `col>n`, `col>=n`, `col=n` compare numbers.
 * Column names are labels or parameter names, case-insensitive (`state:pruned lr<0.01 adam`).
 */
export function parseQuery(query: string, columns: readonly Column[]): ParsedQuery {
  const byName = new Map<string, string>();
  for (const c of columns) {
    byName.set(c.label.toLowerCase(), c.key);
    byName.set(c.key.toLowerCase(), c.key);
    if (c.key.startsWith("p:")) byName.set(c.key.slice(2).toLowerCase(), c.key);
  }
  const terms: Term[] = [];
  const unknown: string[] = [];
  for (const word of query.trim().split(/\s+/).filter(Boolean)) {
    const m = /^([^<>=:]+)(<=|>=|<|>|=|:)(.+)$/.exec(word);
    const col = m ? byName.get(m[1].toLowerCase()) : undefined;
    if (!m || !col) {
      if (m) unknown.push(m[1]);
      terms.push({ kind: "text", text: word.toLowerCase() });
      continue;
    }
    const op = m[2];
    if (op === ":") {
      terms.push({ kind: "match", column: col, text: m[3].toLowerCase() });
      continue;
    }
    const value = Number(m[3]);
    if (!Number.isFinite(value)) terms.push({ kind: "match", column: col, text: m[3].toLowerCase() });
    else terms.push({ kind: "compare", column: col, op: op as "<" | "<=" | ">" | ">=" | "=", value });
  }
  return { terms, unknown };
}

function holds(
  term: Term,
  row: TrialRow,
  columns: readonly Column[],
  byKey: Map<string, Column>,
  now: number,
): boolean {
  if (term.kind === "text") return columns.some((c) => c.text(row, now).toLowerCase().includes(term.text));
  const col = byKey.get(term.column);
  if (!col) return false;
  if (term.kind === "match") return col.text(row, now).toLowerCase().includes(term.text);
  const v = col.get(row, now);
  if (typeof v !== "number") return false;
  switch (term.op) {
    case "<":
      return v < term.value;
    case "<=":
      return v <= term.value;
    case ">":
      return v > term.value;
    case ">=":
      return v >= term.value;
    case "=":
      return v === term.value;
  }
}

/** Plain-text terms look only at the visible columns; named terms may name hidden ones. */
export function filterRows(
  rows: readonly TrialRow[],
  query: ParsedQuery,
  all: readonly Column[],
  visible: readonly Column[],
  now: number,
): TrialRow[] {
  if (query.terms.length === 0) return rows.slice();
  const byKey = new Map(all.map((c) => [c.key, c] as const));
  return rows.filter((r) => query.terms.every((t) => holds(t, r, visible, byKey, now)));
}

// ---- best ----

/** The host's best when it sent one; otherwise the best complete trial in the study's direction. */
export function bestNumber(
  rows: readonly TrialRow[],
  direction: StudyView["direction"],
  best?: BestInfo,
): number | undefined {
  if (best) return best.number;
  let n: number | undefined;
  let v = 0;
  for (const r of rows) {
    if (r.state !== "complete" || r.value === undefined) continue;
    if (n === undefined || (direction === "minimize" ? r.value < v : r.value > v)) {
      n = r.number;
      v = r.value;
    }
  }
  return n;
}

// ---- the whole model ----

export interface TableModel {
  columns: Column[];
  visible: Column[];
  rows: TrialRow[];
  total: number;
  best: number | undefined;
  /** Several objectives: the Pareto trials (highlighted instead of one best). */
  front: ReadonlySet<number>;
  unknown: string[];
}

export function tableModel(
  study: Pick<StudyView, "params" | "metric" | "direction" | "trials" | "best"> &
    Partial<Pick<StudyView, "directions" | "metrics" | "front">>,
  ui: { sort: SortSpec | null; filter: string; hidden: readonly string[] },
  now: number,
): TableModel {
  const columns = buildColumns(study);
  const hidden = new Set(ui.hidden);
  // The trial number is the row's identity; it cannot be hidden.
  const visible = columns.filter((c) => c.key === "number" || !hidden.has(c.key));
  const query = parseQuery(ui.filter, columns);
  const rows = sortRows(filterRows(study.trials, query, columns, visible, now), columns, ui.sort, now);
  return {
    columns,
    visible,
    rows,
    total: study.trials.length,
    best: study.directions ? undefined : bestNumber(study.trials, study.direction, study.best),
    front: new Set(study.front?.pareto ?? []),
    unknown: query.unknown,
  };
}
