// The optimization history of a study with several objectives, where no single value has a "best so far": the
// hypervolume of the trials up to each trial number, and below it one small chart per objective (Pareto trials,
// other feasible trials, infeasible ones). All share the trial-number axis (labelled on the bottom chart only, so
// the short charts keep their height for the data) and one cursor; each is named by a caption above it.
import uPlot from "uplot";
import { formatNumber } from "../../src/core/format";
import type { MultiHistoryData, ObjectiveHistory } from "../model/series";
import { axis, Chart, integerAxis, trialScale } from "./charts";
import { h } from "./dom";
import { withAlpha, type ChartTheme } from "./theme";

type Size = { width: number; height: number };
const SYNC = { key: "attune-history" };

/** The trial axis: numbered and labelled under the bottom chart; above it only its grid lines. */
const trialAxis = (t: ChartTheme, bottom: boolean): uPlot.Axis =>
  bottom
    ? integerAxis(t, "Trial")
    : { ...integerAxis(t), size: 6, ticks: { show: false }, values: (_u, splits) => splits.map(() => "") };

/** A short chart's value axis: too short for uPlot's spacing of ticks, so its bottom and top are numbered. */
const valueAxis = (t: ChartTheme): uPlot.Axis => ({ ...axis(t), splits: (_u, _i, min, max) => [min, max] });

class HypervolumeChart extends Chart<{ x: number[]; hv: (number | null)[] }> {
  constructor(
    el: HTMLElement,
    private readonly bottom: boolean,
  ) {
    super(el, 60);
  }

  protected options(_d: unknown, t: ChartTheme, size: Size): uPlot.Options {
    return onTrials(t, size, this.bottom, [
      {
        label: "Hypervolume",
        stroke: t.green,
        width: 2,
        paths: uPlot.paths.stepped!({ align: 1 }),
        points: { show: true, size: 4, stroke: t.green, fill: t.green },
        spanGaps: true,
        value: (_u, v) => formatNumber(v),
      },
    ]);
  }
  protected columns(d: { x: number[]; hv: (number | null)[] }): uPlot.AlignedData {
    return [d.x, d.hv] as uPlot.AlignedData;
  }
  protected shapeChanged(): boolean {
    return false;
  }
}

/** A small chart on trial numbers, its cursor shared with the card's other charts; `series` after the x series. */
function onTrials(t: ChartTheme, size: Size, bottom: boolean, series: uPlot.Series[]): uPlot.Options {
  return {
    ...size,
    legend: { show: false },
    cursor: { sync: SYNC, points: { size: 7 } },
    scales: { x: trialScale },
    axes: [trialAxis(t, bottom), valueAxis(t)],
    series: [{ label: "Trial" }, ...series],
  };
}

type ObjectiveInput = { x: number[]; o: ObjectiveHistory };

class ObjectiveChart extends Chart<ObjectiveInput> {
  constructor(
    el: HTMLElement,
    private readonly bottom: boolean,
  ) {
    super(el, 60);
  }

  protected options(d: ObjectiveInput, t: ChartTheme, size: Size): uPlot.Options {
    const dots = (label: string, color: string, fill: string, px: number): uPlot.Series => ({
      label,
      stroke: color,
      width: 0,
      points: { show: true, size: px, stroke: color, fill },
      paths: () => null,
      value: (_u, v) => formatNumber(v),
    });
    return onTrials(t, size, this.bottom, [
      dots("Pareto front", t.orange, t.orange, 6),
      dots("Other", t.blue, withAlpha(t.blue, 0.5), 5),
      dots("Infeasible", t.red, "transparent", 5),
    ]);
  }
  protected columns(d: ObjectiveInput): uPlot.AlignedData {
    return [d.x, d.o.front, d.o.other, d.o.infeasible] as uPlot.AlignedData;
  }
  protected shapeChanged(prev: ObjectiveInput, next: ObjectiveInput): boolean {
    return prev.o.label !== next.o.label || prev.o.direction !== next.o.direction;
  }
}

export class MultiHistoryView {
  readonly el = h("div", { class: "multi-history" });
  private hv: HypervolumeChart | undefined;
  private objectives: ObjectiveChart[] = [];
  private sig = "";

  update(d: MultiHistoryData): void {
    const sig = d.objectives.map((o) => `${o.label}:${o.direction}`).join("|");
    if (sig !== this.sig || !this.hv) this.build(d, sig);
    this.hv!.update({ x: d.x, hv: d.hv });
    this.objectives.forEach((c, i) => c.update({ x: d.x, o: d.objectives[i] }));
  }

  /** Theme colours live in the charts' options: a theme change rebuilds them. */
  rebuild(): void {
    this.hv?.rebuild();
    for (const c of this.objectives) c.rebuild();
  }

  private build(d: MultiHistoryData, sig: string): void {
    this.sig = sig;
    this.hv?.dispose();
    for (const c of this.objectives) c.dispose();
    const chart = (cls: string, label: string) => h("div", { class: `chart ${cls}`, role: "img", "aria-label": label });
    const caption = (text: string) => h("p", { class: "mini-caption" }, text);
    const hvEl = chart("hv-chart", "Hypervolume of the Pareto front of the trials up to each trial number");
    const els = d.objectives.map((o, i) =>
      chart(
        `objective-chart${i === d.objectives.length - 1 ? " bottom" : ""}`,
        `${o.label} (${o.direction}) of each complete trial: Pareto, other and infeasible trials`,
      ),
    );
    this.el.replaceChildren(
      caption("Hypervolume (higher is better)"),
      hvEl,
      ...d.objectives.flatMap((o, i) => [
        caption(`${o.label} (${o.direction === "maximize" ? "higher" : "lower"} is better)`),
        els[i],
      ]),
    );
    this.hv = new HypervolumeChart(hvEl, els.length === 0);
    this.objectives = els.map((el, i) => new ObjectiveChart(el, i === els.length - 1));
  }
}
