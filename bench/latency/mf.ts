// A multi-fidelity history for the latency bench, shaped like an ASHA run on LCBench: LCBench's 7 hyperparameters
// (3 ints, 4 floats, 4 of them on a log scale), trials that report every epoch up to 52 and are stopped at the rungs
// 2, 6, 18 (η = 3) so that 2/3 stop at epoch 2, 2/9 at 6, 2/27 at 18 and 1/27 complete all 52 epochs. That is the
// case where bayes models every trial (BOHB's rule: observed at the top step, the stopped ones imputed below it).
import { Rng } from "../../src/core/rng";
import { unitFromParams, type Space } from "../../src/core/space";
import type { Params, Trial } from "../../src/core/types";

export const MF_SPACE: Space = {
  params: [
    { name: "batch_size", kind: "int", lo: 16, hi: 512, log: true },
    { name: "learning_rate", kind: "float", lo: 1e-4, hi: 1e-1, log: true },
    { name: "momentum", kind: "float", lo: 0.1, hi: 0.99, log: false },
    { name: "weight_decay", kind: "float", lo: 1e-5, hi: 1e-1, log: true },
    { name: "num_layers", kind: "int", lo: 1, hi: 5, log: false },
    { name: "max_units", kind: "int", lo: 64, hi: 1024, log: true },
    { name: "max_dropout", kind: "float", lo: 0, hi: 1, log: false },
  ],
  budget: { name: "epochs", min: 1, max: 52 },
};

const RUNGS = [2, 6, 18, 52];

/** A smooth loss over the unit cube that falls with the epoch (minimized). */
function loss(u: number[], epoch: number): number {
  let g = 0;
  const centre = [0.4, 0.6, 0.7, 0.2, 0.5, 0.6, 0.3];
  u.forEach((v, i) => (g += (1 + i / 3) * (v - centre[i]) ** 2));
  return g + Math.sin(5 * u[0]) * 0.05 + (0.5 * (1 + u[1])) / Math.sqrt(epoch);
}

/** The trial `number` with `params`, run epoch by epoch and stopped at a rung drawn from the ASHA shares. */
export function mfTrial(number: number, params: Params, rng: Rng): Trial {
  const u = unitFromParams(MF_SPACE, params);
  const r = rng.random();
  const stop = r < 2 / 3 ? RUNGS[0] : r < 8 / 9 ? RUNGS[1] : r < 26 / 27 ? RUNGS[2] : RUNGS[3];
  const intermediate: [number, number][] = [];
  for (let e = 1; e <= stop; e++) intermediate.push([e, loss(u, e)]);
  const value = intermediate[intermediate.length - 1][1];
  return { number, state: stop === RUNGS[3] ? "complete" : "pruned", params, value, intermediate };
}

export function mfHistory(n: number): Trial[] {
  const rng = new Rng(`latency-mf/${n}`);
  return Array.from({ length: n }, (_, i) => {
    const params: Params = {};
    for (const q of MF_SPACE.params) {
      if (q.kind !== "int" && q.kind !== "float") continue;
      const v = q.log
        ? Math.exp(Math.log(q.lo) + rng.random() * (Math.log(q.hi) - Math.log(q.lo)))
        : q.lo + rng.random() * (q.hi - q.lo);
      params[q.name] = q.kind === "int" ? Math.min(q.hi, Math.max(q.lo, Math.round(v))) : v;
    }
    return mfTrial(i, params, rng);
  });
}
