// The Pareto tab: a scatter of the complete trials on two chosen objectives (a third as colour), the front
// highlighted and joined, infeasible trials drawn as crosses; beside it the selected point's values and its Apply.
// Clicking a point selects its trial. The scatter is sized to fit the view, so it is on screen with its Apply when
// the tab opens (the hypervolume over trials is in the history card, above the tabs).
import type { StudyView } from "../../src/protocol/messages";
import { scatterModel, validAxes, type Axes, type ScatterModel } from "../model/pareto";
import { formatNumber } from "../../src/core/format";
import { h, s, setText } from "./dom";

const W = 560;
const H = 340;
const PAD = { l: 64, r: 16, t: 12, b: 40 };

export class ParetoView {
  readonly el: HTMLElement;
  /** The scatter and the selected point: what must be on screen when the tab opens. */
  readonly body = h("div", { class: "pareto-body" });
  onSelect: (trial: number) => void = () => {};
  onApply: (trial: number) => void = () => {};
  onAxes: (axes: Axes) => void = () => {};
  private readonly selects: { x: HTMLSelectElement; y: HTMLSelectElement; c: HTMLSelectElement };
  private readonly note = h("p", { class: "chart-note", "aria-live": "polite" });
  private readonly plot = h("div", { class: "pareto-plot" });
  private readonly pointTitle = h("h3", { class: "pareto-point-title" });
  private readonly pointValues = h("dl", { class: "pareto-point-values" });
  private readonly applyBtn: HTMLButtonElement;
  private axes: Axes = { x: 0, y: 1, c: -1 };
  private selected: number | undefined;
  private sig = "";

  constructor() {
    const sel = (label: string) => {
      const el = h("select", { "aria-label": label }) as HTMLSelectElement;
      el.addEventListener("change", () => this.axesChanged());
      return el;
    };
    this.selects = { x: sel("Horizontal axis"), y: sel("Vertical axis"), c: sel("Colour") };
    this.applyBtn = h("button", { type: "button", class: "apply-point", disabled: true }, "Apply") as HTMLButtonElement;
    this.applyBtn.addEventListener("click", () => this.selected !== undefined && this.onApply(this.selected));
    this.plot.addEventListener("click", (e) => {
      const n = (e.target as Element).closest?.("[data-trial]")?.getAttribute("data-trial");
      if (n) this.onSelect(Number(n));
    });
    this.body.append(
      this.plot,
      h(
        "aside",
        { class: "pareto-point", "aria-label": "Selected point", "aria-live": "polite" },
        this.pointTitle,
        this.pointValues,
        this.applyBtn,
      ),
    );
    this.el = h(
      "div",
      { class: "pareto" },
      h(
        "div",
        { class: "pareto-toolbar" },
        h("label", {}, "x ", this.selects.x),
        h("label", {}, "y ", this.selects.y),
        h("label", {}, "colour ", this.selects.c),
        this.note,
      ),
      this.body,
    );
  }

  update(study: StudyView, axes: Partial<Axes> | undefined, selected: number | undefined, canApply: boolean): void {
    const n = study.directions?.length ?? 1;
    if (n < 2) {
      setText(this.note, "This study has one objective; see the table and the best trial.");
      this.plot.replaceChildren();
      return;
    }
    this.axes = validAxes(axes, n);
    this.selected = selected;
    const m = scatterModel(study, this.axes)!;
    const sig = JSON.stringify([
      this.axes,
      selected,
      canApply,
      study.front?.pareto,
      m.points.length,
      study.trials.length,
    ]);
    if (sig === this.sig) return;
    this.sig = sig;
    this.fillSelects(m.labels, n);
    const infeasible = m.points.length - m.feasibleCount;
    setText(
      this.note,
      `${m.points.length} complete trials, ${study.front?.pareto.length ?? 0} on the Pareto front` +
        (infeasible ? `, ${infeasible} infeasible (×)` : "") +
        ". Click a point to select its trial.",
    );
    this.plot.replaceChildren(this.scatter(m));
    this.renderPoint(study, m, canApply);
  }

  /** Where the scatter starts, in the view's coordinates. */
  plotTop(): number {
    return this.plot.getBoundingClientRect().top;
  }

  /**
   * Size the scatter to the room the tab area (`top` to `bottom`, view coordinates) leaves below what is above it,
   * and to the view's height: the tab area clips what does not fit, and the overview above it is taller or shorter
   * by study and panel width. Set through the CSSOM, which the CSP allows.
   */
  fit(top: number, bottom: number): void {
    const start = this.plotTop();
    const room = Math.min(bottom - start, window.innerHeight - (start - top)) - 12;
    const height = `${Math.max(200, Math.min(560, Math.floor(room)))}px`;
    if (this.plot.style.height !== height) this.plot.style.height = height;
  }

  /** The selected trial's objective values and Apply, next to the scatter. */
  private renderPoint(study: StudyView, m: ScatterModel, canApply: boolean): void {
    const sel = this.selected;
    const p = sel === undefined ? undefined : m.points.find((q) => q.number === sel);
    const t = p ? study.trials.find((r) => r.number === p.number) : undefined;
    this.applyBtn.disabled = !(canApply && p);
    setText(this.applyBtn, p ? `Apply trial ${p.number}` : "Apply");
    this.applyBtn.title = canApply ? "" : "The study's file is not open in this workspace";
    if (!p || !t?.values) {
      setText(
        this.pointTitle,
        sel === undefined ? "Click a point to select it" : `Trial ${sel} is not on the chart (not complete)`,
      );
      this.pointValues.replaceChildren();
      return;
    }
    setText(
      this.pointTitle,
      `Trial ${p.number}${p.feasible ? (p.front ? " · on the Pareto front" : " · dominated") : " · infeasible"}`,
    );
    this.pointValues.replaceChildren(
      ...m.labels.flatMap((l, i) => [h("dt", {}, l), h("dd", {}, formatNumber(t.values![i]))]),
    );
  }

  private fillSelects(labels: string[], n: number): void {
    const fill = (el: HTMLSelectElement, value: number, none: boolean) => {
      const opts = [...(none ? [[-1, "none"] as const] : []), ...labels.map((l, i) => [i, l] as const)];
      const sig = opts.map((o) => o.join("=")).join("|");
      if (el.dataset.sig !== sig) {
        el.dataset.sig = sig;
        el.replaceChildren(...opts.map(([v, l]) => h("option", { value: String(v) }, l)));
      }
      el.value = String(value);
    };
    fill(this.selects.x, this.axes.x, false);
    fill(this.selects.y, this.axes.y, false);
    fill(this.selects.c, this.axes.c, true);
    this.selects.c.disabled = n < 3;
  }

  private axesChanged(): void {
    const n = this.selects.x.options.length;
    this.axes = validAxes(
      { x: Number(this.selects.x.value), y: Number(this.selects.y.value), c: Number(this.selects.c.value) },
      n,
    );
    this.sig = "";
    this.onAxes(this.axes);
  }

  private scatter(m: ScatterModel): SVGElement {
    const sx = (v: number) => PAD.l + ((v - m.x[0]) / (m.x[1] - m.x[0])) * (W - PAD.l - PAD.r);
    const sy = (v: number) => H - PAD.b - ((v - m.y[0]) / (m.y[1] - m.y[0])) * (H - PAD.t - PAD.b);
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "pareto-svg", role: "img", "aria-label": "Pareto front" });
    svg.append(
      s("line", { x1: PAD.l, y1: H - PAD.b, x2: W - PAD.r, y2: H - PAD.b, class: "axis" }),
      s("line", { x1: PAD.l, y1: PAD.t, x2: PAD.l, y2: H - PAD.b, class: "axis" }),
      s(
        "text",
        { x: (W + PAD.l) / 2, y: H - 6, class: "axis-label", "text-anchor": "middle" },
        axisTitle(m, 0, this.axes.x),
      ),
      s(
        "text",
        {
          x: 14,
          y: (H - PAD.b) / 2,
          class: "axis-label",
          "text-anchor": "middle",
          transform: `rotate(-90 14 ${(H - PAD.b) / 2})`,
        },
        axisTitle(m, 1, this.axes.y),
      ),
    );
    for (const [v, at] of [
      [m.x[0], "start"],
      [m.x[1], "end"],
    ] as const)
      svg.append(s("text", { x: sx(v), y: H - PAD.b + 14, class: "tick", "text-anchor": at }, formatNumber(v)));
    for (const v of [m.y[0], m.y[1]])
      svg.append(s("text", { x: PAD.l - 4, y: sy(v) + 4, class: "tick", "text-anchor": "end" }, formatNumber(v)));
    if (m.line.length > 1)
      svg.append(s("polyline", { class: "front-line", points: m.line.map((p) => `${sx(p.x)},${sy(p.y)}`).join(" ") }));
    // Dominated first, then the front on top; the selected point last.
    const order = [...m.points].sort(
      (a, b) =>
        Number(a.front) - Number(b.front) || Number(a.number === this.selected) - Number(b.number === this.selected),
    );
    for (const p of order) {
      const x = sx(p.x);
      const y = sy(p.y);
      const cls = `pt${p.front ? " front" : ""}${p.feasible ? "" : " infeasible"}${p.number === this.selected ? " selected" : ""}`;
      const title = s(
        "title",
        {},
        `Trial ${p.number}${p.front ? " (Pareto)" : ""}${p.feasible ? "" : " (infeasible)"}: ${m.labels[this.axes.x]} ${formatNumber(p.x)}, ${m.labels[this.axes.y]} ${formatNumber(p.y)}${p.c !== undefined ? `, ${m.labels[this.axes.c]} ${formatNumber(p.c)}` : ""}`,
      );
      const el = p.feasible
        ? s("circle", { cx: x, cy: y, r: p.front ? 5 : 3.5, class: cls, "data-trial": p.number }, title)
        : s(
            "path",
            {
              d: `M${x - 4},${y - 4}L${x + 4},${y + 4}M${x - 4},${y + 4}L${x + 4},${y - 4}`,
              class: cls,
              "data-trial": p.number,
            },
            title,
          );
      if (p.c !== undefined && m.c)
        el.setAttribute("data-shade", String(Math.round((9 * (p.c - m.c[0])) / (m.c[1] - m.c[0]))));
      svg.append(el);
    }
    return svg;
  }
}

function axisTitle(m: ScatterModel, _k: number, i: number): string {
  return `${m.labels[i]} (${m.directions[i] === "minimize" ? "lower is better" : "higher is better"})`;
}
