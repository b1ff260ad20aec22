// Log expected improvement, computed without underflow far from the incumbent (after Ament et al., "Unexpected
// Improvements to Expected Improvement for Bayesian Optimization", 2023). For minimization:
//   EI = σ·h(z),  z = (best − μ)/σ,  h(z) = φ(z) + zΦ(z).
// For z ≤ −1 we write h through the continued fraction of the Mills ratio R(t) = Φ(−t)/φ(t), t = −z:
//   R = 1/(t + c),  c = 1/(t + 2/(t + 3/(t + …)))  ⇒  h = φ(t)·c/(t + c),  d log h/dz = 1/c,
// which has no cancellation at any t (the 1 − tR(t) that makes plain EI vanish is c/(t + c) exactly).

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT2 = Math.SQRT2;

/** c(t) = 1/(t + 2/(t + 3/(t + …))) for t ≥ 1, by backward recurrence with enough terms for full precision. */
function millsTail(t: number): number {
  const terms = Math.min(400, Math.ceil(12 + 300 / (t * t)));
  let f = t;
  for (let k = terms; k >= 2; k--) f = t + k / f;
  return 1 / f;
}

/** erf(x) for 0 ≤ x ≤ ~3 by the all-positive series erf(x) = 2x/√π·e^{−x²}·Σ (2x²)ⁿ/(2n+1)!!. */
function erfSeries(x: number): number {
  const a = 2 * x * x;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 200; n++) {
    term *= a / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return ((2 * x) / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** Standard normal CDF Φ(z) for z > −1 (where it is ≥ 0.15, so absolute accuracy is enough). */
function normCdfAboveMinusOne(z: number): number {
  if (z > 3) {
    const c = millsTail(z);
    return 1 - Math.exp(-0.5 * z * z - LOG_SQRT_2PI) / (z + c);
  }
  const e = erfSeries(Math.abs(z) / SQRT2);
  return z >= 0 ? 0.5 * (1 + e) : 0.5 * (1 - e);
}

/** log h(z) and its derivative d log h / dz. */
export function logH(z: number): { value: number; dz: number } {
  if (z > -1) {
    const cdf = normCdfAboveMinusOne(z);
    const pdf = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    const h = pdf + z * cdf;
    return { value: Math.log(h), dz: cdf / h };
  }
  const t = -z;
  const c = millsTail(t);
  return { value: -0.5 * t * t - LOG_SQRT_2PI + Math.log(c) - Math.log(t + c), dz: 1 / c };
}

export interface LogEI {
  value: number;
  /** ∂/∂μ and ∂/∂σ² (variance), for chaining through the GP posterior. */
  dmean: number;
  dvariance: number;
}

/** log EI of a minimization at posterior mean μ and latent variance σ², against incumbent `best`. */
export function logEI(mean: number, variance: number, best: number): LogEI {
  const v = Math.max(variance, 1e-24);
  const sigma = Math.sqrt(v);
  const z = (best - mean) / sigma;
  const lh = logH(z);
  // log EI = log σ + log h(z);  ∂z/∂μ = −1/σ;  ∂/∂σ² = (1/(2σ²))(1 − z·h'/h).
  return {
    value: Math.log(sigma) + lh.value,
    dmean: -lh.dz / sigma,
    dvariance: variance > 1e-24 ? (1 - z * lh.dz) / (2 * v) : 0,
  };
}
