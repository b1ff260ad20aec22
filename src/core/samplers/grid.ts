// Grid search: every combination of the discrete values of the space (choices, bools, ints, stepped ranges), each
// visited once. Conditions shape the grid — an inactive parameter does not multiply it — so the grid is a tree; it is
// counted with memoised subtree sizes and points are decoded from an index, never listed, so a grid of millions of
// points costs nothing up front. The budget (multi-fidelity resource) is not a grid dimension.
//
// Order: each ask starts at a point drawn with the trial's seeded rng and takes the first free point from there, so
// a grid that is cut short is covered evenly and the same seed gives the same order. `ordered: true` walks the grid
// in declaration order instead (first parameter slowest). Points taken by any trial in the history — running and
// queued ones included, so parallel workers and resumed studies never repeat a point — are skipped; only a trial
// that failed because it was interrupted (`retriable`) frees its point again. When all are taken: "exhausted".
import {
  cardinality,
  conditionHolds,
  conditionParents,
  contains,
  describeParam,
  fromUnit,
  type Param,
  type Space,
} from "../space";
import type { Literal, Params, Trial } from "../types";
import type { Proposal, SampleContext, Sampler } from "./sampler";

export interface GridOptions {
  /** Visit points in declaration order instead of from a seeded random start. Default false. */
  ordered?: boolean;
}

/** The values a parameter takes on the grid, in order; throws (with the fix) for a continuous range. */
export function gridValues(p: Param): Literal[] {
  const why = gridProblemOf(p);
  if (why) throw new Error(why);
  if (p.kind === "choice") return [...p.values];
  if (p.kind === "bool") return [false, true];
  if (p.kind === "int" && p.log) {
    const out: number[] = [];
    for (let v = p.lo; v <= p.hi; v++) out.push(v);
    return out;
  }
  const n = cardinality(p);
  return Array.from({ length: n }, (_, k) => fromUnit(p, (k + 0.5) / n));
}

/** Why this parameter cannot be gridded (a continuous range), with how to fix it; undefined when it can. */
export function gridProblemOf(p: Param): string | undefined {
  if (p.kind !== "float" || p.step !== undefined) return undefined;
  const head = `grid search cannot enumerate "${p.name}": ${describeParam(p)} is a continuous range`;
  if (p.log) {
    const vals = logSpaced(p.lo, p.hi);
    return (
      `${head}. Use choice(...) to list the values to try, e.g. choice(${vals.join(", ")}) — or use another ` +
      `algorithm (bayes, tpe, random)`
    );
  }
  const step = niceStep((p.hi - p.lo) / 10, p.hi - p.lo);
  const vals = [0, 1, 2, 3, 4].map((k) => fmt(p.lo + (k * (p.hi - p.lo)) / 4));
  return (
    `${head}. Add a step, e.g. float(${p.lo}, ${p.hi}, step=${fmt(step)}), or list the values with ` +
    `choice(${vals.join(", ")}) — or use another algorithm (bayes, tpe, random)`
  );
}

/** Every reason the space cannot be gridded (empty when it can). */
export function gridProblems(space: Space): string[] {
  return space.params.map(gridProblemOf).filter((m): m is string => m !== undefined);
}

/** Number of points of the space's grid (conditions respected). Throws the fix-it message for continuous ranges. */
export function gridSize(space: Space): number {
  return Grid.of(space).size;
}

/** The grid point with this index (0 ≤ index < gridSize), inactive parameters absent. */
export function gridPoint(space: Space, index: number): Params {
  return Grid.of(space).point(index);
}

/**
 * What `trials` trials cover of a grid of `size` points, said to the user when a run starts. `howToRunAll(size)` is
 * the fix in the caller's words (the CLI: "pass --trials 32").
 */
export function gridCoverage(size: number, trials: number, howToRunAll: (size: number) => string): string {
  if (trials >= size)
    return trials > size && Number.isFinite(trials)
      ? `grid: all ${size} points (it has fewer than the ${trials} trials asked for)`
      : `grid: all ${size} points`;
  // Rounded down, so a grid that is not run whole never reads as 100 %.
  const pct = Math.floor((100 * trials) / size);
  return `grid: ${trials} of ${size} points (${pct} %); ${howToRunAll(size)} to run all`;
}

export class GridSampler implements Sampler {
  readonly name = "grid";
  private readonly ordered: boolean;

  constructor(opts: GridOptions = {}) {
    this.ordered = opts.ordered ?? false;
  }

  sample(ctx: SampleContext): Proposal {
    const grid = Grid.of(ctx.space);
    const taken = new Set<string>();
    for (const t of ctx.trials) if (occupies(t)) taken.add(grid.trialKey(t));
    const free = grid.size - countOnGrid(grid, taken);
    if (free <= 0) return "exhausted";
    let i = this.ordered ? 0 : Math.min(grid.size - 1, Math.floor(ctx.rng.random() * grid.size));
    // At most |taken| + 1 probes: each probe either lands on a free point or on a distinct taken one.
    for (let probes = 0; probes <= taken.size; probes++) {
      const p = grid.point(i);
      if (!taken.has(grid.key(p))) return p;
      i = (i + 1) % grid.size;
    }
    return "exhausted";
  }
}

/** Does this trial hold its grid point? Everything but an interrupted (retriable) failure does. */
function occupies(t: Trial): boolean {
  return !(t.state === "failed" && t.error?.retriable);
}

function countOnGrid(grid: Grid, taken: Set<string>): number {
  let n = 0;
  for (const k of taken) if (grid.has(k)) n++;
  return n;
}

const ABSENT = "\u0000absent";

/** The grid of one space: values per parameter and memoised subtree sizes. */
class Grid {
  private static cache = new WeakMap<Space, Grid>();
  static of(space: Space): Grid {
    let g = Grid.cache.get(space);
    if (!g) Grid.cache.set(space, (g = new Grid(space)));
    return g;
  }

  readonly size: number;
  private readonly params: Param[];
  private readonly values: Literal[][];
  /** For each position i: the earlier parameters whose values decide the activity of parameters i.. */
  private readonly relevant: number[][];
  /** Does parameter i's value decide the activity of a later one (so its subtrees differ in size)? */
  private readonly decides: boolean[];
  private readonly memo = new Map<string, number>();
  /** Point keys already checked against the grid. */
  private readonly onGrid = new Map<string, boolean>();
  /** Each trial's point key (a trial's params never change once it exists). */
  private readonly keys = new WeakMap<Trial, string>();

  private constructor(space: Space) {
    const problems = gridProblems(space);
    if (problems.length) throw new Error(problems.join("\n"));
    this.params = space.params;
    this.values = this.params.map(gridValues);
    const index = new Map(this.params.map((p, i) => [p.name, i]));
    this.relevant = this.params.map((_, i) => {
      const parents = new Set<number>();
      for (let j = i; j < this.params.length; j++) {
        const c = this.params[j].condition;
        for (const name of c ? conditionParents(c) : []) {
          const pi = index.get(name);
          if (pi !== undefined && pi < i) parents.add(pi);
        }
      }
      return [...parents].sort((a, b) => a - b);
    });
    this.decides = this.params.map((_, i) => i + 1 < this.params.length && this.relevant[i + 1].includes(i));
    this.size = this.count(0, {});
    if (!Number.isSafeInteger(this.size))
      throw new Error(
        `the grid has about ${this.size.toExponential(2)} points, too many to enumerate; use fewer values (coarser ` +
          `steps, shorter choice lists) or another algorithm (bayes, tpe, random)`,
      );
  }

  /** Points in the subtree from parameter i on, given the values assigned so far. */
  private count(i: number, assigned: Params): number {
    if (i === this.params.length) return 1;
    const key = `${i}|${this.relevant[i].map((j) => (this.params[j].name in assigned ? JSON.stringify(assigned[this.params[j].name]) : ABSENT)).join("|")}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const p = this.params[i];
    let n = 0;
    if (!this.active(p, assigned)) n = this.count(i + 1, assigned);
    else if (!this.decides[i]) n = this.values[i].length * this.count(i + 1, assigned);
    else
      for (const v of this.values[i]) {
        assigned[p.name] = v;
        n += this.count(i + 1, assigned);
        delete assigned[p.name];
      }
    this.memo.set(key, n);
    return n;
  }

  point(index: number): Params {
    const out: Params = {};
    let rest = index;
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i];
      if (!this.active(p, out)) continue;
      const vs = this.values[i];
      if (!this.decides[i]) {
        // Every value leads to a subtree of the same size: pick by division.
        const c = this.count(i + 1, out);
        const k = Math.min(vs.length - 1, Math.floor(rest / c));
        out[p.name] = vs[k];
        rest -= k * c;
        continue;
      }
      for (let k = 0; k < vs.length; k++) {
        out[p.name] = vs[k];
        const c = this.count(i + 1, out);
        if (rest < c || k === vs.length - 1) break;
        rest -= c;
      }
    }
    return out;
  }

  /** A canonical key of a point: values in parameter order, absent ones marked. */
  key(params: Params): string {
    return JSON.stringify(this.params.map((p) => (p.name in params ? params[p.name] : ABSENT)));
  }

  trialKey(t: Trial): string {
    let k = this.keys.get(t);
    if (k === undefined) this.keys.set(t, (k = this.key(t.params)));
    return k;
  }

  /** Is the point with this key on the grid (every active value a grid value, inactive ones absent)? */
  has(key: string): boolean {
    let on = this.onGrid.get(key);
    if (on === undefined) this.onGrid.set(key, (on = this.check(key)));
    return on;
  }

  private check(key: string): boolean {
    const vals = JSON.parse(key) as Literal[];
    const seen: Params = {};
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i];
      const present = vals[i] !== ABSENT;
      if (present !== this.active(p, seen)) return false;
      if (!present) continue;
      if (!contains(p, vals[i])) return false;
      seen[p.name] = vals[i];
    }
    return true;
  }

  private active(p: Param, assigned: Params): boolean {
    return !p.condition || conditionHolds(p.condition, assigned);
  }
}

/** One value per decade (and the ends) between lo and hi: a starting list for choice(...). */
function logSpaced(lo: number, hi: number): string[] {
  const out = [lo];
  for (let e = Math.ceil(Math.log10(lo) + 1e-9); Math.pow(10, e) < hi * (1 - 1e-9); e++)
    if (Math.pow(10, e) > lo) out.push(Math.pow(10, e));
  out.push(hi);
  if (out.length < 3) out.splice(1, 0, Math.sqrt(lo * hi));
  return out.map(fmt);
}

/** The round step (1, 2 or 5 × 10^k) closest to `raw` that divides the range; range/10 if none does. */
function niceStep(raw: number, range: number): number {
  const e = Math.floor(Math.log10(raw));
  let best = range / 10;
  let bestRatio = Infinity;
  for (const k of [e - 1, e, e + 1])
    for (const m of [1, 2, 5]) {
      const s = m * Math.pow(10, k);
      const n = range / s;
      const ratio = Math.abs(Math.log(s / raw));
      if (Math.abs(n - Math.round(n)) < 1e-9 * Math.max(1, n) && ratio < bestRatio) [best, bestRatio] = [s, ratio];
    }
  return best;
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(6)));
}
