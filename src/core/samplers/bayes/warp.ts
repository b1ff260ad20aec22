// Output transform for the GP: standardize, Yeo–Johnson power transform with λ chosen by maximum likelihood,
// standardize again. Objectives like Rosenbrock span orders of magnitude; without this the few huge values set the
// scale and the good region looks flat. λ is capped at 1 so the transform only ever compresses the bad (high) tail
// and stretches the good (low) one, never the reverse: we minimize, and resolution near the optimum is what counts.

const LAMBDA_LO = -2;
const LAMBDA_HI = 1;

export function yeoJohnson(y: number, lambda: number): number {
  if (y >= 0) return Math.abs(lambda) < 1e-10 ? Math.log1p(y) : (Math.pow(y + 1, lambda) - 1) / lambda;
  const l2 = 2 - lambda;
  return Math.abs(l2) < 1e-10 ? -Math.log1p(-y) : -(Math.pow(1 - y, l2) - 1) / l2;
}

/** Profile log-likelihood of λ for standardized y under a normal model of the transformed values. */
function yjLogLik(y: readonly number[], lambda: number): number {
  const n = y.length;
  let mean = 0;
  const t = y.map((v) => yeoJohnson(v, lambda));
  for (const v of t) mean += v / n;
  let varT = 0;
  for (const v of t) varT += ((v - mean) * (v - mean)) / n;
  let jac = 0;
  for (const v of y) jac += Math.sign(v) * Math.log1p(Math.abs(v));
  return -0.5 * n * Math.log(Math.max(varT, 1e-300)) + (lambda - 1) * jac;
}

function standardize(y: readonly number[]): { z: number[]; mean: number; sd: number } {
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const v = y.reduce((a, b) => a + (b - mean) * (b - mean), 0) / n;
  const sd = v > 1e-300 ? Math.sqrt(v) : 1;
  return { z: y.map((x) => (x - mean) / sd), mean, sd };
}

export interface OutputWarp {
  lambda: number;
  /** Transformed, standardized values (same order as the input). */
  values: number[];
  /** Map another raw value through the same transform (used for imputed values). */
  apply(y: number): number;
}

/** Fit the warp to raw (minimization-oriented) values and transform them. */
export function warpOutputs(raw: readonly number[]): OutputWarp {
  const s1 = standardize(raw);
  let lambda = 1;
  if (raw.length >= 3) {
    // Golden-section search on the concave-enough profile likelihood.
    let a = LAMBDA_LO;
    let b = LAMBDA_HI;
    const gr = (Math.sqrt(5) - 1) / 2;
    let c = b - gr * (b - a);
    let d = a + gr * (b - a);
    let fc = yjLogLik(s1.z, c);
    let fd = yjLogLik(s1.z, d);
    for (let i = 0; i < 40; i++) {
      if (fc > fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - gr * (b - a);
        fc = yjLogLik(s1.z, c);
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + gr * (b - a);
        fd = yjLogLik(s1.z, d);
      }
    }
    lambda = (a + b) / 2;
    if (yjLogLik(s1.z, LAMBDA_HI) >= yjLogLik(s1.z, lambda)) lambda = LAMBDA_HI;
  }
  const t = s1.z.map((v) => yeoJohnson(v, lambda));
  const s2 = standardize(t);
  const apply = (y: number) => (yeoJohnson((y - s1.mean) / s1.sd, lambda) - s2.mean) / s2.sd;
  return { lambda, values: s2.z, apply };
}
