// Network growth between a parent and a child trial (docs/algorithms.md#architectures): a child whose params equal
// its parent's except that one `list(...)` grew — one element larger (a wider layer) or one element more (a deeper
// net) — can start from the parent's weights through Net2Net morphs (attune/tfjs `morph.widen` / `morph.deepen`).
// Evolution and PBT derive such children; the study records `inheritedFrom` and the growth on the child, and the
// runner hands the parent's checkpoint over (docs/trials.md). Pure: which layers change is decided where the models
// are (the TF.js preload), this only says what grew in the params.
import { fromUnit, toUnit, type ElementSpec, type Param, type Space } from "./space";
import { flatSpace, flattenParams, isStructured, nestParams } from "./structure";
import type { Rng } from "./rng";
import type { Literal, Params, Scalar } from "./types";

/** How a child's list grew from its parent's. */
export interface Growth {
  /** The list parameter. */
  param: string;
  op: "widen" | "deepen";
  /** The element that grew (widen) or was added (deepen), in the child's list. */
  index: number;
  /** widen: the parent's value at `index`. */
  from?: Scalar;
  /** The child's value at `index`. */
  to: Scalar;
}

/** "widened filters[1] 32→64", "added units[2] = 64". */
export function growthText(g: Growth): string {
  const at = `${g.param}[${g.index}]`;
  return g.op === "widen" ? `widened ${at} ${String(g.from)}→${String(g.to)}` : `added ${at} = ${String(g.to)}`;
}

/** A growth record read back from a trial's attributes (undefined when it is not one). */
export function asGrowth(x: unknown): Growth | undefined {
  if (!x || typeof x !== "object") return undefined;
  const g = x as Record<string, unknown>;
  if (typeof g.param !== "string" || (g.op !== "widen" && g.op !== "deepen")) return undefined;
  if (typeof g.index !== "number" || !isScalar(g.to)) return undefined;
  return { param: g.param, op: g.op, index: g.index, ...(isScalar(g.from) ? { from: g.from } : {}), to: g.to };
}

function isScalar(x: unknown): x is Scalar {
  return x === null || ["number", "string", "boolean"].includes(typeof x);
}

/** Can an element of this kind be made larger (a width: ints, or a choice of numbers)? */
export function widthLike(e: ElementSpec | Param): boolean {
  return e.kind === "int" || (e.kind === "choice" && e.values.every((v) => typeof v === "number"));
}

/**
 * The growth that turns `parent` into `child` (nested params, lists as arrays), or undefined when they differ in
 * anything else: another parameter, two elements, a smaller element, an added element that is not at least as wide
 * as the one it follows (Net2DeeperNet adds an identity layer of the same width, which may then be widened).
 */
export function growthOf(space: Space, parent: Params, child: Params): Growth | undefined {
  const keys = new Set([...Object.keys(parent), ...Object.keys(child)]);
  let grown: Growth | undefined;
  for (const name of keys) {
    if (!(name in parent) || !(name in child)) return undefined;
    if (sameLiteral(parent[name], child[name])) continue;
    const p = space.params.find((q) => q.name === name);
    if (grown || p?.kind !== "list") return undefined;
    grown = listGrowth(p.element, name, parent[name], child[name]);
    if (!grown) return undefined;
  }
  return grown;
}

function listGrowth(element: ElementSpec, name: string, a: Literal, b: Literal): Growth | undefined {
  if (!Array.isArray(a) || !Array.isArray(b)) return undefined;
  if (a.length === b.length) {
    const diff = a.map((_, k) => k).filter((k) => a[k] !== b[k]);
    if (diff.length !== 1 || !widthLike(element)) return undefined;
    const k = diff[0];
    const [x, y] = [a[k], b[k]];
    return typeof x === "number" && typeof y === "number" && y > x
      ? { param: name, op: "widen", index: k, from: x, to: y }
      : undefined;
  }
  if (b.length !== a.length + 1) return undefined;
  // Every position whose removal gives the parent; an exact copy of a neighbour first, then one at least as wide.
  const spots = b.map((_, p) => p).filter((p) => a.every((v, k) => v === b[k < p ? k : k + 1]));
  const neighbour = (p: number) => (p > 0 ? b[p - 1] : b[1]);
  const copy = spots.find((p) => p > 0 && b[p] === b[p - 1]);
  const wider = widthLike(element)
    ? spots.find((p) => b.length > 1 && (b[p] as number) >= (neighbour(p) as number))
    : undefined;
  const p = copy ?? wider;
  return p === undefined ? undefined : { param: name, op: "deepen", index: p, to: b[p] };
}

function sameLiteral(a: Literal, b: Literal): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return a === b;
  return a.length === b.length && a.every((v, k) => v === b[k]);
}

/**
 * A growth of one list of the flat space (structure.ts) of `base`: one width-like element made larger, or one
 * element duplicated in place (a layer repeated: an identity layer for the child). Undefined when no list can grow.
 */
export function growFlat(space: Space, base: Params, rng: Rng, scale = 0.2): Params | undefined {
  const moves: { list: string; op: "widen" | "deepen"; k: number }[] = [];
  for (const list of new Set(space.params.flatMap((p) => (p.slot ? [p.slot.list] : [])))) {
    const slots = space.params.filter((p) => p.slot?.list === list && p.slot.index >= 0 && p.name in base);
    const len = space.params.find((p) => p.slot?.list === list && p.slot.index < 0);
    for (const [k, p] of slots.entries())
      if (widthLike(p) && larger(p, base[p.name]) !== undefined) moves.push({ list, op: "widen", k });
    if (len?.kind === "int" && len.name in base && Number(base[len.name]) < len.hi)
      for (let k = 0; k < slots.length; k++) moves.push({ list, op: "deepen", k });
  }
  if (!moves.length) return undefined;
  const m = moves[rng.int(moves.length)];
  const slots = space.params.filter((p) => p.slot?.list === m.list && p.slot.index >= 0);
  if (m.op === "widen") {
    const p = slots[m.k];
    return { ...base, [p.name]: larger(p, base[p.name], rng, scale)! };
  }
  const len = space.params.find((p) => p.slot?.list === m.list && p.slot.index < 0)!;
  const n = Number(base[len.name]);
  const elems = slots.slice(0, n).map((p) => base[p.name]);
  elems.splice(m.k + 1, 0, elems[m.k]);
  const out: Params = { ...base, [len.name]: n + 1 };
  elems.forEach((v, k) => (out[slots[k].name] = v));
  return out;
}

/**
 * A larger value of a width-like parameter, or undefined at the top: a choice's next larger value; for an int, with
 * `rng`, a half-Gaussian step up in unit coordinates (at least to the next value), without, the next value.
 */
function larger(p: Param, v: Literal, rng?: Rng, scale = 0.2): Scalar | undefined {
  if (typeof v !== "number") return undefined;
  if (p.kind === "choice") {
    const up = (p.values as number[]).filter((x) => x > v);
    return up.length ? Math.min(...up) : undefined;
  }
  if (p.kind !== "int" || v >= p.hi) return undefined;
  const next = nextUp(p, v);
  if (next === undefined || !rng) return next;
  const u = Math.min(1, toUnit(p, v) + Math.abs(scale * rng.normal()));
  const out = fromUnit(p, u) as number;
  return out > v ? out : next;
}

/** The next value above v of an int parameter (its step, or +1), when inside its range. */
function nextUp(p: Extract<Param, { kind: "int" }>, v: number): number | undefined {
  const n = v + (p.step ?? 1);
  return n <= p.hi ? n : undefined;
}

/**
 * `params` (nested: lists as arrays) with one list grown as growFlat grows it, and the growth; undefined when the space
 * has no list that can grow. PBT's children grow this way (segments/pbt.ts).
 */
export function grow(space: Space, params: Params, rng: Rng): { params: Params; growth: Growth } | undefined {
  if (!isStructured(space)) return undefined;
  const flat = growFlat(flatSpace(space), flattenParams(space, params), rng);
  if (!flat) return undefined;
  const grown = nestParams(space, flat);
  const growth = growthOf(space, params, grown);
  return growth ? { params: grown, growth } : undefined;
}
