// The panel: holds the study (store) and the UI state, turns host messages into at most one render per animation
// frame, and turns clicks and keys into protocol messages. Heavy charts redraw at most twice a second while a
// study runs, so typing and scrolling stay responsive under a stream of updates.
import {
  ApplyTrial,
  Delta,
  ExportResults,
  HOST_TO_WEBVIEW,
  makeMessage,
  OpenTrainScript,
  parseMessage,
  Ready,
  RerunTrial,
  ShowTrialLog,
  StopStudy,
  StopTrial,
  type StudyView,
} from "../src/protocol/messages";
import { curveSeries, historySeries, multiHistorySeries, type CurveTrial } from "./model/series";
import { StudyStore } from "./model/store";
import { nextSort, tableModel, type TableModel } from "./model/table";
import { restoreUiState, shownTabs, TABS, tabToShow, type Tab, type UiState } from "./model/uiState";
import { CurvesChart, HistoryChart } from "./ui/charts";
import { TrialDetails } from "./ui/details";
import { h, setText } from "./ui/dom";
import { ImportanceView } from "./ui/importanceView";
import { ModelSearchView } from "./ui/modelSearchCard";
import { MultiHistoryView } from "./ui/multiHistory";
import { ParallelView } from "./ui/parallel";
import { ParetoView } from "./ui/pareto";
import { BestCard, Header } from "./ui/summary";
import { TrialTable } from "./ui/table";
import { onThemeChange } from "./ui/theme";
import type { VsCodeApi } from "./vscodeApi";

const TAB_LABELS: Record<Tab, string> = {
  trials: "Trials",
  pareto: "Pareto front",
  curves: "Learning curves",
  parallel: "Parallel coordinates",
  importance: "Importance",
};
/** While a study runs: learning curves move with every step; the others change only when a trial finishes, and
 * re-rasterizing 1,000 SVG lines is the costliest paint in the panel, so they redraw less often. */
const CHART_INTERVAL_MS: Record<Exclude<Tab, "trials">, number> = {
  pareto: 1000,
  curves: 500,
  parallel: 1500,
  importance: 1500,
};

/** Changes when a trial finishes or a finished trial's value changes (a rerun), not on running trials' steps. */
function finishedSignature(trials: readonly { number: number; state: string; value?: number }[]): string {
  let n = 0;
  let sum = 0;
  for (const t of trials)
    if (t.state === "complete" || t.state === "pruned") {
      n++;
      sum += t.number * 31 + (t.value ?? 0);
    }
  return `${n}:${sum}`;
}

/** A chart's container; screen readers read its label. */
function chartEl(cls: string, label: string): HTMLElement {
  return h("div", { class: `chart ${cls}`, role: "img", "aria-label": label });
}

/** A chart's legend: swatch class and label per entry. */
function legend(entries: [string, string][]): HTMLElement {
  return h(
    "ul",
    { class: "legend", "aria-hidden": "true" },
    ...entries.map(([cls, text]) => h("li", { class: cls }, text)),
  );
}

/** What the panel shows before any study was opened. */
function emptyState(): HTMLElement {
  return h(
    "div",
    { class: "empty" },
    h("h1", {}, "No study yet"),
    h("p", {}, "Mark values in a training script with @tune comments, for example:"),
    h("pre", {}, "lr = 1e-3  # @tune loguniform(1e-5, 1e-1)\n# @tune objective: maximize val_accuracy"),
    h("p", {}, "then run Attune: Start Tuning from the command palette. Trials stream in here as they run."),
  );
}

export class PanelApp {
  private readonly store = new StudyStore();
  private ui: UiState;
  private frame = 0;
  private modelKey = "";
  private model: TableModel | undefined;
  private chartsAt = new Map<Tab, number>();
  private chartsVersion = new Map<Tab, string>();
  private chartTimer: ReturnType<typeof setTimeout> | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private historyVersion = -1;
  private revealPareto = false;
  private lastCurves: { trials: CurveTrial[]; omitted: number; bands?: unknown[] } | undefined;

  private readonly root: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly main: HTMLElement;
  private readonly notices = h("div", { class: "notices" });
  private readonly header: Header;
  private readonly bestCard: BestCard;
  private readonly history: HistoryChart;
  private readonly historyEl: HTMLElement;
  private readonly multiHistory = new MultiHistoryView();
  private readonly historyNote = h("p", { class: "chart-note history-note" });
  private readonly historyLegend = legend([
    ["sw-point", "complete"],
    ["sw-pruned", "pruned"],
    ["sw-best", "best so far"],
  ]);
  private readonly multiLegend = legend([
    ["sw-hv", "hypervolume"],
    ["sw-front", "Pareto front"],
    ["sw-point", "other"],
    ["sw-infeasible", "infeasible"],
  ]);
  private readonly table: TrialTable;
  private readonly details: TrialDetails;
  private readonly filter: HTMLElement & { value: string };
  private readonly filterHint = h("span", { class: "filter-hint", "aria-live": "polite" });
  private readonly columnsMenu = h("div", {
    class: "columns-menu-list",
    role: "group",
    "aria-label": "Visible columns",
  });
  private readonly columnsDetails: HTMLDetailsElement;
  private readonly tabs: HTMLElement;
  private readonly tabHeads = new Map<Tab, HTMLElement>();
  private readonly curves: CurvesChart;
  private readonly curvesNote = h("p", { class: "chart-note" });
  private readonly parallel = new ParallelView();
  private readonly importance = new ImportanceView();
  private readonly pareto = new ParetoView();
  private readonly modelSearch = new ModelSearchView(() => this.post(makeMessage(OpenTrainScript, {})));

  constructor(
    host: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    this.ui = restoreUiState(vscode.getState());
    const actions = {
      stopStudy: () => this.post(makeMessage(StopStudy, {})),
      exportResults: (format: "csv" | "json") => this.post(makeMessage(ExportResults, { format })),
      apply: (trial: number) => this.post(makeMessage(ApplyTrial, { trial })),
    };
    this.header = new Header(actions);
    this.bestCard = new BestCard(actions);
    this.historyEl = chartEl("history-chart", "Optimization history: each trial's value and the best so far");
    this.history = new HistoryChart(this.historyEl);
    this.table = this.trialTable();
    this.details = this.trialDetails();
    this.filter = this.filterField();
    this.columnsDetails = this.columnsDropdown();
    const curvesEl = chartEl(
      "curves-chart",
      "Learning curves: intermediate values by step; pruned trials dashed with a marker where they stopped",
    );
    this.curves = new CurvesChart(curvesEl);
    this.wireCharts();
    this.tabs = this.tabStrip(this.tabPanels(curvesEl));
    this.empty = emptyState();
    this.main = h("div", { class: "main" }, this.header.el, this.modelSearch.el, this.overview(), this.tabs);
    this.main.hidden = true;
    this.empty.hidden = true;
    this.root = h(
      "div",
      { class: "app" },
      this.notices,
      h("p", { class: "loading" }, "Loading study…"),
      this.empty,
      this.main,
    );
    host.replaceChildren(this.root);
    // The Pareto scatter is sized to the view.
    window.addEventListener("resize", () => this.schedule());
    onThemeChange(() => {
      this.history.rebuild();
      this.multiHistory.rebuild();
      this.curves.rebuild();
    });
  }

  /** The trials table: sorting and selection go into the UI state. */
  private trialTable(): TrialTable {
    return new TrialTable({
      sort: (key) => {
        this.ui.sort = nextSort(this.ui.sort, key, this.store.study?.direction ?? "minimize");
        this.uiChanged();
      },
      select: (n) => this.select(n),
      activate: () => this.details.focusActions(),
    });
  }

  /** The selected trial's details and its actions (docs/editor.md). */
  private trialDetails(): TrialDetails {
    return new TrialDetails({
      apply: (trial) => this.post(makeMessage(ApplyTrial, { trial })),
      log: (trial) => this.post(makeMessage(ShowTrialLog, { trial })),
      stop: (trial) => this.post(makeMessage(StopTrial, { trial })),
      rerun: (trial) => this.post(makeMessage(RerunTrial, { trial })),
    });
  }

  /** The table's filter box, restored from and saved to the UI state. */
  private filterField(): HTMLElement & { value: string } {
    const filter = h("vscode-textfield", {
      class: "filter",
      placeholder: "Filter: text, state:complete, lr<0.01",
      "aria-label": "Filter trials",
    }) as HTMLElement & { value: string };
    filter.value = this.ui.filter;
    filter.addEventListener("input", () => {
      this.ui.filter = filter.value;
      this.uiChanged();
    });
    return filter;
  }

  /** The Columns dropdown: Escape or a click outside closes it. */
  private columnsDropdown(): HTMLDetailsElement {
    const menu = h(
      "details",
      { class: "columns-menu" },
      h("summary", {}, "Columns"),
      this.columnsMenu,
    ) as HTMLDetailsElement;
    menu.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary")?.focus();
      }
    });
    document.addEventListener("click", (e) => {
      if (menu.open && !menu.contains(e.target as Node)) menu.open = false;
    });
    return menu;
  }

  /** The charts' selection, focus and axes go into the UI state; Apply from the Pareto tab goes to the host. */
  private wireCharts(): void {
    this.curves.onFocus = (n) => setText(this.curvesNote, n === undefined ? this.curvesText() : `Trial ${n}`);
    this.parallel.onSelect = (n) => this.select(n);
    this.pareto.onSelect = (n) => this.select(n);
    this.pareto.onApply = (trial) => this.post(makeMessage(ApplyTrial, { trial }));
    this.pareto.onAxes = (axes) => {
      this.ui.paretoAxes = axes;
      this.uiChanged();
    };
  }

  private tabPanels(curvesEl: HTMLElement): Record<Tab, HTMLElement> {
    return {
      trials: h(
        "div",
        { class: "tab-body trials-tab" },
        h("div", { class: "table-toolbar" }, this.filter, this.columnsDetails, this.filterHint),
        this.table.el,
        this.details.el,
      ),
      curves: h(
        "div",
        { class: "tab-body" },
        h(
          "div",
          { class: "card-head" },
          this.curvesNote,
          legend([
            ["sw-complete", "complete"],
            ["sw-running", "running"],
            ["sw-pruned-line", "pruned"],
            ["sw-best", "best"],
          ]),
        ),
        curvesEl,
      ),
      pareto: h("div", { class: "tab-body" }, this.pareto.el),
      parallel: h("div", { class: "tab-body" }, this.parallel.el),
      importance: h("div", { class: "tab-body" }, this.importance.el),
    };
  }

  /** The tabs, on the remembered one. Their headers are kept here: vscode-tabs renumbers the headers' ids. */
  private tabStrip(panels: Record<Tab, HTMLElement>): HTMLElement {
    const tabs = h("vscode-tabs", { class: "tabs", "selected-index": TABS.indexOf(this.ui.tab), panel: true });
    for (const t of TABS) {
      const head = h("vscode-tab-header", { slot: "header", id: `tab-${t}` }, TAB_LABELS[t]);
      this.tabHeads.set(t, head);
      tabs.append(head, h("vscode-tab-panel", { "aria-labelledby": `tab-${t}` }, panels[t]));
    }
    tabs.addEventListener("vsc-tabs-select", (e) => {
      const tab = TABS[(e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex];
      // A hidden header can still be reached with the arrow keys: stay on the tab that was shown.
      if (tab && this.tabHeads.get(tab)?.hidden) {
        tabs.setAttribute("selected-index", String(TABS.indexOf(this.ui.tab)));
        return;
      }
      if (tab && tab !== this.ui.tab) {
        this.ui.tab = tab;
        // The tabs sit below the overview: opening the Pareto tab scrolls its scatter and Apply into view.
        this.revealPareto = tab === "pareto";
        this.uiChanged();
      }
    });
    return tabs;
  }

  /** The best trial and the optimization history, above the tabs. */
  private overview(): HTMLElement {
    return h(
      "div",
      { class: "overview" },
      this.bestCard.el,
      h(
        "section",
        { class: "card history-card", "aria-label": "Optimization history" },
        h("div", { class: "card-head" }, h("h2", {}, "Optimization history"), this.historyLegend, this.multiLegend),
        this.historyNote,
        this.historyEl,
        this.multiHistory.el,
      ),
    );
  }

  /**
   * One objective: each trial's value and the best so far. Several: the hypervolume over trials and each objective's
   * values (there is no single best). Before any trial has a value, a sentence says what will appear, never an
   * empty box.
   */
  private renderHistory(study: StudyView): void {
    const multi = (study.directions?.length ?? 1) > 1;
    let empty: boolean;
    if (multi) {
      const d = multiHistorySeries(study);
      empty = d.x.length === 0;
      this.multiHistory.update(d);
    } else {
      const d = historySeries(study.trials, study.direction);
      empty = d.x.length === 0;
      this.history.update({ ...d, direction: study.direction, metric: study.metric ?? "value" });
    }
    this.historyEl.hidden = multi || empty;
    this.multiHistory.el.hidden = !multi || empty;
    this.historyLegend.hidden = multi || empty;
    this.multiLegend.hidden = !multi || empty;
    this.historyNote.hidden = !empty;
    setText(
      this.historyNote,
      multi
        ? "The hypervolume of the Pareto front and each objective's values appear here as trials complete."
        : "Each finished trial's value and the best so far appear here as trials finish.",
    );
  }

  start(): void {
    this.post(makeMessage(Ready, {}));
  }

  onMessage(raw: unknown): void {
    const parsed = parseMessage(raw, HOST_TO_WEBVIEW);
    if (!parsed.ok) {
      console.warn(`attune panel: ignored a message: ${parsed.error}`);
      return;
    }
    const m = parsed.message;
    if (m.method === "snapshot") {
      this.store.applySnapshot(m.params);
      // The objectives come only with a snapshot (deltas carry trials): the tabs a study has are settled here.
      const study = this.store.study;
      if (study) this.showTabs(shownTabs(study.directions?.length ?? 1));
      if (m.params.key !== undefined && m.params.key !== this.ui.studyKey) {
        this.ui.studyKey = m.params.key;
        this.persist();
      }
    } else if (m.method === Delta.method) {
      // A missed delta (hidden webview) leaves us behind: ask for a full snapshot instead of guessing.
      if (this.store.applyDelta(m.params) === "stale") this.post(makeMessage(Ready, {}));
    } else this.notice(m.params.level, m.params.text);
    this.schedule();
  }

  private post(m: Parameters<VsCodeApi["postMessage"]>[0]): void {
    this.vscode.postMessage(m);
  }

  private persist(): void {
    this.vscode.setState(this.ui);
  }

  private uiChanged(): void {
    this.persist();
    this.schedule();
  }

  private select(n: number | undefined): void {
    if (n === undefined) delete this.ui.selected;
    else this.ui.selected = n;
    this.uiChanged();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const study = this.store.study;
    this.root.querySelector(".loading")?.remove();
    this.empty.hidden = study !== null;
    this.main.hidden = study === null;
    if (!study) {
      this.dispatchRendered();
      return;
    }
    const now = Date.now();
    const key = `${this.store.version}|${this.ui.filter}|${JSON.stringify(this.ui.sort)}|${this.ui.hidden.join(",")}`;
    // A model search's elapsed time counts up while it runs, between trials too.
    const running = study.trials.some((t) => t.state === "running") || (!!this.store.modelSearch && study.running);
    // Durations of running trials count up; the model only needs recomputing for them when sorted or filtered.
    if (
      key !== this.modelKey ||
      !this.model ||
      (running && (this.ui.sort?.key === "duration" || this.ui.filter !== ""))
    ) {
      this.modelKey = key;
      this.model = tableModel(study, this.ui, now);
      this.renderColumnsMenu(this.model);
      const shown = this.model.rows.length;
      setText(
        this.filterHint,
        `${shown === this.model.total ? `${shown}` : `${shown} of ${this.model.total}`} ` +
          `trials${this.model.unknown.length ? ` · no column named ${this.model.unknown.join(", ")}` : ""}`,
      );
    }
    const model = this.model;
    this.header.render(study, this.store.trusted);
    this.modelSearch.render(this.store.modelSearch, study, now);
    this.bestCard.render(study, model.best, this.store.canApply);
    if (this.ui.tab === "trials") this.table.render(model, this.ui.sort, this.ui.selected, now);
    this.details.render(
      study,
      this.ui.selected === undefined ? undefined : this.store.trial(this.ui.selected),
      model.best,
      this.store.trusted,
      this.store.canApply,
      now,
    );
    if (this.historyVersion !== this.store.version) {
      this.historyVersion = this.store.version;
      this.renderHistory(study);
    }
    this.renderActiveChart(study.running);
    if (this.ui.tab === "pareto") this.fitPareto();
    else this.tabs.classList.remove("tall");
    this.setTicker(running);
    this.dispatchRendered();
  }

  /**
   * The Pareto scatter fills the tab area down to its lower edge, so it and its Apply are on screen together. In a
   * short or narrow panel, where the tab area would leave the scatter too little room, the tab area grows to the
   * view's height (`tall`) and opening the tab scrolls its end into view.
   */
  private fitPareto(): void {
    let r = this.tabs.getBoundingClientRect();
    if (!this.tabs.classList.contains("tall") && r.bottom - this.pareto.plotTop() < 260) {
      this.tabs.classList.add("tall");
      r = this.tabs.getBoundingClientRect();
    }
    if (this.revealPareto && r.bottom > window.innerHeight) {
      window.scrollBy(0, r.bottom - window.innerHeight);
      r = this.tabs.getBoundingClientRect();
    }
    this.revealPareto = false;
    this.pareto.fit(r.top, r.bottom);
  }

  /** Hides the tabs this study does not have; the panel leaves a hidden tab for the trials table. */
  private showTabs(shown: readonly Tab[]): void {
    for (const [t, head] of this.tabHeads) if (head.hidden === shown.includes(t)) head.hidden = !shown.includes(t);
    const tab = tabToShow(this.ui.tab, shown);
    if (tab === this.ui.tab) return;
    this.ui.tab = tab;
    this.tabs.setAttribute("selected-index", String(TABS.indexOf(tab)));
    this.persist();
  }

  private renderActiveChart(live: boolean): void {
    const tab = this.ui.tab;
    const study = this.store.study;
    if (tab === "trials" || !study) return;
    // Parallel coordinates and importance only change when trials finish; learning curves change with every step.
    const data = tab === "curves" ? String(this.store.version) : finishedSignature(study.trials);
    const version = `${data}|${this.ui.selected}|${this.model?.best}|${JSON.stringify(this.ui.paretoAxes)}`;
    if (this.chartsVersion.get(tab) === version) return;
    const since = performance.now() - (this.chartsAt.get(tab) ?? -Infinity);
    const interval = CHART_INTERVAL_MS[tab];
    if (live && since < interval) {
      this.chartTimer ??= setTimeout(() => {
        this.chartTimer = undefined;
        this.schedule();
      }, interval - since);
      return;
    }
    this.chartsAt.set(tab, performance.now());
    this.chartsVersion.set(tab, version);
    if (tab === "curves") {
      const budget = study.params.find((p) => p.kind === "budget");
      const c = curveSeries(study.trials, study.direction, 400, budget?.hi);
      this.curves.update({ ...c, best: this.model?.best, selected: this.ui.selected, metric: study.metric ?? "value" });
      this.lastCurves = c;
      setText(this.curvesNote, this.curvesText());
    } else if (tab === "pareto") this.pareto.update(study, this.ui.paretoAxes, this.ui.selected, this.store.canApply);
    else if (tab === "parallel") this.parallel.update(study, this.model?.best, this.ui.selected);
    else this.importance.update(study);
  }

  private curvesText(): string {
    const c = this.lastCurves;
    if (!c || c.trials.length === 0) return "Learning curves appear when trials report intermediate values.";
    const paused = c.trials.some((t) => t.pauses?.length) ? " Two bars (‖): paused there, continued later." : "";
    const from = c.trials.some((t) => t.from)
      ? " A dot with “from #n”: started there from trial n's checkpoint (or grew from its weights)."
      : "";
    return `${c.trials.length} trials${c.omitted ? ` (the best and running ones; ${c.omitted} more not drawn)` : ""}. Dashed with a ring: pruned where it stopped.${paused}${from}${c.bands?.length ? " Dotted with a shaded band: where a running or paused trial is heading (extrapolated, ±1 sd)." : ""} Hover a curve to name its trial.`;
  }

  private renderColumnsMenu(model: TableModel): void {
    const sig = model.columns.map((c) => c.key).join("|") + "#" + this.ui.hidden.join("|");
    if (this.columnsMenu.dataset.sig === sig) return;
    this.columnsMenu.dataset.sig = sig;
    this.columnsMenu.replaceChildren(
      ...model.columns
        .filter((c) => c.key !== "number")
        .map((c) => {
          const box = h("vscode-checkbox", {
            label: c.label,
            checked: !this.ui.hidden.includes(c.key),
            "data-key": c.key,
          }) as HTMLElement & { checked: boolean };
          box.addEventListener("change", () => {
            const hidden = new Set(this.ui.hidden);
            if (box.checked) hidden.delete(c.key);
            else hidden.add(c.key);
            this.ui.hidden = [...hidden];
            this.uiChanged();
          });
          return box;
        }),
    );
  }

  private setTicker(running: boolean): void {
    if (running && !this.ticker) this.ticker = setInterval(() => this.schedule(), 1000);
    else if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private notice(level: "info" | "error", text: string): void {
    const close = h("button", { type: "button", class: "notice-close", "aria-label": "Dismiss" }, "×");
    const el = h(
      "div",
      { class: `notice ${level}`, role: level === "error" ? "alert" : "status" },
      h("span", {}, text),
      close,
    );
    close.addEventListener("click", () => el.remove());
    this.notices.append(el);
    if (level === "info") setTimeout(() => el.remove(), 6000);
  }

  /** For tests and benchmarks: a render finished (cheap; nothing listens in normal use). */
  private dispatchRendered(): void {
    window.dispatchEvent(
      new CustomEvent("attune:rendered", { detail: { seq: this.store.seq, rows: this.model?.rows.length ?? 0 } }),
    );
  }
}
