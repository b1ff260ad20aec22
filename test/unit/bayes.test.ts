// The bayes sampler: its numerical core against numpy/scipy/mpmath reference values
// (test/fixtures/bayes/make_fixtures.py), and its behaviour as a sampler.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  cholesky,
  choleskyAppendRow,
  choleskySolve,
  inverseFromCholesky,
  logDet,
  type Lower,
} from "../../src/core/linalg/cholesky";
import { BayesSampler, DEFAULT_MAX_POINTS } from "../../src/core/samplers/bayes";
import { Encoder } from "../../src/core/samplers/bayes/encoding";
import { defaultTheta } from "../../src/core/samplers/bayes/hyperfit";
import { buildModel } from "../../src/core/samplers/bayes/model";
import { chooseRows } from "../../src/core/samplers/bayes/subset";
import { collectHistory } from "../../src/core/samplers/bayes/history";
import { kernel, type Hyper } from "../../src/core/samplers/bayes/kernel";
import { logMarginalLikelihood, pairCache, posteriorFrom, predict } from "../../src/core/samplers/bayes/gp";
import { logEI, logH } from "../../src/core/samplers/bayes/logei";
import { warpOutputs, yeoJohnson } from "../../src/core/samplers/bayes/warp";
import { minimizeBox } from "../../src/core/samplers/bayes/lbfgs";
import { Rng } from "../../src/core/rng";
import { outsideSpace, unitFromParams, type Space } from "../../src/core/space";
import type { Direction, Params, Trial } from "../../src/core/types";

interface GpCase {
  n: number;
  D: number;
  theta: number[];
  X: number[];
  y: number[];
  K: number[][];
  L: number[][];
  alpha: number[];
  logdet: number;
  lml: number;
  lmlGrad: number[];
  predictions: { x: number[]; mean: number; variance: number; dmean: number[]; dvariance: number[] }[];
}
interface Fixtures {
  gp: GpCase[];
  logh: { z: number; value: number; dz: number }[];
  logei: { mean: number; variance: number; best: number; value: number; dmean: number; dvariance: number }[];
  yeojohnson: { y: number[]; transforms: { lambda: number; values: number[] }[]; lambdaMle: number };
}
const FX: Fixtures = JSON.parse(readFileSync(join(__dirname, "../fixtures/bayes/fixtures.json"), "utf8"));

function close(actual: number, expected: number, rel: number, abs = 0, what = ""): void {
  const tol = Math.max(abs, rel * Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (tol ${tol})`);
}

const hyperOf = (c: GpCase): Hyper => ({ D: c.D, theta: Float64Array.from(c.theta) });
const factorOf = (c: GpCase): Lower => {
  const h = hyperOf(c);
  const noise = Math.exp(c.theta[c.D + 1]);
  const X = Float64Array.from(c.X);
  const L = cholesky(c.n, (i, j) => kernel(h, X, i, X, j) + (i === j ? noise : 0));
  assert.ok(L);
  return L;
};

describe("bayes numerical core vs numpy/scipy fixtures", () => {
  FX.gp.forEach((c, ci) => {
    describe(`GP case ${ci} (n=${c.n}, D=${c.D})`, () => {
      it("Matérn-5/2 ARD kernel matrix", () => {
        const h = hyperOf(c);
        const X = Float64Array.from(c.X);
        for (let i = 0; i < c.n; i++)
          for (let j = 0; j < c.n; j++) close(kernel(h, X, i, X, j), c.K[i][j], 1e-12, 1e-15, `K[${i}][${j}]`);
      });
      it("Cholesky factor, solve, log-determinant and inverse", () => {
        const L = factorOf(c);
        for (let i = 0; i < c.n; i++)
          for (let j = 0; j <= i; j++) close(L[i][j], c.L[i][j], 1e-10, 1e-13, `L[${i}][${j}]`);
        const alpha = choleskySolve(L, c.y);
        alpha.forEach((a, i) => close(a, c.alpha[i], 1e-8, 1e-10, `alpha[${i}]`));
        close(logDet(L), c.logdet, 1e-10, 1e-10, "logdet");
        // (K + σ²I)·K⁻¹ = I
        const inv = inverseFromCholesky(L);
        const noise = Math.exp(c.theta[c.D + 1]);
        const A = (i: number, j: number) => c.K[i][j] + (i === j ? noise : 0);
        const invAt = (i: number, j: number) => (j <= i ? inv[i][j] : inv[j][i]);
        for (let i = 0; i < c.n; i++)
          for (let j = 0; j < c.n; j++) {
            let s = 0;
            for (let k = 0; k < c.n; k++) s += A(i, k) * invAt(k, j);
            close(s, i === j ? 1 : 0, 0, 1e-8, `(A·A⁻¹)[${i}][${j}]`);
          }
      });
      it("appending rows gives the same factor as a full factorization", () => {
        const L = factorOf(c);
        const L2 = cholesky(c.n - 1, (i, j) => c.K[i][j] + (i === j ? Math.exp(c.theta[c.D + 1]) : 0))!;
        const last = c.K[c.n - 1].slice(0, c.n);
        last[c.n - 1] += Math.exp(c.theta[c.D + 1]);
        assert.ok(choleskyAppendRow(L2, last));
        for (let j = 0; j < c.n; j++) close(L2[c.n - 1][j], L[c.n - 1][j], 1e-12, 1e-14, `row[${j}]`);
      });
      it("log marginal likelihood and its gradient in log θ", () => {
        const pc = pairCache({ X: Float64Array.from(c.X), n: c.n, D: c.D });
        const r = logMarginalLikelihood(pc, c.y, hyperOf(c));
        assert.ok(r);
        close(r.value, c.lml, 1e-10, 1e-9, "lml");
        r.grad.forEach((g, i) => close(g, c.lmlGrad[i], 1e-5, 1e-6, `grad[${i}]`));
      });
      it("posterior mean, latent variance and their input gradients", () => {
        const post = posteriorFrom(hyperOf(c), { X: Float64Array.from(c.X), n: c.n, D: c.D }, factorOf(c), c.y);
        for (const p of c.predictions) {
          const r = predict(post, p.x, true);
          close(r.mean, p.mean, 1e-8, 1e-10, "mean");
          close(r.variance, p.variance, 1e-7, 1e-10, "variance");
          r.dmean!.forEach((g, d) => close(g, p.dmean[d], 1e-5, 1e-7, `dmean[${d}]`));
          r.dvariance!.forEach((g, d) => close(g, p.dvariance[d], 1e-5, 1e-7, `dvariance[${d}]`));
        }
      });
    });
  });

  it("log h(z) = log(φ(z) + zΦ(z)) and its slope, from z = −10⁴ to 40 (mpmath, 60 digits)", () => {
    for (const c of FX.logh) {
      const r = logH(c.z);
      close(r.value, c.value, 1e-12, 1e-13, `log h(${c.z})`);
      close(r.dz, c.dz, 1e-10, 1e-12, `d log h(${c.z})`);
    }
  });

  it("log EI and its derivatives in mean and variance, far tails included", () => {
    for (const c of FX.logei) {
      const r = logEI(c.mean, c.variance, c.best);
      assert.ok(Number.isFinite(r.value));
      close(r.value, c.value, 1e-11, 1e-12, `logEI(${c.mean}, ${c.variance}, ${c.best})`);
      close(r.dmean, c.dmean, 1e-8, 1e-10, "dmean");
      close(r.dvariance, c.dvariance, 1e-8, 1e-10, "dvariance");
    }
  });

  it("Yeo–Johnson transform and its maximum-likelihood λ (scipy.stats)", () => {
    const yj = FX.yeojohnson;
    for (const t of yj.transforms)
      yj.y.forEach((v, i) => close(yeoJohnson(v, t.lambda), t.values[i], 1e-12, 1e-13, `λ=${t.lambda}`));
    close(warpOutputs(yj.y).lambda, yj.lambdaMle, 1e-4, 1e-5, "λ MLE");
  });

  it("warp keeps order and standardizes", () => {
    const raw = [1, 3, 10, 1000, 1e6, 2, 5];
    const w = warpOutputs(raw);
    const order = (a: readonly number[]) =>
      a
        .map((_, i) => i)
        .sort((i, j) => a[i] - a[j])
        .join();
    assert.equal(order(w.values), order(raw));
    const mean = w.values.reduce((a, b) => a + b, 0) / raw.length;
    close(mean, 0, 0, 1e-12, "mean");
    assert.ok(w.lambda < 0.5, "a heavy right tail is compressed");
    close(w.apply(raw[3]), w.values[3], 1e-12, 1e-12, "apply");
  });

  it("box L-BFGS finds the constrained minimum of a quadratic", () => {
    // f = (x0 − 2)² + 10(x1 + 0.3)² + (x0 − x1)²/2 on [0,1]², minimum at x1 = 0 bound, x0 from ∂/∂x0 = 0.
    const f = (x: Float64Array) => ({
      value: (x[0] - 2) ** 2 + 10 * (x[1] + 0.3) ** 2 + 0.5 * (x[0] - x[1]) ** 2,
      grad: Float64Array.from([2 * (x[0] - 2) + (x[0] - x[1]), 20 * (x[1] + 0.3) - (x[0] - x[1])]),
    });
    const r = minimizeBox(f, [0.5, 0.5], [0, 0], [1, 1], { maxIter: 100, gtol: 1e-10, ftol: 0 });
    close(r.x[0], 1, 0, 1e-8, "x0 at its upper bound");
    close(r.x[1], 0, 0, 1e-8, "x1 at its lower bound");
  });
});

// ---- the sampler ----

const MIXED: Space = {
  params: [
    { name: "lr", kind: "float", lo: 1e-5, hi: 1e-1, log: true },
    { name: "layers", kind: "int", lo: 1, hi: 4, log: false },
    { name: "width", kind: "int", lo: 16, hi: 256, log: false, step: 16 },
    { name: "opt", kind: "choice", values: ["adam", "sgd", "rmsprop"] },
    {
      name: "momentum",
      kind: "float",
      lo: 0,
      hi: 0.99,
      log: false,
      condition: { parent: "opt", op: "==", value: "sgd" },
    },
    { name: "nesterov", kind: "bool", condition: { parent: "opt", op: "==", value: "sgd" } },
    { name: "dropout", kind: "float", lo: 0, hi: 0.5, log: false, step: 0.05 },
  ],
};

function mixedObjective(p: Params): number {
  const lr = Math.log10(p.lr as number);
  let v = (lr + 2.5) ** 2 + 0.3 * ((p.layers as number) - 3) ** 2 + (((p.width as number) - 128) / 100) ** 2;
  v += p.opt === "sgd" ? 0.5 * (1 - (p.momentum as number)) + (p.nesterov ? 0 : 0.2) : p.opt === "adam" ? 0.1 : 0.6;
  return v + ((p.dropout as number) - 0.2) ** 2;
}

function run(
  sampler: BayesSampler,
  space: Space,
  f: (p: Params) => number,
  n: number,
  seed: number,
  direction: Direction = "minimize",
): Trial[] {
  const trials: Trial[] = [];
  for (let i = 0; i < n; i++) {
    const p = sampler.sample({ space, direction, trials, number: i, rng: Rng.derive(seed, "trial", i) });
    assert.notEqual(p, "exhausted");
    const params = p as Params;
    trials.push({ number: i, state: "complete", params, value: f(params), intermediate: [] });
  }
  return trials;
}

const done = (number: number, params: Params, value: number): Trial => ({
  number,
  state: "complete",
  params,
  value,
  intermediate: [],
});

describe("BayesSampler", function () {
  this.timeout(60000);

  it("is named bayes and constructs without options", () => {
    assert.equal(new BayesSampler().name, "bayes");
  });

  it("proposes only legal params: ints and steps on their grid, choices from the list, conditions respected", () => {
    const trials = run(new BayesSampler(), MIXED, mixedObjective, 30, 7);
    for (const t of trials) assert.equal(outsideSpace(MIXED, t.params), undefined, JSON.stringify(t.params));
    // The model phase explored both branches of the condition.
    assert.ok(trials.slice(10).some((t) => t.params.opt === "sgd"));
    assert.ok(trials.slice(10).some((t) => t.params.opt !== "sgd" && !("momentum" in t.params)));
    // And it learns: the model phase beats the random startup on this objective.
    const best = (ts: Trial[]) => Math.min(...ts.map((t) => t.value!));
    assert.ok(best(trials.slice(10)) < best(trials.slice(0, 10)));
  });

  it("same seed ⇒ same proposals; another seed ⇒ different ones", () => {
    const a = run(new BayesSampler(), MIXED, mixedObjective, 16, 3).map((t) => JSON.stringify(t.params));
    const b = run(new BayesSampler(), MIXED, mixedObjective, 16, 3).map((t) => JSON.stringify(t.params));
    const c = run(new BayesSampler(), MIXED, mixedObjective, 16, 4).map((t) => JSON.stringify(t.params));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.slice(12), c.slice(12));
  });

  it("parallel asks: a running trial makes the next ask go elsewhere (same generator state)", () => {
    const space: Space = {
      params: [
        { name: "x", kind: "float", lo: 0, hi: 1, log: false },
        { name: "y", kind: "float", lo: 0, hi: 1, log: false },
      ],
    };
    const f = (p: Params) => ((p.x as number) - 0.3) ** 2 + ((p.y as number) - 0.6) ** 2;
    const hist = run(new BayesSampler(), space, f, 15, 11);
    const ask = (trials: Trial[]) =>
      new BayesSampler().sample({ space, direction: "minimize", trials, number: 15, rng: new Rng("same") }) as Params;
    const first = ask(hist);
    assert.deepEqual(ask(hist), first, "deterministic without the running trial");
    const running: Trial = { number: 15, state: "running", params: first, intermediate: [] };
    const second = ask([...hist, running]);
    const dist = Math.hypot((second.x as number) - (first.x as number), (second.y as number) - (first.y as number));
    assert.ok(dist > 0.01, `second ask ${JSON.stringify(second)} too close to the running ${JSON.stringify(first)}`);
  });

  it("finds the shifted Branin optimum region within 40 trials", () => {
    const space: Space = {
      params: [
        { name: "a", kind: "float", lo: -5, hi: 10, log: false },
        { name: "b", kind: "float", lo: 0, hi: 15, log: false },
      ],
    };
    const [sa, sb] = [1.3, -0.8];
    const branin = (p: Params) => {
      const a = (p.a as number) - sa;
      const b = (p.b as number) - sb;
      return (
        (b - (5.1 / (4 * Math.PI ** 2)) * a * a + (5 / Math.PI) * a - 6) ** 2 +
        10 * (1 - 1 / (8 * Math.PI)) * Math.cos(a) +
        10
      );
    };
    const trials = run(new BayesSampler(), space, branin, 40, 1);
    const regret = Math.min(...trials.map((t) => t.value!)) - 0.397887;
    assert.ok(regret < 0.01, `regret after 40 trials: ${regret}`);
  });

  it("maximizes when asked to", () => {
    const space: Space = { params: [{ name: "x", kind: "float", lo: -3, hi: 3, log: false }] };
    const trials = run(new BayesSampler(), space, (p) => -(((p.x as number) - 1.7) ** 2), 20, 5, "maximize");
    const best = trials.reduce((a, b) => (a.value! > b.value! ? a : b));
    assert.ok(Math.abs((best.params.x as number) - 1.7) < 0.05, JSON.stringify(best.params));
  });

  it("does not throw on an all-failed history, and proposes legal params", () => {
    const s = new BayesSampler();
    const trials: Trial[] = [];
    for (let i = 0; i < 15; i++) {
      const p = s.sample({
        space: MIXED,
        direction: "minimize",
        trials,
        number: i,
        rng: Rng.derive(1, "trial", i),
      }) as Params;
      assert.equal(outsideSpace(MIXED, p), undefined);
      trials.push({ number: i, state: "failed", params: p, intermediate: [], error: { message: "boom" } });
    }
  });

  it("steers away from the region where trials failed", () => {
    // The objective decreases towards x = 0, but everything below x = 0.3 crashes.
    const space: Space = { params: [{ name: "x", kind: "float", lo: 0, hi: 1, log: false }] };
    const trials: Trial[] = [];
    const s = new BayesSampler();
    for (let i = 0; i < 25; i++) {
      const p = s.sample({ space, direction: "minimize", trials, number: i, rng: Rng.derive(2, "trial", i) }) as Params;
      const x = p.x as number;
      trials.push(x < 0.3 ? { number: i, state: "failed", params: p, intermediate: [] } : done(i, p, x));
    }
    const failedLate = trials.slice(12).filter((t) => t.state === "failed").length;
    assert.ok(failedLate <= 3, `${failedLate} of the last 13 trials were in the failing region`);
    const best = Math.min(...trials.filter((t) => t.state === "complete").map((t) => t.value!));
    assert.ok(best < 0.33, `best ${best}`);
  });

  it("handles a space where every parameter is discrete without repeating itself much", () => {
    const space: Space = {
      params: [
        { name: "a", kind: "int", lo: 0, hi: 9, log: false },
        { name: "b", kind: "choice", values: ["x", "y", "z"] },
        { name: "c", kind: "bool" },
      ],
    };
    const f = (p: Params) => ((p.a as number) - 6) ** 2 + (p.b === "y" ? 0 : 3) + (p.c ? 0 : 1);
    const trials = run(new BayesSampler(), space, f, 25, 9);
    for (const t of trials) assert.equal(outsideSpace(space, t.params), undefined);
    assert.equal(Math.min(...trials.map((t) => t.value!)), 0);
  });
});

describe("bayes history (what the GP learns from)", () => {
  const space: Space = {
    params: [
      { name: "x", kind: "float", lo: 0, hi: 1, log: false },
      { name: "y", kind: "float", lo: 0, hi: 1, log: false },
    ],
  };
  const at = (i: number, budget: number, value: number): Trial => ({
    number: i,
    state: "complete",
    params: { x: (i % 10) / 10, y: 0.5 },
    value,
    budget,
    intermediate: [],
  });

  it("models only the largest budget with ≥ dims + 2 completed trials", () => {
    const trials = [
      ...Array.from({ length: 9 }, (_, i) => at(i, 1, i)),
      ...Array.from({ length: 4 }, (_, i) => at(20 + i, 9, 100 + i)),
      at(30, 27, 5),
    ];
    const h = collectHistory(space, trials, "minimize");
    assert.equal(h.budget, 9);
    assert.deepEqual(
      h.observed.map((o) => o.y),
      [100, 101, 102, 103],
    );
  });

  it("models everything, budgets as they are, while no budget has enough trials", () => {
    const trials = [at(0, 1, 1), at(1, 1, 2), at(2, 3, 3), at(3, 9, 4)];
    const h = collectHistory(space, trials, "minimize");
    assert.equal(h.budget, undefined);
    assert.equal(h.observed.length, 4);
  });

  it(
    "report mode: models the largest step that dims + 2 curves reached, at each trial's value there (BOHB with the " +
      "step as the fidelity)",
    () => {
      const curve = (i: number, steps: number[], state: Trial["state"]): Trial => ({
        number: i,
        state,
        params: { x: i / 10, y: 0.5 },
        intermediate: steps.map((s) => [s, 10 * i + s]),
        value: 10 * i + steps[steps.length - 1],
      });
      // Three complete to step 9, two pruned at 3, four pruned at 1: step 9 has 3 curves, step 3 has 5 ≥ dims + 2 = 4.
      const trials = [
        ...[0, 1, 2].map((i) => curve(i, [1, 3, 9], "complete")),
        ...[3, 4].map((i) => curve(i, [1, 3], "pruned")),
        ...[5, 6, 7, 8].map((i) => curve(i, [1], "pruned")),
      ];
      Object.assign(trials[5], { intermediate: [[1, 0]], value: 0 }); // better at step 1 than most are at step 3
      const h = collectHistory(space, trials, "minimize");
      assert.equal(h.budget, 3);
      assert.equal(h.nReal, 5);
      // Complete and pruned alike at their step-3 value; the complete ones not at their final (step 9) value.
      assert.deepEqual(
        h.observed.filter((o) => !o.imputed).map((o) => o.y),
        [3, 13, 23, 33, 43],
      );
      // Stopped at step 1: no better than the median at step 3 (23), their own value when worse.
      assert.deepEqual(
        h.observed.filter((o) => o.imputed).map((o) => o.y),
        [23, 61, 71, 81],
      );
      // A complete trial that ended early on its own is observed at its value; nothing pruned: the plain rule.
      const own = collectHistory(
        space,
        [...trials.slice(0, 5), { ...curve(9, [1, 2], "complete"), value: 1 }],
        "minimize",
      );
      assert.ok(own.observed.some((o) => o.y === 1 && !o.imputed));
      const none = collectHistory(space, trials.slice(0, 3), "minimize");
      assert.equal(none.budget, undefined);
      assert.deepEqual(
        none.observed.map((o) => o.y),
        [9, 19, 29],
      );
    },
  );

  it(
    "imputes the worst value for failures, caps pruned trials at the median, keeps running ones pending, and flips " +
      "maximize",
    () => {
      const p = { x: 0.1, y: 0.2 };
      const trials: Trial[] = [
        done(0, p, 1),
        done(1, p, 2),
        done(2, p, 3),
        { number: 3, state: "pruned", params: p, value: 0.5, intermediate: [] },
        { number: 4, state: "failed", params: p, intermediate: [] },
        { number: 5, state: "complete", params: p, value: NaN, intermediate: [] },
        { number: 6, state: "running", params: p, intermediate: [] },
      ];
      const h = collectHistory(space, trials, "maximize");
      assert.deepEqual(
        h.observed.map((o) => o.y),
        [-1, -2, -3, -0.5, -0.5, -0.5],
      );
      assert.deepEqual(
        h.observed.map((o) => o.imputed),
        [false, false, false, false, true, true],
      );
      assert.equal(h.pending.length, 1);
      assert.equal(h.nReal, 4);
      assert.deepEqual(unitFromParams(space, h.pending[0]), [0.1, 0.2]);
    },
  );
});

describe("bayes on long studies (the cap on modelled rows)", function () {
  this.timeout(60000);
  const ys = (n: number, seed: string) => {
    const rng = new Rng(seed);
    return Array.from({ length: n }, () => rng.random());
  };

  it("keeps every row up to the cap, then the best half by value plus a seeded random rest, in index order", () => {
    assert.deepEqual(
      chooseRows(ys(300, "y"), 400, new Rng("s")),
      Array.from({ length: 300 }, (_, i) => i),
    );
    const y = ys(2000, "y");
    const a = chooseRows(y, 400, new Rng("s"));
    assert.equal(a.length, 400);
    assert.equal(new Set(a).size, 400);
    assert.deepEqual(
      a,
      [...a].sort((p, q) => p - q),
    );
    const best = y
      .map((_, i) => i)
      .sort((p, q) => y[p] - y[q])
      .slice(0, 200);
    for (const i of best) assert.ok(a.includes(i), `best row ${i} (y ${y[i]}) dropped`);
    // The rest is a draw from all the others, the worst included, not just the next best.
    assert.ok(a.some((i) => y[i] > 0.9));
    assert.deepEqual(chooseRows(y, 400, new Rng("s")), a, "same rng state ⇒ same subset");
    assert.notDeepEqual(chooseRows(y, 400, new Rng("t")), a, "another rng ⇒ another random rest");
    // Ties (trials imputed at one value under a pruner) go to the later trials.
    const tied = [0.1, ...Array.from({ length: 9 }, () => 0.5)];
    assert.deepEqual(
      chooseRows(tied, 6, new Rng("s")).filter((i) => [0, 7, 8, 9].includes(i)),
      [0, 7, 8, 9],
    );
  });

  it("a 2000-trial model holds the default cap of rows plus every running trial, the best trial among them", () => {
    const space: Space = {
      params: ["a", "b", "c"].map((name) => ({ name, kind: "float" as const, lo: 0, hi: 1, log: false })),
    };
    const enc = new Encoder(space);
    const n = 2000;
    const rng = new Rng("rows");
    const rows = Float64Array.from({ length: n * 3 }, () => rng.random());
    const y = Array.from({ length: n }, (_, i) =>
      Math.hypot(rows[3 * i] - 0.3, rows[3 * i + 1] - 0.7, rows[3 * i + 2] - 0.5),
    );
    const pending = Float64Array.from([0.31, 0.69, 0.5, 0.9, 0.1, 0.2]);
    const m = buildModel(enc, rows, y, pending, new Rng("m"), {
      maxPoints: DEFAULT_MAX_POINTS,
      maxFitPoints: 120,
      warm: defaultTheta(3),
      reuse: true,
      restarts: 0,
      maxIter: 0,
    });
    assert.equal(m.post.inp.n, DEFAULT_MAX_POINTS + 2);
    assert.deepEqual(
      Array.from(m.post.inp.X.subarray(DEFAULT_MAX_POINTS * 3)),
      Array.from(pending),
      "running trials appended last",
    );
    const iBest = y.indexOf(Math.min(...y));
    const X = m.post.inp.X;
    const hasBest = Array.from({ length: DEFAULT_MAX_POINTS }, (_, r) => r).some((r) =>
      [0, 1, 2].every((d) => X[3 * r + d] === rows[3 * iBest + d]),
    );
    assert.ok(hasBest, "the best trial is modelled");
  });

  it("answers a 2000-trial multi-fidelity study (every trial modelled, most imputed) with legal, seeded params", () => {
    const space: Space = {
      params: [
        { name: "lr", kind: "float", lo: 1e-4, hi: 1e-1, log: true },
        { name: "layers", kind: "int", lo: 1, hi: 5, log: false },
        { name: "dropout", kind: "float", lo: 0, hi: 1, log: false },
      ],
      budget: { name: "epochs", min: 1, max: 27 },
    };
    const rng = new Rng("mf");
    const trials: Trial[] = Array.from({ length: 2000 }, (_, i) => {
      const params: Params = { lr: 10 ** (-4 + 3 * rng.random()), layers: 1 + rng.int(5), dropout: rng.random() };
      const stop = i % 27 === 0 ? 27 : i % 9 === 0 ? 9 : i % 3 === 0 ? 3 : 1;
      const f = (e: number) => (Math.log10(params.lr as number) + 2) ** 2 + (params.dropout as number) + 1 / e;
      const intermediate = Array.from({ length: stop }, (_, e): [number, number] => [e + 1, f(e + 1)]);
      return { number: i, state: stop === 27 ? "complete" : "pruned", params, value: f(stop), intermediate };
    });
    trials.push({ number: 2000, state: "running", params: trials[0].params, intermediate: [] });
    const ask = () =>
      new BayesSampler().sample({ space, direction: "minimize", trials, number: 2001, rng: new Rng("ask") }) as Params;
    const p = ask();
    assert.equal(outsideSpace(space, p), undefined, JSON.stringify(p));
    assert.deepEqual(ask(), p);
  });
});
