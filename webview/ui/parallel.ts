// Parallel coordinates as plain SVG: geometry from the pure layout, colours from CSS classes bound to
// `--vscode-charts-*` (so the theme applies without redrawing), hover titles, and click-to-select.
import type { StudyView } from "../../src/protocol/messages";
import { bucket, layoutParallel } from "../model/parcoords";
import { h, s } from "./dom";

export class ParallelView {
  readonly el: HTMLElement;
  private readonly note: HTMLElement;
  private readonly holder: HTMLElement;
  onSelect: (trial: number) => void = () => {};
  private last: { study: StudyView; best: number | undefined; selected: number | undefined } | undefined;

  constructor() {
    this.note = h("p", { class: "chart-note" });
    this.holder = h("div", { class: "parallel-holder" });
    this.el = h("div", { class: "parallel" }, this.note, this.holder);
    this.holder.addEventListener("click", (e) => {
      const t = (e.target as Element).closest("[data-trial]");
      if (t) this.onSelect(Number(t.getAttribute("data-trial")));
    });
    new ResizeObserver(() => this.last && this.draw()).observe(this.holder);
  }

  update(study: StudyView, best: number | undefined, selected: number | undefined): void {
    this.last = { study, best, selected };
    this.draw();
  }

  private draw(): void {
    const { study, best, selected } = this.last!;
    const width = Math.max(320, this.holder.clientWidth);
    const height = Math.max(220, this.holder.clientHeight);
    const layout = layoutParallel(study, study.trials, { width, height, pad: [28, 56, 16, 56] });
    const n = layout.lines.length;
    this.note.textContent = n === 0 ? "Parallel coordinates appear when trials finish." : `${n} finished trial${n === 1 ? "" : "s"}; brighter lines are better. Click a line to select its trial.`;
    const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `Parallel coordinates of ${n} trials over ${layout.axes.length} axes` });
    const lines = s("g", { class: "pc-lines" });
    // Worst first so the good lines end up on top; the selected and best trials last of all.
    const sorted = layout.lines.slice().sort((a, b) => a.quality - b.quality);
    const top: SVGElement[] = [];
    for (const l of sorted) {
      const cls = `pc-line q${bucket(l.quality)}${l.state === "pruned" ? " pruned" : ""}${l.number === best ? " best" : ""}${l.number === selected ? " selected" : ""}`;
      const path = s("path", { d: l.d, class: cls, "data-trial": l.number }, s("title", {}, `Trial ${l.number} · ${l.state} · ${study.metric ?? "value"} ${l.value}`));
      if (l.number === best || l.number === selected) top.push(path);
      else lines.append(path);
    }
    lines.append(...top);
    const axes = s("g", { class: "pc-axes" });
    for (const a of layout.axes) {
      const g = s("g", { class: a.key === "value" ? "pc-axis objective" : "pc-axis" });
      g.append(s("line", { x1: a.x, x2: a.x, y1: 28, y2: height - 16 }));
      g.append(s("text", { x: a.x, y: 14, class: "pc-label", "text-anchor": "middle" }, a.label));
      for (const t of a.ticks) g.append(s("text", { x: a.x - 5, y: t.y + 4, class: "pc-tick", "text-anchor": "end" }, t.label));
      axes.append(g);
    }
    svg.append(lines, axes);
    this.holder.replaceChildren(svg);
  }
}
