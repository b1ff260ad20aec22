// Network growth between a parent and a child (core/growth.ts, docs/algorithms.md#architectures): what counts as a
// wider layer or one more layer, evolution's growth children and the attributes the study records on them, their
// lineage text (the runner's side: growth-runner.test.ts).
import { strict as assert } from "node:assert";
import { growthOf, growthText, type Growth } from "../../src/core/growth";
import { lineageText } from "../../src/core/lineage";
import { EvolutionSampler } from "../../src/core/samplers/evolution";
import { space, spaceFromObject, type Space } from "../../src/core/space";
import { Study } from "../../src/core/study";
import { createStudy } from "../../src/index";
import type { Params, Trial } from "../../src/core/types";

const nas = spaceFromObject({
  units: space.list(space.int(16, 256, { step: 16 }), { min: 1, max: 4 }),
  filters: space.list(space.choice([8, 16, 32]), { min: 2, max: 2 }),
  rates: space.list(space.float(0, 0.5), { min: 1, max: 2 }),
  lr: space.float(1e-4, 1e-1, { log: true }),
});

const pbtSpace = spaceFromObject({
  units: space.list(space.int(8, 256, { log: true }), { min: 1, max: 3 }),
  lr: space.float(1e-4, 1e-1, { log: true }),
});

const parent: Params = { units: [64, 32], filters: [8, 16], rates: [0.1], lr: 0.01 };
const grown = (change: Params) => growthOf(nas, parent, { ...parent, ...change });

/** A study driven for n asks with a deterministic objective. */
function drive(sp: Space, seed: number, n: number, sampler = new EvolutionSampler({ populationSize: 8 })): Trial[] {
  const st = new Study({ name: "g", space: sp, direction: "minimize", algorithm: "evolution", seed, sampler });
  for (let i = 0; i < n; i++) {
    const t = st.ask()!;
    const units = (t.params.units as number[] | undefined) ?? [];
    st.tell(
      t.number,
      Math.abs(units.reduce((a, u) => a + u, 0) - 200) + Math.abs(Math.log10(t.params.lr as number) + 2),
    );
  }
  return st.trials();
}

describe("network growth (core/growth.ts)", () => {
  it("a wider element, or one element more at least as wide as the one it follows, is growth", () => {
    assert.deepEqual(grown({ units: [64, 48] }), { param: "units", op: "widen", index: 1, from: 32, to: 48 });
    assert.deepEqual(grown({ filters: [16, 16] }), { param: "filters", op: "widen", index: 0, from: 8, to: 16 });
    assert.deepEqual(grown({ units: [64, 64, 32] }), { param: "units", op: "deepen", index: 1, to: 64 });
    assert.deepEqual(grown({ units: [64, 32, 32] }), { param: "units", op: "deepen", index: 2, to: 32 });
    assert.deepEqual(grown({ units: [64, 80, 32] }), { param: "units", op: "deepen", index: 1, to: 80 });
    // A new first layer: a copy of the old first after it, then the first widened (attune-inherit.cjs).
    assert.deepEqual(grown({ units: [96, 64, 32] }), { param: "units", op: "deepen", index: 0, to: 96 });
  });

  it("anything else is not: a narrower, removed or too narrow new element, two changes, other params, float lists", () => {
    assert.equal(grown({ units: [64, 16] }), undefined);
    assert.equal(grown({ units: [64] }), undefined);
    assert.equal(grown({ units: [64, 16, 32] }), undefined);
    assert.equal(grown({ units: [80, 48] }), undefined);
    assert.equal(grown({ units: [64, 48], lr: 0.02 }), undefined);
    assert.equal(grown({ units: [64, 48], filters: [16, 16] }), undefined);
    assert.equal(grown({ rates: [0.2] }), undefined, "a dropout rate is not a width");
    assert.equal(grown({}), undefined, "the same params are no growth");
    const { lr: _, ...noLr } = parent;
    assert.equal(growthOf(nas, parent, { ...noLr, units: [64, 48] }), undefined);
  });

  it("says what grew", () => {
    assert.equal(growthText({ param: "filters", op: "widen", index: 1, from: 32, to: 64 }), "widened filters[1] 32→64");
    assert.equal(growthText({ param: "units", op: "deepen", index: 2, to: 64 }), "added units[2] = 64");
  });

  it("evolution grows lists and the study records inheritedFrom and the growth on exactly those children", () => {
    const trials = drive(nas, 4, 60);
    const children = trials.filter((t) => t.attrs?.inheritedFrom !== undefined);
    assert.ok(children.length >= 10, `${children.length} grown children in 52 asks after the population`);
    const ops = new Set<string>();
    for (const c of children) {
      const from = trials[c.attrs!.inheritedFrom as number];
      assert.ok(from.number < c.number && from.number >= c.number - 8, `#${c.number} from #${from.number}`);
      const g = growthOf(nas, from.params, c.params);
      assert.deepEqual(c.attrs!.growth, g);
      ops.add((g as Growth).op);
    }
    assert.deepEqual([...ops].sort(), ["deepen", "widen"]);
    // The random population before it has no parents.
    assert.ok(trials.slice(0, 8).every((t) => t.attrs === undefined || !("inheritedFrom" in t.attrs)));
  });

  it("keeps its population's checkpoints in a space with lists (parents of grown children), none otherwise", () => {
    const trials = drive(nas, 5, 12);
    const sampler = new EvolutionSampler({ populationSize: 8 });
    assert.deepEqual(sampler.possibleParents(nas, trials), [4, 5, 6, 7, 8, 9, 10, 11]);
    const flat = spaceFromObject({ w: space.int(16, 256, { step: 16 }) });
    assert.deepEqual(sampler.possibleParents(flat, trials), []);
  });

  it("is deterministic, and a space without lists has no grown children", () => {
    const params = (ts: Trial[]) => ts.map((t) => [t.params, t.attrs ?? null]);
    assert.deepEqual(params(drive(nas, 6, 30)), params(drive(nas, 6, 30)));
    const flat = spaceFromObject({ w: space.int(16, 256, { step: 16 }), lr: space.float(1e-4, 1e-1, { log: true }) });
    assert.ok(drive(flat, 6, 40).every((t) => t.attrs === undefined));
  });

  it("PBT: some children of a leader also grow one list; the rest of the child is the perturbed leader", () => {
    const study = createStudy({
      space: pbtSpace,
      direction: "maximize",
      algorithm: "pbt",
      budget: { min: 1, max: 16 },
      seed: 2,
    });
    for (let i = 0; i < 80; i++) {
      const job = study.ask();
      if (!job) break;
      const units = job.params.units as number[];
      const quality = units.reduce((a, u) => a + Math.log(u), 0) / units.length;
      for (let s = job.from! + 1; s <= job.to!; s++) study.report(job.number, s, quality - 1 / s);
      study.tell(job.number, quality - 1 / job.to!);
    }
    const trials = study.trials();
    const grownChildren = trials.filter((t) => t.attrs?.inheritedFrom !== undefined);
    assert.ok(grownChildren.length > 0, "no PBT child grew");
    for (const c of grownChildren) {
      const g = c.attrs!.growth as Growth;
      const leader = trials[c.attrs!.inheritedFrom as number];
      assert.equal(c.attrs!.parent, leader.number);
      assert.equal(c.attrs!.resumeFrom, leader.number);
      assert.deepEqual(growthOf(pbtSpace, { ...c.params, [g.param]: leader.params[g.param] }, c.params), g);
      assert.match(lineageText(c), /^inherited from #\d+ @ step \d+ \((widened|added) units\[\d\]/);
    }
  });

  it("a grown child's lineage names its parent and the growth, and whether it started from the parent's weights", () => {
    const growth: Growth = { param: "filters", op: "widen", index: 1, from: 32, to: 64 };
    const t: Trial = {
      number: 9,
      state: "complete",
      params: {},
      intermediate: [],
      attrs: { inheritedFrom: 4, growth },
    };
    // Before the preload says so (or for a script that never reads ATTUNE_INHERIT_FROM): it grew, nothing more known.
    assert.equal(lineageText(t), "grew from #4 (widened filters[1] 32→64)");
    assert.equal(
      lineageText({ ...t, attrs: { ...t.attrs, inherited: true } }),
      "inherited from #4 (widened filters[1] 32→64)",
    );
    t.attrs = { ...t.attrs, inherited: false };
    assert.equal(lineageText(t), "grew from #4 (widened filters[1] 32→64; trained from scratch)");
    assert.equal(lineageText({ ...t, attrs: { baseline: true } }), "");
  });
});
