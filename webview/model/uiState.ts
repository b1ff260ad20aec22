// What the panel remembers across hide/show and window reloads (through the webview's setState): sort, filter,
// hidden columns, tab, selected trial, and the host's study key. Restored state is untrusted input: validate it. Pure.
import type { SortSpec } from "./table";

export const TABS = ["trials", "pareto", "curves", "parallel", "importance"] as const;
export type Tab = (typeof TABS)[number];

export interface UiState {
  v: 1;
  sort: SortSpec | null;
  filter: string;
  hidden: string[];
  tab: Tab;
  selected?: number;
  /** The Pareto tab's objectives on x, y and colour (−1: none). */
  paretoAxes?: { x: number; y: number; c: number };
  /** The host's `snapshot.key`; a reload reopens the panel on this study. */
  studyKey?: string;
}

/** The tabs a study has: the Pareto front only where it has several objectives (docs/editor.md). */
export function shownTabs(objectives: number): Tab[] {
  return TABS.filter((t) => t !== "pareto" || objectives > 1);
}

/** The tab to show: the remembered one, or the trials table where this study has no such tab. */
export function tabToShow(tab: Tab, shown: readonly Tab[]): Tab {
  return shown.includes(tab) ? tab : "trials";
}

export const DEFAULT_UI: UiState = { v: 1, sort: null, filter: "", hidden: [], tab: "trials" };

/** Anything → a valid UiState, keeping each field that is valid and defaulting the rest. */
export function restoreUiState(raw: unknown): UiState {
  const ui: UiState = { ...DEFAULT_UI, hidden: [] };
  if (typeof raw !== "object" || raw === null) return ui;
  const o = raw as Record<string, unknown>;
  const s = o.sort as Record<string, unknown> | null | undefined;
  if (
    s &&
    typeof s === "object" &&
    typeof s.key === "string" &&
    s.key.length <= 300 &&
    (s.dir === "asc" || s.dir === "desc")
  )
    ui.sort = { key: s.key, dir: s.dir };
  if (typeof o.filter === "string") ui.filter = o.filter.slice(0, 1000);
  if (Array.isArray(o.hidden))
    ui.hidden = o.hidden.filter((h): h is string => typeof h === "string" && h.length <= 300).slice(0, 1000);
  if (typeof o.tab === "string" && (TABS as readonly string[]).includes(o.tab)) ui.tab = o.tab as Tab;
  if (typeof o.selected === "number" && Number.isInteger(o.selected) && o.selected >= 0) ui.selected = o.selected;
  const a = o.paretoAxes as Record<string, unknown> | undefined;
  const axis = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= -1 && v < 3;
  if (a && typeof a === "object" && axis(a.x) && axis(a.y) && axis(a.c))
    ui.paretoAxes = { x: a.x as number, y: a.y as number, c: a.c as number };
  if (typeof o.studyKey === "string" && o.studyKey.length <= 8000) ui.studyKey = o.studyKey;
  return ui;
}
