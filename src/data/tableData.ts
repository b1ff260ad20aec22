// A CSV file as a training script needs it (docs/model-search.md#tables): read, profiled, split, preprocessed on the
// training rows, and turned into tensors. `final` trains on every row (the validation rows are still reported).
import { readCsv } from "./csv";
import {
  fitTablePreprocessing,
  encodeTable,
  encodeTarget,
  type Encoding,
  type TablePreprocessing,
} from "./preprocessing";
import { profileTable, type Task } from "./profile";
import { quantileLabels, stratifiedSplit } from "./split";
import type { Part, TfLike, TfTensor } from "./tfTypes";

export interface TableOptions {
  target: string;
  task: Task;
  encoding: Encoding;
  /** Share of rows held out for validation, per class. */
  validation: number;
  seed: number;
  final?: boolean;
}

export interface LoadedData {
  train: Part;
  val: Part;
  /** The model's inputs in order (an embedding input has a vocabulary). */
  inputs: { name: string; width: number; vocabulary?: number }[];
  /** Output units: the number of classes, or 1. */
  outputs: number;
  preprocessing: object;
  /** One line saying what was loaded. */
  summary: string;
}

export function loadTable(tf: TfLike, file: string, o: TableOptions): LoadedData {
  const table = readCsv(file);
  const profile = profileTable(table, { target: o.target, task: o.task });
  const t = profile.target.index;
  // Rows without a target value cannot be learned from.
  const rows = table.rows.filter((r) => r[t] !== "");
  const dropped = table.rows.length - rows.length;
  const labels = o.task === "classification" ? rows.map((r) => r[t]) : quantileLabels(rows.map((r) => Number(r[t])));
  const split = stratifiedSplit(labels, o.validation, o.seed);
  const fitRows = o.final ? rows.map((_, i) => i) : split.train;
  const prep = fitTablePreprocessing({ ...table, rows }, profile, fitRows, o.encoding);
  const part = (idx: number[]) =>
    tablePart(
      tf,
      prep,
      table.columns,
      idx.map((i) => rows[i]),
      t,
    );
  const inputs = encodeTable(prep, table.columns, rows.slice(0, 1)).inputs.map(({ name, width, vocabulary }) => ({
    name,
    width,
    ...(vocabulary ? { vocabulary } : {}),
  }));
  return {
    train: part(fitRows),
    val: part(split.val),
    inputs,
    outputs: prep.classes?.length ?? 1,
    preprocessing: prep,
    summary:
      `${file}: ${rows.length} rows (${fitRows.length} to train, ${split.val.length} to validate` +
      `${o.final ? ", also trained on" : ""})` +
      (dropped ? `; ${dropped} rows without a ${o.target} value skipped` : "") +
      (table.skipped ? `; ${table.skipped} empty rows skipped` : ""),
  };
}

function tablePart(tf: TfLike, prep: TablePreprocessing, columns: string[], rows: string[][], target: number): Part {
  const { inputs } = encodeTable(prep, columns, rows);
  const xs: TfTensor[] = inputs.map((i) => tf.tensor2d(i.data, [rows.length, i.width]));
  const y = encodeTarget(
    prep,
    rows.map((r) => r[target]),
  );
  return { x: xs.length === 1 ? xs[0] : xs, y: tf.tensor2d(y.data, [rows.length, y.width]), rows: rows.length };
}
