// The REINFORCE controller: reproducible (same seed ⇒ same proposals), resumable (a fresh sampler rebuilt from the
// history proposes what the incrementally trained one does), and it learns (the policy moves to rewarded options,
// list lengths included).
import { strict as assert } from "node:assert";
import { Rng } from "../../src/core/rng";
import { RlSampler } from "../../src/core/samplers/rl";
import { structured } from "../../src/core/samplers/structured";
import { space, spaceFromObject } from "../../src/core/space";
import { Study } from "../../src/core/study";
import type { Params, Trial } from "../../src/core/types";

const sp = spaceFromObject({
  units: space.list(space.int(32, 256, { step: 32 }), { min: 1, max: 4 }),
  op: space.choice(["conv3", "conv1", "pool", "skip"]),
  lr: space.float(1e-4, 1e-1, { log: true }),
});

/** Rewards 3-layer nets of wide layers with conv3. */
function reward(p: Params): number {
  const u = p.units as number[];
  return -Math.abs(u.length - 3) + u.reduce((a, b) => a + b, 0) / 768 + (p.op === "conv3" ? 1 : 0);
}

function drive(seed: number, n: number): Params[] {
  const st = new Study({
    name: "rl",
    space: sp,
    direction: "maximize",
    algorithm: "rl",
    seed,
    sampler: new RlSampler(),
  });
  const out: Params[] = [];
  for (let i = 0; i < n; i++) {
    const t = st.ask()!;
    out.push(t.params);
    st.tell(t.number, reward(t.params));
  }
  return out;
}

describe("rl (REINFORCE controller)", () => {
  it("same seed ⇒ same proposals; another seed ⇒ others", () => {
    const a = drive(7, 40);
    assert.deepEqual(drive(7, 40), a);
    assert.notDeepEqual(drive(8, 40), a);
  });
  it("a fresh sampler rebuilt from the history proposes exactly what the trained one does (resume)", () => {
    const trials: Trial[] = [];
    const live = structured(new RlSampler());
    for (let i = 0; i < 50; i++) {
      const ctx = { space: sp, direction: "maximize" as const, trials, number: i, rng: Rng.derive(3, "trial", i) };
      const p = live.sample(ctx) as Params;
      assert.deepEqual(structured(new RlSampler()).sample({ ...ctx, rng: Rng.derive(3, "trial", i) }), p);
      trials.push({ number: i, state: "complete", params: p, value: reward(p), intermediate: [] });
    }
  });
  it("learns: rewarded ops and list lengths become likely", () => {
    const ps = drive(1, 150);
    const late = ps.slice(100);
    const share = (f: (p: Params) => boolean, xs: Params[]) => xs.filter(f).length / xs.length;
    assert.ok(share((p) => p.op === "conv3", late) > 0.6, `conv3 ${share((p) => p.op === "conv3", late)}`);
    const three = (p: Params) => (p.units as number[]).length === 3;
    assert.ok(share(three, late) > share(three, ps.slice(0, 30)) + 0.2, "length 3 not learned");
  });
  it("suggests fast: median ask under 5 ms at 200 trials", () => {
    const st = new Study({
      name: "rl",
      space: sp,
      direction: "maximize",
      algorithm: "rl",
      seed: 2,
      sampler: new RlSampler(),
    });
    const ms: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const t = st.ask()!;
      ms.push(performance.now() - t0);
      st.tell(t.number, reward(t.params));
    }
    ms.sort((a, b) => a - b);
    assert.ok(ms[100] < 5, `median ${ms[100].toFixed(2)} ms`);
  });
});
