// The benchmark's test functions: known values, the per-seed shift keeps f* exact, and the TypeScript functions agree
// with the Python copies Optuna is run on (bench/functions/functions.py via /usr/bin/python3).
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { FUNCTIONS, PROBLEM_NAMES, ST_X } from "../../bench/functions/functions";
import { MARGIN, shiftedProblem, shiftFor } from "../../bench/functions/shift";
import { Rng } from "../../src/core/rng";

const PYTHON = "/usr/bin/python3";
const PY_FUNCTIONS = join(__dirname, "../../bench/functions/functions.py");

function python(cmd: "eval" | "minimize", req: object): number[] {
  const r = spawnSync(PYTHON, [PY_FUNCTIONS, cmd], { input: JSON.stringify(req), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`functions.py ${cmd} failed: ${r.stderr || r.error?.message}`);
  return (JSON.parse(r.stdout) as { values: number[] }).values;
}

function randomPoints(name: string, n: number, seed: number): number[][] {
  const fn = FUNCTIONS[name];
  const rng = new Rng(`points/${name}/${seed}`);
  return Array.from({ length: n }, () => fn.lo.map((lo, j) => lo + rng.random() * (fn.hi[j] - lo)));
}

const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

describe("bench test functions", () => {
  it("has the seven problems of the sample-efficiency benchmark", () => {
    assert.deepEqual(PROBLEM_NAMES, [
      "branin",
      "hartmann3",
      "hartmann6",
      "rosenbrock4",
      "levy10",
      "ackley5",
      "styblinskiTang8",
    ]);
    for (const n of PROBLEM_NAMES) {
      const fn = FUNCTIONS[n];
      assert.equal(fn.lo.length, fn.dim);
      assert.equal(fn.hi.length, fn.dim);
      assert.equal(fn.xStar.length, fn.dim);
    }
  });

  it("takes its known minimum at the listed minimisers", () => {
    const { branin, hartmann3, hartmann6, rosenbrock4, levy10, ackley5, styblinskiTang8 } = FUNCTIONS;
    for (const x of [
      [-Math.PI, 12.275],
      [Math.PI, 2.275],
      [9.42478, 2.475],
    ])
      assert.ok(Math.abs(branin.f(x) - 0.397887) < 1e-6, `branin at ${x}`);
    assert.ok(Math.abs(hartmann3.f(hartmann3.xStar) - hartmann3.fStar) < 1e-9);
    assert.ok(Math.abs(hartmann6.f(hartmann6.xStar) - hartmann6.fStar) < 1e-9);
    assert.ok(Math.abs(hartmann3.fStar - -3.86278) < 1e-5 && Math.abs(hartmann6.fStar - -3.32237) < 1e-5);
    assert.equal(rosenbrock4.f(rosenbrock4.xStar), 0);
    assert.ok(levy10.f(levy10.xStar) < 1e-30); // sin²(π) is 1.5e-32 in floating point
    assert.ok(Math.abs(ackley5.f(ackley5.xStar)) < 1e-14);
    assert.ok(Math.abs(4 * ST_X ** 3 - 32 * ST_X + 5) < 1e-12, "ST_X is the stationary point");
    assert.ok(Math.abs(styblinskiTang8.fStar - -39.16616570377142 * 8) < 1e-9);
    assert.equal(styblinskiTang8.f(styblinskiTang8.xStar), styblinskiTang8.fStar);
  });

  it("matches hand-computed values away from the optimum", () => {
    const t = 1 / (8 * Math.PI);
    assert.ok(close(FUNCTIONS.branin.f([0, 0]), 36 + 10 * (1 - t) + 10, 1e-14));
    assert.equal(FUNCTIONS.rosenbrock4.f([0, 0, 0, 0]), 3);
    assert.equal(FUNCTIONS.rosenbrock4.f([2, 2, 2, 2]), 3 * (100 * 4 + 1));
    assert.ok(close(FUNCTIONS.ackley5.f([1, 1, 1, 1, 1]), 20 * (1 - Math.exp(-0.2)), 1e-14));
    assert.equal(FUNCTIONS.styblinskiTang8.f(new Array(8).fill(0)), 0);
    assert.equal(FUNCTIONS.styblinskiTang8.f(new Array(8).fill(1)), 0.5 * 8 * (1 - 16 + 5));
    // Levy at x = 5 (w = 2): sin²(2π) + 9·(1)²(1 + 10 sin²(2π + 1)) + 1·(1 + sin²(4π)).
    assert.ok(
      close(
        FUNCTIONS.levy10.f(new Array(10).fill(5)),
        Math.sin(2 * Math.PI) ** 2 + 9 * (1 + 10 * Math.sin(2 * Math.PI + 1) ** 2) + 1 + Math.sin(4 * Math.PI) ** 2,
        1e-13,
      ),
    );
  });

  it("moves the optimum inside the box (away from its edges) per seed, deterministically, keeping f* exact", () => {
    for (const n of PROBLEM_NAMES) {
      const fn = FUNCTIONS[n];
      const seen = new Set<string>();
      for (let seed = 0; seed < 30; seed++) {
        const p = shiftedProblem(fn, seed);
        assert.deepEqual(shiftFor(fn, seed), p.shift, "deterministic");
        seen.add(p.shift.join(","));
        p.optimum.forEach((t, j) => {
          const w = fn.hi[j] - fn.lo[j];
          assert.ok(
            t >= fn.lo[j] + MARGIN * w - 1e-9 && t <= fn.hi[j] - MARGIN * w + 1e-9,
            `${n} seed ${seed} dim ${j}: ${t}`,
          );
        });
        assert.ok(
          Math.abs(p.g(p.optimum) - fn.f(fn.xStar)) <= 1e-12 * Math.max(1, Math.abs(fn.fStar)),
          `${n} seed ${seed}`,
        );
        assert.ok(p.regret(p.g(p.optimum)) < 1e-8, `${n} seed ${seed}: regret at the shifted optimum`);
      }
      assert.equal(seen.size, 30, `${n}: every seed gets its own shift`);
    }
  });

  it("never goes below f* anywhere in the box after the shift (random points)", () => {
    for (const n of PROBLEM_NAMES)
      for (let seed = 0; seed < 5; seed++) {
        const p = shiftedProblem(FUNCTIONS[n], seed);
        for (const x of randomPoints(n, 2000, seed)) assert.ok(p.regret(p.g(x)) >= 0); // regret() throws below f*
      }
    assert.throws(() => shiftedProblem(FUNCTIONS.branin, 0).regret(0.3), /below the known minimum/);
  });

  it("agrees with the Python copy Optuna runs on (shifted, random points and the optimum)", function () {
    this.timeout(60000);
    for (const n of PROBLEM_NAMES) {
      const p = shiftedProblem(FUNCTIONS[n], 3);
      const points = [...randomPoints(n, 25, 7), p.optimum];
      const py = python("eval", { problem: n, shift: p.shift, points });
      assert.equal(py.length, points.length);
      points.forEach((x, i) => assert.ok(close(p.g(x), py[i], 1e-12), `${n} at ${x}: ts ${p.g(x)} vs py ${py[i]}`));
    }
  });

  it(
    "f* is not too high: scipy's local search from the optimum and from random starts ends at or above " + "it",
    function () {
      this.timeout(120000);
      for (const n of PROBLEM_NAMES) {
        const fn = FUNCTIONS[n];
        const p = shiftedProblem(fn, 1);
        const starts = [p.optimum, ...randomPoints(n, 8, 11)];
        const mins = python("minimize", { problem: n, shift: p.shift, lo: fn.lo, hi: fn.hi, points: starts });
        const tol = 1e-9 * Math.max(1, Math.abs(fn.fStar));
        mins.forEach((m, i) => assert.ok(m >= fn.fStar - tol, `${n} start ${i}: local minimum ${m} < f* ${fn.fStar}`));
        assert.ok(
          Math.abs(mins[0] - fn.fStar) <= 1e-7 * Math.max(1, Math.abs(fn.fStar)),
          `${n}: polishing the optimum gives ${mins[0]}, f* ${fn.fStar}`,
        );
      }
    },
  );
});
