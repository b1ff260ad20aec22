// Parameter types and the ONE transform between parameter values and the unit cube [0,1]^d.
// Samplers work in unit coordinates (log, step, int and choice are handled here once); conditions decide which
// parameters are active for a given assignment.
import type { Literal, Params, Scalar } from "./types";

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** One comparison of an earlier parameter with literals. */
export type Comparison =
  { parent: string; op: CompareOp; value: Scalar } | { parent: string; op: "in"; values: Scalar[] };

/** A parameter is active only when its condition on earlier parameters holds: comparisons joined by and/or/not. */
export type Condition =
  Comparison | { op: "and"; terms: Condition[] } | { op: "or"; terms: Condition[] } | { op: "not"; term: Condition };

/** Where a parameter of the flat space (see flatSpace) comes from: a list's length (index -1) or its element. */
export interface ListSlot {
  list: string;
  index: number;
}

interface ParamBase {
  name: string;
  condition?: Condition;
  /** Set only on the parameters flatSpace makes from a list. */
  slot?: ListSlot;
}
export interface FloatParam extends ParamBase {
  kind: "float";
  lo: number;
  hi: number;
  log: boolean;
  step?: number;
}
export interface IntParam extends ParamBase {
  kind: "int";
  lo: number;
  hi: number;
  log: boolean;
  step?: number;
}
export interface ChoiceParam extends ParamBase {
  kind: "choice";
  values: Scalar[];
}
export interface BoolParam extends ParamBase {
  kind: "bool";
}
export type ScalarParam = FloatParam | IntParam | ChoiceParam | BoolParam;
/** What every element of a list follows: a scalar parameter without name or condition of its own. */
export type ElementSpec =
  | Omit<FloatParam, "name" | "condition" | "slot">
  | Omit<IntParam, "name" | "condition" | "slot">
  | Omit<ChoiceParam, "name" | "condition" | "slot">
  | Omit<BoolParam, "name" | "condition" | "slot">;
/** A variable-length list (layer widths, ops): length in [min, max], each element follows `element`. */
export interface ListParam extends ParamBase {
  kind: "list";
  element: ElementSpec;
  min: number;
  max: number;
}
export type Param = ScalarParam | ListParam;

/** The most elements a list parameter may have (each is a dimension of the search). */
export const MAX_LIST_LENGTH = 32;

/** The multi-fidelity resource (epochs, steps, data fraction): not searched, set by the scheduler. */
export interface Budget {
  name: string;
  min: number;
  max: number;
}

/** Parameters in declaration order: a condition may only refer to an earlier parameter. */
export interface Space {
  params: Param[];
  budget?: Budget;
}

// ---- builders (the library's `space.*`, docs/library.md) ----

export interface NumericOptions {
  log?: boolean;
  step?: number;
}
export const space = {
  float: (lo: number, hi: number, opts: NumericOptions = {}): Omit<FloatParam, "name"> => ({
    kind: "float",
    lo,
    hi,
    log: !!opts.log,
    ...(opts.step !== undefined ? { step: opts.step } : {}),
  }),
  int: (lo: number, hi: number, opts: NumericOptions = {}): Omit<IntParam, "name"> => ({
    kind: "int",
    lo,
    hi,
    log: !!opts.log,
    ...(opts.step !== undefined ? { step: opts.step } : {}),
  }),
  choice: (values: Scalar[]): Omit<ChoiceParam, "name"> => ({ kind: "choice", values: [...values] }),
  bool: (): Omit<BoolParam, "name"> => ({ kind: "bool" }),
  list: (element: Omit<Param, "name">, opts: { min: number; max: number }): Omit<ListParam, "name"> => ({
    kind: "list",
    element: element as ElementSpec,
    min: opts.min,
    max: opts.max,
  }),
};

/** Build a Space from `{ name: space.float(...) , ... }` (insertion order kept), validating every parameter. */
export function spaceFromObject(obj: Record<string, Omit<Param, "name">>, budget?: Budget): Space {
  const params = Object.entries(obj).map(([name, p]) => ({ ...p, name }) as Param);
  const s: Space = { params, ...(budget ? { budget } : {}) };
  const problems = validateSpace(s);
  if (problems.length) throw new Error(`invalid search space: ${problems.join("; ")}`);
  return s;
}

/** Everything wrong with a space, as messages that say how to fix it. Empty when valid. */
export function validateSpace(s: Space): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const lists = new Set<string>();
  for (const p of s.params) {
    if (seen.has(p.name)) out.push(`duplicate parameter name "${p.name}"`);
    for (const parent of p.condition ? conditionParents(p.condition) : []) {
      if (!seen.has(parent)) out.push(`"${p.name}" has a condition on "${parent}", which is not an earlier parameter`);
      else if (lists.has(parent))
        out.push(`"${p.name}" has a condition on the list "${parent}"; condition on a scalar parameter instead`);
    }
    seen.add(p.name);
    if (p.kind === "list") lists.add(p.name);
    const msg = validateParam(p);
    if (msg) out.push(`${p.name}: ${msg}`);
  }
  if (s.budget) {
    const b = s.budget;
    if (!(Number.isFinite(b.min) && Number.isFinite(b.max) && b.min > 0 && b.min < b.max))
      out.push(`budget "${b.name}" needs 0 < min < max; got min=${b.min}, max=${b.max}`);
    if (seen.has(b.name)) out.push(`budget "${b.name}" has the same name as a parameter`);
  }
  return out;
}

/** What is wrong with one parameter's definition, or undefined. */
export function validateParam(p: Param): string | undefined {
  switch (p.kind) {
    case "float":
    case "int": {
      if (!Number.isFinite(p.lo) || !Number.isFinite(p.hi))
        return `bounds must be finite numbers; got (${p.lo}, ${p.hi})`;
      if (p.lo >= p.hi) return `needs lo < hi; got lo=${p.lo}, hi=${p.hi} (swap them?)`;
      if (p.log && p.lo <= 0) return `log scale needs lo > 0; got lo=${p.lo}`;
      if (p.kind === "int" && (!Number.isInteger(p.lo) || !Number.isInteger(p.hi)))
        return `int needs integer bounds; got (${p.lo}, ${p.hi}) — use float(...) for real values`;
      if (p.step !== undefined) {
        if (!(p.step > 0) || !Number.isFinite(p.step)) return `step must be > 0; got step=${p.step}`;
        if (p.kind === "int" && !Number.isInteger(p.step)) return `int step must be an integer; got step=${p.step}`;
        if (p.log) return `step cannot be combined with log`;
        const n = (p.hi - p.lo) / p.step;
        if (Math.abs(n - Math.round(n)) > 1e-9 * Math.max(1, n))
          return (
            `step=${p.step} does not divide the range [${p.lo}, ${p.hi}]; choose hi = lo + k·step (e.g. ` +
            `hi=${fmt(p.lo + Math.floor(n) * p.step)})`
          );
      }
      return undefined;
    }
    case "choice":
      if (p.values.length === 0) return `choice needs at least one value`;
      for (let i = 0; i < p.values.length; i++)
        for (let j = 0; j < i; j++)
          if (p.values[i] === p.values[j]) return `choice lists ${JSON.stringify(p.values[i])} twice`;
      return undefined;
    case "bool":
      return undefined;
    case "list": {
      if (!Number.isInteger(p.min) || !Number.isInteger(p.max) || p.min < 0 || p.max < Math.max(1, p.min))
        return `list needs integer 0 <= min <= max with max >= 1; got min=${p.min}, max=${p.max}`;
      if (p.max > MAX_LIST_LENGTH) return `list allows at most max=${MAX_LIST_LENGTH} elements; got max=${p.max}`;
      const e = p.element as Param | undefined;
      if (!e || !["float", "int", "choice", "bool"].includes(e.kind))
        return "list elements must be float, int, choice or bool (lists of lists are not supported)";
      const msg = validateParam({ ...e, name: p.name } as Param);
      return msg ? `element: ${msg}` : undefined;
    }
  }
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(12)));
}

// ---- the transform ----

/** Number of distinct values of a parameter, or Infinity for a continuous one. */
export function cardinality(p: Param): number {
  switch (p.kind) {
    case "choice":
      return p.values.length;
    case "bool":
      return 2;
    case "int":
      return Math.floor((p.hi - p.lo) / (p.step ?? 1)) + 1;
    case "float":
      return p.step !== undefined ? Math.round((p.hi - p.lo) / p.step) + 1 : Infinity;
    case "list": {
      const c = cardinality({ ...p.element, name: p.name } as Param);
      let n = 0;
      for (let len = p.min; len <= p.max; len++) n += c ** len;
      return n;
    }
  }
}

/** Map u ∈ [0,1] to a value of the parameter (log, step, rounding and choices applied). */
export function fromUnit(p: Param, u: number): Literal {
  if (p.kind === "list") throw new Error(`internal: list "${p.name}" is sampled through flatSpace(), not fromUnit`);
  const x = Math.min(1, Math.max(0, Number.isFinite(u) ? u : 0.5));
  switch (p.kind) {
    case "choice":
      return p.values[Math.min(p.values.length - 1, Math.floor(x * p.values.length))];
    case "bool":
      return x >= 0.5;
    case "int":
    case "float": {
      if (p.log) {
        const v = Math.exp(Math.log(p.lo) + x * (Math.log(p.hi) - Math.log(p.lo)));
        if (p.kind === "int") return clamp(Math.round(v), p.lo, p.hi);
        return clamp(short(v), p.lo, p.hi);
      }
      const step = p.step ?? (p.kind === "int" ? 1 : undefined);
      if (step !== undefined) {
        // Equal-width bins per grid value, so every value is equally likely under uniform u.
        const n = cardinality(p);
        const k = Math.min(n - 1, Math.floor(x * n));
        return clean(clamp(p.lo + k * step, p.lo, p.hi), step);
      }
      return clamp(short(p.lo + x * (p.hi - p.lo)), p.lo, p.hi);
    }
  }
}

/**
 * A float drawn at 4 significant digits (docs/annotations.md): the value a trial runs with is the literal Apply writes
 * back, `0.05803`, not `0.05803191574735853`; no search tells the digits beyond apart.
 */
const short = (v: number): number => Number(v.toPrecision(4));

/** Map a value of the parameter to the centre of its unit-cube cell (inverse of fromUnit). */
export function toUnit(p: Param, v: Literal): number {
  if (p.kind === "list") throw new Error(`internal: list "${p.name}" is modelled through flatSpace(), not toUnit`);
  switch (p.kind) {
    case "choice": {
      const i = p.values.findIndex((c) => c === v);
      return ((i < 0 ? 0 : i) + 0.5) / p.values.length;
    }
    case "bool":
      return v ? 0.75 : 0.25;
    case "int":
    case "float": {
      const x = Number(v);
      if (p.log) return clamp((Math.log(x) - Math.log(p.lo)) / (Math.log(p.hi) - Math.log(p.lo)), 0, 1);
      const step = p.step ?? (p.kind === "int" ? 1 : undefined);
      if (step !== undefined) {
        const n = cardinality(p);
        const k = clamp(Math.round((x - p.lo) / step), 0, n - 1);
        return (k + 0.5) / n;
      }
      return clamp((x - p.lo) / (p.hi - p.lo), 0, 1);
    }
  }
}

/** Is `v` a legal value of `p`? */
export function contains(p: Param, v: Literal): boolean {
  switch (p.kind) {
    case "choice":
      return p.values.some((c) => c === v);
    case "bool":
      return typeof v === "boolean";
    case "list": {
      if (!Array.isArray(v) || v.length < p.min || v.length > p.max) return false;
      const e = { ...p.element, name: p.name } as Param;
      return v.every((x) => contains(e, x));
    }
    case "int":
    case "float": {
      if (typeof v !== "number" || !Number.isFinite(v)) return false;
      if (v < p.lo - 1e-12 * Math.abs(p.lo) || v > p.hi + 1e-12 * Math.abs(p.hi)) return false;
      if (p.kind === "int" && !Number.isInteger(v)) return false;
      if (p.step !== undefined) {
        const k = (v - p.lo) / p.step;
        return Math.abs(k - Math.round(k)) < 1e-6;
      }
      return true;
    }
  }
}

/** Does the condition hold for the values assigned so far? A missing (inactive) parent makes a comparison false. */
export function conditionHolds(c: Condition, params: Params): boolean {
  if (!("parent" in c)) {
    if (c.op === "not") return !conditionHolds(c.term, params);
    return c.op === "and"
      ? c.terms.every((t) => conditionHolds(t, params))
      : c.terms.some((t) => conditionHolds(t, params));
  }
  if (!(c.parent in params)) return false;
  const v = params[c.parent];
  if (c.op === "in") return c.values.some((x) => x === v);
  const w = c.value;
  switch (c.op) {
    case "==":
      return v === w;
    case "!=":
      return v !== w;
    default: {
      if (typeof v !== "number" || typeof w !== "number") {
        if (typeof v === "string" && typeof w === "string") return compare(c.op, v < w ? -1 : v > w ? 1 : 0);
        return false;
      }
      return compare(c.op, v - w);
    }
  }
}

function compare(op: "<" | "<=" | ">" | ">=", d: number): boolean {
  return op === "<" ? d < 0 : op === "<=" ? d <= 0 : op === ">" ? d > 0 : d >= 0;
}

/** The parameters a condition reads, each once, in order of appearance. */
export function conditionParents(c: Condition): string[] {
  const out: string[] = [];
  const walk = (d: Condition): void => {
    if ("parent" in d) {
      if (!out.includes(d.parent)) out.push(d.parent);
    } else if (d.op === "not") walk(d.term);
    else d.terms.forEach(walk);
  };
  walk(c);
  return out;
}

/** The condition as it is written after `if`, parenthesised only where precedence (not > and > or) needs it. */
export function describeCondition(c: Condition): string {
  const prec = (d: Condition) => ("parent" in d ? 4 : d.op === "not" ? 3 : d.op === "and" ? 2 : 1);
  const wrap = (d: Condition, min: number) => (prec(d) < min ? `(${describeCondition(d)})` : describeCondition(d));
  if ("parent" in c)
    return c.op === "in"
      ? `${c.parent} in (${c.values.map((v) => JSON.stringify(v)).join(", ")})`
      : `${c.parent} ${c.op} ${JSON.stringify(c.value)}`;
  if (c.op === "not") return `not ${wrap(c.term, 3)}`;
  return c.terms.map((t) => wrap(t, c.op === "and" ? 3 : 2)).join(` ${c.op} `);
}

/** Is `p` active given the values of earlier parameters? */
export function isActive(p: Param, params: Params): boolean {
  return !p.condition || conditionHolds(p.condition, params);
}

/**
 * Turn a unit vector (one coordinate per parameter, in space order) into params, dropping inactive ones.
 * This is how every sampler that works in the unit cube produces a trial.
 */
export function paramsFromUnit(s: Space, u: readonly number[]): Params {
  const out: Params = {};
  s.params.forEach((p, i) => {
    if (isActive(p, out)) out[p.name] = fromUnit(p, u[i]);
  });
  return out;
}

/** Unit coordinates of params, NaN for inactive (absent) parameters. */
export function unitFromParams(s: Space, params: Params): number[] {
  return s.params.map((p) => (p.name in params ? toUnit(p, params[p.name]) : NaN));
}

/**
 * Why params do not belong to the space (unknown or missing names, values out of range), or undefined.
 * Used to flag trials recorded under an older version of the annotations.
 */
export function outsideSpace(s: Space, params: Params): string | undefined {
  const known = new Set(s.params.map((p) => p.name));
  for (const name of Object.keys(params)) if (!known.has(name)) return `parameter "${name}" is no longer in the space`;
  const seen: Params = {};
  for (const p of s.params) {
    const active = isActive(p, seen);
    if (active && !(p.name in params)) return `parameter "${p.name}" is missing`;
    if (!active && p.name in params) return `parameter "${p.name}" is set but its condition does not hold`;
    if (p.name in params) {
      if (!contains(p, params[p.name]))
        return `${p.name}=${JSON.stringify(params[p.name])} is outside ${describeParam(p)}`;
      seen[p.name] = params[p.name];
    }
  }
  return undefined;
}

/** Short human description: `float(1e-05, 0.1, log)`, `choice("adam", "sgd")`. */
export function describeParam(p: Param): string {
  const cond = p.condition ? ` if ${describeCondition(p.condition)}` : "";
  switch (p.kind) {
    case "list":
      return `list(${describeParam({ ...p.element, name: p.name } as Param)}, min=${p.min}, max=${p.max})${cond}`;
    case "choice":
      return `choice(${p.values.map((v) => JSON.stringify(v)).join(", ")})${cond}`;
    case "bool":
      return `bool()${cond}`;
    default:
      return (
        `${p.kind}(${p.lo}, ` +
        `${p.hi}${p.log ? ", log" : ""}${p.step !== undefined ? `, step=${p.step}` : ""})${cond}`
      );
  }
}

/** Stable hash of a space's definition: detects that annotations changed between runs of a study. */
export function spaceHash(s: Space): string {
  const text = JSON.stringify(s);
  let h1 = 0xdeadbeef,
    h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Remove float noise from lo + k·step (0.1*3 → 0.3). */
function clean(x: number, step: number): number {
  const decimals = Math.max(0, Math.min(15, -Math.floor(Math.log10(step)) + 2));
  return Number(x.toFixed(decimals));
}
