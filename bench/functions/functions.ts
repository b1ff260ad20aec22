// Standard global-optimization test functions (definitions as in Surjanovic & Bingham's Virtual Library of
// Simulation Experiments, https://www.sfu.ca/~ssurjano/), mirrored operation for operation in functions.py so the
// TypeScript and the Python (Optuna) sides of a benchmark evaluate exactly the same objective.
//
// Every function here is defined on all of R^d and its global minimum over R^d equals `fStar` (see `whyGlobal`), so
// evaluating it at a shifted point x − s that leaves the original box can never go below fStar: regret f − fStar ≥ 0.

export interface TestFunction {
  name: string;
  dim: number;
  /** The search box, per dimension. */
  lo: number[];
  hi: number[];
  /** The global minimum value over R^d. */
  fStar: number;
  /** One global minimiser inside the box (the shift moves this one). */
  xStar: number[];
  /** Why fStar is the minimum over all of R^d, not only over the box. */
  whyGlobal: string;
  f(x: readonly number[]): number;
}

const PI = Math.PI;

function branin(x: readonly number[]): number {
  const b = 5.1 / (4 * PI * PI);
  const c = 5 / PI;
  const t = 1 / (8 * PI);
  const u = x[1] - b * x[0] * x[0] + c * x[0] - 6;
  return u * u + 10 * (1 - t) * Math.cos(x[0]) + 10;
}

const H3_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H3_A = [
  [3.0, 10, 30],
  [0.1, 10, 35],
  [3.0, 10, 30],
  [0.1, 10, 35],
];
const H3_P = [
  [3689, 1170, 2673],
  [4699, 4387, 7470],
  [1091, 8732, 5547],
  [381, 5743, 8828],
].map((r) => r.map((v) => v * 1e-4));

const H6_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((r) => r.map((v) => v * 1e-4));

function hartmann(alpha: number[], A: number[][], P: number[][], x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < x.length; j++) {
      const d = x[j] - P[i][j];
      inner += A[i][j] * d * d;
    }
    s += alpha[i] * Math.exp(-inner);
  }
  return -s;
}

function rosenbrock(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = x[i] - 1;
    s += 100 * a * a + b * b;
  }
  return s;
}

function levy(x: readonly number[]): number {
  const d = x.length;
  const w = x.map((v) => 1 + (v - 1) / 4);
  const s0 = Math.sin(PI * w[0]);
  let s = s0 * s0;
  for (let i = 0; i < d - 1; i++) {
    const si = Math.sin(PI * w[i] + 1);
    s += (w[i] - 1) * (w[i] - 1) * (1 + 10 * si * si);
  }
  const sd = Math.sin(2 * PI * w[d - 1]);
  s += (w[d - 1] - 1) * (w[d - 1] - 1) * (1 + sd * sd);
  return s;
}

function ackley(x: readonly number[]): number {
  const d = x.length;
  let sq = 0;
  let cs = 0;
  for (let i = 0; i < d; i++) {
    sq += x[i] * x[i];
    cs += Math.cos(2 * PI * x[i]);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(sq / d)) - Math.exp(cs / d) + 20 + Math.E;
}

function styblinskiTang(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    s += v * v * v * v - 16 * v * v + 5 * v;
  }
  return 0.5 * s;
}

/** The root of 4x³ − 32x + 5 = 0 near −2.9035: Styblinski–Tang's one-dimensional minimiser. */
export const ST_X = -2.903534027771177;
/** Styblinski–Tang's minimum per dimension, 0.5·(x⁴ − 16x² + 5x) at ST_X. */
export const ST_F1 = 0.5 * (ST_X ** 4 - 16 * ST_X ** 2 + 5 * ST_X);

const fill = (d: number, v: number) => Array.from({ length: d }, () => v);

export const FUNCTIONS: Record<string, TestFunction> = {
  branin: {
    name: "branin",
    dim: 2,
    lo: [-5, 0],
    hi: [10, 15],
    // min = 10·t where the squared term is 0 and cos(x1) = −1.
    fStar: 10 / (8 * PI),
    xStar: [PI, 2.275],
    whyGlobal: "square ≥ 0 and 10(1−t)cos x1 ≥ −10(1−t), so f ≥ 10t everywhere",
    f: branin,
  },
  // Hartmann minima computed here with scipy (300 L-BFGS-B starts in the cube, BFGS polish); the often-quoted
  // −3.86278 at (0.114614, …) is a rounding — f there is −3.8627797869, above this f*.
  hartmann3: {
    name: "hartmann3",
    dim: 3,
    lo: fill(3, 0),
    hi: fill(3, 1),
    fStar: -3.862779787332663,
    xStar: [0.11458888, 0.5556489, 0.85254698],
    whyGlobal:
      "every centre P lies in [0,1]^3, so clamping x into the cube lowers every squared distance: the minimum over " +
      "R^3 is in the cube",
    f: (x) => hartmann(H3_ALPHA, H3_A, H3_P, x),
  },
  hartmann6: {
    name: "hartmann6",
    dim: 6,
    lo: fill(6, 0),
    hi: fill(6, 1),
    fStar: -3.322368011415515,
    xStar: [0.20168952, 0.15001069, 0.47687398, 0.27533243, 0.31165162, 0.65730054],
    whyGlobal:
      "every centre P lies in [0,1]^6, so clamping x into the cube lowers every squared distance: the minimum over " +
      "R^6 is in the cube",
    f: (x) => hartmann(H6_ALPHA, H6_A, H6_P, x),
  },
  rosenbrock4: {
    name: "rosenbrock4",
    dim: 4,
    lo: fill(4, -5),
    hi: fill(4, 10),
    fStar: 0,
    xStar: fill(4, 1),
    whyGlobal: "a sum of squares, zero at x = 1",
    f: rosenbrock,
  },
  levy10: {
    name: "levy10",
    dim: 10,
    lo: fill(10, -10),
    hi: fill(10, 10),
    fStar: 0,
    xStar: fill(10, 1),
    whyGlobal: "a sum of non-negative terms, zero at x = 1",
    f: levy,
  },
  ackley5: {
    name: "ackley5",
    dim: 5,
    lo: fill(5, -32.768),
    hi: fill(5, 32.768),
    fStar: 0,
    xStar: fill(5, 0),
    whyGlobal: "−20e^{−0.2r} ≥ −20 and −e^{mean cos} ≥ −e, both reached only at x = 0",
    f: ackley,
  },
  styblinskiTang8: {
    name: "styblinskiTang8",
    dim: 8,
    lo: fill(8, -5),
    hi: fill(8, 5),
    fStar: 8 * ST_F1,
    xStar: fill(8, ST_X),
    whyGlobal: "separable; each quartic term's global minimum over R is at x ≈ −2.9035",
    f: styblinskiTang,
  },
};

export const PROBLEM_NAMES = Object.keys(FUNCTIONS);
