// The Model search card (docs/editor.md#the-panel): for a study that `attune auto` made, how far the search is
// against its --time, how many trials are done, and the best architecture so far as blocks a person reads
// (`Dense 64 · dropout 0.1` → `Dense 32` → `Softmax output`) with its score — the validation score while it runs,
// report.json's once it has ended. Pure: the DOM is in ../ui/modelSearchCard.ts.
import { formatDuration, formatNumber, formatParamValue } from "../../src/core/format";
import type { ModelSearchInfo, StudyView, TrialRow } from "../../src/protocol/messages";
import { groupedParams, listValue } from "./lists";

type Scalar = number | string | boolean | null;

export interface ModelSearchCard {
  status: "running" | "finished" | "stopped";
  /** "Searching…", "Finished", "Stopped". */
  statusText: string;
  /** Elapsed share of --time, 0…1; undefined without a time limit. */
  progress?: number;
  /** "12.0s of 15.0s" (with a limit), "12.0s" (without). */
  timeText: string;
  /** "7 trials done · 2 running", "7 of 20 trials done". */
  trialsText: string;
  /** The data and what is predicted: `data.csv → label (classification)`. */
  dataText: string;
  score?: { label: string; value: string; note: string };
  /** The best architecture, input to output. */
  blocks: string[];
  /** How it trains: optimizer, learning rate, batch size, epochs. */
  training: string;
  /** Parameters the card does not know how to draw (an edited train.ts), as `name = value`. */
  other: string[];
  trial?: number;
}

const FINISHED = new Set(["complete", "pruned", "failed"]);

export function modelSearchCard(ms: ModelSearchInfo, study: StudyView, now: number): ModelSearchCard {
  const status = ms.report ? "finished" : study.running ? "running" : "stopped";
  const done = study.trials.filter((t) => FINISHED.has(t.state)).length;
  const running = study.trials.filter((t) => t.state === "running").length;
  const elapsed = elapsedS(ms, study, status, now);
  const limit = ms.timeLimitS;
  const trialNo = ms.report?.trial ?? study.best?.number;
  const best = trialNo === undefined ? undefined : study.trials.find((t) => t.number === trialNo);
  // The budget (auto's `epochs`) is the trial's own when a pruner set it.
  const found = best?.params ?? study.best?.params;
  const params =
    found && best?.budget !== undefined && found.epochs === undefined ? { ...found, epochs: best.budget } : found;
  const arch = params ? architecture(params, ms) : { blocks: [], training: "", other: [] };
  const trialsDone = ms.trials !== undefined ? `${done} of ${ms.trials} trials done` : `${plural(done, "trial")} done`;
  return {
    status,
    statusText: status === "finished" ? "Finished" : status === "running" ? "Searching…" : "Stopped",
    ...(limit !== undefined && limit > 0 && elapsed !== undefined
      ? { progress: Math.min(1, Math.max(0, elapsed / limit)) }
      : {}),
    timeText:
      limit !== undefined
        ? `${formatDuration(elapsed)} of ${formatDuration(limit)}`
        : elapsed !== undefined
          ? formatDuration(elapsed)
          : "",
    trialsText: running > 0 && status === "running" ? `${trialsDone} · ${running} running` : trialsDone,
    dataText: dataText(ms),
    ...scoreOf(ms, study, best),
    ...arch,
    ...(trialNo !== undefined && params ? { trial: trialNo } : {}),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Seconds since this run began: the report's own count once it ended; the last trial's end when it stopped. */
function elapsedS(ms: ModelSearchInfo, study: StudyView, status: string, now: number): number | undefined {
  if (ms.report?.seconds !== undefined) return ms.report.seconds;
  if (ms.startedAt === undefined) return undefined;
  if (status === "running") return Math.max(0, (now - ms.startedAt) / 1000);
  const last = Math.max(-Infinity, ...study.trials.map((t) => t.finishedAt ?? -Infinity));
  return Number.isFinite(last) && last >= ms.startedAt ? (last - ms.startedAt) / 1000 : undefined;
}

function dataText(ms: ModelSearchInfo): string {
  const what = ms.kind === "images" ? "images" : ms.target !== undefined ? ms.target : undefined;
  const task = ms.task ? ` (${ms.task})` : "";
  if (ms.data !== undefined && what !== undefined) return `${ms.data} → ${what}${task}`;
  return ms.data ?? (what !== undefined ? `${what}${task}` : "");
}

/** "validation accuracy" for val_accuracy, "validation loss" for val_loss. */
export function metricLabel(metric: string | undefined): string {
  if (!metric) return "score";
  const m = /^val_(.+)$/.exec(metric);
  return m ? `validation ${m[1].replace(/_/g, " ")}` : metric.replace(/_/g, " ");
}

/** Accuracy as a percentage (93.33 %), anything else as the number. */
export function scoreText(metric: string | undefined, value: number): string {
  return /accuracy/.test(metric ?? "") && value >= 0 && value <= 1
    ? `${(value * 100).toFixed(2)} %`
    : formatNumber(value);
}

function scoreOf(
  ms: ModelSearchInfo,
  study: StudyView,
  best: TrialRow | undefined,
): { score?: ModelSearchCard["score"] } {
  const metric = ms.report?.metric ?? ms.metric ?? study.metric;
  const label = metricLabel(metric);
  if (ms.report) {
    const note = `report.json${ms.report.trial !== undefined ? ` · trial ${ms.report.trial}` : ""}`;
    return { score: { label, value: scoreText(metric, ms.report.validation), note } };
  }
  const value = best?.value ?? study.best?.value;
  if (value === undefined) return {};
  const n = best?.number ?? study.best?.number;
  return { score: { label, value: scoreText(metric, value), note: `best so far · trial ${n}` } };
}

const TRAINING = ["optimizer", "learningRate", "batchSize", "epochs"];
const TABLE = ["units", "dropout", "batchNorm", "encoding", "embeddingSize"];
const IMAGES = ["filters", "kernel", "pooling", "batchNorm", "dropout", "denseUnits", "imageSize", "augment"];

/** The best values as blocks, input to output, with how they train and anything else the script tunes. */
export function architecture(
  params: Readonly<Record<string, Scalar>>,
  ms: Pick<ModelSearchInfo, "kind" | "task">,
): { blocks: string[]; training: string; other: string[] } {
  const images = ms.kind === "images" || listValue(params, "filters") !== undefined;
  const blocks = images ? imageBlocks(params) : tableBlocks(params);
  blocks.push(ms.task === "regression" ? "Linear output" : "Softmax output");
  const known = new Set([...TRAINING, ...(images ? IMAGES : TABLE)]);
  const other = groupedParams(params)
    .filter(([k]) => !known.has(k))
    .map(([k, v]) => `${k} = ${formatParamValue(v)}`);
  return { blocks, training: training(params), other };
}

const fmt = (v: Scalar | undefined): string => (typeof v === "number" ? formatNumber(v) : String(v));

function regularization(p: Readonly<Record<string, Scalar>>): string {
  return (
    (p.batchNorm === true ? " · batch norm" : "") +
    (typeof p.dropout === "number" && p.dropout > 0 ? ` · dropout ${formatNumber(p.dropout)}` : "")
  );
}

function tableBlocks(p: Readonly<Record<string, Scalar>>): string[] {
  const input =
    p.encoding === "embedding"
      ? `Inputs · categories embedded (${fmt(p.embeddingSize)})`
      : p.encoding === "onehot"
        ? "Inputs · categories one-hot"
        : "Inputs";
  const units = listValue(p, "units") ?? [];
  return [input, ...units.map((u) => `Dense ${fmt(u)}${regularization(p)}`)];
}

function imageBlocks(p: Readonly<Record<string, Scalar>>): string[] {
  const side = p.imageSize;
  const input =
    (typeof side === "number" ? `${side}×${side} images` : "Images") + (p.augment === true ? " · shifted copies" : "");
  const k = fmt(p.kernel);
  const pool = p.pooling === "average" ? "average pool" : "max pool";
  const convs = (listValue(p, "filters") ?? []).map(
    (f) => `Conv ${k}×${k} · ${fmt(f)} filters${regularization(p)} · ${pool}`,
  );
  const dense = typeof p.denseUnits === "number" && p.denseUnits > 0 ? [`Dense ${p.denseUnits}`] : [];
  return [input, ...convs, ...dense];
}

function training(p: Readonly<Record<string, Scalar>>): string {
  const parts: string[] = [];
  if (p.optimizer !== undefined) parts.push(String(p.optimizer));
  if (typeof p.learningRate === "number") parts.push(`learning rate ${formatNumber(p.learningRate)}`);
  if (p.batchSize !== undefined) parts.push(`batch ${fmt(p.batchSize)}`);
  if (p.epochs !== undefined) parts.push(`${fmt(p.epochs)} epochs`);
  return parts.join(" · ");
}
