// What `attune auto` learns about the data before it writes train.ts (docs/model-search.md): the profile, stated to
// the user in a few lines, and the generated script for it.
import { relative } from "node:path";
import { readCsv } from "../../data/csv";
import { profileImages } from "../../data/images";
import { profileTable, type Task } from "../../data/profile";
import { imageScript, imageSizes } from "./imageScript";
import { tableScript } from "./tableScript";

export interface DataPlan {
  kind: "table" | "images";
  task: Task;
  target: string;
  metric: "val_accuracy" | "val_loss";
  /** Lines for the user: columns, classes, sizes, the split. */
  lines: string[];
  script: string;
}

export interface PlanOptions {
  target?: string;
  task?: Task;
  /** The folder train.ts is written to (its data path is relative to it). */
  out: string;
  validation: number;
  seed: number;
}

export function planTable(file: string, shown: string, o: PlanOptions): DataPlan {
  const t = readCsv(file, shown);
  const p = profileTable(t, o);
  const cats = p.features.filter((f) => f.kind === "category");
  const nums = p.features.length - cats.length;
  const pct = Math.round(o.validation * 100);
  const lines = [
    `${shown}: ${p.rows} rows, ${nums} numeric and ${cats.length} category column(s)` +
      (cats.length ? ` (${cats.map((c) => `${c.name}: ${c.categories!.length} values`).join(", ")})` : "") +
      (t.skipped ? `; ${t.skipped} empty row(s) skipped` : ""),
    `target "${p.target.name}": ${p.task}` +
      (p.classes ? ` of ${p.classes.length} classes (${preview(p.classes)})` : "") +
      ` — ${p.taskReason}`,
    `validation: ${pct}% of the rows held out, stratified by ${p.task === "classification" ? "class" : "target quintile"}, seed ${o.seed}`,
  ];
  const script = tableScript({
    data: relative(o.out, file),
    target: p.target.name,
    task: p.task,
    categories: cats.length,
    validation: o.validation,
    seed: o.seed,
  });
  const metric = p.task === "classification" ? "val_accuracy" : "val_loss";
  return { kind: "table", task: p.task, target: p.target.name, metric, lines, script };
}

export function planImages(dir: string, shown: string, o: PlanOptions): DataPlan {
  const p = profileImages(dir);
  const side = Math.max(p.width, p.height);
  const sizes = imageSizes(side);
  const lines = [
    `${shown}: ${p.images} images of ${p.classes.length} classes (${preview(p.classes)}), ` +
      `${p.width}×${p.height} ${p.channels === 1 ? "grey" : "colour"}` +
      (p.otherSizes ? `; ${p.otherSizes} of another size are resized` : ""),
    `images are resized to ${sizes.join(" or ")} pixels square and scaled to [0, 1]`,
    `validation: ${Math.round(o.validation * 100)}% of each class's images held out, seed ${o.seed}`,
  ];
  const script = imageScript({
    data: relative(o.out, dir),
    side,
    channels: p.channels,
    validation: o.validation,
    seed: o.seed,
  });
  return { kind: "images", task: "classification", target: "class", metric: "val_accuracy", lines, script };
}

function preview(xs: string[]): string {
  return xs.length <= 6 ? xs.join(", ") : `${xs.slice(0, 5).join(", ")}, … ${xs[xs.length - 1]}`;
}
