// A Parzen estimator (mixture of kernels, one per observation plus a prior) over one or more dimensions of the unit
// cube, as in Optuna's `_ParzenEstimator`: truncated Gaussians for numeric dimensions (bandwidth from neighbour gaps
// when univariate, Scott's rule when multivariate, then "magic clip"), Aitchison–Aitken-like smoothed weights for
// categorical ones. Everything is in typed arrays: log-density of 24 candidates under 1,000 kernels is cheap.
import type { Rng } from "../../rng";
import { LOG_SQRT_2PI, logGaussMass, truncNormPpf } from "./normal";

/**
 * A dimension in unit coordinates: `continuous` values in [0,1]; `discrete` values are cell centres of `cells` equal
 * cells of [0,1] (ints, stepped floats); `categorical` values are indices 0..k-1 (choices, bools).
 */
export type Dim = { kind: "continuous" } | { kind: "discrete"; cells: number } | { kind: "categorical"; k: number };

export interface ParzenOptions {
  multivariate: boolean;
  priorWeight: number;
  magicClip: boolean;
  considerEndpoints: boolean;
  /**
   * Optuna 3.1–3.4's continuous kernel density, which lacks the −log σ term (optuna#5109): narrow kernels count for
   * less. Off by default (the correct density, as Optuna ≥ 3.5 computes it).
   */
  legacyDensity?: boolean;
}

/** Optuna's default_weights: flat for the last 25 observations, an increasing ramp for older ones. */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (n >= 25) {
    const m = n - 25;
    for (let i = 0; i < m; i++) w[i] = m === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (m - 1);
  }
  return w;
}

export class Parzen {
  /** Number of kernels (observations + prior). */
  readonly m: number;
  private readonly logW: Float64Array;
  private readonly cumW: Float64Array;
  private readonly mus: Float64Array[] = [];
  private readonly sigmas: Float64Array[] = [];
  /** Per numeric dim: log normaliser of each kernel (log σ + log √2π + log mass inside [0,1]). */
  private readonly logNorm: Float64Array[] = [];
  /** Per numeric dim: log of each kernel's mass inside [0,1] (its truncation acceptance). */
  private readonly logMass: Float64Array[] = [];
  /** Per categorical dim: kernel-major probabilities, m × k. */
  private readonly catP: Float64Array[] = [];
  private readonly logCatP: Float64Array[] = [];
  /** Per discrete dim: index of the first kernel with the same (μ, σ), so each cell mass is computed once. */
  private readonly firstTwin: Int32Array[] = [];
  /** Univariate continuous fast path: 1/σ and log w − log normaliser per kernel. */
  private invSigma0 = new Float64Array(0);
  private base0 = new Float64Array(0);

  /** `obs[i][j]`: observation i's value in dim j (unit value, or category index). Chronological order. */
  constructor(
    private readonly dims: readonly Dim[],
    obs: readonly (readonly number[])[],
    opts: ParzenOptions,
  ) {
    const n = obs.length;
    const m = n + 1; // the prior is always a kernel (Optuna's consider_prior=True)
    this.m = m;
    const w = new Float64Array(m);
    w.set(defaultWeights(n));
    w[n] = opts.priorWeight;
    let total = 0;
    for (let i = 0; i < m; i++) total += w[i];
    this.logW = new Float64Array(m);
    this.cumW = new Float64Array(m);
    let acc = 0;
    for (let i = 0; i < m; i++) {
      this.logW[i] = Math.log(w[i] / total);
      acc += w[i] / total;
      this.cumW[i] = acc;
    }
    const sigma0 = opts.multivariate ? 0.2 * Math.pow(Math.max(n, 1), -1 / (dims.length + 4)) : 0;
    dims.forEach((dim, j) => {
      if (dim.kind === "categorical") {
        const k = dim.k;
        const p = new Float64Array(m * k);
        const base = opts.priorWeight / m;
        for (let i = 0; i < m; i++) {
          p.fill(base, i * k, (i + 1) * k);
          if (i < n) p[i * k + obs[i][j]] += 1;
          const s = i < n ? base * k + 1 : base * k;
          for (let c = 0; c < k; c++) p[i * k + c] /= s;
        }
        this.catP[j] = p;
        this.logCatP[j] = p.map(Math.log);
        return;
      }
      const mus = new Float64Array(m);
      for (let i = 0; i < n; i++) mus[i] = obs[i][j];
      mus[n] = 0.5;
      const sigmas = opts.multivariate
        ? new Float64Array(m).fill(sigma0)
        : neighbourSigmas(mus, opts.considerEndpoints);
      const minSigma = opts.magicClip ? 1 / Math.min(100, 1 + m) : 1e-12;
      const logNorm = new Float64Array(m);
      const logMass = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        if (i === n)
          sigmas[i] = 1; // the prior: centred, as wide as the range
        else sigmas[i] = Math.min(1, Math.max(minSigma, sigmas[i]));
        logMass[i] = logGaussMass(-mus[i] / sigmas[i], (1 - mus[i]) / sigmas[i]);
        logNorm[i] = (opts.legacyDensity ? 0 : Math.log(sigmas[i])) + LOG_SQRT_2PI + logMass[i];
      }
      if (dim.kind === "discrete") this.firstTwin[j] = twins(mus, sigmas);
      this.mus[j] = mus;
      this.sigmas[j] = sigmas;
      this.logNorm[j] = logNorm;
      this.logMass[j] = logMass;
    });
    if (dims.length === 1 && dims[0].kind === "continuous") {
      this.invSigma0 = this.sigmas[0].map((sg) => 1 / sg);
      this.base0 = this.logW.map((lw, i) => lw - this.logNorm[0][i]);
    }
  }

  /** `size` draws; each is one value per dim (unit value for numeric dims, index for categorical ones). */
  sample(rng: Rng, size: number): number[][] {
    const out: number[][] = [];
    for (let s = 0; s < size; s++) {
      const u = rng.random();
      let i = 0;
      while (i < this.m - 1 && this.cumW[i] <= u) i++;
      out.push(
        this.dims.map((dim, j) => {
          if (dim.kind === "categorical") {
            const k = dim.k;
            const r = rng.random();
            let c = 0;
            let cum = this.catP[j][i * k];
            while (c < k - 1 && cum <= r) cum += this.catP[j][i * k + ++c];
            return c;
          }
          const mu = this.mus[j][i];
          const sg = this.sigmas[j][i];
          const x = mu + sg * truncNormPpf(rng.random(), -mu / sg, (1 - mu) / sg);
          return dim.kind === "discrete" ? cellCentre(x, dim.cells) : x;
        }),
      );
    }
    return out;
  }

  /**
   * Log-density (log-mass for discrete and categorical dims) of each point under the mixture. Works in one shared
   * scratch buffer (points × kernels), so a suggestion allocates no per-call matrices.
   */
  logPdf(points: readonly (readonly number[])[]): Float64Array {
    const N = points.length;
    const m = this.m;
    if (this.dims.length === 1 && this.dims[0].kind === "continuous") return this.logPdf1(points);
    const comp = scratch(N * m);
    for (let s = 0; s < N; s++) comp.set(this.logW, s * m);
    const col = scratchCol(N * m);
    for (let j = 0; j < this.dims.length; j++) {
      const dim = this.dims[j];
      if (dim.kind === "categorical") {
        const lp = this.logCatP[j];
        const k = dim.k;
        for (let s = 0; s < N; s++) {
          const c = points[s][j];
          const off = s * m;
          for (let i = 0; i < m; i++) comp[off + i] += lp[i * k + c];
        }
        continue;
      }
      const mus = this.mus[j];
      const sigmas = this.sigmas[j];
      const logNorm = this.logNorm[j];
      const logMass = this.logMass[j];
      if (dim.kind === "continuous") {
        for (let s = 0; s < N; s++) {
          const x = points[s][j];
          const off = s * m;
          for (let i = 0; i < m; i++) {
            const z = (x - mus[i]) / sigmas[i];
            comp[off + i] += -0.5 * z * z - logNorm[i];
          }
        }
        continue;
      }
      // Discrete: the kernel's mass on the point's cell, renormalised to [0,1] (Optuna's q-rounding). Kernels with
      // the same (μ, σ) share one computation, and candidates in the same cell share one column.
      const cells = dim.cells;
      const twin = this.firstTwin[j];
      const cellOf = new Int32Array(N);
      for (let s = 0; s < N; s++) {
        const c = Math.min(cells - 1, Math.max(0, Math.floor(points[s][j] * cells)));
        cellOf[s] = c;
        let prev = 0;
        while (prev < s && cellOf[prev] !== c) prev++;
        if (prev === s) {
          const lo = c / cells;
          const hi = (c + 1) / cells;
          const off = s * m;
          for (let i = 0; i < m; i++) {
            if (twin[i] !== i) {
              col[off + i] = col[off + twin[i]];
              continue;
            }
            const sg = sigmas[i];
            col[off + i] = logGaussMass((lo - mus[i]) / sg, (hi - mus[i]) / sg) - logMass[i];
          }
        }
        const src = prev * m;
        const off = s * m;
        for (let i = 0; i < m; i++) comp[off + i] += col[src + i];
      }
    }
    const out = new Float64Array(N);
    for (let s = 0; s < N; s++) {
      const off = s * m;
      let max = -Infinity;
      for (let i = 0; i < m; i++) if (comp[off + i] > max) max = comp[off + i];
      let sum = 0;
      for (let i = 0; i < m; i++) {
        // Kernels e^-40 below the largest cannot change the sum in double precision; skipping them saves most exps.
        const d = comp[off + i] - max;
        if (d > -40) sum += Math.exp(d);
      }
      out[s] = max + Math.log(sum);
    }
    return out;
  }

  /** The common univariate continuous case in two fused passes (the hot loop of a TPE suggestion). */
  private logPdf1(points: readonly (readonly number[])[]): Float64Array {
    const N = points.length;
    const m = this.m;
    const mus = this.mus[0];
    const inv = this.invSigma0;
    const base = this.base0;
    const row = scratch(m);
    const out = new Float64Array(N);
    for (let s = 0; s < N; s++) {
      const x = points[s][0];
      let max = -Infinity;
      for (let i = 0; i < m; i++) {
        const z = (x - mus[i]) * inv[i];
        const v = base[i] - 0.5 * z * z;
        row[i] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let i = 0; i < m; i++) {
        const d = row[i] - max;
        if (d > -40) sum += Math.exp(d);
      }
      out[s] = max + Math.log(sum);
    }
    return out;
  }
}

// Scratch space reused across calls (single-threaded; grown, never shrunk).
let scratchBuf = new Float64Array(0);
let scratchColBuf = new Float64Array(0);
function scratch(n: number): Float64Array {
  if (scratchBuf.length < n) scratchBuf = new Float64Array(Math.max(n, 2 * scratchBuf.length));
  return scratchBuf;
}
function scratchCol(n: number): Float64Array {
  if (scratchColBuf.length < n) scratchColBuf = new Float64Array(Math.max(n, 2 * scratchColBuf.length));
  return scratchColBuf;
}

/** Discrete observations repeat: map each kernel to the first one with the same centre and width. */
function twins(mus: Float64Array, sigmas: Float64Array): Int32Array {
  const first = new Map<number, Map<number, number>>();
  const out = new Int32Array(mus.length);
  for (let i = 0; i < mus.length; i++) {
    let bySigma = first.get(mus[i]);
    if (!bySigma) first.set(mus[i], (bySigma = new Map()));
    const f = bySigma.get(sigmas[i]);
    if (f === undefined) bySigma.set(sigmas[i], i);
    out[i] = f ?? i;
  }
  return out;
}

function cellCentre(x: number, cells: number): number {
  return (Math.min(cells - 1, Math.max(0, Math.floor(x * cells))) + 0.5) / cells;
}

/**
 * Optuna's univariate bandwidth: the larger gap to a sorted neighbour, the range ends acting as neighbours.
 * Argsort without a comparator: each (non-negative) value's low mantissa bits are replaced by its index, so one
 * native Float64Array sort orders by value, ties chronologically (a stable argsort); the perturbation (< 2^-30
 * relative) only reorders values that are equal to ten digits.
 */
export function neighbourSigmas(mus: Float64Array, considerEndpoints: boolean): Float64Array {
  const m = mus.length;
  const bits = Math.max(1, Math.ceil(Math.log2(m + 1)));
  const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  const keys = new Float64Array(m);
  const words = new Uint32Array(keys.buffer);
  const lowWord = littleEndian ? 0 : 1;
  for (let i = 0; i < m; i++) {
    keys[i] = Math.max(0, mus[i]);
    words[2 * i + lowWord] = ((words[2 * i + lowWord] & ~mask) | i) >>> 0;
  }
  keys.sort();
  const order = new Int32Array(m);
  for (let r = 0; r < m; r++) order[r] = words[2 * r + lowWord] & mask;
  const s = new Float64Array(m + 2);
  s[m + 1] = 1;
  for (let r = 0; r < m; r++) s[r + 1] = mus[order[r]];
  const out = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let sg = Math.max(s[r + 1] - s[r], s[r + 2] - s[r + 1]);
    if (!considerEndpoints && m >= 2) {
      if (r === 0) sg = s[2] - s[1];
      else if (r === m - 1) sg = s[m] - s[m - 1];
    }
    out[order[r]] = sg;
  }
  return out;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
