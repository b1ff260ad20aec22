// `attune tune <file>`: run (or resume) a study, with live progress, and print the best trials (docs/cli.md).
// The arguments are read once (tuneOptions.ts); then the study is opened, its baseline planned, run, and summarised.
import { hostname } from "node:os";
import { join, relative } from "node:path";
import { baselinePlan } from "../../core/baseline";
import { continuedText, continuedTrials } from "../../core/continued";
import { studyToJson } from "../../core/export";
import type { Params } from "../../core/types";
import type { Study } from "../../core/study";
import { formatDuration } from "../../core/format";
import { gridCoverage } from "../../core/samplers/grid";
import { spaceHash } from "../../core/space";
import { killAllRunning } from "../../runner";
import { FAIL_FAST_AFTER } from "../../runner/failFast";
import { Orchestrator } from "../../runner/orchestrator";
import type { OrchestratorSummary } from "../../runner/options";
import { JOURNAL_FILE } from "../../storage/journal";
import type { StorageError } from "../../storage/postgres/types";
import { PgSharedStudy } from "../../storage/postgres/shared";
import { PostgresStore } from "../../storage/postgres/store";
import { JournalStore, openStudy } from "../../storage/journalStore";
import { pidAlive } from "../../runner/kill";
import type { ParsedArgs } from "../args";
import type { CliContext } from "../context";
import { onFatal } from "../fatal";
import { Progress } from "../progress";
import { parseTuneOptions, type TuneOptions } from "../tuneOptions";
import { bestTable } from "./show";
import { frontTable } from "../front";

export { TUNE_FLAGS } from "../tuneOptions";

export async function tune(ctx: CliContext, args: ParsedArgs): Promise<number> {
  return (await tuneWith(ctx, await parseTuneOptions(ctx, args))).code;
}

/** Opens, runs and summarises the study `o` describes (`attune tune`, and `attune auto` on the script it wrote). */
export async function tuneWith(
  ctx: CliContext,
  o: TuneOptions,
  /** Print what to run next (`attune apply …`); auto does those steps itself. */
  hints = true,
): Promise<{ code: number; study: Study; summary: OrchestratorSummary }> {
  const opened = openTuneStudy(ctx, o);
  const baseline = planBaseline(ctx, o, opened.study);
  const summary = await runStudy(ctx, o, opened, baseline);
  const { study } = opened;
  if (summary.reason === "storage" || opened.failure.error) {
    ctx.err(`attune: ${opened.failure.error?.message ?? "the database went away"}`);
    return { code: 1, study, summary };
  }
  summarise(ctx, o, study, summary, hints);
  return { code: summary.reason === "cancelled" || summary.reason === "failing" ? 1 : 0, study, summary };
}

interface OpenedStudy {
  study: Study;
  store?: PostgresStore;
  /** Why the database gave up, once it has. */
  failure: { error?: StorageError };
  /** Stops the run when the database stays away (set once the orchestrator exists). */
  stop: { run(): void };
}

/** The study's journal or PostgreSQL store, opened (or created) with the seed it began with; orphans marked failed. */
function openTuneStudy(ctx: CliContext, o: TuneOptions): OpenedStudy {
  const failure: OpenedStudy["failure"] = {};
  const stop = { run: () => {} };
  const store = o.storage && openStore(ctx, o, failure, stop);
  const { notice, ...algorithmParts } = o.algorithmParts;
  if (notice) ctx.err(`attune: ${notice}`);
  // Resume with the seed the study began with, unless told otherwise (one read of the record serves both).
  const journal = store ? undefined : new JournalStore(join(o.dir, JOURNAL_FILE));
  const seed = o.seed ?? (store ?? journal)!.state.meta?.seed ?? 0;
  const study = openStudy({
    name: o.name,
    space: o.file.parsed.space,
    direction: o.objective.direction,
    metric: o.objective.metric,
    ...o.obj,
    algorithm: o.algorithm,
    seed,
    ...algorithmParts,
    ...(store ? { store, rngSalt: `${hostname()}:${process.pid}` } : { store: journal }),
    file: o.file.path,
  });
  for (const n of study.notices) ctx.err(`attune: ${n}`);
  // A shared study's dead workers are found by heartbeat (one rule for every machine); a pid check at start-up would
  // race with workers on this host that are still starting, failing (and retrying) their trials a second time.
  const orphans = store ? [] : study.recoverOrphans(pidAlive);
  if (orphans.length)
    ctx.err(
      `attune: ${orphans.length} trial(s) left running by a stopped process were marked failed and will be run again: #${orphans.join(", #")}`,
    );
  return { study, ...(store ? { store } : {}), failure, stop };
}

/** The study in PostgreSQL (docs/cli.md, --storage); a copy of the file with other annotations is flagged. */
function openStore(
  ctx: CliContext,
  o: TuneOptions,
  failure: OpenedStudy["failure"],
  stop: OpenedStudy["stop"],
): PostgresStore {
  const { target, heartbeat } = o.storage!;
  const store = new PostgresStore(target, o.name, {
    create: true,
    heartbeatMs: heartbeat.intervalMs,
    onFailure: (e) => {
      failure.error = e;
      stop.run();
    },
  });
  store.limit = o.trials;
  // docs/studies.md: another machine's copy of the file (or an edit here) with other annotations is flagged, never
  // mixed in.
  const theirs = store.state.meta?.spaceHash;
  if (theirs && theirs !== spaceHash(o.file.parsed.space))
    ctx.err(
      `attune: ${relative(ctx.cwd, o.file.path) || o.file.path} here has other annotations than study "${o.name}" in ` +
        `${target.display} (another machine's copy differs, or it was edited); trials outside this file's space ` +
        "are flagged and kept, not used for search",
    );
  return store;
}

/** Trial 0 of a new study runs the file's own values (docs/trials.md), unless `@tune baseline: off`. */
function planBaseline(ctx: CliContext, o: TuneOptions, study: Study): Params | undefined {
  if (o.directives.baseline === false || study.trials().length !== 0) return undefined;
  const plan = baselinePlan(o.file.parsed);
  if ("skip" in plan) {
    ctx.err(`attune: ${plan.skip}`);
    return undefined;
  }
  return plan.params;
}

/** Runs the study to its end with live progress; Ctrl+C stops it (twice: at once), a fatal error abandons it. */
async function runStudy(
  ctx: CliContext,
  o: TuneOptions,
  { study, store, stop }: OpenedStudy,
  baseline: Params | undefined,
): Promise<OrchestratorSummary> {
  const progress = new Progress(ctx, {
    total: o.grid !== undefined && o.asked === undefined ? o.grid : o.trials,
    direction: o.objective.direction,
    metric: o.objective.metric,
    quiet: o.json,
    study,
    ...(o.timeMs !== undefined ? { timeMs: o.timeMs } : {}),
  });
  const orch = new Orchestrator({
    file: o.file.path,
    source: o.file.text,
    annotations: o.file.parsed,
    study,
    studyDir: o.dir,
    trials: o.trials,
    parallel: o.parallel,
    objective: o.objective.metric,
    ...(o.multi ? { objectives: o.obj.metrics } : {}),
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.stopAt !== undefined
      ? { deadline: o.stopAt, stopAtDeadline: true }
      : o.timeMs !== undefined
        ? { deadline: Date.now() + o.timeMs }
        : {}),
    python: o.python,
    ...(o.directives.run ? { command: o.directives.run } : {}),
    ...(o.gpus ? { gpus: o.gpus } : {}),
    ...(baseline ? { baseline } : {}),
    ...(o.cpuOverflow ? { cpuOverflow: true } : {}),
    ...(o.tfjsBackend ? { trialEnv: { ATTUNE_TFJS_BACKEND: o.tfjsBackend } } : {}),
    ...(o.keepCheckpoints !== undefined ? { keepCheckpoints: o.keepCheckpoints } : {}),
    ...(store ? { shared: new PgSharedStudy(store, study, o.storage!.heartbeat) } : {}),
    onChange: (e) => progress.update(e),
  });
  stop.run = () => orch.cancel();
  let interrupts = 0;
  const off = ctx.onInterrupt(() => {
    interrupts++;
    if (interrupts === 1) {
      progress.message("stopping: killing running trials (Ctrl+C again to force)…");
      orch.cancel();
    } else {
      killAllRunning();
      process.exit(1);
    }
  });
  progress.start();
  if (o.grid !== undefined) ctx.err(`attune: ${gridCoverage(o.grid, o.trials, (n) => `pass --trials ${n}`)}`);
  const offFatal = onFatal((why) => orch.abandon(why));
  try {
    return await orch.run();
  } finally {
    offFatal();
    off();
    progress.stop();
    study.close();
  }
}

/** The best trials (or the front) on stdout, or the study as JSON; what to do next on stderr. */
function summarise(ctx: CliContext, o: TuneOptions, study: Study, summary: OrchestratorSummary, hints: boolean): void {
  const all = study.trials();
  const { direction, metric } = o.objective;
  if (o.json) {
    ctx.out(JSON.stringify(studyToJson(o.name, direction, metric, all, o.obj)));
  } else {
    ctx.err("");
    ctx.out(
      o.obj.directions
        ? frontTable(all, { ...o.obj, directions: o.obj.directions })
        : bestTable(all, direction, metric, 5),
    );
    const continued = continuedText(continuedTrials(all));
    if (continued) ctx.err(`attune: ${continued}`);
    if (summary.reason === "cancelled")
      ctx.err(`attune: stopped. Resume with: attune tune ${o.fileArg}${o.studyNamed ? ` --study ${o.name}` : ""}`);
    else if (summary.reason === "time")
      ctx.err(
        `attune: the time budget (${formatDuration(o.timeMs! / 1000)}) ended the study: ` +
          (o.stopAt !== undefined ? "trials still running were stopped (pruned). " : "no trial started after it. ") +
          `Continue with: attune tune ${o.fileArg} --time DUR`,
      );
    else if (summary.reason === "exhausted" && o.algorithm === "grid")
      ctx.err("attune: the grid is exhausted: every combination has run");
    const best = study.best();
    if (best && hints) ctx.err(`attune: write the best values into the file with: attune apply ${o.fileArg}`);
    const front = o.multi ? study.paretoFront() : [];
    if (front.length && hints)
      ctx.err(`attune: pick a trial of the front and write it into the file: attune apply ${o.fileArg} --trial N`);
  }
  if (summary.reason === "failing")
    ctx.err(
      `attune: stopped: the first ${FAIL_FAST_AFTER} trials all failed the same way, so the script itself is probably broken (the errors are above; \`attune show\` lists them). Fix it, then run the same command to resume.`,
    );
}
