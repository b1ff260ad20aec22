// The virtualized trial grid: a fixed pool of row elements repositioned on scroll, so 1,000 (or 100,000) trials
// cost the same as the ~30 that are visible. ARIA grid semantics with aria-rowcount/aria-rowindex so screen readers
// know the full size; one tab stop with arrow keys moving the selection (aria-activedescendant).
import type { TrialRow } from "../../src/protocol/messages";
import type { Column, SortSpec, TableModel } from "../model/table";
import { h, setText } from "./dom";

export const ROW_HEIGHT = 24;
const OVERSCAN = 8;

export interface TableEvents {
  sort(key: string): void;
  select(trial: number | undefined): void;
  /** Enter on a row: move to its actions. */
  activate(trial: number): void;
}

interface PooledRow {
  el: HTMLElement;
  cells: HTMLElement[];
  number: number;
}

export class TrialTable {
  readonly el: HTMLElement;
  private readonly head: HTMLElement;
  private readonly headRow: HTMLElement;
  private readonly body: HTMLElement;
  private pool: PooledRow[] = [];
  private model: TableModel | undefined;
  private columnsSig = "";
  private sort: SortSpec | null = null;
  private selected: number | undefined;
  private now = Date.now();
  private scrollPending = false;

  constructor(private readonly events: TableEvents) {
    this.headRow = h("div", { class: "grid-row grid-head-row", role: "row", "aria-rowindex": 1 });
    this.head = h("div", { class: "grid-head", role: "rowgroup" }, this.headRow);
    this.body = h("div", { class: "grid-body", role: "rowgroup" });
    this.el = h(
      "div",
      { class: "grid", role: "grid", tabindex: 0, "aria-label": "Trials", "aria-readonly": "true" },
      this.head,
      this.body,
    );
    this.el.addEventListener("scroll", () => this.onScroll(), { passive: true });
    this.el.addEventListener("keydown", (e) => this.onKey(e));
    this.body.addEventListener("click", (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>("[data-trial]");
      if (row) this.events.select(Number(row.dataset.trial));
    });
    new ResizeObserver(() => this.paintRows()).observe(this.el);
  }

  render(model: TableModel, sort: SortSpec | null, selected: number | undefined, now: number): void {
    this.model = model;
    this.sort = sort;
    this.selected = selected;
    this.now = now;
    const sig = model.visible.map((c) => `${c.key}:${c.label}:${c.width}`).join("|");
    if (sig !== this.columnsSig) {
      this.columnsSig = sig;
      this.buildHeader(model.visible);
      this.pool = [];
      this.body.replaceChildren();
    }
    this.updateHeader();
    this.el.setAttribute("aria-rowcount", String(model.rows.length + 1));
    this.el.setAttribute("aria-colcount", String(model.visible.length));
    this.body.style.height = `${model.rows.length * ROW_HEIGHT}px`;
    this.paintRows();
  }

  /** Scroll so the row of `trial` is visible (keyboard selection). */
  reveal(trial: number): void {
    const i = this.model?.rows.findIndex((r) => r.number === trial) ?? -1;
    if (i < 0) return;
    const top = i * ROW_HEIGHT;
    const view = this.el.clientHeight - this.head.offsetHeight;
    if (top < this.el.scrollTop) this.el.scrollTop = top;
    else if (top + ROW_HEIGHT > this.el.scrollTop + view) this.el.scrollTop = top + ROW_HEIGHT - view;
    this.paintRows();
  }

  private buildHeader(cols: readonly Column[]): void {
    const template = cols.map((c) => `${c.width}px`).join(" ");
    this.el.style.setProperty("--grid-cols", template);
    this.el.style.setProperty("--grid-width", `${cols.reduce((s, c) => s + c.width, 0)}px`);
    this.headRow.replaceChildren(
      ...cols.map((c, i) => {
        const btn = h(
          "button",
          { type: "button", class: "sort-button", title: c.title ? `${c.title} — sort` : `Sort by ${c.label}` },
          h("span", { class: "label" }, c.label),
          h("span", { class: "sort-mark", "aria-hidden": "true" }),
        );
        btn.addEventListener("click", () => this.events.sort(c.key));
        return h(
          "div",
          {
            class: `grid-cell head${c.numeric ? " num" : ""}`,
            role: "columnheader",
            "aria-colindex": i + 1,
            "data-key": c.key,
          },
          btn,
        );
      }),
    );
  }

  private updateHeader(): void {
    for (const cell of Array.from(this.headRow.children)) {
      const key = (cell as HTMLElement).dataset.key;
      const dir = this.sort && this.sort.key === key ? this.sort.dir : undefined;
      const aria = dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none";
      if (cell.getAttribute("aria-sort") !== aria) cell.setAttribute("aria-sort", aria);
      setText(cell.querySelector(".sort-mark")!, dir === "asc" ? "▲" : dir === "desc" ? "▼" : "");
    }
  }

  private onScroll(): void {
    if (this.scrollPending) return;
    this.scrollPending = true;
    requestAnimationFrame(() => {
      this.scrollPending = false;
      this.paintRows();
    });
  }

  private paintRows(): void {
    const m = this.model;
    if (!m) return;
    const headH = this.head.offsetHeight || ROW_HEIGHT;
    const viewH = Math.max(ROW_HEIGHT, this.el.clientHeight - headH);
    const first = Math.max(0, Math.floor(this.el.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(m.rows.length, Math.ceil((this.el.scrollTop + viewH) / ROW_HEIGHT) + OVERSCAN);
    const need = Math.max(0, last - first);
    while (this.pool.length < need) this.pool.push(this.makeRow(m.visible));
    for (let k = 0; k < this.pool.length; k++) {
      const p = this.pool[k];
      if (k >= need) {
        if (!p.el.hidden) p.el.hidden = true;
        continue;
      }
      if (p.el.hidden) p.el.hidden = false;
      this.fillRow(p, m.rows[first + k], first + k, m);
    }
    const sel =
      this.selected !== undefined && m.rows.some((r) => r.number === this.selected)
        ? `trial-row-${this.selected}`
        : undefined;
    if (sel) this.el.setAttribute("aria-activedescendant", sel);
    else this.el.removeAttribute("aria-activedescendant");
  }

  private makeRow(cols: readonly Column[]): PooledRow {
    const cells = cols.map((c, i) =>
      h("div", {
        class: `grid-cell${c.numeric ? " num" : ""} col-${c.key.startsWith("p:") ? "param" : c.key}`,
        role: "gridcell",
        "aria-colindex": i + 1,
      }),
    );
    const el = h("div", { class: "grid-row", role: "row" }, ...cells);
    this.body.append(el);
    return { el, cells, number: -1 };
  }

  private fillRow(p: PooledRow, row: TrialRow, index: number, m: TableModel): void {
    const { el, cells } = p;
    el.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    if (p.number !== row.number) {
      p.number = row.number;
      el.id = `trial-row-${row.number}`;
      el.dataset.trial = String(row.number);
    }
    el.setAttribute("aria-rowindex", String(index + 2));
    const best = row.number === m.best || m.front.has(row.number);
    const selected = row.number === this.selected;
    const base = row.baseline ? " baseline" : "";
    el.className = `grid-row state-${row.state}${best ? " best" : ""}${base}${selected ? " selected" : ""}`;
    const ariaSel = selected ? "true" : "false";
    if (el.getAttribute("aria-selected") !== ariaSel) el.setAttribute("aria-selected", ariaSel);
    for (let i = 0; i < m.visible.length; i++) {
      const c = m.visible[i];
      const text = c.key === "number" && best ? `★ ${c.text(row, this.now)}` : c.text(row, this.now);
      setText(cells[i], text);
    }
    const label = best ? (m.front.size ? "Pareto trial" : "Best trial") : "Trial";
    const what = [label, row.baseline ? "(baseline: the file's own values)" : ""];
    if (best || row.baseline) el.setAttribute("aria-label", `${what[0]} ${row.number} ${what[1]}`.trim());
    else el.removeAttribute("aria-label");
    // A paused (or dropped) trial says why on hover: "paused at step 3: predicted 0.912 at step 27, below best 0.934".
    if (row.pauseNote) el.title = row.pauseNote;
    else if (el.hasAttribute("title")) el.removeAttribute("title");
  }

  private onKey(e: KeyboardEvent): void {
    const m = this.model;
    if (!m || m.rows.length === 0 || e.target !== this.el) return;
    const idx = m.rows.findIndex((r) => r.number === this.selected);
    const page = Math.max(1, Math.floor((this.el.clientHeight - this.head.offsetHeight) / ROW_HEIGHT) - 1);
    let next: number | undefined;
    switch (e.key) {
      case "ArrowDown":
        next = idx < 0 ? 0 : idx + 1;
        break;
      case "ArrowUp":
        next = idx < 0 ? 0 : idx - 1;
        break;
      case "PageDown":
        next = (idx < 0 ? 0 : idx) + page;
        break;
      case "PageUp":
        next = (idx < 0 ? 0 : idx) - page;
        break;
      case "Home":
        next = 0;
        break;
      case "End":
        next = m.rows.length - 1;
        break;
      case "Enter":
      case " ":
        if (idx >= 0) {
          e.preventDefault();
          this.events.activate(m.rows[idx].number);
        }
        return;
      case "Escape":
        if (this.selected !== undefined) {
          e.preventDefault();
          this.events.select(undefined);
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    const n = m.rows[Math.max(0, Math.min(m.rows.length - 1, next))].number;
    this.events.select(n);
    this.reveal(n);
  }
}
