// Segment algorithms on a space with list(...) parameters (an architecture: `attune auto`'s `units`): new configs are
// sampled through sampleStructured like every other ask, so freeze-thaw and PBT propose lists, not a crash.
import { strict as assert } from "node:assert";
import { createStudy, space } from "../../src/index";

const sp = {
  units: space.list(space.int(8, 256, { log: true }), { min: 1, max: 3 }),
  lr: space.float(1e-4, 1e-1, { log: true }),
};

for (const algorithm of ["freeze-thaw", "pbt"])
  describe(`${algorithm} on a space with a list`, () => {
    it("proposes lists of the allowed lengths and trains in segments", () => {
      const study = createStudy({ space: sp, direction: "maximize", algorithm, budget: { min: 1, max: 9 }, seed: 3 });
      for (let i = 0; i < 30; i++) {
        const job = study.ask();
        if (!job) break;
        const units = job.params.units as number[];
        assert.ok(Array.isArray(units) && units.length >= 1 && units.length <= 3, JSON.stringify(job.params));
        const quality = units.reduce((a, u) => a + Math.log(u), 0) / units.length;
        for (let s = job.from! + 1; s <= job.to!; s++) study.report(job.number, s, quality - 1 / s);
        study.tell(job.number, quality - 1 / job.to!);
      }
      assert.ok(study.trials().length >= 5);
    });
  });
