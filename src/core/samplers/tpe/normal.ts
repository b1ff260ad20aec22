// Standard-normal numerics for truncated Parzen kernels: log CDF that stays accurate far in the tails, log mass of an
// interval without cancellation, and the inverse CDF. Checked against scipy reference values in test/unit/tpe.test.ts.

/* eslint-disable no-loss-of-precision -- reference coefficients kept digit for digit as published */
// Chebyshev coefficients of erfc for z ≥ 0 (Numerical Recipes 3rd ed., §6.2.2), ~1e-16 relative accuracy.
const COF = [
  -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4,
  3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8,
  -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12,
  -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
];

/** log(erfc(z)) for z ≥ 0, computed in log space so it never underflows. */
function logErfcNonNeg(z: number): number {
  const t = 2 / (2 + z);
  const ty = 4 * t - 2;
  let d = 0;
  let dd = 0;
  for (let j = COF.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + COF[j];
    dd = tmp;
  }
  return Math.log(t) - z * z + 0.5 * (COF[0] + ty * d) - dd;
}

const LN_HALF = Math.log(0.5);
const SQRT1_2 = Math.SQRT1_2;
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Φ(z), accurate for any z (for z ≫ 0 via log1p of the upper tail). */
export function logNdtr(z: number): number {
  if (z < -20) {
    // Asymptotic series of the Mills ratio: cheaper than the Chebyshev sum, error < 1e-11 here.
    const r = 1 / (z * z);
    return (
      -0.5 * z * z - Math.log(-z) - LOG_SQRT_2PI + Math.log1p(r * (-1 + r * (3 + r * (-15 + r * (105 - 945 * r)))))
    );
  }
  if (z <= 0) return LN_HALF + logErfcNonNeg(-z * SQRT1_2);
  return Math.log1p(-0.5 * Math.exp(logErfcNonNeg(z * SQRT1_2)));
}

/** Φ(z). */
export function ndtr(z: number): number {
  const half = 0.5 * Math.exp(logErfcNonNeg(Math.abs(z) * SQRT1_2));
  return z <= 0 ? half : 1 - half;
}

/** log(Φ(b) − Φ(a)) for a ≤ b, without cancellation in either tail. */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  // Central: 1 − Φ(a) − Φ(−b), both terms ≤ 1/2 (and below 1e-17 beyond 8.5σ, the common case for narrow kernels).
  if (a < -8.5 && b > 8.5) return 0;
  return Math.log1p(-ndtr(a) - ndtr(-b));
}

function logDiff(logP: number, logQ: number): number {
  if (logQ === -Infinity) return logP;
  return logP + Math.log1p(-Math.exp(logQ - logP));
}

// Acklam's rational approximation of the inverse normal CDF, refined by one Halley step.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549671010139334, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Φ⁻¹(p) for p ∈ (0, 1); ±Infinity at the ends. */
export function ndtri(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (p <= 1 - 0.02425) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x =
      -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  // Halley refinement on the smaller tail, where Φ is accurate.
  const e = x <= 0 ? ndtr(x) - p : 1 - p - ndtr(-x);
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** A draw from N(0,1) truncated to [a, b] by inverting the CDF of the truncated law at q ∈ [0, 1). */
export function truncNormPpf(q: number, a: number, b: number): number {
  let x: number;
  if (a > 0) {
    // Work in the left tail by symmetry: Φ is accurate there.
    const lo = ndtr(-b);
    const hi = ndtr(-a);
    x = -ndtri(hi - q * (hi - lo));
  } else {
    const lo = ndtr(a);
    const hi = ndtr(b);
    x = ndtri(lo + q * (hi - lo));
  }
  return Math.min(b, Math.max(a, Number.isFinite(x) ? x : q < 0.5 ? a : b));
}
