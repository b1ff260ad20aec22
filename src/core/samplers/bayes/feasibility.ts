// Probability of feasibility from a GP on a constraint's g (g ≤ threshold holds): P = Φ((t − μ)/σ). Its log, with
// the gradient in x, is added to log EI, so constrained search is EI × P(feasible) (Gardner et al. 2014).
import { predict, type Posterior } from "./gp";
import { logNdtr } from "../tpe/normal";

export interface Feasibility {
  post: Posterior;
  /** The modelled (standardized) value of g = 0. */
  threshold: number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export function logPof(f: Feasibility, x: ArrayLike<number>, wantGrad = false): { value: number; dx?: Float64Array } {
  const pr = predict(f.post, x, wantGrad);
  // The noise of the model is kept out of σ: a deterministic constraint should be nearly certain where observed.
  const v = Math.max(pr.variance, 1e-12);
  const sd = Math.sqrt(v);
  const z = (f.threshold - pr.mean) / sd;
  const value = logNdtr(z);
  if (!wantGrad) return { value };
  // d logΦ(z)/dz = φ(z)/Φ(z);  ∂z/∂μ = −1/σ;  ∂z/∂σ² = −z/(2σ²).
  const ratio = Math.exp(-0.5 * z * z - LOG_SQRT_2PI - value);
  const dmu = -ratio / sd;
  const dv = pr.variance > 1e-12 ? (-ratio * z) / (2 * v) : 0;
  const dx = new Float64Array(pr.dmean!.length);
  for (let d = 0; d < dx.length; d++) dx[d] = dmu * pr.dmean![d] + dv * pr.dvariance![d];
  return { value, dx };
}
