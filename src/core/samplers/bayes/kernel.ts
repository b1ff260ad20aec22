// Matérn-5/2 kernel with one lengthscale per input dimension (ARD):
//   k(x, z) = s · (1 + √5 r + 5r²/3) · exp(−√5 r),   r² = Σ_d (x_d − z_d)² / ℓ_d²
// Hyperparameters live in log space as one flat vector θ = [log ℓ_1 … log ℓ_D, log s, log σ²_noise], which is what
// the marginal-likelihood optimizer moves.

const SQRT5 = Math.sqrt(5);

export interface Hyper {
  /** Input dimensions. */
  D: number;
  /** θ = [log ℓ_1..D, log signal variance, log noise variance]. */
  theta: Float64Array;
}

export function lengthscale(h: Hyper, d: number): number {
  return Math.exp(h.theta[d]);
}
export function signalVar(h: Hyper): number {
  return Math.exp(h.theta[h.D]);
}
export function noiseVar(h: Hyper): number {
  return Math.exp(h.theta[h.D + 1]);
}

/** k(r) for unit signal variance. */
export function matern52(r: number): number {
  const a = SQRT5 * r;
  return (1 + a + (a * a) / 3) * Math.exp(-a);
}

/**
 * g(r) = −(1/r)·dk/dr for unit signal variance = (5/3)(1 + √5 r) exp(−√5 r). Finite at r = 0, and the one factor
 * every gradient needs: ∂k/∂x_d = −g(r)(x_d − z_d)/ℓ_d², ∂k/∂log ℓ_d = g(r)(x_d − z_d)²/ℓ_d².
 */
export function matern52Slope(r: number): number {
  const a = SQRT5 * r;
  return (5 / 3) * (1 + a) * Math.exp(-a);
}

/** Kernel value between two points given as rows of flat arrays (no noise term). */
export function kernel(h: Hyper, x: ArrayLike<number>, xi: number, z: ArrayLike<number>, zi: number): number {
  const D = h.D;
  let r2 = 0;
  for (let d = 0; d < D; d++) {
    const diff = (x[xi * D + d] - z[zi * D + d]) / Math.exp(h.theta[d]);
    r2 += diff * diff;
  }
  return signalVar(h) * matern52(Math.sqrt(r2));
}
