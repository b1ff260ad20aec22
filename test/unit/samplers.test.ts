// The contract every sampler keeps (random, grid, tpe, multivariate tpe, evolution, bayes): proposals inside the
// space (inactive parameters absent, ints integral, steps on the grid, choices valid), same seed ⇒ same proposals,
// parallel asks with running trials not identical, and a history of only failed trials is no obstacle.
import { strict as assert } from "node:assert";
import { Rng } from "../../src/core/rng";
import {
  contains,
  outsideSpace,
  space,
  spaceFromObject,
  type Condition,
  type Param,
  type Space,
} from "../../src/core/space";
import { Study } from "../../src/core/study";
import { RandomSampler } from "../../src/core/samplers/random";
import { GridSampler } from "../../src/core/samplers/grid";
import { TpeSampler } from "../../src/core/samplers/tpe/index";
import { EvolutionSampler } from "../../src/core/samplers/evolution";
import { BayesSampler } from "../../src/core/samplers/bayes/index";
import { RlSampler } from "../../src/core/samplers/rl";
import { structured } from "../../src/core/samplers/structured";
import { Nsga2Sampler } from "../../src/core/samplers/nsga2";
import type { Sampler } from "../../src/core/samplers/sampler";
import type { Params, Trial } from "../../src/core/types";

const when = (p: Omit<Param, "name">, condition: Condition): Omit<Param, "name"> =>
  ({ ...p, condition }) as Omit<Param, "name">;

/** Architecture-shaped, every kind of parameter, conditions two levels deep; gridable (no continuous range). */
const gridable: Space = spaceFromObject({
  layers: space.int(1, 3),
  units1: space.int(32, 128, { step: 32 }),
  units2: when(space.int(32, 128, { step: 32 }), { parent: "layers", op: ">=", value: 2 }),
  units3: when(space.int(32, 128, { step: 32 }), { parent: "layers", op: ">=", value: 3 }),
  opt: space.choice(["adam", "sgd", "rmsprop"]),
  momentum: when(space.float(0, 0.9, { step: 0.3 }), { parent: "opt", op: "==", value: "sgd" }),
  nesterov: when(space.bool(), { parent: "momentum", op: ">", value: 0 }),
  dropout: space.float(0, 0.5, { step: 0.25 }),
  k: space.int(1, 4, { log: true }),
});

/** Continuous, log, stepped and log-int ranges besides the above. */
const mixed: Space = spaceFromObject({
  lr: space.float(1e-5, 1e-1, { log: true }),
  layers: space.int(1, 4),
  units2: when(space.int(16, 512, { step: 16 }), { parent: "layers", op: ">=", value: 2 }),
  act: space.choice(["relu", "tanh", null, 3]),
  alpha: when(space.float(-1, 1), { parent: "act", op: "in", values: ["tanh", 3] }),
  wd: space.float(0, 0.01, { step: 0.0005 }),
  batch: space.int(8, 1024, { log: true }),
  bn: space.bool(),
});

/** Architecture search: variable-length lists, a fixed-length list of ops, compound conditions; gridable. */
const nas: Space = spaceFromObject({
  units: space.list(space.int(32, 128, { step: 32 }), { min: 1, max: 3 }),
  ops: space.list(space.choice(["conv", "pool", "skip"]), { min: 2, max: 2 }),
  opt: space.choice(["adam", "sgd"]),
  bn: space.bool(),
  momentum: when(space.float(0, 0.9, { step: 0.45 }), {
    op: "and",
    terms: [
      { parent: "opt", op: "==", value: "sgd" },
      { op: "not", term: { parent: "bn", op: "==", value: true } },
    ],
  }),
  kernels: when(space.list(space.choice([3, 5]), { min: 1, max: 2 }), {
    op: "or",
    terms: [
      { parent: "opt", op: "==", value: "adam" },
      { parent: "bn", op: "==", value: true },
    ],
  }),
});

/** A deterministic objective over any params (so samplers that learn have something to learn). */
function objective(p: Params): number {
  let v = 0;
  for (const [k, x] of Object.entries(p)) {
    const h = [...k].reduce((a, c) => a + c.charCodeAt(0), 0) % 7;
    if (Array.isArray(x)) v += x.length * 0.2 + x.filter((e) => e === "conv" || e === 64 || e === 3).length * 0.1;
    else if (typeof x === "number") v += Math.abs(Math.log1p(Math.abs(x)) - h / 3);
    else v += x === true ? 0.3 : x === "sgd" || x === "tanh" ? 0 : 0.5;
  }
  return v;
}

interface Entry {
  name: string;
  make: () => Sampler;
  spaces: Space[];
  /** Enough trials for the model (or the population) to take over. */
  trials: number;
}

const entries: Entry[] = [
  { name: "random", make: () => new RandomSampler(), spaces: [gridable, mixed], trials: 30 },
  { name: "grid", make: () => new GridSampler(), spaces: [gridable], trials: 30 },
  { name: "tpe", make: () => new TpeSampler(), spaces: [gridable, mixed], trials: 30 },
  {
    name: "tpe (multivariate)",
    make: () => new TpeSampler({ multivariate: true }),
    spaces: [gridable, mixed],
    trials: 30,
  },
  {
    name: "evolution",
    make: () => new EvolutionSampler({ populationSize: 10, sampleSize: 3 }),
    spaces: [gridable, mixed],
    trials: 30,
  },
  { name: "bayes", make: () => new BayesSampler(), spaces: [gridable, mixed], trials: 20 },
  { name: "rl", make: () => new RlSampler(), spaces: [gridable, mixed], trials: 30 },
  { name: "nsga2", make: () => new Nsga2Sampler({ populationSize: 10 }), spaces: [gridable, mixed], trials: 30 },
];

function study(sp: Space, sampler: Sampler, seed: number, direction: "minimize" | "maximize" = "minimize"): Study {
  return new Study({ name: "contract", space: sp, direction, algorithm: sampler.name, seed, sampler });
}

/** Run n ask/tell rounds; returns every proposal. */
function drive(
  sp: Space,
  sampler: Sampler,
  seed: number,
  n: number,
  direction: "minimize" | "maximize" = "minimize",
): Params[] {
  const st = study(sp, sampler, seed, direction);
  const out: Params[] = [];
  for (let i = 0; i < n; i++) {
    const t = st.ask();
    assert.ok(t, `ask ${i} returned null`);
    out.push(t.params);
    st.tell(t.number, objective(t.params));
  }
  return out;
}

function assertInside(sp: Space, p: Params, where: string): void {
  const why = outsideSpace(sp, p);
  assert.equal(why, undefined, `${where}: ${JSON.stringify(p)}: ${why}`);
  for (const q of sp.params) {
    if (!(q.name in p)) continue;
    const v = p[q.name];
    assert.ok(contains(q, v), `${where}: ${q.name}=${JSON.stringify(v)}`);
    if (q.kind === "int") assert.ok(Number.isInteger(v), `${where}: ${q.name}=${v} is not an integer`);
    if ((q.kind === "int" || q.kind === "float") && q.step !== undefined) {
      const k = ((v as number) - q.lo) / q.step;
      assert.ok(Math.abs(k - Math.round(k)) < 1e-9, `${where}: ${q.name}=${v} is off the step grid`);
    }
  }
}

function contract(entry: () => Entry): void {
  it("proposals stay inside the space: inactive params absent, ints integral, steps on grid, choices valid", () => {
    const e = entry();
    for (const sp of e.spaces)
      for (const direction of ["minimize", "maximize"] as const)
        drive(sp, e.make(), 3, e.trials, direction).forEach((p, i) => assertInside(sp, p, `${direction} trial ${i}`));
  });
  it("uses conditional branches: both sides of a condition appear", () => {
    const e = entry();
    const ps = drive(e.spaces[0], e.make(), 5, e.trials);
    assert.ok(ps.some((p) => "units3" in p) && ps.some((p) => !("units3" in p)), "units3 never/always active");
    assert.ok(ps.some((p) => "momentum" in p) && ps.some((p) => !("momentum" in p)), "momentum never/always active");
  });
  it("lists: lengths within bounds, every length tried, elements past the length absent, conditions compound", () => {
    const e = entry();
    const ps = drive(nas, e.make(), 9, e.trials);
    const lengths = new Set<number>();
    for (const p of ps) {
      assertInside(nas, p, "nas");
      const units = p.units as number[];
      assert.ok(Array.isArray(units) && units.length >= 1 && units.length <= 3, JSON.stringify(p));
      lengths.add(units.length);
      assert.equal((p.ops as string[]).length, 2);
      assert.equal("momentum" in p, p.opt === "sgd" && p.bn !== true, JSON.stringify(p));
      assert.equal("kernels" in p, p.opt === "adam" || p.bn === true, JSON.stringify(p));
      for (const k of Object.keys(p)) assert.ok(!k.includes("["), `flat name ${k} leaked`);
    }
    assert.ok(lengths.size >= 2, `only lengths ${[...lengths]}`);
    // Parallel asks on the (small, discrete) NAS space do not repeat each other either.
    const st = study(nas, e.make(), 21);
    for (let i = 0; i < e.trials; i++) {
      const t = st.ask()!;
      st.tell(t.number, objective(t.params));
    }
    const batch = [0, 1, 2, 3].map(() => st.ask()!.params);
    batch.forEach((p) => assertInside(nas, p, "parallel nas"));
    assert.equal(new Set(batch.map((p) => JSON.stringify(p))).size, 4, "parallel asks repeat on the NAS space");
  });
  it("same seed ⇒ same proposals; another seed ⇒ others", () => {
    const e = entry();
    for (const sp of e.spaces) {
      const a = drive(sp, e.make(), 11, e.trials);
      assert.deepEqual(drive(sp, e.make(), 11, e.trials), a);
      assert.notDeepEqual(drive(sp, e.make(), 12, e.trials), a);
    }
  });
  it("parallel asks with running trials are not identical", () => {
    const e = entry();
    for (const sp of e.spaces) {
      const st = study(sp, e.make(), 21);
      for (let i = 0; i < e.trials; i++) {
        const t = st.ask()!;
        st.tell(t.number, objective(t.params));
      }
      const batch = [0, 1, 2, 3].map(() => st.ask()!.params);
      batch.forEach((p) => assertInside(sp, p, "parallel"));
      const keys = new Set(batch.map((p) => JSON.stringify(p)));
      assert.equal(keys.size, batch.length, `parallel asks repeat: ${[...keys].join(" | ")}`);
    }
  });
  it("works when every earlier trial failed (or was interrupted)", () => {
    const e = entry();
    for (const sp of e.spaces) {
      const st = study(sp, e.make(), 8);
      for (let i = 0; i < 15; i++) {
        const t = st.ask()!;
        assertInside(sp, t.params, `after ${i} failures`);
        st.tell(t.number, i % 2 ? { state: "failed" } : NaN);
      }
      const t = st.ask();
      assert.ok(t, "no proposal after failures");
      assertInside(sp, t.params, "after failures");
    }
  });
  it("a direct sample() on a hand-made history with pruned, running and queued trials", () => {
    const e = entry();
    const sp = e.spaces[0];
    const rng = new Rng(4);
    const trials: Trial[] = [];
    const random = new RandomSampler();
    const states: Trial["state"][] = ["complete", "complete", "pruned", "running", "queued", "failed"];
    for (let i = 0; i < 24; i++) {
      const params = random.sample({ space: sp, direction: "minimize", trials, number: i, rng }) as Params;
      const state = states[i % states.length];
      trials.push({
        number: i,
        state,
        params,
        intermediate:
          state === "pruned"
            ? [
                [1, 2],
                [3, 1.5],
              ]
            : [],
        ...(state === "complete" ? { value: objective(params) } : {}),
      });
    }
    const p = structured(e.make()).sample({
      space: sp,
      direction: "minimize",
      trials,
      number: trials.length,
      rng: Rng.derive(1, trials.length),
    });
    assert.notEqual(p, "exhausted");
    assertInside(sp, p as Params, "hand-made history");
  });
}

describe("sampler contract", () => {
  for (const e of entries) describe(e.name, () => contract(() => e));
});

// Several objectives and a constraint: the same promises, with tell(n, [v1, v2], metrics).
const multiEntries: Entry[] = [
  { name: "random", make: () => new RandomSampler(), spaces: [gridable, mixed], trials: 24 },
  { name: "grid", make: () => new GridSampler(), spaces: [gridable], trials: 24 },
  { name: "tpe (MOTPE)", make: () => new TpeSampler(), spaces: [gridable, mixed], trials: 24 },
  { name: "bayes (ParEGO)", make: () => new BayesSampler(), spaces: [gridable, mixed], trials: 16 },
  { name: "nsga2", make: () => new Nsga2Sampler({ populationSize: 8 }), spaces: [gridable, mixed], trials: 24 },
];

function multiStudy(sp: Space, sampler: Sampler, seed: number): Study {
  return new Study({
    name: "contract-mo",
    space: sp,
    direction: "minimize",
    directions: ["minimize", "maximize"],
    metrics: ["loss", "acc"],
    constraints: [{ metric: "size", op: "<=", bound: 6 }],
    algorithm: sampler.name,
    seed,
    sampler,
  });
}

function tellMulti(st: Study, number: number, p: Params): void {
  const v = objective(p);
  st.tell(number, [v, Math.sin(v * 3)], { size: Object.keys(p).length });
}

function driveMulti(sp: Space, sampler: Sampler, seed: number, n: number): Params[] {
  const st = multiStudy(sp, sampler, seed);
  const out: Params[] = [];
  for (let i = 0; i < n; i++) {
    const t = st.ask();
    assert.ok(t, `ask ${i} returned null`);
    out.push(t.params);
    tellMulti(st, t.number, t.params);
  }
  return out;
}

describe("sampler contract, two objectives and a constraint", () => {
  for (const e of multiEntries)
    describe(e.name, () => {
      it("proposals stay inside the space; same seed ⇒ same proposals; another seed ⇒ others", () => {
        for (const sp of e.spaces) {
          const a = driveMulti(sp, e.make(), 3, e.trials);
          a.forEach((p, i) => assertInside(sp, p, `trial ${i}`));
          assert.deepEqual(driveMulti(sp, e.make(), 3, e.trials), a);
          if (e.name !== "grid") assert.notDeepEqual(driveMulti(sp, e.make(), 4, e.trials), a);
        }
      });
      it("parallel asks with running trials are not identical, and failures are no obstacle", () => {
        for (const sp of e.spaces) {
          const st = multiStudy(sp, e.make(), 21);
          for (let i = 0; i < e.trials; i++) {
            const t = st.ask()!;
            if (i % 5 === 4) st.tell(t.number, { state: "failed" });
            else tellMulti(st, t.number, t.params);
          }
          const batch = [0, 1, 2, 3].map(() => st.ask()!.params);
          batch.forEach((p) => assertInside(sp, p, "parallel"));
          assert.equal(new Set(batch.map((p) => JSON.stringify(p))).size, batch.length, "parallel asks repeat");
          assert.ok(st.paretoFront().length > 0);
        }
      });
    });
});
