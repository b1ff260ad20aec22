// Grid search: exact enumeration with conditions, the fix-it error for continuous ranges, skipping points that
// running/queued/finished trials hold (parallel workers, resume), exhaustion, and a deterministic order.
import { strict as assert } from "node:assert";
import { Rng } from "../../src/core/rng";
import { outsideSpace, space, spaceFromObject, type Condition, type Param, type Space } from "../../src/core/space";
import { Study } from "../../src/core/study";
import { GridSampler, gridCoverage, gridPoint, gridProblems, gridSize, gridValues } from "../../src/core/samplers/grid";
import type { Params, Trial } from "../../src/core/types";

const when = (p: Omit<Param, "name">, condition: Condition): Omit<Param, "name"> =>
  ({ ...p, condition }) as Omit<Param, "name">;

// 1–3 layers with 4 widths each, 2 optimizers, momentum (4 values) only for sgd, 6 dropouts:
// layers: 4 + 4² + 4³ = 84 width combinations; optimizer branch: adam 1 + sgd 4 = 5; × 6 dropouts = 2,520.
const arch = spaceFromObject({
  layers: space.int(1, 3),
  units1: space.int(32, 128, { step: 32 }),
  units2: when(space.int(32, 128, { step: 32 }), { parent: "layers", op: ">=", value: 2 }),
  units3: when(space.int(32, 128, { step: 32 }), { parent: "layers", op: ">=", value: 3 }),
  opt: space.choice(["adam", "sgd"]),
  momentum: when(space.float(0, 0.9, { step: 0.3 }), { parent: "opt", op: "==", value: "sgd" }),
  dropout: space.float(0, 0.5, { step: 0.1 }),
});

function sampleAll(
  sp: Space,
  sampler: GridSampler,
  seed: number,
  limit = 100000,
): { points: Params[]; exhaustedAt: number } {
  const trials: Trial[] = [];
  for (let i = 0; i < limit; i++) {
    const p = sampler.sample({
      space: sp,
      direction: "minimize",
      trials,
      number: i,
      rng: Rng.derive(seed, "trial", i),
    });
    if (p === "exhausted") return { points: trials.map((t) => t.params), exhaustedAt: i };
    trials.push({ number: i, state: "running", params: p, intermediate: [] });
  }
  return { points: trials.map((t) => t.params), exhaustedAt: -1 };
}

describe("grid", () => {
  it("counts a conditional grid exactly (inactive params do not multiply it)", () => {
    assert.equal(gridSize(arch), 84 * 5 * 6);
    const flat = spaceFromObject({
      a: space.choice(["x", "y", "z"]),
      b: space.bool(),
      c: space.int(-2, 2),
      d: space.float(0.1, 0.3, { step: 0.1 }),
    });
    assert.equal(gridSize(flat), 3 * 2 * 5 * 3);
    // A condition on a conditional parameter, an `in` condition and a string comparison.
    const nested = spaceFromObject({
      kind: space.choice(["svm", "tree", "knn"]),
      kernel: when(space.choice(["rbf", "poly"]), { parent: "kind", op: "==", value: "svm" }),
      degree: when(space.int(2, 5), { parent: "kernel", op: "==", value: "poly" }),
      depth: when(space.int(1, 10), { parent: "kind", op: "in", values: ["tree"] }),
      k: when(space.int(1, 3), { parent: "kind", op: ">", value: "svm" }), // "tree" > "svm"
    });
    // svm: rbf 1 + poly 4 = 5; tree: 10 depths × 3 ks (tree > svm) = 30; knn: 1 (knn < svm, so k inactive).
    assert.equal(gridSize(nested), 5 + 30 + 1);
  });

  it("enumerates every point once, each valid, then says exhausted", () => {
    const n = gridSize(arch);
    const all = new Set<string>();
    for (let i = 0; i < n; i++) {
      const p = gridPoint(arch, i);
      assert.equal(outsideSpace(arch, p), undefined, JSON.stringify(p));
      all.add(JSON.stringify(p));
    }
    assert.equal(all.size, n);
    const { points, exhaustedAt } = sampleAll(arch, new GridSampler(), 1);
    assert.equal(exhaustedAt, n);
    assert.deepEqual(new Set(points.map((p) => JSON.stringify(p))), all);
    // Inactive params are absent, not null.
    assert.ok(points.some((p) => p.layers === 1 && !("units2" in p) && !("units3" in p)));
    assert.ok(points.every((p) => (p.opt === "sgd") === "momentum" in p));
  });

  it("enumerates choices, bools, ints (log scale too) and stepped floats with clean values", () => {
    assert.deepEqual(
      gridValues({ name: "f", kind: "float", lo: 0, hi: 0.3, log: false, step: 0.1 }),
      [0, 0.1, 0.2, 0.3],
    );
    assert.deepEqual(gridValues({ name: "i", kind: "int", lo: 1, hi: 8, log: true }), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(gridValues({ name: "i", kind: "int", lo: 10, hi: 40, log: false, step: 15 }), [10, 25, 40]);
    assert.deepEqual(gridValues({ name: "b", kind: "bool" }), [false, true]);
    assert.deepEqual(gridValues({ name: "c", kind: "choice", values: ["a", null, 2] }), ["a", null, 2]);
  });

  it("the budget is not a grid dimension", () => {
    const sp = spaceFromObject({ a: space.int(1, 3) }, { name: "epochs", min: 1, max: 81 });
    assert.equal(gridSize(sp), 3);
    const { points } = sampleAll(sp, new GridSampler(), 2);
    assert.deepEqual(
      points.map((p) => Object.keys(p)),
      [["a"], ["a"], ["a"]],
    );
  });

  it("refuses a continuous range with a message that names it and says how to fix it", () => {
    const sp = spaceFromObject({
      units: space.int(32, 512, { step: 32 }),
      lr: space.float(1e-4, 1e-2, { log: true }),
      dropout: space.float(0, 0.5),
    });
    assert.throws(
      () => gridSize(sp),
      (e: Error) => {
        assert.match(
          e.message,
          /grid search cannot enumerate "lr": float\(0\.0001, 0\.01, log\) is a continuous range/,
        );
        assert.match(e.message, /choice\(0\.0001, 0\.001, 0\.01\)/);
        assert.match(
          e.message,
          /"dropout": float\(0, 0\.5\) is a continuous range\. Add a step, e\.g\. float\(0, 0\.5, step=0\.05\), or list the values with choice\(/,
        );
        assert.doesNotMatch(e.message, /units/);
        return true;
      },
    );
    assert.equal(gridProblems(sp).length, 2);
    assert.throws(
      () => new GridSampler().sample({ space: sp, direction: "minimize", trials: [], number: 0, rng: new Rng(1) }),
      /"lr"/,
    );
    // The suggested fixes are themselves valid specs.
    assert.equal(gridSize(spaceFromObject({ dropout: space.float(0, 0.5, { step: 0.05 }) })), 11);
  });

  it("refuses a grid too large to enumerate, saying so", () => {
    const huge = spaceFromObject(
      Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`u${i}`, space.int(0, 99999)])),
    );
    assert.throws(() => gridSize(huge), /too many to enumerate/);
  });

  it("skips points held by running, queued and finished trials; an interrupted trial's point is free again", () => {
    const sp = spaceFromObject({ a: space.choice(["x", "y"]), b: space.int(1, 2) });
    const t = (number: number, params: Params, state: Trial["state"], retriable?: boolean): Trial => ({
      number,
      state,
      params,
      intermediate: [],
      ...(retriable ? { error: { message: "killed", retriable } } : {}),
    });
    const ctx = (trials: Trial[]) => ({
      space: sp,
      direction: "minimize" as const,
      trials,
      number: trials.length,
      rng: new Rng(3),
    });
    const held = [
      t(0, { a: "x", b: 1 }, "running"),
      t(1, { a: "x", b: 2 }, "queued"),
      t(2, { a: "y", b: 1 }, "failed"),
    ];
    assert.deepEqual(new GridSampler().sample(ctx(held)), { a: "y", b: 2 });
    assert.equal(new GridSampler().sample(ctx([...held, t(3, { a: "y", b: 2 }, "complete")])), "exhausted");
    assert.deepEqual(new GridSampler().sample(ctx([...held, t(3, { a: "y", b: 2 }, "failed", true)])), {
      a: "y",
      b: 2,
    });
    // Off-grid trials (e.g. the file's own values enqueued first) hold nothing.
    assert.notEqual(new GridSampler().sample(ctx([...held, t(3, { a: "z", b: 7 }, "complete")])), "exhausted");
  });

  it("parallel asks through a study never repeat, and a grid with trials > size stops at its size", () => {
    const sp = spaceFromObject({ a: space.choice(["x", "y", "z"]), b: space.bool() });
    const st = new Study({
      name: "g",
      space: sp,
      direction: "minimize",
      algorithm: "grid",
      seed: 1,
      sampler: new GridSampler(),
    });
    const asked = [];
    for (let i = 0; i < 10; i++) {
      const t = st.ask();
      if (!t) break;
      asked.push(t);
    }
    assert.equal(asked.length, 6);
    assert.equal(st.isExhausted(), true);
    assert.equal(new Set(asked.map((t) => JSON.stringify(t.params))).size, 6);
  });

  it("order is deterministic: same seed, same order; ordered: true walks declaration order", () => {
    const a = sampleAll(arch, new GridSampler(), 7, 50).points;
    const first = (seed: number) => {
      const trials: Trial[] = [];
      const out: Params[] = [];
      for (let i = 0; i < 20; i++) {
        const p = new GridSampler().sample({
          space: arch,
          direction: "minimize",
          trials,
          number: i,
          rng: Rng.derive(seed, "trial", i),
        }) as Params;
        trials.push({ number: i, state: "complete", params: p, value: i, intermediate: [] });
        out.push(p);
      }
      return out;
    };
    assert.deepEqual(first(7), a.slice(0, 20));
    assert.notDeepEqual(first(8), first(7));
    const small = spaceFromObject({ a: space.choice(["x", "y"]), b: space.int(1, 3) });
    const ordered = sampleAll(small, new GridSampler({ ordered: true }), 1).points;
    assert.deepEqual(ordered, [
      { a: "x", b: 1 },
      { a: "x", b: 2 },
      { a: "x", b: 3 },
      { a: "y", b: 1 },
      { a: "y", b: 2 },
      { a: "y", b: 3 },
    ]);
  });

  it("a cut-short grid is covered evenly (seeded starts, not the first corner)", () => {
    const sp = spaceFromObject({ a: space.int(0, 9), b: space.int(0, 9) });
    const { points } = { points: sampleAll(sp, new GridSampler(), 3).points.slice(0, 20) };
    assert.ok(new Set(points.map((p) => p.a)).size >= 6, JSON.stringify(points.map((p) => p.a)));
  });
});

describe("grid coverage", () => {
  const cli = (n: number) => `pass --trials ${n}`;
  it("says how much of the grid a count covers, rounded down, and how to run all", () => {
    assert.equal(gridCoverage(32, 20, cli), "grid: 20 of 32 points (62 %); pass --trials 32 to run all");
    assert.equal(gridCoverage(1000, 999, cli), "grid: 999 of 1000 points (99 %); pass --trials 1000 to run all");
    assert.equal(
      gridCoverage(3, 1, (n) => `type ${n}`),
      "grid: 1 of 3 points (33 %); type 3 to run all",
    );
  });
  it("says when the whole grid runs", () => {
    assert.equal(gridCoverage(32, 32, cli), "grid: all 32 points");
    assert.equal(gridCoverage(32, Infinity, cli), "grid: all 32 points");
    assert.equal(gridCoverage(32, 40, cli), "grid: all 32 points (it has fewer than the 40 trials asked for)");
  });
});
