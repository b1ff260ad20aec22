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
  const gtol = opts.gtol ?? 1e-6;
  const ftol = opts.ftol ?? 1e-10;
  const box: Box = { lo, hi };
  let x = clampInto(Float64Array.from(x0), box);
  let evaluations = 1;
  const cur = f(x);
  if (!cur) return { x, value: Infinity, evaluations };
  let fx = cur.value;
  let g = cur.grad;
  const memory: Memory = { S: [], Y: [], m: opts.memory ?? 8 };
  const free = new Uint8Array(n);
  for (let iter = 0; iter < maxIter; iter++) {
    if (!(markFree(x, g, box, free) > gtol)) break;
    const d = direction(g, memory, free);
    const step = lineSearch(f, x, fx, g, d, memory.S.length === 0 ? Math.min(1, 1 / norm(d)) : 1, box);
    evaluations += step.evaluations;
    if (!step.next) break;
    remember(memory, x, step.x, g, step.next.grad);
    const improvement = fx - step.next.value;
    x = step.x;
    fx = step.next.value;
    g = step.next.grad;
    if (improvement < ftol * Math.max(1, Math.abs(fx))) break;
  }
  return { x, value: fx, evaluations };
}

interface Box {
  lo: ArrayLike<number>;
  hi: ArrayLike<number>;
}

/** The last `m` steps s and gradient changes y, oldest first. */
interface Memory {
  S: Float64Array[];
  Y: Float64Array[];
  m: number;
}

function clampInto(x: Float64Array, { lo, hi }: Box): Float64Array {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
  return x;
}

/**
 * Variables held at a bound by their gradient are fixed for this step: marks the others in `free` and returns the
 * projected gradient's largest entry.
 */
function markFree(x: Float64Array, g: Float64Array, { lo, hi }: Box, free: Uint8Array): number {
  let pgMax = 0;
  for (let i = 0; i < x.length; i++) {
    const atLo = x[i] <= lo[i] && g[i] > 0;
    const atHi = x[i] >= hi[i] && g[i] < 0;
    free[i] = atLo || atHi ? 0 : 1;
    if (free[i]) pgMax = Math.max(pgMax, Math.abs(g[i]));
  }
  return pgMax;
}

/** The L-BFGS direction, or steepest descent (memory cleared) when that is not a descent direction. */
function direction(g: Float64Array, memory: Memory, free: Uint8Array): Float64Array {
  const d = twoLoop(g, memory.S, memory.Y, free);
  let slope = 0;
  for (let i = 0; i < g.length; i++) slope += d[i] * g[i];
  if (!(slope < 0)) {
    memory.S.length = 0;
    memory.Y.length = 0;
    for (let i = 0; i < g.length; i++) d[i] = free[i] ? -g[i] : 0;
  }
  return d;
}

/** Backtracking Armijo search along the projected path x + t·d, halving t up to 30 times. */
function lineSearch(
  f: Objective,
  x: Float64Array,
  fx: number,
  g: Float64Array,
  d: Float64Array,
  t0: number,
  box: Box,
): { x: Float64Array; next?: { value: number; grad: Float64Array }; evaluations: number } {
  const n = x.length;
  let t = t0;
  for (let ls = 0; ls < 30; ls++) {
    const xn = new Float64Array(n);
    for (let i = 0; i < n; i++) xn[i] = x[i] + t * d[i];
    clampInto(xn, box);
    let dec = 0;
    for (let i = 0; i < n; i++) dec += g[i] * (xn[i] - x[i]);
    const next = f(xn);
    if (next && Number.isFinite(next.value) && next.value <= fx + 1e-4 * dec)
      return { x: xn, next, evaluations: ls + 1 };
    t *= 0.5;
  }
  return { x, evaluations: 30 };
}

/** Keep the step's curvature pair when it is positive (otherwise the inverse-Hessian estimate breaks). */
function remember(memory: Memory, x: Float64Array, xn: Float64Array, g: Float64Array, gn: Float64Array): void {
  const n = x.length;
  const s = new Float64Array(n);
  const yv = new Float64Array(n);
  let sy = 0;
  for (let i = 0; i < n; i++) {
    s[i] = xn[i] - x[i];
    yv[i] = gn[i] - g[i];
    sy += s[i] * yv[i];
  }
  if (sy > 1e-12) {
    memory.S.push(s);
    memory.Y.push(yv);
    if (memory.S.length > memory.m) {
      memory.S.shift();
      memory.Y.shift();
    }
  }
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
