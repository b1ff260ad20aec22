// Lists seen through the space transform: a space with `list` parameters has a flat twin made of scalar parameters
// only — a length `len(units)` (an int in [min, max], absent when min = max) and one parameter per possible element,
// `units[0]` … `units[max-1]`, where element k exists only when the length exceeds k (an ordinary condition). Every
// sampler, model and view works on the flat twin, so elements past the chosen length are inactive and absent: no
// phantom dimensions, and no list special cases in each sampler. Trials keep real arrays; flattenParams/nestParams
// convert between the two.
import type { Condition, ElementSpec, ListParam, Param, Space } from "./space";
import type { Literal, Params, Scalar } from "./types";

export const lengthName = (list: string): string => `len(${list})`;
export const elementName = (list: string, index: number): string => `${list}[${index}]`;

/** Does the space have list parameters (so samplers must see its flat twin)? */
export function isStructured(s: Space): boolean {
  return s.params.some((p) => p.kind === "list");
}

const flatCache = new WeakMap<Space, Space>();

/** The space with every list replaced by its length and element parameters (the same object when it has none). */
export function flatSpace(s: Space): Space {
  if (!isStructured(s)) return s;
  let flat = flatCache.get(s);
  if (flat) return flat;
  const params: Param[] = [];
  for (const p of s.params) {
    if (p.kind !== "list") params.push(p);
    else params.push(...flattenList(p));
  }
  flat = { ...s, params };
  flatCache.set(s, flat);
  return flat;
}

function flattenList(p: ListParam): Param[] {
  const out: Param[] = [];
  const len = lengthName(p.name);
  if (p.min < p.max)
    out.push({
      name: len,
      kind: "int",
      lo: p.min,
      hi: p.max,
      log: false,
      slot: { list: p.name, index: -1 },
      ...(p.condition ? { condition: p.condition } : {}),
    });
  for (let k = 0; k < p.max; k++) {
    // Element k always exists below the minimum length; above it only while the length exceeds k.
    const exists: Condition | undefined = k < p.min ? undefined : { parent: len, op: ">", value: k };
    const condition = both(p.condition, exists);
    out.push({
      ...(p.element as ElementSpec),
      name: elementName(p.name, k),
      slot: { list: p.name, index: k },
      ...(condition ? { condition } : {}),
    } as Param);
  }
  return out;
}

function both(a: Condition | undefined, b: Condition | undefined): Condition | undefined {
  if (!a || !b) return a ?? b;
  return { op: "and", terms: [a, b] };
}

/** Params of the space as params of its flat twin (arrays spread into length and elements). */
export function flattenParams(s: Space, params: Params): Params {
  if (!isStructured(s)) return params;
  const out: Params = {};
  const lists = new Map(s.params.filter((p): p is ListParam => p.kind === "list").map((p) => [p.name, p]));
  for (const [name, v] of Object.entries(params)) {
    const p = lists.get(name);
    if (!p) {
      out[name] = v;
      continue;
    }
    const arr: Scalar[] = Array.isArray(v) ? v : [v];
    if (p.min < p.max) out[lengthName(name)] = arr.length;
    arr.forEach((x, k) => (out[elementName(name, k)] = x));
  }
  return out;
}

/** Params of the flat twin back as params of the space: each list's existing elements gathered into an array. */
export function nestParams(s: Space, flat: Params): Params {
  if (!isStructured(s)) return flat;
  const out: Params = {};
  for (const p of s.params) {
    if (p.kind !== "list") {
      if (p.name in flat) out[p.name] = flat[p.name];
      continue;
    }
    const lenKey = lengthName(p.name);
    const first = elementName(p.name, 0);
    if (p.min < p.max ? !(lenKey in flat) : p.min > 0 && !(first in flat)) continue; // the list is inactive
    const n = p.min < p.max ? Number(flat[lenKey]) : p.min;
    const arr: Scalar[] = [];
    for (let k = 0; k < n; k++) {
      const v = flat[elementName(p.name, k)];
      if (v !== undefined && !Array.isArray(v)) arr.push(v);
    }
    out[p.name] = arr;
  }
  return out;
}

/** A value as one scalar for views that need one per column (a list shows as its JSON text). */
export function scalarOf(v: Literal): Scalar {
  return Array.isArray(v) ? JSON.stringify(v) : v;
}

/**
 * Params as the views show them, one scalar per column: a list `units: [64, 32]` becomes `len(units): 2`,
 * `units[0]: 64`, `units[1]: 32` — only the elements that exist, so tables, parallel coordinates and importance
 * never see phantom layers.
 */
export function viewParams(params: Params): Record<string, Scalar> {
  let lists = false;
  for (const k in params) if (Array.isArray(params[k])) lists = true;
  if (!lists) return params as Record<string, Scalar>;
  const out: Record<string, Scalar> = {};
  for (const [name, v] of Object.entries(params)) {
    if (!Array.isArray(v)) {
      out[name] = v;
      continue;
    }
    out[lengthName(name)] = v.length;
    v.forEach((x, k) => (out[elementName(name, k)] = x));
  }
  return out;
}
