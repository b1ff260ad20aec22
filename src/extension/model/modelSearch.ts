// Is the panel's study a model search that `attune auto` made, and how far is it (docs/editor.md#the-panel)? Auto
// writes `search.json` (what it was asked: data, task, --time, its start) beside train.ts as it begins, and
// `report.json` as it ends (docs/model-search.md). The parsing is pure and takes the files' text; `readModelSearch`
// is the one place that reads them, and re-reads only when a file's size or time changed.
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { modelSearchSchema, type ModelSearchInfo } from "../../protocol/messages";

export interface ModelSearchFiles {
  /** search.json's text. */
  search?: string;
  /** report.json's text and when it was written. */
  report?: { text: string; mtimeMs: number };
}

const num = (x: unknown): number | undefined => (typeof x === "number" && Number.isFinite(x) ? x : undefined);
const nat = (x: unknown): number | undefined => (Number.isInteger(x) && (x as number) >= 0 ? (x as number) : undefined);
const text = (x: unknown, max = 1000): string | undefined => (typeof x === "string" && x.length <= max ? x : undefined);

function json(s: string | undefined): Record<string, unknown> | undefined {
  if (s === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // half-written, or not ours
  }
}

/** Keeps only the fields that are there and well-formed (undefined ones dropped: the schema refuses them). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The Model search card's data, or undefined when neither file says this is a model search. A report.json older
 * than this run's start belongs to an earlier run (auto resumed the study): it is not this run's result.
 */
export function modelSearchInfo(files: ModelSearchFiles): ModelSearchInfo | undefined {
  const s = json(files.search);
  const r = json(files.report?.text);
  if (s?.strategy !== undefined && s.strategy !== "search") return undefined; // one-shot keeps no trials to show
  if (!s && !r) return undefined;
  const startedAt = num(s?.startedAt);
  const fresh = r && files.report && (startedAt === undefined || files.report.mtimeMs >= startedAt);
  const arch = r?.architecture as Record<string, unknown> | undefined;
  const validation = num(r?.validation);
  const report =
    fresh && validation !== undefined
      ? defined({
          validation,
          metric: text(r.metric, 200),
          trials: nat(r.trials),
          seconds: num(r.seconds),
          trial: nat(arch?.trial),
        })
      : undefined;
  const kind = s?.kind ?? (arch?.kind === "cnn" ? "images" : arch?.kind === "dense" ? "table" : undefined);
  const info = defined({
    data: text(s?.data, 4000),
    kind: kind === "table" || kind === "images" ? kind : undefined,
    task: s?.task === "classification" || s?.task === "regression" ? s.task : undefined,
    target: text(s?.target ?? r?.target),
    metric: text(s?.metric ?? r?.metric, 200),
    startedAt,
    timeLimitS: num(s?.timeLimitS),
    trials: nat(s?.trials),
    report,
  }) as ModelSearchInfo;
  // The host sends only what the protocol accepts (the webview checks it again).
  return modelSearchSchema.check(info, "modelSearch") === undefined ? info : undefined;
}

/** The folder of a study auto made: the one holding its train.ts; undefined for any other study. */
export function autoFolder(file: string | undefined): string | undefined {
  return file && basename(file) === "train.ts" ? dirname(file) : undefined;
}

/** Reads search.json and report.json beside a study's train.ts, again only when one of them changed. */
export class ModelSearchReader {
  private sig = "";
  private info: ModelSearchInfo | undefined;

  read(file: string | undefined): ModelSearchInfo | undefined {
    const dir = autoFolder(file);
    if (!dir) return undefined;
    const search = stamp(join(dir, "search.json"));
    const report = stamp(join(dir, "report.json"));
    const sig = `${dir}|${search?.sig}|${report?.sig}`;
    if (sig === this.sig) return this.info;
    this.sig = sig;
    this.info = modelSearchInfo({
      ...(search ? { search: readText(search.path) } : {}),
      ...(report ? { report: { text: readText(report.path) ?? "", mtimeMs: report.mtimeMs } } : {}),
    });
    return this.info;
  }
}

function stamp(path: string): { path: string; sig: string; mtimeMs: number } | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? { path, sig: `${st.size}@${st.mtimeMs}`, mtimeMs: st.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
