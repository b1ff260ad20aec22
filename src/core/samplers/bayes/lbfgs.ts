// Box-constrained L-BFGS (projected two-loop direction + backtracking Armijo search on the projected path).
// Small and deterministic; used for the kernel hyperparameters and for refining the acquisition function.

export interface Objective {
  (x: Float64Array): { value: number; grad: Float64Array } | null;
}

export interface MinimizeOptions {
  maxIter?: number;
  memory?: number;
  /** Stop when the projected gradient's largest entry is below this. */
  gtol?: number;
  /** Stop when one step improves the value by less than ftol·max(1, |f|). */
  ftol?: number;
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  evaluations: number;
}

/** Minimize f over lo ≤ x ≤ hi from x0. A null evaluation (e.g. a failed factorization) counts as +∞. */
export function minimizeBox(
  f: Objective,
  x0: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  opts: MinimizeOptions = {},
): MinimizeResult {
  const n = x0.length;
  const maxIter = opts.maxIter ?? 50;
  const m = opts.memory ?? 8;
  const gtol = opts.gtol ?? 1e-6;
  const ftol = opts.ftol ?? 1e-10;
  const clampInto = (x: Float64Array) => {
    for (let i = 0; i < n; i++) x[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
    return x;
  };
  let x = clampInto(Float64Array.from(x0));
  let evaluations = 1;
  const cur = f(x);
  if (!cur) return { x, value: Infinity, evaluations };
  let fx = cur.value;
  let g = cur.grad;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const free = new Uint8Array(n);
  for (let iter = 0; iter < maxIter; iter++) {
    // Variables held at a bound by their gradient are fixed for this step.
    let pgMax = 0;
    for (let i = 0; i < n; i++) {
      const atLo = x[i] <= lo[i] && g[i] > 0;
      const atHi = x[i] >= hi[i] && g[i] < 0;
      free[i] = atLo || atHi ? 0 : 1;
      if (free[i]) pgMax = Math.max(pgMax, Math.abs(g[i]));
    }
    if (!(pgMax > gtol)) break;
    const d = twoLoop(g, S, Y, free);
    let slope = 0;
    for (let i = 0; i < n; i++) slope += d[i] * g[i];
    if (!(slope < 0)) {
      S.length = 0;
      Y.length = 0;
      for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
    }
    let t = S.length === 0 ? Math.min(1, 1 / norm(d)) : 1;
    let accepted = false;
    for (let ls = 0; ls < 30; ls++) {
      const xn = new Float64Array(n);
      for (let i = 0; i < n; i++) xn[i] = x[i] + t * d[i];
      clampInto(xn);
      let dec = 0;
      for (let i = 0; i < n; i++) dec += g[i] * (xn[i] - x[i]);
      evaluations++;
      const next = f(xn);
      if (next && Number.isFinite(next.value) && next.value <= fx + 1e-4 * dec) {
        const s = new Float64Array(n);
        const yv = new Float64Array(n);
        let sy = 0;
        for (let i = 0; i < n; i++) {
          s[i] = xn[i] - x[i];
          yv[i] = next.grad[i] - g[i];
          sy += s[i] * yv[i];
        }
        if (sy > 1e-12) {
          S.push(s);
          Y.push(yv);
          if (S.length > m) {
            S.shift();
            Y.shift();
          }
        }
        const improvement = fx - next.value;
        x = xn;
        fx = next.value;
        g = next.grad;
        accepted = true;
        if (improvement < ftol * Math.max(1, Math.abs(fx))) return { x, value: fx, evaluations };
        break;
      }
      t *= 0.5;
    }
    if (!accepted) break;
  }
  return { x, value: fx, evaluations };
}

/** −H·g restricted to free variables, H the L-BFGS inverse-Hessian estimate. */
function twoLoop(g: Float64Array, S: Float64Array[], Y: Float64Array[], free: Uint8Array): Float64Array {
  const n = g.length;
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) q[i] = free[i] ? g[i] : 0;
  const k = S.length;
  const a = new Float64Array(k);
  const rho = new Float64Array(k);
  for (let j = k - 1; j >= 0; j--) {
    rho[j] = 1 / dotFree(Y[j], S[j], free);
    if (!Number.isFinite(rho[j]) || rho[j] <= 0) rho[j] = 0;
    a[j] = rho[j] * dotFree(S[j], q, free);
    for (let i = 0; i < n; i++) if (free[i]) q[i] -= a[j] * Y[j][i];
  }
  if (k > 0) {
    const yy = dotFree(Y[k - 1], Y[k - 1], free);
    const gamma = yy > 0 ? dotFree(S[k - 1], Y[k - 1], free) / yy : 1;
    if (gamma > 0 && Number.isFinite(gamma)) for (let i = 0; i < n; i++) q[i] *= gamma;
  }
  for (let j = 0; j < k; j++) {
    const b = rho[j] * dotFree(Y[j], q, free);
    for (let i = 0; i < n; i++) if (free[i]) q[i] += (a[j] - b) * S[j][i];
  }
  for (let i = 0; i < n; i++) q[i] = free[i] ? -q[i] : 0;
  return q;
}

function dotFree(a: Float64Array, b: Float64Array, free: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) if (free[i]) s += a[i] * b[i];
  return s;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s) || 1;
}
