// Build the GP posterior the acquisition searches: pick the modelled rows (capped for speed), fit the kernel on a
// subsample, factor the full kernel matrix, then append the pending trials as fantasies (a constant liar).
import type { Rng } from "../../rng";
import { cholesky, choleskyAppendRow, choleskySolve, type Lower } from "../../linalg/cholesky";
import type { Encoder } from "./encoding";
import { posteriorFrom, predict, type Inputs, type Posterior } from "./gp";
import { fitHyper } from "./hyperfit";
import { kernel, type Hyper } from "./kernel";
import { chooseRows } from "./subset";

export interface ModelOptions {
  /** Most rows in the posterior; beyond it the best half is kept and the rest subsampled. */
  maxPoints: number;
  /** Most rows used to fit the hyperparameters. */
  maxFitPoints: number;
  /** Previous θ to start from, when it fits this D. */
  warm?: Float64Array;
  /** Use `warm` as it is, without refitting (between scheduled refits). */
  reuse?: boolean;
  /** Random restarts of the marginal-likelihood fit (0 = warm/default starts only). */
  restarts: number;
  /** L-BFGS iterations per start. */
  maxIter: number;
  /** Largest noise variance of the standardized outputs. */
  maxNoise?: number;
}

export interface Model {
  post: Posterior;
  /** Transformed value of the incumbent (smallest modelled y). */
  best: number;
  theta: Float64Array;
}

/** `rows`: feature rows (flat, row-major), `y`: transformed values (minimize), `pending`: feature rows. */
export function buildModel(
  enc: Encoder,
  rows: Float64Array,
  y: readonly number[],
  pending: Float64Array,
  rng: Rng,
  opts: ModelOptions,
): Model {
  const D = enc.D;
  const keep = chooseRows(y, opts.maxPoints, rng);
  const X = gather(rows, D, keep);
  const yk = keep.map((i) => y[i]);
  const inp: Inputs = { X, n: keep.length, D };

  // Fit θ on a subsample: the best quarter (where resolution matters) plus a random rest.
  const fitIdx = chooseRows(yk, opts.maxFitPoints, rng, 0.25);
  const fitInp: Inputs = { X: gather(X, D, fitIdx), n: fitIdx.length, D };
  const h: Hyper =
    opts.reuse && opts.warm
      ? { D, theta: opts.warm }
      : fitHyper(
          fitInp,
          fitIdx.map((i) => yk[i]),
          rng,
          {
            ...(opts.warm ? { warm: opts.warm } : {}),
            randomStarts: opts.restarts,
            defaultStart: opts.restarts > 0,
            ...(opts.maxNoise !== undefined ? { maxNoise: opts.maxNoise } : {}),
            maxIter: opts.maxIter,
          },
        );

  // Factor K + σ²I; if rounding makes it indefinite (near-duplicate rows), raise the noise until it factors.
  let hyper: Hyper = h;
  let L: Lower | null = null;
  for (let attempt = 0; attempt < 8 && !L; attempt++) {
    if (attempt > 0) {
      const theta = Float64Array.from(hyper.theta);
      theta[D + 1] = Math.max(theta[D + 1] + Math.log(10), Math.log(1e-6));
      hyper = { D, theta };
    }
    L = factor(hyper, inp);
  }
  if (!L) throw new Error("bayes: kernel matrix could not be factored");

  // Running trials are fantasized as observed at max(posterior mean, median of y): a liar that is never more
  // optimistic than the model, and pessimistic enough that the mean around a pending point rises. A pure kriging
  // believer (lie = mean) only collapses the variance, and once the model is confident about the optimum, log-EI
  // still peaks a hair away from the pending point, so --parallel K would run K copies of one configuration.
  const lie = median(yk);
  const nPend = pending.length / Math.max(1, D);
  let post = posteriorFrom(hyper, inp, L, yk);
  // Incumbent: the best posterior mean at a modelled point, μ_i = y_i − σ²α_i (plain best y when noise-free). The
  // best raw y of a noisy objective is a lucky draw: against it EI is ~0 near every trial and only the corners,
  // where the variance is largest, look promising (Ackley-5 sampled nothing but corners).
  const noise = Math.exp(hyper.theta[D + 1]);
  let best = Infinity;
  for (let i = 0; i < inp.n; i++) best = Math.min(best, yk[i] - noise * post.alpha[i]);
  if (nPend > 0) {
    const allX = new Float64Array((inp.n + nPend) * D);
    allX.set(X);
    const yAll = yk.slice();
    let n = inp.n;
    for (let p = 0; p < nPend; p++) {
      const x = pending.subarray(p * D, (p + 1) * D);
      const m = Math.max(predict(post, x).mean, lie);
      allX.set(x, n * D);
      const a = new Float64Array(n + 1);
      for (let i = 0; i < n; i++) a[i] = kernel(hyper, allX, i, x, 0);
      a[n] = Math.exp(hyper.theta[D]) + Math.exp(hyper.theta[D + 1]);
      if (!choleskyAppendRow(L, a)) continue; // an exact duplicate of a modelled point adds nothing
      yAll.push(m);
      n++;
      post = { h: hyper, inp: { X: allX.subarray(0, n * D), n, D }, L, alpha: choleskySolve(L, yAll) };
    }
  }
  return { post, best, theta: h.theta };
}

function factor(h: Hyper, inp: Inputs): Lower | null {
  const s = Math.exp(h.theta[inp.D]);
  const noise = Math.exp(h.theta[inp.D + 1]);
  return cholesky(inp.n, (i, j) => (i === j ? s + noise : kernel(h, inp.X, i, inp.X, j)));
}

function gather(X: Float64Array, D: number, idx: readonly number[]): Float64Array {
  const out = new Float64Array(idx.length * D);
  idx.forEach((i, r) => out.set(X.subarray(i * D, (i + 1) * D), r * D));
  return out;
}

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}
