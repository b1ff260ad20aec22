// Parallel coordinates as SVG. Lines are drawn as one path per colour bucket (a dozen elements instead of one per
// trial: 1,000 separate paths made every live redraw and hover repaint slow), with colours from CSS classes bound
// to `--vscode-charts-*`. Hover and click find the nearest line in the pure layout and highlight it on its own path.
import type { StudyView } from "../../src/protocol/messages";
import { bucket, layoutParallel, nearestLine, type Layout, type Line } from "../model/parcoords";
import { h, s, setText } from "./dom";

const PAD: [number, number, number, number] = [28, 56, 16, 56];

export class ParallelView {
  readonly el: HTMLElement;
  private readonly note: HTMLElement;
  private readonly holder: HTMLElement;
  onSelect: (trial: number) => void = () => {};
  private last: { study: StudyView; best: number | undefined; selected: number | undefined } | undefined;
  private layout: Layout | undefined;
  private hover: SVGElement | undefined;
  private hoverPending = false;
  private summary = "";
  private metric = "value";

  constructor() {
    this.note = h("p", { class: "chart-note", "aria-live": "polite" });
    this.holder = h("div", { class: "parallel-holder" });
    this.el = h("div", { class: "parallel" }, this.note, this.holder);
    this.holder.addEventListener("click", (e) => {
      const l = this.lineAt(e);
      if (l) this.onSelect(l.number);
    });
    this.holder.addEventListener("pointermove", (e) => {
      if (this.hoverPending) return;
      this.hoverPending = true;
      requestAnimationFrame(() => {
        this.hoverPending = false;
        this.showHover(this.lineAt(e));
      });
    });
    this.holder.addEventListener("pointerleave", () => this.showHover(undefined));
    new ResizeObserver(() => this.last && this.draw()).observe(this.holder);
  }

  update(study: StudyView, best: number | undefined, selected: number | undefined): void {
    this.last = { study, best, selected };
    this.draw();
  }

  private lineAt(e: MouseEvent): Line | undefined {
    const svg = this.holder.querySelector("svg");
    if (!svg || !this.layout) return undefined;
    const r = svg.getBoundingClientRect();
    return nearestLine(this.layout, e.clientX - r.left, e.clientY - r.top);
  }

  private showHover(l: Line | undefined): void {
    if (!this.hover) return;
    this.hover.setAttribute("d", l ? l.d : "");
    this.holder.classList.toggle("pointing", !!l);
    setText(
      this.note,
      l ? `Trial ${l.number} · ${l.state} · ${this.metric} ${l.value} — click to select` : this.summary,
    );
  }

  private draw(): void {
    const { study, best, selected } = this.last!;
    const width = Math.max(320, this.holder.clientWidth);
    const height = Math.max(220, this.holder.clientHeight);
    const layout = layoutParallel(study, study.trials, { width, height, pad: PAD });
    this.layout = layout;
    this.metric = study.metric ?? "value";
    const n = layout.lines.length;
    this.summary =
      n === 0
        ? "Parallel coordinates appear when trials finish."
        : `${n} finished trial${n === 1 ? "" : "s"}; brighter lines are better, dashed ones were pruned. Point at a ` +
          `line to name its trial; click to select it.`;
    setText(this.note, this.summary);

    const groups = new Map<string, string[]>();
    let bestLine: Line | undefined;
    let selLine: Line | undefined;
    for (const l of layout.lines) {
      if (l.number === best) bestLine = l;
      if (l.number === selected) selLine = l;
      const cls = `pc-line q${bucket(l.quality)}${l.state === "pruned" ? " pruned" : ""}`;
      let g = groups.get(cls);
      if (!g) groups.set(cls, (g = []));
      g.push(l.d);
    }
    // Worse buckets first so better lines are drawn on top.
    const order = [...groups.keys()].sort();
    // Two stacked SVGs: the many static lines in a layer of their own (composited, so hovering or selecting never
    // re-rasterizes them), and the axes, best, selected and hover lines on top.
    const frame = { width, height, viewBox: `0 0 ${width} ${height}` };
    const base = s(
      "svg",
      { ...frame, class: "pc-base", "aria-hidden": "true" },
      ...order.map((cls) => s("path", { class: cls, d: groups.get(cls)!.join("") })),
    );
    const over = s("svg", {
      ...frame,
      class: "pc-over",
      role: "img",
      "aria-label": `Parallel coordinates of ${n} trials over ${layout.axes.length} axes`,
    });
    const marks = s("g", { class: "pc-lines" });
    if (selLine && selLine !== bestLine) marks.append(s("path", { class: "pc-line selected", d: selLine.d }));
    if (bestLine) marks.append(s("path", { class: "pc-line best", d: bestLine.d }));
    this.hover = s("path", { class: "pc-line hover", d: "" });
    marks.append(this.hover);
    const axes = s("g", { class: "pc-axes" });
    for (const a of layout.axes) {
      const g = s("g", { class: a.key === "value" ? "pc-axis objective" : "pc-axis" });
      g.append(s("line", { x1: a.x, x2: a.x, y1: PAD[0], y2: height - PAD[2] }));
      g.append(s("text", { x: a.x, y: 14, class: "pc-label", "text-anchor": "middle" }, a.label));
      for (const t of a.ticks)
        g.append(s("text", { x: a.x - 5, y: t.y + 4, class: "pc-tick", "text-anchor": "end" }, t.label));
      axes.append(g);
    }
    over.append(axes, marks);
    this.holder.replaceChildren(base, over);
  }
}
