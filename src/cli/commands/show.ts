// `attune show [<file> | --study NAME]`: the trials of a study and the best ones.
import { lineageText } from "../../core/lineage";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { studyToJson } from "../../core/export";
import { JOURNAL_FILE, readJournal } from "../../storage/journal";
import { listStudies, studyDir, studyNameFor } from "../../storage/studies";
import type { StudyState } from "../../core/events";
import { outsideSpace } from "../../core/space";
import { baselineTrial, isBaseline } from "../../core/baseline";
import { improvementText } from "../../core/improvement";
import { bestTrial, rankTrials } from "../../core/study";
import { durationSeconds, type Direction, type Trial } from "../../core/types";
import { formatDuration, formatNumber } from "../../core/format";
import { UsageError, type ParsedArgs } from "../args";
import type { CliContext } from "../context";
import { readPgStudy, storageTarget } from "../storage";
import { cellValue, renderTable } from "../table";
import { describeObjectives, frontTable, isMulti, objectivesOfMeta } from "../front";
import type { Objectives } from "../../core/export";

export const SHOW_FLAGS = { values: ["study", "storage"], switches: ["json"] };

/** Find a study by --study or by the annotated file's default name, with a helpful error. */
export function openStudy(ctx: CliContext, args: ParsedArgs): { name: string; state: StudyState } {
  const file = args.positional[0];
  let name = args.flags.get("study");
  const target = storageTarget(ctx, args);
  if (target) {
    const opened = readPgStudy(target, name ?? (file ? studyNameFor(ctx.cwd, resolve(ctx.cwd, file)) : undefined));
    opened.store.close();
    return { name: opened.name, state: flagged(opened.store.state) };
  }
  if (!name) {
    if (!file) {
      const all = listStudies(ctx.cwd);
      if (all.length === 1) name = all[0];
      else
        throw new UsageError(
          all.length
            ? `name a file or --study; studies here: ${all.join(", ")}`
            : "no studies under .attune/ here; run `attune tune <file>` first",
        );
    } else name = studyNameFor(ctx.cwd, resolve(ctx.cwd, file));
  }
  const dir = studyDir(ctx.cwd, name);
  if (!existsSync(join(dir, JOURNAL_FILE))) {
    const all = listStudies(ctx.cwd);
    throw new UsageError(
      `no study "${name}" under .attune/${all.length ? `; studies here: ${all.join(", ")}` : ""}; run \`attune tune ` +
        `${file ?? "<file>"}\` first`,
    );
  }
  const state = readJournal(dir);
  if (!state.meta)
    throw new UsageError(`the study "${name}" has no header line; its journal is damaged (${join(dir, JOURNAL_FILE)})`);
  return { name, state: flagged(state) };
}

function flagged(state: StudyState): StudyState {
  for (const t of state.trials) {
    const why = outsideSpace(state.meta!.space, t.params);
    if (why) t.outsideSpace = why;
  }
  return state;
}

export function show(ctx: CliContext, args: ParsedArgs): number {
  const { name, state } = openStudy(ctx, args);
  const meta = state.meta!;
  for (const w of state.warnings) ctx.err(`attune: ${w}`);
  if (args.switches.has("json")) {
    ctx.out(JSON.stringify(studyToJson(name, meta.direction, meta.metric, state.trials, objectivesOfMeta(meta))));
    return 0;
  }
  const counts = new Map<string, number>();
  for (const t of state.trials) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  const o = objectivesOfMeta(meta);
  ctx.out(
    `study ${name}: ${describeObjectives(meta.direction, meta.metric, o)} with ${meta.algorithm} (seed ${meta.seed})`,
  );
  ctx.out(`${state.trials.length} trials: ${[...counts].map(([s, n]) => `${n} ${s}`).join(", ") || "none yet"}`);
  ctx.out("");
  ctx.out(trialTable(state.trials, o));
  ctx.out("");
  ctx.out(isMulti(o) ? frontTable(state.trials, o) : bestTable(state.trials, meta.direction, meta.metric, 5));
  return 0;
}

export function trialTable(trials: readonly Trial[], o: Objectives = {}): string {
  const names: string[] = [];
  for (const t of trials) for (const k of Object.keys(t.params)) if (!names.includes(k)) names.push(k);
  const multi = isMulti(o);
  const rows = trials.map((t) => [
    trialLabel(t),
    t.state +
      (t.outsideSpace ? " (old space)" : "") +
      (t.state === "complete" && t.constraints?.some((g) => g > 0) ? " (infeasible)" : ""),
    multi ? (t.values?.map((v) => formatNumber(v)).join(", ") ?? "") : formatNumber(t.value, ""),
    ...names.map((n) => cellValue(t.params[n])),
    String(t.intermediate.length),
    fmtDur(t),
    t.budget === undefined ? "" : String(t.budget),
    t.error ? t.error.message.split("\n")[0].slice(0, 60) : [lineageText(t), t.backend].filter(Boolean).join(" "),
  ]);
  const valueHead = multi ? o.directions!.map((_, i) => o.metrics?.[i] ?? `objective ${i + 1}`).join(", ") : "value";
  return renderTable(["trial", "state", valueHead, ...names, "steps", "time", "budget", "note"], rows);
}

export function bestTable(
  trials: readonly Trial[],
  direction: Direction,
  metric: string | undefined,
  top: number,
): string {
  const ranked = rankTrials(trials, direction).slice(0, top);
  if (!ranked.length) {
    const failed = trials.filter((t) => t.state === "failed");
    const hint = failed.length
      ? `\nlast failure (#${failed[failed.length - 1].number}): ${describeFailure(failed[failed.length - 1])}`
      : "";
    return `no trial completed yet${hint}`;
  }
  const names = Object.keys(ranked[0].params);
  for (const t of ranked) for (const k of Object.keys(t.params)) if (!names.includes(k)) names.push(k);
  const rows = ranked.map((t) => [
    trialLabel(t),
    formatNumber(t.value),
    ...names.map((n) => cellValue(t.params[n])),
    fmtDur(t),
    t.backend ?? "",
  ]);
  const gain = improvementLine(trials, direction);
  return (
    `best trials (${direction} ${metric ?? "objective"}):\n` +
    renderTable(["trial", metric ?? "value", ...names, "time", "backend"], rows) +
    (gain ? `\nbest: ${gain}` : "")
  );
}

/** `#0 baseline` for the trial that ran the file's own values. */
function trialLabel(t: Trial): string {
  return isBaseline(t) ? `#${t.number} baseline` : `#${t.number}`;
}

/** The best trial against the baseline ("+1.2 points over your current values ..."), when both have values. */
export function improvementLine(trials: readonly Trial[], direction: Direction): string | undefined {
  const best = bestTrial(trials, direction);
  const base = baselineTrial(trials);
  if (!best || base?.state !== "complete" || base.value === undefined) return undefined;
  return improvementText({ direction, best, baseline: { number: base.number, value: base.value } });
}

export function describeFailure(t: Trial): string {
  const e = t.error;
  if (!e) return "failed";
  return [
    e.message,
    e.sourceLine ? `  at ${e.sourceLine}` : "",
    e.tail
      ? e.tail
          .split("\n")
          .slice(-6)
          .map((l) => `  | ${l}`)
          .join("\n")
      : "",
  ]
    .filter(Boolean)
    .join("\n");
}

function fmtDur(t: Trial): string {
  const d = durationSeconds(t);
  return formatDuration(d, "");
}
