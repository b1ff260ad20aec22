import { strict as assert } from "node:assert";
import {
  cardinality,
  fromUnit,
  outsideSpace,
  paramsFromUnit,
  space,
  spaceFromObject,
  toUnit,
  validateSpace,
} from "../../src/core/space";
import { Rng } from "../../src/core/rng";

describe("space transform", () => {
  it("maps log floats to the right scale and back", () => {
    const p = { name: "lr", ...space.float(1e-5, 1e-1, { log: true }) };
    assert.ok(Math.abs((fromUnit(p, 0.5) as number) - 1e-3) < 1e-12);
    assert.ok(Math.abs(toUnit(p, 1e-3) - 0.5) < 1e-12);
  });
  it("gives every stepped int value an equal share of the cube", () => {
    const p = { name: "u", ...space.int(32, 512, { step: 32 }) };
    assert.equal(cardinality(p), 16);
    const counts = new Map<unknown, number>();
    for (let i = 0; i < 1600; i++) {
      const v = fromUnit(p, (i + 0.5) / 1600);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    assert.equal(counts.size, 16);
    for (const c of counts.values()) assert.equal(c, 100);
    for (const v of counts.keys()) assert.equal(fromUnit(p, toUnit(p, v as number)), v);
  });
  it("cleans float steps", () => {
    const p = { name: "d", ...space.float(0, 0.5, { step: 0.1 }) };
    assert.deepEqual(
      [0, 0.2, 0.4, 0.7, 0.99].map((u) => fromUnit(p, u)),
      [0, 0.1, 0.2, 0.4, 0.5],
    );
  });
  it("drops inactive conditional parameters", () => {
    const s = spaceFromObject({
      n: space.int(1, 3),
      u2: { ...space.int(8, 64), condition: { parent: "n", op: ">=", value: 2 } },
    });
    assert.deepEqual(paramsFromUnit(s, [0, 0.5]), { n: 1 });
    assert.deepEqual(Object.keys(paramsFromUnit(s, [0.9, 0.5])), ["n", "u2"]);
    assert.equal(outsideSpace(s, { n: 1 }), undefined);
    assert.match(outsideSpace(s, { n: 1, u2: 9 })!, /condition does not hold/);
    assert.match(outsideSpace(s, { n: 9 })!, /outside/);
  });
  it("reports every problem with a fix", () => {
    const probs = validateSpace({
      params: [
        { name: "a", ...space.float(1, 0) },
        { name: "b", ...space.float(0, 1, { log: true }) },
        { name: "c", ...space.int(0, 10, { step: 3 }) },
        { name: "a", ...space.bool() },
        { name: "d", ...space.bool(), condition: { parent: "zz", op: "==", value: 1 } },
      ],
    });
    assert.equal(probs.length, 5);
    assert.match(probs.join("\n"), /swap/);
    assert.match(probs.join("\n"), /lo > 0/);
  });
});

describe("rng", () => {
  it("is reproducible and serializable", () => {
    const a = new Rng(42),
      b = new Rng(42);
    const xs = Array.from({ length: 5 }, () => a.random());
    assert.deepEqual(
      xs,
      Array.from({ length: 5 }, () => b.random()),
    );
    const saved = a.state();
    const next = a.random();
    assert.equal(Rng.fromState(saved).random(), next);
    assert.notEqual(new Rng(43).random(), new Rng(42).random());
  });
});
