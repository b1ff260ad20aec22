// What a table holds (docs/model-search.md#tables): each column numeric or a category, the target column and whether
// predicting it is classification (its classes) or regression. Pure: it reads a parsed Table, no files.
import { isNumber, type Table } from "./csv";
import { DataError } from "./errors";

export type Task = "classification" | "regression";

export interface ColumnProfile {
  name: string;
  /** Its index in the table's columns. */
  index: number;
  kind: "numeric" | "category";
  /** Empty cells. */
  missing: number;
  /** Category columns: the distinct values, sorted. */
  categories?: string[];
}

export interface TableProfile {
  rows: number;
  target: ColumnProfile;
  task: Task;
  /** Why the task is what it is (stated to the user). */
  taskReason: string;
  /** Classification: the class labels, sorted (numbers numerically). */
  classes?: string[];
  features: ColumnProfile[];
}

/** A numeric target with at most this many distinct whole values is read as classes. */
const MAX_INTEGER_CLASSES = 20;

export function profileColumn(t: Table, index: number): ColumnProfile {
  const name = t.columns[index];
  let numbers = 0;
  let missing = 0;
  let firstText = -1;
  t.rows.forEach((r, i) => {
    const v = r[index];
    if (v === "") missing++;
    else if (isNumber(v)) numbers++;
    else if (firstText < 0) firstText = i;
  });
  const texts = t.rows.length - numbers - missing;
  if (texts === 0 && numbers > 0) return { name, index, kind: "numeric", missing };
  if (numbers > 0 && numbers >= texts) {
    const row = t.rows[firstText];
    throw new DataError(
      `column "${name}" of ${t.name} mixes numbers and text (data row ${firstText + 1}: ${JSON.stringify(row[index])}): ` +
        "fix that value, or make the whole column text if it is a category",
    );
  }
  const categories = [...new Set(t.rows.map((r) => r[index]))].sort(compareLabels);
  return { name, index, kind: "category", missing, categories };
}

/** Numbers numerically, then text. */
export function compareLabels(a: string, b: string): number {
  const na = isNumber(a);
  const nb = isNumber(b);
  if (na && nb) return Number(a) - Number(b);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function profileTable(t: Table, opts: { target?: string; task?: Task } = {}): TableProfile {
  const targetName = opts.target ?? t.columns[t.columns.length - 1];
  const at = t.columns.indexOf(targetName);
  if (at < 0)
    throw new DataError(
      `${t.name} has no column "${targetName}"; its columns are: ${t.columns.join(", ")} — pass one with --target`,
    );
  if (t.columns.length < 2)
    throw new DataError(`${t.name} has only the column "${targetName}": add the columns to predict it from`);
  const target = profileColumn(t, at);
  if (target.missing === t.rows.length)
    throw new DataError(`the target column "${targetName}" of ${t.name} is empty in every row: fill it in`);
  const { task, reason } = chooseTask(t, target, opts.task);
  const features = t.columns
    .map((_, i) => i)
    .filter((i) => i !== at)
    .map((i) => profileColumn(t, i));
  const labels = task === "classification" ? distinctLabels(t, at) : undefined;
  if (labels && labels.length < 2)
    throw new DataError(
      `the target column "${targetName}" of ${t.name} has one class only (${JSON.stringify(labels[0])}): ` +
        "classification needs examples of at least two classes; add them, or check --target",
    );
  return {
    rows: t.rows.length,
    target,
    task,
    taskReason: reason,
    ...(labels ? { classes: labels } : {}),
    features,
  };
}

function distinctLabels(t: Table, at: number): string[] {
  return [...new Set(t.rows.map((r) => r[at]).filter((v) => v !== ""))].sort(compareLabels);
}

function chooseTask(t: Table, target: ColumnProfile, asked?: Task): { task: Task; reason: string } {
  if (asked === "regression" && target.kind !== "numeric")
    throw new DataError(
      `--task regression needs a numeric target, but "${target.name}" holds text: use --task classification`,
    );
  if (asked) return { task: asked, reason: "--task" };
  if (target.kind === "category") return { task: "classification", reason: "the target holds text" };
  const values = distinctLabels(t, target.index);
  const whole = values.every((v) => Number.isInteger(Number(v)));
  if (whole && values.length <= MAX_INTEGER_CLASSES)
    return {
      task: "classification",
      reason: `the target has ${values.length} distinct whole numbers (pass --task regression to predict numbers)`,
    };
  return { task: "regression", reason: "the target holds numbers (pass --task classification for classes)" };
}
