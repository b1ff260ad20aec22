// What the posterior cap costs in model quality: on Hartmann-6 histories of 1000 trials shaped like a Bayesian
// optimization run (4 in 5 random, 1 in 5 around the optimum), the GP is built as bayes builds it (warped outputs,
// hyperparameters fitted on ≤ 120 rows) with the posterior capped at N rows, and scored on held-out points near the
// optimum, where EI decides: Spearman rank correlation of the posterior mean with the truth, and the true regret
// of the held-out point the mean ranks best. N = 1000 is the uncapped model.
// Run: npx tsx bench/latency/cap.ts [--caps 300,400,600,1000] [--seeds 3]
import { performance } from "node:perf_hooks";
import { FUNCTIONS } from "../functions/functions";
import { Rng } from "../../src/core/rng";
import { Encoder } from "../../src/core/samplers/bayes/encoding";
import { predict } from "../../src/core/samplers/bayes/gp";
import { buildModel } from "../../src/core/samplers/bayes/model";
import { warpOutputs } from "../../src/core/samplers/bayes/warp";
import type { Space } from "../../src/core/space";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const CAPS = arg("caps", "300,400,600,1000").split(",").map(Number);
const SEEDS = Number(arg("seeds", "3"));
const N = 1000;
const D = 6;

// The benchmark suite's Hartmann-6 (bench/functions), unshifted.
const H6 = FUNCTIONS.hartmann6;
const hartmann6 = (x: ArrayLike<number>) => H6.f(Array.from(x));
const XOPT = H6.xStar;
const FOPT = H6.fStar;

const clip = (v: number) => Math.min(1, Math.max(0, v));
const near = (rng: Rng, scale: number) => XOPT.map((c) => clip(c + scale * rng.normal()));

function ranks(v: number[]): number[] {
  const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Array<number>(v.length);
  idx.forEach((i, k) => (r[i] = k));
  return r;
}
function spearman(a: number[], b: number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (ra[i] - rb[i]) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

const space: Space = {
  params: Array.from({ length: D }, (_, i) => ({ name: `x${i}`, kind: "float" as const, lo: 0, hi: 1, log: false })),
};
const enc = new Encoder(space);
const rows: string[] = [];
for (const cap of CAPS) {
  let rho = 0;
  let regret = 0;
  let ms = 0;
  for (let s = 0; s < SEEDS; s++) {
    const rng = new Rng(`cap/${s}`);
    const X = new Float64Array(N * D);
    for (let i = 0; i < N; i++) X.set(i % 5 === 0 ? near(rng, 0.15) : XOPT.map(() => rng.random()), i * D);
    const y = Array.from({ length: N }, (_, i) => hartmann6(X.subarray(i * D, (i + 1) * D)));
    const test = Array.from({ length: 400 }, () => near(rng, 0.03));
    const truth = test.map(hartmann6);
    const t0 = performance.now();
    const m = buildModel(enc, X, warpOutputs(y).values, new Float64Array(0), new Rng(`fit/${s}`), {
      maxPoints: cap,
      maxFitPoints: 120,
      restarts: 2,
      maxIter: 80,
    });
    const mean = test.map((x) => predict(m.post, x).mean);
    ms += performance.now() - t0;
    rho += spearman(mean, truth) / SEEDS;
    const pick = mean.indexOf(Math.min(...mean));
    regret += (truth[pick] - FOPT) / SEEDS;
  }
  rows.push(`| ${cap} | ${rho.toFixed(3)} | ${regret.toExponential(2)} | ${(ms / SEEDS).toFixed(0)} ms |`);
  console.error(rows[rows.length - 1]);
}
console.log(
  [
    "| posterior cap N | Spearman ρ near the optimum | regret of the mean's pick | build + 400 predictions |",
    "|---|---|---|---|",
    ...rows,
  ].join("\n"),
);
