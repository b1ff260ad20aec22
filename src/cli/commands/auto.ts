// `attune auto <data>`: search a TensorFlow.js model for a CSV file or an image folder (docs/model-search.md). It
// writes an annotated train.ts for the data, tunes it as `attune tune` would (same run loop, progress and study),
// writes the best values into it, retrains that once on every row into model/, and writes report.json.
import { cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { applyValues } from "../../core/annotations";
import { durationSeconds, isFinished, type Params } from "../../core/types";
import { checkpointDir } from "../../runner/checkpoint";
import type { Task } from "../../data/profile";
import { duration, integer, positiveInt, UsageError, type ParsedArgs } from "../args";
import { planImages, planTable, type DataPlan } from "../auto/describe";
import { retrainBest } from "../auto/final";
import { searchOneshot } from "../auto/oneshot";
import type { CliContext } from "../context";
import { loadAnnotatedFile } from "../load";
import { parseTuneOptions } from "../tuneOptions";
import { tuneWith } from "./tune";

export const AUTO_FLAGS = {
  values: ["target", "task", "trials", "time", "out", "seed", "parallel", "algorithm", "tfjs-backend", "strategy"],
  switches: ["json"],
};

/** Share of the rows (of each class) held out for validation. */
const VALIDATION = 0.2;
/** Of --time, what is left for the outputs after the search: train.ts, model/ (a copy) and report.json. */
const OUTPUT_MS = 2000;

interface AutoOptions {
  data: string;
  shown: string;
  out: string;
  target?: string;
  task?: Task;
  seed: number;
  trials?: number;
  timeMs?: number;
  strategy: "search" | "oneshot";
}

export async function auto(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const began = Date.now();
  const o = autoOptions(ctx, args);
  const plan = planData(o);
  for (const l of plan.lines) ctx.err(`attune: ${l}`);
  mkdirSync(o.out, { recursive: true });
  const script = join(o.out, "train.ts");
  writeFileSync(script, plan.script);
  const scriptArg = relative(ctx.cwd, script) || script;
  if (o.strategy === "oneshot") return oneshot(ctx, args, o, plan, { script, scriptArg, began });
  ctx.err(`attune: wrote the search space to ${scriptArg}; searching…`);
  writeSearchJson(o, plan, began);
  const tuneArgs = tuneArgsFor(args, scriptArg, o);
  // --json: stdout carries report.json alone; the search's table goes to stderr with its progress.
  const tuneCtx = args.switches.has("json") ? { ...ctx, out: ctx.err } : ctx;
  const tuneOptions = await parseTuneOptions(tuneCtx, tuneArgs);
  // --time bounds the whole command: trials still running at its end are stopped, leaving a moment for the outputs.
  if (o.timeMs !== undefined) tuneOptions.stopAt = began + o.timeMs - OUTPUT_MS;
  if (existsSync(join(tuneOptions.dir, "journal.jsonl")))
    ctx.err(
      `attune: ${relative(ctx.cwd, o.out) || "."} holds a search from an earlier run, which goes on from its trials; ` +
        "give another --out to start afresh",
    );
  const tuned = await tuneWith(tuneCtx, tuneOptions, false);
  if (tuned.code !== 0) return tuned.code;
  const trials = tuned.study.trials();
  const best = tuned.study.best();
  if (!best) {
    ctx.err(
      "attune: no trial completed, so there is no model to save; the errors are above (`attune show` lists them)",
    );
    return 1;
  }
  const file = loadAnnotatedFile(scriptArg, ctx.cwd);
  const tunedText = applyValues(file.text, file.parsed, best.params);
  writeFileSync(script, tunedText);
  const kept = join(checkpointDir(tuneOptions.dir, best.number), "model");
  const bestTrial = tuned.study.trial(best.number);
  const deadline = o.timeMs === undefined ? Infinity : began + o.timeMs;
  // --time covers the whole search: retrain on every row only when one more run of the best trial fits in it.
  if (
    Date.now() + 1250 * (bestTrial ? (durationSeconds(bestTrial) ?? 0) : 0) > deadline &&
    existsSync(join(kept, "model.json"))
  ) {
    rmSync(join(o.out, "model"), { recursive: true, force: true });
    cpSync(kept, join(o.out, "model"), { recursive: true });
    ctx.err(
      `attune: wrote trial #${best.number}'s values into ${scriptArg}; the time budget leaves no room to train it ` +
        `again on every row, so model/ is trial #${best.number}'s own (trained on the training part)`,
    );
  } else if (!(await retrainOnEveryRow(ctx, args, script, scriptArg, tunedText, best, plan.metric))) return 1;
  const report = {
    task: plan.task,
    target: plan.target,
    metric: plan.metric,
    validation: best.value,
    trials: trials.filter((t) => isFinished(t.state)).length,
    seconds: Math.round((Date.now() - began) / 100) / 10,
    strategy: "search",
    architecture: { kind: plan.kind === "table" ? "dense" : "cnn", trial: best.number, ...best.params },
  };
  finish(ctx, args, o, report, `${plan.metric} ${best.value} (trial #${best.number})`);
  return 0;
}

/** The trials the search runs: --trials; with neither it nor --time, 20, as `attune tune`; none under --time alone. */
function searchTrials(o: AutoOptions): number | undefined {
  return o.trials ?? (o.timeMs === undefined ? 20 : undefined);
}

/** `search.json`: what this search was asked (data, task, its --time and start), so the editor's panel can show its
 * progress against the budget while it runs (docs/model-search.md#outputs-in-dir-default-attune-auto). */
function writeSearchJson(o: AutoOptions, plan: DataPlan, began: number): void {
  const trials = searchTrials(o);
  const search = {
    strategy: "search",
    data: o.shown,
    kind: plan.kind,
    task: plan.task,
    target: plan.target,
    metric: plan.metric,
    startedAt: began,
    ...(o.timeMs !== undefined ? { timeLimitS: o.timeMs / 1000 } : {}),
    ...(trials !== undefined ? { trials } : {}),
  };
  writeFileSync(join(o.out, "search.json"), JSON.stringify(search, null, 2) + "\n");
}

function finish(ctx: CliContext, args: ParsedArgs, o: AutoOptions, report: object, line: string): void {
  writeFileSync(join(o.out, "report.json"), JSON.stringify(report, null, 2) + "\n");
  const outArg = relative(ctx.cwd, o.out) || ".";
  if (args.switches.has("json")) ctx.out(JSON.stringify(report));
  else ctx.out(`${line}; wrote ${outArg}/train.ts, model/ and report.json`);
  ctx.err(`attune: predict with: attune predict ${outArg} <data>`);
}

/** `--strategy oneshot`: one supernet instead of trials (auto/oneshot.ts), then the same outputs. */
async function oneshot(
  ctx: CliContext,
  args: ParsedArgs,
  o: AutoOptions,
  plan: DataPlan,
  w: { script: string; scriptArg: string; began: number },
): Promise<number> {
  const unused = ["parallel", "algorithm"].filter((f) => args.flags.has(f));
  if (unused.length)
    ctx.err(`attune: ${unused.map((f) => `--${f}`).join(" and ")} apply to trials, not to --strategy oneshot`);
  ctx.err(`attune: wrote the search space to ${w.scriptArg}; training one supernet over its architecture choices…`);
  const found = await searchOneshot({
    data: o.data,
    plan,
    validation: VALIDATION,
    seed: o.seed,
    candidates: o.trials ?? 20,
    // The supernet takes at most half of --time: the stand-alone retraining and the ranking need the rest.
    ...(o.timeMs !== undefined ? { deadline: w.began + o.timeMs / 2, end: w.began + o.timeMs } : {}),
    backend: args.flags.get("tfjs-backend") ?? ctx.env.ATTUNE_TFJS_BACKEND,
    cwd: ctx.cwd,
    log: (l) => ctx.err(`attune: ${l}`),
  });
  const file = loadAnnotatedFile(w.scriptArg, ctx.cwd);
  const text = applyValues(file.text, file.parsed, found.values);
  writeFileSync(w.script, text);
  const params = { ...defaults(file.parsed.params), ...found.values };
  const chosen = { number: 0, params };
  if (
    !(await retrainOnEveryRow(ctx, args, w.script, w.scriptArg, text, chosen, plan.metric, "the one-shot pick", o.seed))
  )
    return 1;
  const report = {
    task: plan.task,
    target: plan.target,
    metric: plan.metric,
    validation: plan.metric === "val_loss" ? -found.estimate : found.estimate,
    trials: 1,
    seconds: Math.round((Date.now() - w.began) / 100) / 10,
    strategy: "oneshot",
    architecture: { kind: plan.kind === "table" ? "dense" : "cnn", ...params },
    oneshot: found.summary,
  };
  finish(ctx, args, o, report, `${plan.metric} ${report.validation} (one-shot estimate, inherited weights)`);
  return 0;
}

/** Every parameter's literal in the written script, by name. */
function defaults(params: { name: string; literal: { value: unknown } }[]): Params {
  return Object.fromEntries(params.map((p) => [p.name, p.literal.value])) as Params;
}

/** The best trial's values trained once more, on every row, into model/ (`train.ts` run on its own does the same). */
async function retrainOnEveryRow(
  ctx: CliContext,
  args: ParsedArgs,
  script: string,
  scriptArg: string,
  text: string,
  best: { number: number; params: Params },
  metric: string,
  what = `trial #${best.number}'s values`,
  seed?: number,
): Promise<boolean> {
  ctx.err(`attune: wrote ${what} into ${scriptArg}; training it on every row for model/…`);
  const env: Record<string, string> = {};
  const backend = args.flags.get("tfjs-backend") ?? ctx.env.ATTUNE_TFJS_BACKEND;
  if (backend) env.ATTUNE_TFJS_BACKEND = backend;
  // Seeded (Math.random, trials.md), so the same data and --seed retrain the same model.
  if (seed !== undefined) env.ATTUNE_SEED = String(seed);
  const final = await retrainBest(script, text, best.params, metric, env, () => {});
  if (!final.ok)
    ctx.err(
      `attune: the final training of ${scriptArg} failed (${final.why}); run it to see why: npx tsx ${scriptArg}`,
    );
  return final.ok;
}

function autoOptions(ctx: CliContext, args: ParsedArgs): AutoOptions {
  const data = args.positional[0];
  if (!data) throw new UsageError("auto needs data: attune auto <file.csv | image folder> [--target COLUMN]");
  if (args.positional.length > 1)
    throw new UsageError(`auto takes one data file or folder; got ${args.positional.length}`);
  const task = args.flags.get("task");
  if (task !== undefined && task !== "classification" && task !== "regression")
    throw new UsageError(`--task must be classification or regression; got ${JSON.stringify(task)}`);
  const strategy = args.flags.get("strategy");
  if (strategy !== undefined && strategy !== "search" && strategy !== "oneshot")
    throw new UsageError(`--strategy must be search or oneshot; got ${JSON.stringify(strategy)}`);
  const target = args.flags.get("target");
  const trials = positiveInt("trials", args.flags.get("trials"));
  const timeMs = duration("time", args.flags.get("time"));
  return {
    data: resolve(ctx.cwd, data),
    shown: data,
    out: resolve(ctx.cwd, args.flags.get("out") ?? "attune-auto"),
    ...(target !== undefined ? { target } : {}),
    ...(task ? { task } : {}),
    seed: integer("seed", args.flags.get("seed")) ?? 0,
    strategy: strategy === "oneshot" ? "oneshot" : "search",
    ...(trials !== undefined ? { trials } : {}),
    ...(timeMs !== undefined ? { timeMs } : {}),
  };
}

function planData(o: AutoOptions): DataPlan {
  let isDir: boolean;
  try {
    isDir = statSync(o.data).isDirectory();
  } catch {
    throw new UsageError(
      `${o.shown} does not exist: give a CSV file or a folder with one subfolder of images per class`,
    );
  }
  const p = { ...o, validation: VALIDATION };
  if (isDir) {
    if (o.target !== undefined || o.task === "regression")
      throw new UsageError("an image folder is classified by its subfolders: leave out --target and --task regression");
    return planImages(o.data, o.shown, p);
  }
  return planTable(o.data, o.shown, p);
}

/** `attune tune`'s arguments for the written script: auto's own flags passed on, bayes by default. */
function tuneArgsFor(args: ParsedArgs, script: string, o: AutoOptions): ParsedArgs {
  const flags = new Map<string, string>();
  for (const k of ["parallel", "tfjs-backend", "time"]) if (args.flags.has(k)) flags.set(k, args.flags.get(k)!);
  // TF.js on wasm trains on one core: two trials at once use a laptop's cores (a flag or the script says otherwise).
  if (!args.flags.has("parallel")) flags.set("parallel", String(Math.min(2, availableParallelism())));
  flags.set("algorithm", args.flags.get("algorithm") ?? "bayes");
  flags.set("seed", String(o.seed));
  const trials = searchTrials(o);
  if (trials !== undefined) flags.set("trials", String(trials));
  return { positional: [script], flags, switches: new Set() };
}
