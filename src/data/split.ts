// The validation split (docs/model-search.md#the-validation-split): a seeded, stratified hold-out. Every class keeps
// the same share in both parts (a class of one example stays in training); the same labels and seed always give the
// same split, so every trial of a study validates on the same rows.
import { Rng } from "../core/rng";

export interface Split {
  train: number[];
  val: number[];
}

/** Holds out `fraction` of each label's examples (regression: pass one label for all, or binned values). */
export function stratifiedSplit(labels: readonly string[], fraction: number, seed: number): Split {
  const groups = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const g = groups.get(l);
    if (g) g.push(i);
    else groups.set(l, [i]);
  });
  const rng = Rng.derive(seed, "validation-split");
  const train: number[] = [];
  const val: number[] = [];
  for (const key of [...groups.keys()].sort()) {
    const idx = shuffled(groups.get(key)!, rng);
    const n = idx.length < 2 ? 0 : Math.max(1, Math.round(idx.length * fraction));
    val.push(...idx.slice(0, n));
    train.push(...idx.slice(n));
  }
  return { train: train.sort((a, b) => a - b), val: val.sort((a, b) => a - b) };
}

/** Regression targets stratified by quantile: `bins` groups of neighbouring values. */
export function quantileLabels(values: readonly number[], bins = 5): string[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<string>(values.length);
  order.forEach(([, i], rank) => (out[i] = String(Math.floor((rank * bins) / values.length))));
  return out;
}

function shuffled(xs: number[], rng: Rng): number[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
