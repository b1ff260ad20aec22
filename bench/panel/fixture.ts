// A realistic study for the panel bench: six parameters (log float, int, stepped int, float, two choices), mostly
// complete trials with 20-step learning curves, some pruned early, a few failed, a few running. Seeded.
import { Rng } from "../../src/core/rng";
import type { ParamColumn, StudyView, TrialRow } from "../../src/protocol/messages";

export const PARAMS: ParamColumn[] = [
  { name: "lr", kind: "float", lo: 1e-5, hi: 1e-1, log: true, spec: "loguniform(1e-5, 1e-1)" },
  { name: "layers", kind: "int", lo: 1, hi: 4, spec: "int(1, 4)" },
  { name: "units", kind: "int", lo: 32, hi: 512, spec: "int(32, 512, step=32)" },
  { name: "dropout", kind: "float", lo: 0, hi: 0.5, spec: "uniform(0, 0.5)" },
  { name: "optimizer", kind: "choice", values: ["adam", "sgd", "rmsprop"], spec: "choice(adam, sgd, rmsprop)" },
  { name: "batch_size", kind: "choice", values: [32, 64, 128, 256], spec: "choice(32, 64, 128, 256)" },
];
const STEPS = 20;
const T0 = Date.UTC(2026, 0, 1);

export function sampleParams(rng: Rng): TrialRow["params"] {
  return {
    lr: 10 ** rng.uniform(-5, -1),
    layers: 1 + rng.int(4),
    units: 32 * (1 + rng.int(16)),
    dropout: rng.uniform(0, 0.5),
    optimizer: ["adam", "sgd", "rmsprop"][rng.int(3)],
    batch_size: [32, 64, 128, 256][rng.int(4)],
  };
}

/** Final accuracy the trial heads for: best near lr = 1e-3 with adam, a little from units and dropout. */
function ceiling(p: TrialRow["params"]): number {
  const lr = Math.log10(p.lr as number);
  return (
    0.97 -
    0.06 * (lr + 3) ** 2 -
    (p.optimizer === "sgd" ? 0.05 : 0) +
    (0.01 * Math.log2((p.units as number) / 32)) / 4 -
    0.05 * Math.abs((p.dropout as number) - 0.2)
  );
}

export function curveAt(p: TrialRow["params"], step: number, rng: Rng): number {
  const c = Math.max(0.1, ceiling(p));
  return Math.min(0.999, c * (1 - Math.exp(-step / 4)) + 0.005 * rng.normal());
}

export function makeTrial(number: number, rng: Rng, state: TrialRow["state"]): TrialRow {
  const params = sampleParams(rng);
  const started = T0 + number * 30_000;
  const steps =
    state === "pruned" ? 1 + rng.int(6) : state === "running" ? 1 + rng.int(STEPS - 1) : state === "failed" ? 0 : STEPS;
  const intermediate: [number, number][] = [];
  for (let s = 1; s <= steps; s++) intermediate.push([s, curveAt(params, s, rng)]);
  const row: TrialRow = { number, state, params, intermediate, startedAt: started, backend: "tensorflow (wasm)" };
  if (number % 4 === 0) row.gpu = String(number % 2);
  if (state === "running") return row;
  row.finishedAt = started + (steps + 1) * 1400 + rng.int(900);
  row.durationS = (row.finishedAt - started) / 1000;
  if (state === "failed") row.error = "RuntimeError: CUDA out of memory\ntrain.py:42: loss = model(x)";
  else row.value = intermediate[intermediate.length - 1][1];
  return row;
}

export function makeStudy(n: number, seed = 7): StudyView {
  const rng = new Rng(seed);
  const trials: TrialRow[] = [];
  for (let i = 0; i < n; i++) {
    const u = rng.random();
    const state: TrialRow["state"] = i >= n - 4 ? "running" : u < 0.12 ? "pruned" : u < 0.16 ? "failed" : "complete";
    trials.push(makeTrial(i, rng, state));
  }
  let best: StudyView["best"];
  for (const t of trials)
    if (t.state === "complete" && t.value !== undefined && (!best || t.value > best.value))
      best = { number: t.number, value: t.value, params: t.params };
  return {
    name: "examples/mnist-mlp/train.ts",
    file: "examples/mnist-mlp/train.ts",
    direction: "maximize",
    metric: "val_accuracy",
    algorithm: "tpe",
    params: PARAMS,
    trials,
    ...(best ? { best } : {}),
    running: true,
    target: n + 200,
    warnings: [],
  };
}
