// Gaussian-process regression with a zero prior mean on standardized outputs: the log marginal likelihood and its
// analytic gradient (for fitting the kernel), and the posterior mean/variance with their input gradients (for the
// acquisition function).
import {
  cholesky,
  choleskySolve,
  inverseFromCholesky,
  logDet,
  solveLower,
  solveUpper,
  type Lower,
} from "../../linalg/cholesky";
import { matern52, matern52Slope, noiseVar, signalVar, type Hyper } from "./kernel";

const LOG_2PI = Math.log(2 * Math.PI);

/** Training inputs: n points of D features, row-major. */
export interface Inputs {
  X: Float64Array;
  n: number;
  D: number;
}

/** Squared per-dimension differences of every pair i > j, computed once per fit (they do not depend on θ). */
export interface PairCache {
  n: number;
  D: number;
  /** For pair index p = i(i−1)/2 + j: sq[p·D + d] = (X_id − X_jd)². */
  sq: Float64Array;
}

export function pairCache(inp: Inputs): PairCache {
  const { X, n, D } = inp;
  const sq = new Float64Array(((n * (n - 1)) / 2) * D);
  let p = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++, p++)
      for (let d = 0; d < D; d++) {
        const diff = X[i * D + d] - X[j * D + d];
        sq[p * D + d] = diff * diff;
      }
  return { n, D, sq };
}

/**
 * log p(y | X, θ) and its gradient with respect to θ (log space), or null when the kernel matrix is not positive
 * definite. ∂/∂θ = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ) with α = K⁻¹y.
 */
export function logMarginalLikelihood(
  pc: PairCache,
  y: ArrayLike<number>,
  h: Hyper,
  wantGrad = true,
): { value: number; grad: Float64Array } | null {
  const { n, D, sq } = pc;
  const s = signalVar(h);
  const noise = noiseVar(h);
  const invL2 = new Float64Array(D);
  for (let d = 0; d < D; d++) invL2[d] = Math.exp(-2 * h.theta[d]);
  // Kernel entries and slopes per pair, reused by the gradient.
  const npairs = (n * (n - 1)) / 2;
  const kv = new Float64Array(npairs);
  const gv = new Float64Array(npairs);
  for (let p = 0; p < npairs; p++) {
    let r2 = 0;
    for (let d = 0; d < D; d++) r2 += sq[p * D + d] * invL2[d];
    const r = Math.sqrt(r2);
    kv[p] = s * matern52(r);
    gv[p] = s * matern52Slope(r);
  }
  const L = cholesky(n, (i, j) => (i === j ? s + noise : kv[(i * (i - 1)) / 2 + j]));
  if (!L) return null;
  const alpha = choleskySolve(L, y);
  let yAlpha = 0;
  for (let i = 0; i < n; i++) yAlpha += y[i] * alpha[i];
  const value = -0.5 * yAlpha - 0.5 * logDet(L) - 0.5 * n * LOG_2PI;
  const grad = new Float64Array(D + 2);
  if (!wantGrad) return { value, grad };
  const inv = inverseFromCholesky(L);
  // W = ααᵀ − K⁻¹; off-diagonal pairs count twice (symmetry).
  let trW = 0;
  for (let i = 0; i < n; i++) trW += alpha[i] * alpha[i] - inv[i][i];
  let gSignal = s * trW; // ∂K/∂log s on the diagonal is s
  let p = 0;
  for (let i = 0; i < n; i++) {
    const invi = inv[i];
    for (let j = 0; j < i; j++, p++) {
      const w = 2 * (alpha[i] * alpha[j] - invi[j]);
      gSignal += w * kv[p];
      const wg = w * gv[p];
      for (let d = 0; d < D; d++) grad[d] += wg * sq[p * D + d];
    }
  }
  for (let d = 0; d < D; d++) grad[d] *= 0.5 * invL2[d];
  grad[D] = 0.5 * gSignal;
  grad[D + 1] = 0.5 * noise * trW;
  return { value, grad };
}

/** A fitted posterior: factor of K + σ²I over the training rows and α = (K + σ²I)⁻¹ y. */
export interface Posterior {
  h: Hyper;
  inp: Inputs;
  L: Lower;
  alpha: Float64Array;
}

export interface Prediction {
  mean: number;
  /** Variance of the latent function (noise excluded). */
  variance: number;
  /** ∂mean/∂x and ∂variance/∂x, when asked for. */
  dmean?: Float64Array;
  dvariance?: Float64Array;
}

export function posteriorFrom(h: Hyper, inp: Inputs, L: Lower, y: ArrayLike<number>): Posterior {
  return { h, inp, L, alpha: choleskySolve(L, y) };
}

/** Posterior mean and latent variance at x (length D), optionally with gradients in x. */
export function predict(post: Posterior, x: ArrayLike<number>, wantGrad = false): Prediction {
  const { h, inp, L, alpha } = post;
  const { X, n, D } = inp;
  const s = signalVar(h);
  const invL2 = new Float64Array(D);
  for (let d = 0; d < D; d++) invL2[d] = Math.exp(-2 * h.theta[d]);
  const k = new Float64Array(n);
  const g = wantGrad ? new Float64Array(n) : undefined;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    let r2 = 0;
    for (let d = 0; d < D; d++) {
      const diff = x[d] - X[i * D + d];
      r2 += diff * diff * invL2[d];
    }
    const r = Math.sqrt(r2);
    k[i] = s * matern52(r);
    if (g) g[i] = s * matern52Slope(r);
    mean += k[i] * alpha[i];
  }
  const v = solveLower(L, k);
  let vv = 0;
  for (let i = 0; i < n; i++) vv += v[i] * v[i];
  const variance = Math.max(0, s - vv);
  if (!g) return { mean, variance };
  // ∂k_i/∂x_d = −g_i (x_d − X_id)/ℓ_d²;  ∂var/∂x = −2 Σ_i w_i ∂k_i/∂x with w = K⁻¹k.
  const w = solveUpper(L, v);
  const dmean = new Float64Array(D);
  const dvariance = new Float64Array(D);
  for (let i = 0; i < n; i++) {
    const am = -g[i] * alpha[i];
    const av = 2 * g[i] * w[i];
    for (let d = 0; d < D; d++) {
      const diff = (x[d] - X[i * D + d]) * invL2[d];
      dmean[d] += am * diff;
      dvariance[d] += av * diff;
    }
  }
  return { mean, variance, dmean, dvariance };
}
