// Maximize log EI over the unit cube: score many random points and perturbations of the best trials, then refine
// the top few — L-BFGS on the continuous coordinates, exhaustive/neighbour search on the discrete ones — and
// alternate until neither improves.
import type { Rng } from "../../rng";
import { fromUnit, toUnit } from "../../space";
import type { Encoder } from "./encoding";
import { predict, type Posterior } from "./gp";
import { minimizeBox, type Objective } from "./lbfgs";
import { logEI } from "./logei";
import { logPof, type Feasibility } from "./feasibility";

export interface AcquisitionInput {
  enc: Encoder;
  post: Posterior;
  /** Incumbent (transformed, minimization). */
  best: number;
  rng: Rng;
  /** Unit vectors of the best trials so far, best first: local candidates are drawn around them. */
  seeds: number[][];
  /** Random candidates to score (default 1024). */
  candidates?: number;
  /** How many of the best candidates to refine (default 4). */
  refine?: number;
  /** Constraints: log P(feasible) of each constraint's GP is added to log EI (Gardner et al. 2014). */
  feasibility?: readonly Feasibility[];
  /** false: no feasible trial yet — maximize the probability of feasibility alone. Default true. */
  objective?: boolean;
}

/** Integers with more values than this are relaxed to continuous for gradient steps and searched by neighbours. */
const EXHAUSTIVE_MAX = 24;

/** The acquisition at a unit vector: log EI plus Σ log P(feasible). */
type Value = (u: number[], relaxed?: ReadonlySet<number>) => number;
interface Point {
  u: number[];
  value: number;
}

export function maximizeAcquisition(inp: AcquisitionInput): Point {
  const { enc, post, best, rng } = inp;
  const P = enc.params.length;
  const useEI = inp.objective ?? true;
  const value: Value = (u, relaxed) => {
    const { x } = enc.fromUnit(u, relaxed);
    let v = 0;
    if (useEI) {
      const pr = predict(post, x);
      v = logEI(pr.mean, pr.variance, best).value;
    }
    for (const f of inp.feasibility ?? []) v += logPof(f, x).value;
    return v;
  };

  // 1. Score a broad candidate set.
  const pool: { u: number[]; v: number }[] = [];
  const nRandom = inp.candidates ?? 1024;
  for (let k = 0; k < nRandom; k++) {
    const u = Array.from({ length: P }, () => rng.random());
    pool.push({ u, v: value(u) });
  }
  for (const seed of inp.seeds) {
    for (let k = 0; k < 24; k++) {
      const scale = k < 8 ? 0.01 : k < 16 ? 0.05 : 0.2;
      const u = seed.map((s, i) => {
        const e = enc.params[i];
        if (!Number.isFinite(s)) return rng.random();
        if (e.kind === "continuous" || (e.kind === "discrete" && e.cardinality > EXHAUSTIVE_MAX))
          return reflect(s + scale * rng.normal());
        return rng.random() < 1 / Math.max(2, P) ? rng.random() : s;
      });
      pool.push({ u, v: value(u) });
    }
    // The incumbent with one or two coordinates redrawn anywhere in their range: moves between distant basins of
    // single parameters (Styblinski–Tang, Levy), which small perturbations never propose.
    for (let k = 0; k < 16; k++) {
      const u = seed.map((s) => (Number.isFinite(s) ? s : rng.random()));
      for (let m = 0; m < (k % 2) + 1; m++) u[rng.int(P)] = rng.random();
      pool.push({ u, v: value(u) });
    }
  }
  pool.sort((a, b) => b.v - a.v);

  // 2. Refine the best few distinct candidates.
  const starts: number[][] = [];
  for (const c of pool) {
    if (starts.length >= (inp.refine ?? 4)) break;
    if (!Number.isFinite(c.v) && starts.length > 0) break;
    if (starts.some((s) => s.every((x, i) => Math.abs(x - c.u[i]) < 1e-9))) continue;
    starts.push(c.u);
  }
  let winner = { u: pool[0].u, value: pool[0].v };
  for (const s of starts) {
    const r = refine(inp, s, value);
    if (r.value > winner.value) winner = r;
  }
  return winner;
}

/** Alternate a continuous gradient step and a discrete coordinate search from `start` until neither improves. */
function refine(inp: AcquisitionInput, start: number[], value: Value): Point {
  const { enc } = inp;
  const u0 = start.slice();
  let at: Point = { u: u0, value: value(u0) };
  // Alternating continuous and discrete steps only helps when there are discrete coordinates.
  const rounds = enc.params.some((e) => e.kind !== "continuous" && e.kind !== "constant") ? 3 : 1;
  for (let round = 0; round < rounds; round++) {
    const before = at.value;
    const stepped = continuousStep(inp, at.u, value);
    if (stepped && stepped.value > at.value) at = stepped;
    at = discreteSearch(enc, at, value);
    if (!(at.value > before + 1e-9 * Math.abs(before))) break;
  }
  return at;
}

/**
 * Box L-BFGS over the active continuous (and relaxed many-valued) coordinates of `u`, the relaxed ones snapped
 * back to their cells afterwards; undefined when there are none.
 */
function continuousStep(inp: AcquisitionInput, u: readonly number[], value: Value): Point | undefined {
  const { enc } = inp;
  const { params } = enc.fromUnit(u);
  const relaxed = new Set<number>();
  const J: number[] = [];
  enc.params.forEach((e, i) => {
    if (!(e.param.name in params)) return;
    if (e.kind === "continuous") J.push(i);
    else if (e.kind === "discrete" && e.cardinality > EXHAUSTIVE_MAX) {
      J.push(i);
      relaxed.add(i);
    }
  });
  if (!J.length) return undefined;
  const z0 = Float64Array.from(J.map((i) => u[i]));
  const lo = new Float64Array(J.length);
  const hi = new Float64Array(J.length).fill(1);
  const f = negatedAcquisition(inp, u, J, relaxed);
  const r = minimizeBox(f, z0, lo, hi, { maxIter: 40, gtol: 1e-7, ftol: 1e-12 });
  const cand = u.slice();
  J.forEach((i, j) => (cand[i] = r.x[j]));
  for (const i of relaxed) cand[i] = snap(enc, i, cand[i]);
  return { u: cand, value: value(cand) };
}

/** −(log EI + Σ log P(feasible)) and its gradient as a function of the coordinates J of `u`. */
function negatedAcquisition(
  inp: AcquisitionInput,
  u: readonly number[],
  J: readonly number[],
  relaxed: ReadonlySet<number>,
): Objective {
  const { enc, post, best } = inp;
  return (z: Float64Array) => {
    const uu = u.slice();
    J.forEach((i, j) => (uu[i] = z[j]));
    const { x } = enc.fromUnit(uu, relaxed);
    const grad = new Float64Array(J.length);
    let total = 0;
    if (inp.objective ?? true) {
      const pr = predict(post, x, true);
      const ei = logEI(pr.mean, pr.variance, best);
      total += ei.value;
      J.forEach((i, j) => {
        const o = enc.params[i].offset;
        grad[j] -= ei.dmean * pr.dmean![o] + ei.dvariance * pr.dvariance![o];
      });
    }
    for (const f of inp.feasibility ?? []) {
      const pf = logPof(f, x, true);
      total += pf.value;
      J.forEach((i, j) => (grad[j] -= pf.dx![enc.params[i].offset]));
    }
    return Number.isFinite(total) ? { value: -total, grad } : null;
  };
}

/** Each active discrete coordinate in turn: every cell when there are few, else neighbours at growing distances. */
function discreteSearch(enc: Encoder, from: Point, value: Value): Point {
  let { u, value: v } = from;
  for (let i = 0; i < enc.params.length; i++) {
    const e = enc.params[i];
    if (e.kind === "continuous" || e.kind === "constant") continue;
    if (!(e.param.name in enc.fromUnit(u).params)) continue;
    const n = e.cardinality;
    const cur = Math.min(n - 1, Math.floor(u[i] * n));
    const cells =
      n <= EXHAUSTIVE_MAX
        ? Array.from({ length: n }, (_, k) => k)
        : [-8, -4, -2, -1, 1, 2, 4, 8].map((d) => cur + d).filter((k) => k >= 0 && k < n);
    for (const k of cells) {
      if (k === cur) continue;
      const cand = u.slice();
      cand[i] = (k + 0.5) / n;
      const cv = value(cand);
      if (cv > v) {
        u = cand;
        v = cv;
      }
    }
  }
  return { u, value: v };
}

/** Centre of the cell the discrete parameter's value falls in. */
function snap(enc: Encoder, i: number, ui: number): number {
  const p = enc.params[i].param;
  return toUnit(p, fromUnit(p, ui));
}

/** Keep a perturbed coordinate inside [0, 1] by reflecting at the walls. */
function reflect(x: number): number {
  let y = x;
  for (let k = 0; k < 4 && (y < 0 || y > 1); k++) y = y < 0 ? -y : 2 - y;
  return Math.min(1, Math.max(0, y));
}
