// A trial's architecture as a small block diagram (the details pane): input → one box per layer → output. Layers
// come from list parameters of positive integers — widths such as `units = [256, 128, 64]` (dense) or
// `filters = [16, 32]` (convolutional, by the name: filters, channels, conv) — convolutional lists first, as a
// network applies them; and, once a list made layers, a positive scalar named like a dense width (`denseUnits`,
// `hidden`; 0 means none), as `attune auto`'s image script has. Lists of kernel sizes, strides, dropouts or rates are
// not widths and are left out. A box's height grows with the log of its width, on one scale for the whole study (the
// columns' declared bounds), so two trials' diagrams compare at a glance. Pure geometry; the view draws it.
import type { ParamColumn, TrialRow } from "../../src/protocol/messages";
import { listNames, listOf, listValue } from "./lists";

export type BlockKind = "input" | "conv" | "dense" | "output";

export interface Block {
  kind: BlockKind;
  /** The width ("256"), or "input"/"output". */
  label: string;
  /** What it is: "dense", "conv 3×3". */
  caption?: string;
  /** Where it comes from, for a tooltip: "units[0] = 256". */
  source?: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Diagram {
  blocks: Block[];
  /** Arrows from one block's right edge to the next one's left edge, at mid height. */
  links: { x1: number; x2: number; y: number }[];
  width: number;
  height: number;
}

const NOT_WIDTHS = /kernel|stride|dilation|dropout|pool|rate|padding|epoch|batch|seed/i;
const CONV = /filter|channel|conv/i;
const DENSE_SCALAR = /units|hidden|neurons/i;
const KERNEL = /^kernel(_?size)?$/i;

export const BOX = { w: 44, minH: 16, maxH: 64, ioH: 28, gap: 16, pad: 4, caption: 14 } as const;

interface Layer {
  kind: "conv" | "dense";
  width: number;
  /** Its column: `units[0]`, `denseUnits`. */
  column: string;
}

const isWidth = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;

/** The layers a trial's parameters describe, in the order a network applies them; empty when none do. */
export function layersOf(columns: readonly ParamColumn[], params: TrialRow["params"]): Layer[] {
  const conv: Layer[] = [];
  const dense: Layer[] = [];
  for (const name of listNames(columns)) {
    if (NOT_WIDTHS.test(name)) continue;
    const value = listValue(params, name);
    if (!value?.length || !value.every(isWidth)) continue;
    const kind = CONV.test(name) ? "conv" : "dense";
    (kind === "conv" ? conv : dense).push(
      ...value.map((width, k): Layer => ({ kind, width, column: `${name}[${k}]` })),
    );
  }
  if (!conv.length && !dense.length) return [];
  for (const c of columns) {
    const v = params[c.name];
    if (listOf(c.name) !== undefined || !DENSE_SCALAR.test(c.name) || NOT_WIDTHS.test(c.name)) continue;
    if (isWidth(v)) dense.push({ kind: "dense", width: v, column: c.name });
  }
  return [...conv, ...dense];
}

/** log-width bounds over the study: the element columns' declared bounds, widened by what the trial has. */
function bounds(columns: readonly ParamColumn[], layers: readonly Layer[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of layers) {
    lo = Math.min(lo, l.width);
    hi = Math.max(hi, l.width);
    const col = columns.find((c) => c.name === l.column);
    const vals = [col?.lo, col?.hi, ...(col?.values ?? [])].filter(isWidth);
    for (const v of vals) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return [lo, hi];
}

/** The diagram of a trial's architecture, or undefined when its parameters describe no layers. */
export function architectureDiagram(columns: readonly ParamColumn[], params: TrialRow["params"]): Diagram | undefined {
  const layers = layersOf(columns, params);
  if (!layers.length) return undefined;
  const [lo, hi] = bounds(columns, layers);
  const span = Math.log(hi) - Math.log(lo);
  const heightOf = (w: number) =>
    Math.round(BOX.minH + (span > 0 ? (Math.log(w) - Math.log(lo)) / span : 1) * (BOX.maxH - BOX.minH));
  const kernel = columns.find((c) => KERNEL.test(c.name) && isWidth(params[c.name]));
  const k = kernel ? Number(params[kernel.name]) : undefined;
  const mid = BOX.pad + BOX.maxH / 2;
  const blocks: Block[] = [];
  let x = BOX.pad;
  const put = (b: Omit<Block, "x" | "y" | "w">) => {
    blocks.push({ ...b, x, y: Math.round(mid - b.h / 2), w: BOX.w });
    x += BOX.w + BOX.gap;
  };
  put({ kind: "input", label: "input", h: BOX.ioH });
  for (const l of layers)
    put({
      kind: l.kind,
      label: String(l.width),
      caption: l.kind === "conv" && k !== undefined ? `conv ${k}×${k}` : l.kind,
      source: `${l.column} = ${l.width}`,
      h: heightOf(l.width),
    });
  put({ kind: "output", label: "output", h: BOX.ioH });
  const links = blocks.slice(1).map((b, i) => ({ x1: blocks[i].x + blocks[i].w, x2: b.x, y: mid }));
  return { blocks, links, width: x - BOX.gap + BOX.pad, height: BOX.pad * 2 + BOX.maxH + BOX.caption };
}
