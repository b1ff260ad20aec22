// The preprocessing of a table, fitted on the training rows and saved beside the model as preprocessing.json
// (docs/model-search.md#model): numeric columns standardized (a missing value becomes the mean), categories one-hot
// or as indices for an embedding, the target's classes or its scale. `attune predict` applies the same to new rows.
import type { Table } from "./csv";
import type { TableProfile, Task } from "./profile";

export type Encoding = "onehot" | "embedding";

export interface TablePreprocessing {
  kind: "table";
  task: Task;
  target: string;
  encoding: Encoding;
  numeric: { name: string; mean: number; std: number }[];
  categorical: { name: string; vocabulary: string[] }[];
  /** Classification: class labels in output order. */
  classes?: string[];
  /** Regression: the target is standardized for training; predictions are scaled back. */
  targetScale?: { mean: number; std: number };
}

export function fitTablePreprocessing(
  t: Table,
  p: TableProfile,
  rows: readonly number[],
  encoding: Encoding,
): TablePreprocessing {
  const col = (i: number) => rows.map((r) => t.rows[r][i]);
  const numeric = p.features
    .filter((f) => f.kind === "numeric")
    .map((f) => ({
      name: f.name,
      ...meanStd(
        col(f.index)
          .filter((v) => v !== "")
          .map(Number),
      ),
    }));
  const categorical = p.features
    .filter((f) => f.kind === "category")
    .map((f) => ({ name: f.name, vocabulary: [...new Set(col(f.index))].sort() }));
  const base = { kind: "table" as const, task: p.task, target: p.target.name, encoding, numeric, categorical };
  if (p.task === "classification") return { ...base, classes: p.classes! };
  return { ...base, targetScale: meanStd(col(p.target.index).map(Number)) };
}

function meanStd(xs: number[]): { mean: number; std: number } {
  if (!xs.length) return { mean: 0, std: 1 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(v) || 1 };
}

/** One model input: its name, the width of a row, and the rows' values. */
export interface EncodedInput {
  name: string;
  width: number;
  /** Embedding inputs (one category column, one-hot): its vocabulary's size. */
  vocabulary?: number;
  data: Float32Array;
}

export interface Unseen {
  column: string;
  value: string;
  rows: number;
}

/** The model's inputs for `rows` of a table with these columns (any order; a target column is ignored). */
export function encodeTable(
  prep: TablePreprocessing,
  columns: readonly string[],
  rows: readonly (readonly string[])[],
): { inputs: EncodedInput[]; unseen: Unseen[] } {
  const at = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`no column "${name}"`);
    return i;
  };
  const num = prep.numeric.map((c) => ({ ...c, i: at(c.name) }));
  const cats = prep.categorical.map((c) => ({
    ...c,
    i: at(c.name),
    index: new Map(c.vocabulary.map((v, k) => [v, k])),
  }));
  const unseen = new Map<string, Unseen>();
  const lookup = (c: (typeof cats)[number], v: string): number => {
    const k = c.index.get(v);
    if (k !== undefined) return k;
    const key = `${c.name}\u0000${v}`;
    const u = unseen.get(key) ?? { column: c.name, value: v, rows: 0 };
    u.rows++;
    unseen.set(key, u);
    return -1;
  };
  const scaled = (c: (typeof num)[number], v: string) =>
    v === "" || !Number.isFinite(Number(v)) ? 0 : (Number(v) - c.mean) / c.std;
  const inputs =
    prep.encoding === "onehot"
      ? [oneHotInput(rows, num, cats, scaled, lookup)]
      : embeddingInputs(rows, num, cats, scaled, lookup);
  return { inputs, unseen: [...unseen.values()] };
}

type Num = { i: number; mean: number; std: number };
type Cat = { name: string; i: number; vocabulary: string[] };

function oneHotInput<N extends Num, C extends Cat>(
  rows: readonly (readonly string[])[],
  num: N[],
  cats: C[],
  scaled: (c: N, v: string) => number,
  lookup: (c: C, v: string) => number,
): EncodedInput {
  const width = num.length + cats.reduce((a, c) => a + c.vocabulary.length, 0);
  const data = new Float32Array(rows.length * width);
  rows.forEach((r, n) => {
    let o = n * width;
    for (const c of num) data[o++] = scaled(c, r[c.i]);
    for (const c of cats) {
      const k = lookup(c, r[c.i]);
      if (k >= 0) data[o + k] = 1; // unseen: all zeros
      o += c.vocabulary.length;
    }
  });
  return { name: "features", width, data };
}

function embeddingInputs<N extends Num, C extends Cat>(
  rows: readonly (readonly string[])[],
  num: N[],
  cats: C[],
  scaled: (c: N, v: string) => number,
  lookup: (c: C, v: string) => number,
): EncodedInput[] {
  const out: EncodedInput[] = [];
  if (num.length) {
    const data = new Float32Array(rows.length * num.length);
    rows.forEach((r, n) => num.forEach((c, j) => (data[n * num.length + j] = scaled(c, r[c.i]))));
    out.push({ name: "numeric", width: num.length, data });
  }
  for (const c of cats) {
    // Each category column is an input of its own, one-hot (unseen: all zeros), which the model projects to a small
    // learned vector (an embedding written as a bias-free dense layer: TF.js's wasm backend can train that).
    const width = c.vocabulary.length;
    const data = new Float32Array(rows.length * width);
    rows.forEach((r, n) => {
      const k = lookup(c, r[c.i]);
      if (k >= 0) data[n * width + k] = 1;
    });
    out.push({ name: `category_${out.length}`, width, vocabulary: width, data });
  }
  return out;
}

/** Training targets: one-hot classes, or the standardized value. Rows with no target must have been dropped. */
export function encodeTarget(
  prep: TablePreprocessing,
  values: readonly string[],
): { width: number; data: Float32Array } {
  if (prep.classes) {
    const width = prep.classes.length;
    const index = new Map(prep.classes.map((c, k) => [c, k]));
    const data = new Float32Array(values.length * width);
    values.forEach((v, n) => {
      const k = index.get(v);
      if (k !== undefined) data[n * width + k] = 1;
    });
    return { width, data };
  }
  const s = prep.targetScale!;
  return { width: 1, data: Float32Array.from(values, (v) => (Number(v) - s.mean) / s.std) };
}
