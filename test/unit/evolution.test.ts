// Regularized evolution: random until the population is full, aging by trial number (running trials included),
// tournament selection of the fittest, children that differ from their parent in exactly one active parameter
// (plus the children that parameter switches on or off), determinism, and search quality against random.
import { strict as assert } from "node:assert";
import { Rng } from "../../src/core/rng";
import {
  conditionParents as conditionParentsOf,
  outsideSpace,
  space,
  spaceFromObject,
  type Condition,
  type Param,
  type Space,
} from "../../src/core/space";
import { Study } from "../../src/core/study";
import { EvolutionSampler, mutate } from "../../src/core/samplers/evolution";
import { RandomSampler } from "../../src/core/samplers/random";
import type { Params, Trial } from "../../src/core/types";

const when = (p: Omit<Param, "name">, condition: Condition): Omit<Param, "name"> =>
  ({ ...p, condition }) as Omit<Param, "name">;

const arch = spaceFromObject({
  layers: space.int(1, 4),
  units1: space.int(32, 512, { step: 32 }),
  units2: when(space.int(32, 512, { step: 32 }), { parent: "layers", op: ">=", value: 2 }),
  units3: when(space.int(32, 512, { step: 32 }), { parent: "layers", op: ">=", value: 3 }),
  units4: when(space.int(32, 512, { step: 32 }), { parent: "layers", op: ">=", value: 4 }),
  opt: space.choice(["adam", "sgd", "rmsprop"]),
  momentum: when(space.float(0, 0.99), { parent: "opt", op: "==", value: "sgd" }),
  lr: space.float(1e-4, 1e-1, { log: true }),
  batch: space.int(8, 512, { log: true }),
  bn: space.bool(),
  dropout: space.float(0, 0.5, { step: 0.1 }),
});

const trial = (number: number, params: Params, state: Trial["state"], value?: number): Trial => ({
  number,
  state,
  params,
  intermediate: [],
  ...(value !== undefined ? { value } : {}),
});

/** Names whose value differs between two params objects, split into changed (in both) and switched (in one). */
function diff(a: Params, b: Params): { changed: string[]; switched: string[] } {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  const changed: string[] = [];
  const switched: string[] = [];
  for (const n of names) {
    if (n in a && n in b) {
      if (a[n] !== b[n]) changed.push(n);
    } else switched.push(n);
  }
  return { changed, switched };
}

function randomHistory(sp: Space, n: number, seed: number, f: (p: Params) => number): Trial[] {
  const rng = new Rng(seed);
  const r = new RandomSampler();
  const out: Trial[] = [];
  for (let i = 0; i < n; i++) {
    const p = r.sample({ space: sp, direction: "minimize", trials: out, number: i, rng }) as Params;
    out.push(trial(i, p, "complete", f(p)));
  }
  return out;
}

const conditionParents = new Set(arch.params.flatMap((p) => (p.condition ? conditionParentsOf(p.condition) : [])));

describe("evolution", () => {
  it("a mutation changes exactly one active parameter; only a condition parent switches others on or off", () => {
    const rng = new Rng(1);
    const parents = randomHistory(arch, 60, 2, () => 0).map((t) => t.params);
    const kinds = new Set<string>();
    let switchedSome = 0;
    for (let i = 0; i < 600; i++) {
      const parent = parents[i % parents.length];
      const child = mutate(arch, parent, rng);
      assert.equal(outsideSpace(arch, child), undefined, JSON.stringify(child));
      const { changed, switched } = diff(parent, child);
      assert.equal(changed.length, 1, `changed ${changed} from ${JSON.stringify(parent)} to ${JSON.stringify(child)}`);
      kinds.add(changed[0]);
      if (switched.length) {
        switchedSome++;
        assert.ok(conditionParents.has(changed[0]), `${switched} switched although ${changed[0]} conditions nothing`);
        // The switched params are exactly those whose condition refers to the changed parent.
        for (const s of switched)
          assert.equal(conditionParentsOf(arch.params.find((p) => p.name === s)!.condition!)[0], changed[0]);
      }
    }
    // Every parameter gets mutated sometimes (conditional ones when active); some mutations switch children.
    assert.deepEqual([...kinds].sort(), arch.params.map((p) => p.name).sort());
    assert.ok(switchedSome > 10);
  });

  it("newly active children get fresh values in range; a parent value that no longer fits is redrawn", () => {
    const parent: Params = { layers: 1, units1: 64, opt: "adam", lr: 0.01, batch: 32, bn: true, dropout: 0.2 };
    let grew = 0;
    for (let s = 0; s < 300; s++) {
      const child = mutate(arch, parent, new Rng(s));
      if ((child.layers as number) > 1) {
        grew++;
        for (let l = 2; l <= (child.layers as number); l++) assert.ok(`units${l}` in child);
        assert.equal(child.units1, 64);
      }
      assert.equal(outsideSpace(arch, child), undefined);
    }
    assert.ok(grew > 0);
    // A parent lacking a now-required param (space changed) still yields a valid child.
    assert.equal(
      outsideSpace(
        arch,
        mutate(arch, { layers: 3, units1: 64, opt: "sgd", lr: 0.01, batch: 32, bn: true, dropout: 0.2 }, new Rng(1)),
      ),
      undefined,
    );
  });

  it("numeric mutations are local and never a no-op", () => {
    const sp = spaceFromObject({
      x: space.float(0, 1),
      n: space.int(0, 100),
      k: space.int(1, 1000, { log: true }),
      s: space.float(0, 1, { step: 0.5 }),
    });
    const parent = { x: 0.5, n: 50, k: 30, s: 1 };
    const rng = new Rng(5);
    let far = 0;
    for (let i = 0; i < 400; i++) {
      const child = mutate(sp, parent, rng);
      const { changed } = diff(parent, child);
      assert.equal(changed.length, 1);
      if (changed[0] === "x" && Math.abs((child.x as number) - 0.5) > 0.6) far++;
    }
    assert.ok(far < 10, `${far} mutations of x jumped far`);
    // A one-value-wide neighbourhood still moves: the int at the top of its range steps down.
    const top = spaceFromObject({ n: space.int(1, 2, { log: true }) });
    for (let s = 0; s < 20; s++) assert.deepEqual(mutate(top, { n: 2 }, new Rng(s)), { n: 1 });
  });

  it("is random until the population is full, counting running trials but not failed ones", () => {
    const evo = new EvolutionSampler({ populationSize: 5, sampleSize: 2 });
    const sp = spaceFromObject({ a: space.float(0, 1), b: space.choice(["x", "y"]) });
    const hist: Trial[] = [
      trial(0, { a: 0.1, b: "x" }, "complete", 1),
      trial(1, { a: 0.2, b: "x" }, "failed"),
      trial(2, { a: 0.3, b: "y" }, "running"),
      trial(3, { a: 0.4, b: "y" }, "complete", 2),
    ];
    const ctx = (trials: Trial[], seed: number) => ({
      space: sp,
      direction: "minimize" as const,
      trials,
      number: trials.length,
      rng: new Rng(seed),
    });
    // 3 members (failed excluded) < 5: the proposal is what the random sampler draws from the same rng.
    assert.deepEqual(evo.sample(ctx(hist, 9)), new RandomSampler().sample(ctx(hist, 9)));
    const more = [...hist, trial(4, { a: 0.5, b: "x" }, "queued"), trial(5, { a: 0.6, b: "x" }, "running")];
    assert.deepEqual(
      evo.population(more).map((t) => t.number),
      [0, 2, 3, 4, 5],
    );
    // Full now: the child comes from a complete member (0 or 3), one parameter changed.
    for (let s = 0; s < 20; s++) {
      const child = evo.sample(ctx(more, s)) as Params;
      const fromOne = [hist[0].params, hist[3].params].some((p) => diff(p, child).changed.length === 1);
      assert.ok(fromOne, JSON.stringify(child));
    }
  });

  it("ages out the oldest: the population is the most recent P members by trial number", () => {
    const evo = new EvolutionSampler({ populationSize: 3, sampleSize: 3 });
    const sp = spaceFromObject({ a: space.int(0, 1000) });
    // Trial 0 is by far the best but old; with a tournament over the whole population it can no longer be a parent.
    const hist = [
      trial(0, { a: 0 }, "complete", -100),
      ...[1, 2, 3].map((i) => trial(i, { a: 100 * i }, "complete", i)),
      trial(4, { a: 999 }, "running"),
    ];
    assert.deepEqual(
      evo.population(hist).map((t) => t.number),
      [2, 3, 4],
    );
    for (let s = 0; s < 30; s++) {
      const child = evo.sample({
        space: sp,
        direction: "minimize",
        trials: hist,
        number: 5,
        rng: new Rng(s),
      }) as Params;
      // Tournament = all of {2, 3} (4 has no value): parent is trial 2 (a = 200); the child is a local step from it.
      assert.notEqual(child.a, 200);
      assert.ok(Math.abs((child.a as number) - 200) < 800, String(child.a));
    }
  });

  it("tournament picks the fittest of the sample, in either direction; pruned trials rank below complete ones", () => {
    const sp = spaceFromObject({ a: space.choice(["p", "q", "r", "s"]), b: space.choice(["u", "v"]) });
    const base: Trial[] = [
      trial(0, { a: "p", b: "u" }, "complete", 5),
      trial(1, { a: "q", b: "u" }, "complete", 1),
      { ...trial(2, { a: "r", b: "u" }, "pruned"), intermediate: [[1, -50]] },
      trial(3, { a: "s", b: "u" }, "complete", 3),
    ];
    const parentOf = (child: Params, ts: Trial[]) =>
      ts.filter((t) => diff(t.params, child).changed.length === 1).map((t) => t.number);
    const evo = new EvolutionSampler({ populationSize: 4, sampleSize: 4 });
    for (let s = 0; s < 10; s++) {
      const min = evo.sample({ space: sp, direction: "minimize", trials: base, number: 4, rng: new Rng(s) }) as Params;
      // The best complete (trial 1, value 1) wins over the pruned trial's better-looking -50.
      assert.ok(parentOf(min, base).includes(1), JSON.stringify(min));
      const max = evo.sample({ space: sp, direction: "maximize", trials: base, number: 4, rng: new Rng(s) }) as Params;
      assert.ok(parentOf(max, base).includes(0), JSON.stringify(max));
    }
  });

  it("avoids proposing a point that a running or finished trial already has", () => {
    const sp = spaceFromObject({ a: space.choice(["x", "y", "z"]), b: space.bool() });
    const hist = [
      trial(0, { a: "x", b: true }, "complete", 0),
      trial(1, { a: "y", b: true }, "complete", 5),
      trial(2, { a: "x", b: false }, "running"),
    ];
    const evo = new EvolutionSampler({ populationSize: 3, sampleSize: 3 });
    for (let s = 0; s < 20; s++) {
      const child = evo.sample({
        space: sp,
        direction: "minimize",
        trials: hist,
        number: 3,
        rng: new Rng(s),
      }) as Params;
      assert.deepEqual(child, { a: "z", b: true }, "the only unseen one-step neighbour of the best");
    }
  });

  it("beats random search on a shifted architecture-shaped problem (median of 7 seeds, 120 trials)", () => {
    const median = (xs: number[]) => [...xs].sort((u, v) => u - v)[Math.floor(xs.length / 2)];
    const best = (sampler: () => RandomSampler | EvolutionSampler, seed: number) => {
      const r = new Rng(`arch${seed}`);
      const want = {
        layers: 1 + r.int(4),
        units: 32 * (1 + r.int(16)),
        lr: Math.exp(r.uniform(Math.log(1e-4), Math.log(1e-1))),
        opt: r.pick(["adam", "sgd", "rmsprop"]),
      };
      const f = (p: Params) => {
        let v =
          Math.abs((p.layers as number) - want.layers) +
          (p.opt === want.opt ? 0 : 1) +
          Math.abs(Math.log((p.lr as number) / want.lr));
        for (let l = 1; l <= (p.layers as number); l++) v += Math.abs((p[`units${l}`] as number) - want.units) / 256;
        return v;
      };
      const s = sampler();
      const st = new Study({ name: "e", space: arch, direction: "minimize", algorithm: s.name, seed, sampler: s });
      let b = Infinity;
      for (let i = 0; i < 120; i++) {
        const t = st.ask()!;
        const v = f(t.params);
        b = Math.min(b, v);
        st.tell(t.number, v);
      }
      return b;
    };
    const seeds = [1, 2, 3, 4, 5, 6, 7];
    const evo = median(seeds.map((s) => best(() => new EvolutionSampler(), s)));
    const rnd = median(seeds.map((s) => best(() => new RandomSampler(), s)));
    assert.ok(evo < 0.8 * rnd, `evolution ${evo} vs random ${rnd}`);
  });

  it("is deterministic: same seed, same proposals", () => {
    const run = (seed: number) => {
      const st = new Study({
        name: "e",
        space: arch,
        direction: "maximize",
        algorithm: "evolution",
        seed,
        sampler: new EvolutionSampler(),
      });
      const out: Params[] = [];
      for (let i = 0; i < 40; i++) {
        const t = st.ask()!;
        out.push(t.params);
        st.tell(t.number, (t.params.layers as number) + (t.params.bn ? 1 : 0));
      }
      return out;
    };
    assert.deepEqual(run(3), run(3));
    assert.notDeepEqual(run(3), run(4));
  });
});
