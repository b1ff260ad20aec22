// The two uPlot charts: optimization history (each finished trial's value and the best-so-far line) and learning
// curves (intermediate values per trial, pruned ones dashed and marked where they stopped). uPlot draws on canvas
// and sizes through the CSSOM, so it needs no inline styles under the panel's CSP.
import uPlot from "uplot";
import type { StudyView } from "../../src/protocol/messages";
import { formatNumber } from "../../src/core/format";
import { integerSplits, trialRange, type CurvesData, type HistoryData } from "../model/series";
import { readTheme, withAlpha, type ChartTheme } from "./theme";

export const axis = (t: ChartTheme, label?: string): uPlot.Axis => ({
  ...(label ? { label } : {}),
  stroke: t.fg,
  font: t.font,
  labelFont: t.font,
  grid: { stroke: t.grid, width: 1 },
  ticks: { stroke: t.grid, width: 1 },
  values: (_u, splits) => splits.map((v) => formatNumber(v)),
});

/** An x axis of trial numbers (or steps): ticks on integers only, about one per 70 pixels. */
export const integerAxis = (t: ChartTheme, label?: string): uPlot.Axis => ({
  ...axis(t, label),
  splits: (u, _i, min, max) => integerSplits(min, max, u.width / 70),
});

/** The x scale of a per-trial chart: trial numbers, with half a trial of room at each end. */
export const trialScale: uPlot.Scale = { time: false, range: (_u, min, max) => trialRange(min, max) };

export abstract class Chart<D> {
  protected plot: uPlot | undefined;
  private data: D | undefined;
  private size = { width: 0, height: 0 };
  private readonly observer = new ResizeObserver(() => this.resize());

  constructor(
    readonly el: HTMLElement,
    private readonly minHeight = 120,
  ) {
    this.observer.observe(el);
  }

  /** Stop following the element's size and free the plot (its element is leaving the page). */
  dispose(): void {
    this.observer.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  protected abstract options(data: D, theme: ChartTheme, size: { width: number; height: number }): uPlot.Options;
  protected abstract columns(data: D): uPlot.AlignedData;
  /** Whether new data needs new series (a rebuild) rather than setData. */
  protected abstract shapeChanged(prev: D, next: D): boolean;

  update(data: D): void {
    const prev = this.data;
    this.data = data;
    if (!this.plot || !prev || this.shapeChanged(prev, data)) this.rebuild();
    else this.plot.setData(this.columns(data));
  }

  /** Theme colours live in the options: a theme change rebuilds. */
  rebuild(): void {
    this.plot?.destroy();
    this.plot = undefined;
    if (!this.data) return;
    this.measure();
    if (this.size.width <= 0 || this.size.height <= 0) return;
    this.plot = new uPlot(this.options(this.data, readTheme(), this.size), this.columns(this.data), this.el);
  }

  private measure(): void {
    this.size = {
      width: Math.floor(this.el.clientWidth),
      height: Math.max(this.minHeight, Math.floor(this.el.clientHeight)),
    };
  }

  private resize(): void {
    const before = this.size;
    this.measure();
    if (before.width === this.size.width && before.height === this.size.height) return;
    if (this.plot) this.plot.setSize(this.size);
    else this.rebuild();
  }
}

export class HistoryChart extends Chart<HistoryData & { direction: StudyView["direction"]; metric: string }> {
  protected options(
    d: HistoryData & { metric: string },
    t: ChartTheme,
    size: { width: number; height: number },
  ): uPlot.Options {
    return {
      ...size,
      title: undefined,
      legend: { show: false },
      cursor: { points: { size: 7 } },
      scales: { x: trialScale },
      axes: [integerAxis(t, "Trial"), axis(t, d.metric)],
      series: [
        { label: "Trial", value: (_u, v) => (v === null ? "–" : String(v)) },
        {
          label: "Complete",
          stroke: t.blue,
          width: 0,
          points: { show: true, size: 5, stroke: t.blue, fill: withAlpha(t.blue, 0.5) },
          paths: () => null,
          value: (_u, v) => formatNumber(v),
        },
        {
          label: "Pruned",
          stroke: t.muted,
          width: 0,
          points: { show: true, size: 4, stroke: t.muted, fill: "transparent" },
          paths: () => null,
          value: (_u, v) => formatNumber(v),
        },
        {
          label: "Best so far",
          stroke: t.orange,
          width: 2,
          paths: uPlot.paths.stepped!({ align: 1 }),
          points: { show: false },
          spanGaps: true,
          value: (_u, v) => formatNumber(v),
        },
      ],
    };
  }
  protected columns(d: HistoryData): uPlot.AlignedData {
    return [d.x, d.complete, d.pruned, d.best] as uPlot.AlignedData;
  }
  protected shapeChanged(prev: { metric: string }, next: { metric: string }): boolean {
    return prev.metric !== next.metric;
  }
}

export type CurvesInput = CurvesData & { best: number | undefined; selected: number | undefined; metric: string };

export class CurvesChart extends Chart<CurvesInput> {
  /** Called with the trial under the cursor (uPlot's focus), or undefined. */
  onFocus: (trial: number | undefined) => void = () => {};

  protected options(d: CurvesInput, t: ChartTheme, size: { width: number; height: number }): uPlot.Options {
    const series: uPlot.Series[] = [{ label: "Step" }];
    for (const tr of d.trials) {
      const best = tr.number === d.best;
      const sel = tr.number === d.selected;
      const color = best ? t.orange : tr.state === "pruned" ? t.red : tr.state === "running" ? t.green : t.blue;
      const last = tr.last;
      series.push({
        label: `Trial ${tr.number}`,
        stroke: sel || best ? color : withAlpha(color, tr.state === "pruned" ? 0.75 : 0.55),
        width: sel || best ? 2.5 : 1,
        spanGaps: true,
        ...(tr.state === "pruned" ? { dash: [4, 3] } : {}),
        // Pruned trials get a hollow marker where the pruner stopped them.
        points:
          tr.state === "pruned"
            ? { show: true, size: 7, width: 1.5, stroke: t.red, fill: "transparent", filter: () => [last] }
            : { show: false },
      });
    }
    // Projections (extrapolated learning curves): a dotted mean and a shaded ±1 sd band between two faint lines.
    const bands: uPlot.Band[] = [];
    for (const b of d.bands ?? []) {
      const color = b.number === d.selected ? t.orange : t.green;
      const base = series.length;
      series.push({
        label: `Trial ${b.number} (projected)`,
        stroke: withAlpha(color, 0.8),
        width: 1,
        dash: [2, 3],
        spanGaps: true,
        points: { show: false },
      });
      for (const side of ["low", "high"])
        series.push({
          label: `Trial ${b.number} (${side})`,
          stroke: withAlpha(color, 0.15),
          width: 1,
          spanGaps: true,
          points: { show: false },
        });
      bands.push({ series: [base + 2, base + 1], fill: withAlpha(color, 0.1) });
    }
    return {
      ...size,
      legend: { show: false },
      bands,
      cursor: { focus: { prox: 16 }, points: { show: false } },
      focus: { alpha: 0.3 },
      scales: { x: { time: false } },
      // Steps are counted in whole numbers almost always (epochs, batches): then the ticks are too.
      axes: [d.x.every(Number.isInteger) ? integerAxis(t, "Step") : axis(t, "Step"), axis(t, d.metric)],
      series,
      hooks: {
        setSeries: [(_u, idx) => this.onFocus(idx === null || idx === 0 ? undefined : d.trials[idx - 1]?.number)],
        draw: [(u) => drawSegmentMarks(u, d, t)],
      },
    };
  }
  protected columns(d: CurvesInput): uPlot.AlignedData {
    const projected = (d.bands ?? []).flatMap((b) => [b.mean, b.lo, b.hi]);
    return [d.x, ...d.ys, ...projected] as uPlot.AlignedData;
  }
  protected shapeChanged(prev: CurvesInput, next: CurvesInput): boolean {
    if (
      prev.trials.length !== next.trials.length ||
      (prev.bands ?? []).map((b) => b.number).join() !== (next.bands ?? []).map((b) => b.number).join() ||
      prev.best !== next.best ||
      prev.selected !== next.selected ||
      prev.metric !== next.metric
    )
      return true;
    for (let i = 0; i < prev.trials.length; i++)
      if (
        prev.trials[i].number !== next.trials[i].number ||
        prev.trials[i].state !== next.trials[i].state ||
        (next.trials[i].state === "pruned" && prev.trials[i].last !== next.trials[i].last) ||
        String(prev.trials[i].pauses) !== String(next.trials[i].pauses) ||
        prev.trials[i].from?.index !== next.trials[i].from?.index
      )
        return true;
    return false;
  }
}

/** Labels of trials that started from another's checkpoint, at most this many (the selected and best first). */
const MAX_FROM_LABELS = 12;

/**
 * Segment marks over the curves: a pause sign (two short bars) where a trial paused and later went on, and, where a
 * trial started from another's checkpoint, a dot at the point it branched off with "from #4" beside it.
 */
function drawSegmentMarks(u: uPlot, d: CurvesInput, t: ChartTheme): void {
  const ctx = u.ctx;
  const px = uPlot.pxRatio;
  const at = (i: number, idx: number) => {
    const v = d.ys[i]?.[idx];
    if (v === null || v === undefined) return undefined;
    return { x: u.valToPos(d.x[idx], "x", true), y: u.valToPos(v, "y", true) };
  };
  ctx.save();
  ctx.lineWidth = 1.5 * px;
  d.trials.forEach((tr, i) => {
    if (u.series[i + 1]?.show === false) return;
    ctx.strokeStyle = tr.number === d.selected || tr.number === d.best ? t.orange : t.purple;
    for (const idx of tr.pauses ?? []) {
      const p = at(i, idx);
      if (!p) continue;
      ctx.beginPath();
      for (const dx of [-2 * px, 2 * px]) {
        ctx.moveTo(p.x + dx, p.y - 5 * px);
        ctx.lineTo(p.x + dx, p.y + 5 * px);
      }
      ctx.stroke();
    }
  });
  const labelled = d.trials
    .map((tr, i) => ({ tr, i }))
    .filter(({ tr }) => tr.from)
    .sort((a, b) => rankOf(b.tr.number, d) - rankOf(a.tr.number, d))
    .slice(0, MAX_FROM_LABELS);
  ctx.font = `${Math.round(11 * px)}px ${t.font.replace(/^\S+\s+/, "")}`;
  ctx.textBaseline = "bottom";
  for (const { tr, i } of labelled) {
    const p = at(i, tr.from!.index);
    if (!p) continue;
    ctx.fillStyle = t.fg;
    ctx.beginPath();
    ctx.arc(p.x, p.y, 3 * px, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillText(`from #${tr.from!.trial}`, p.x + 5 * px, p.y - 3 * px);
  }
  ctx.restore();
}

const rankOf = (n: number, d: CurvesInput) => (n === d.selected ? 2 : n === d.best ? 1 : 0);
