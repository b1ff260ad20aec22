// `attune tune <file>`: run (or resume) a study, with live progress, and print the best trials.
import { hostname } from "node:os";
import { join, relative } from "node:path";
import { baselinePlan } from "../../core/baseline";
import { createAlgorithm, DEFAULT_ALGORITHM, defaultAlgorithm, isAlgorithm, ALGORITHMS } from "../../core/algorithms";
import { studyToJson } from "../../core/export";
import { FAIL_FAST_AFTER, Orchestrator, killAllRunning } from "../../runner/orchestrator";
import { normalizeTfjsBackend } from "../../runner/backendMeta";
import { scriptCheckpoints } from "../../runner/checkpoint";
import { GpuAllocator, detectGpus } from "../../runner/gpus";
import { JOURNAL_FILE, readJournal } from "../../storage/journal";
import { studyDir, studyNameFor } from "../../storage/studies";
import { gridCoverage, gridSize } from "../../core/samplers/grid";
import { spaceHash, type Space } from "../../core/space";
import type { StorageError } from "../../storage/postgres/types";
import { PgSharedStudy } from "../../storage/postgres/shared";
import { PostgresStore } from "../../storage/postgres/store";
import { heartbeatOptions, storageTarget } from "../storage";
import { integer, positiveInt, duration, UsageError, type ParsedArgs } from "../args";
import type { CliContext } from "../context";
import { loadAnnotatedFile, reportDiagnostics } from "../load";
import { onFatal } from "../fatal";
import { Progress } from "../progress";
import { bestTable } from "./show";
import { frontTable } from "../front";
import { openStudy } from "../../storage/journalStore";
import { pidAlive } from "../../runner/kill";

export const TUNE_FLAGS = {
  values: [
    "algorithm",
    "trials",
    "parallel",
    "seed",
    "timeout",
    "study",
    "python",
    "gpus",
    "trials-per-gpu",
    "eta",
    "pruner",
    "tfjs-backend",
    "keep-checkpoints",
    "storage",
    "heartbeat",
    "heartbeat-grace",
  ],
  switches: ["json", "use-busy-gpus", "cpu-overflow"],
};

export async function tune(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const f = loadAnnotatedFile(args.positional[0], ctx.cwd);
  if (args.positional.length > 1) throw new UsageError(`tune takes one file; got ${args.positional.length}`);
  reportDiagnostics(f, ctx.cwd, ctx.err);
  const d = f.parsed.directives;
  if (!d.objective)
    throw new UsageError("no objective: add a line `# @tune objective: maximize val_accuracy` (or minimize <metric>)");
  const json = args.switches.has("json");
  const objectives = d.objectives ?? [d.objective];
  const multi = objectives.length > 1;
  const obj = {
    ...(multi ? { directions: objectives.map((x) => x.direction), metrics: objectives.map((x) => x.metric) } : {}),
    ...(d.constraints?.length ? { constraints: d.constraints } : {}),
  };
  const algorithm =
    args.flags.get("algorithm") ??
    d.algorithm ??
    (multi ? DEFAULT_ALGORITHM : defaultAlgorithm(f.parsed.space.budget, scriptCheckpoints(f.text)));
  if (!isAlgorithm(algorithm))
    throw new UsageError(`unknown algorithm "${algorithm}"; choose one of: ${ALGORITHMS.join(", ")}`);
  const asked = positiveInt("trials", args.flags.get("trials")) ?? d.trials;
  const grid = algorithm === "grid" ? gridSizeOrUsage(f.parsed.space) : undefined;
  // A grid runs whole (until the sampler says it is exhausted) unless a count was given.
  const trials = asked ?? (grid !== undefined ? Infinity : 20);
  const parallel = positiveInt("parallel", args.flags.get("parallel")) ?? d.parallel ?? 1;
  const timeoutMs = duration("timeout", args.flags.get("timeout")) ?? d.timeoutMs;
  const eta = positiveInt("eta", args.flags.get("eta"));
  const keepCheckpoints = integer("keep-checkpoints", args.flags.get("keep-checkpoints"));
  if (keepCheckpoints !== undefined && keepCheckpoints < 0) throw new UsageError("--keep-checkpoints must be ≥ 0");
  if (eta !== undefined && eta < 2) throw new UsageError("--eta must be ≥ 2");
  const name = args.flags.get("study") ?? studyNameFor(ctx.cwd, f.path);
  const dir = studyDir(ctx.cwd, name);
  const python = args.flags.get("python") ?? ctx.env.ATTUNE_PYTHON ?? "python3";
  const gpus = await gpuAllocator(ctx, args);
  const tfjsBackend = tfjsBackendOf(args.flags.get("tfjs-backend") ?? ctx.env.ATTUNE_TFJS_BACKEND);

  let parts;
  try {
    parts = createAlgorithm(algorithm, {
      objectives: objectives.length,
      budget: f.parsed.space.budget,
      ...(eta ? { eta } : {}),
      ...(args.flags.has("pruner") ? { pruner: args.flags.get("pruner")! } : {}),
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const target = storageTarget(ctx, args);
  const hb = target ? heartbeatOptions(ctx, args) : undefined;
  let storageFailure: StorageError | undefined;
  // The run to stop when the database stays away (set once the orchestrator exists).
  const stop = { run: () => {} };
  const store = target
    ? new PostgresStore(target, name, {
        create: true,
        heartbeatMs: hb!.intervalMs,
        onFailure: (e) => {
          storageFailure = e;
          stop.run();
        },
      })
    : undefined;
  if (store) {
    store.limit = trials;
    // SPEC §5: another machine's copy of the file (or an edit here) with other annotations is flagged, never mixed in.
    const theirs = store.state.meta?.spaceHash;
    if (theirs && theirs !== spaceHash(f.parsed.space))
      ctx.err(
        `attune: ${relative(ctx.cwd, f.path) || f.path} here has other annotations than study "${name}" in ` +
          `${target!.display} (another machine's copy differs, or it was edited); trials outside this file's space ` +
          "are flagged and kept, not used for search",
      );
  }
  const { notice, ...algorithmParts } = parts;
  if (notice) ctx.err(`attune: ${notice}`);
  // Resume with the seed the study began with, unless told otherwise.
  const seed = integer("seed", args.flags.get("seed")) ?? (store ? store.state : readJournal(dir)).meta?.seed ?? 0;
  const study = openStudy({
    name,
    space: f.parsed.space,
    direction: d.objective.direction,
    metric: d.objective.metric,
    ...obj,
    algorithm,
    seed,
    ...algorithmParts,
    ...(store ? { store, rngSalt: `${hostname()}:${process.pid}` } : { journal: join(dir, JOURNAL_FILE) }),
    file: f.path,
  });
  for (const n of study.notices) ctx.err(`attune: ${n}`);
  // A shared study's dead workers are found by heartbeat (one rule for every machine); a pid check at start-up would
  // race with workers on this host that are still starting, failing (and retrying) their trials a second time.
  const orphans = store ? [] : study.recoverOrphans(pidAlive);
  if (orphans.length)
    ctx.err(
      `attune: ${orphans.length} trial(s) left running by a stopped process were marked failed and will be run again: #${orphans.join(", #")}`,
    );

  // Trial 0 of a new study runs the file's own values (SPEC §2), unless `@tune baseline: off`.
  let baseline;
  if (d.baseline !== false && study.trials().length === 0) {
    const plan = baselinePlan(f.parsed);
    if ("skip" in plan) ctx.err(`attune: ${plan.skip}`);
    else baseline = plan.params;
  }

  const progress = new Progress(ctx, {
    total: grid !== undefined && asked === undefined ? grid : trials,
    direction: d.objective.direction,
    metric: d.objective.metric,
    quiet: json,
    study,
  });
  const orch = new Orchestrator({
    file: f.path,
    source: f.text,
    annotations: f.parsed,
    study,
    studyDir: dir,
    trials,
    parallel,
    objective: d.objective.metric,
    ...(multi ? { objectives: obj.metrics } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
    python,
    ...(d.run ? { command: d.run } : {}),
    ...(gpus ? { gpus } : {}),
    ...(baseline ? { baseline } : {}),
    ...(args.switches.has("cpu-overflow") ? { cpuOverflow: true } : {}),
    ...(tfjsBackend ? { trialEnv: { ATTUNE_TFJS_BACKEND: tfjsBackend } } : {}),
    ...(keepCheckpoints !== undefined ? { keepCheckpoints } : {}),
    ...(store ? { shared: new PgSharedStudy(store, study, hb!) } : {}),
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
  if (grid !== undefined) ctx.err(`attune: ${gridCoverage(grid, trials, (n) => `pass --trials ${n}`)}`);
  let summary;
  const offFatal = onFatal((why) => orch.abandon(why));
  try {
    summary = await orch.run();
  } finally {
    offFatal();
    off();
    progress.stop();
    study.close();
  }
  if (summary.reason === "storage" || storageFailure) {
    ctx.err(`attune: ${storageFailure?.message ?? "the database went away"}`);
    return 1;
  }
  const all = study.trials();
  if (json) {
    ctx.out(JSON.stringify(studyToJson(name, d.objective.direction, d.objective.metric, all, obj)));
  } else {
    ctx.err("");
    ctx.out(
      obj.directions
        ? frontTable(all, { ...obj, directions: obj.directions })
        : bestTable(all, d.objective.direction, d.objective.metric, 5),
    );
    if (summary.reason === "cancelled")
      ctx.err(
        `attune: stopped. Resume with: attune tune ` +
          `${args.positional[0]}${args.flags.has("study") ? ` --study ${name}` : ""}`,
      );
    else if (summary.reason === "exhausted" && algorithm === "grid")
      ctx.err("attune: the grid is exhausted: every combination has run");
    const best = study.best();
    if (best) ctx.err(`attune: write the best values into the file with: attune apply ${args.positional[0]}`);
    const front = multi ? study.paretoFront() : [];
    if (front.length)
      ctx.err(
        `attune: pick a trial of the front and write it into the file: attune apply ${args.positional[0]} --trial N`,
      );
  }
  if (summary.reason === "failing")
    ctx.err(
      `attune: stopped: the first ${FAIL_FAST_AFTER} trials all failed the same way, so the script itself is probably broken (the errors are above; \`attune show\` lists them). Fix it, then run the same command to resume.`,
    );
  return summary.reason === "cancelled" || summary.reason === "failing" ? 1 : 0;
}

/** The grid's size; a space it cannot enumerate (a continuous range) is a usage error that says how to fix it. */
function gridSizeOrUsage(space: Space): number {
  try {
    return gridSize(space);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function tfjsBackendOf(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  try {
    return normalizeTfjsBackend(name);
  } catch (e) {
    throw new UsageError(`--tfjs-backend: ${(e as Error).message}`);
  }
}

async function gpuAllocator(ctx: CliContext, args: ParsedArgs): Promise<GpuAllocator | undefined> {
  const perGpuText = args.flags.get("trials-per-gpu");
  // "auto" (the default): trials share a GPU by the memory earlier trials of the study were measured to use.
  const perGpu = perGpuText === "auto" ? undefined : positiveInt("trials-per-gpu", perGpuText);
  const only = args.flags.get("gpus");
  if (only === "none") return undefined;
  const gpus = await detectGpus();
  if (!gpus.length) {
    if (only) throw new UsageError(`--gpus ${only}: no NVIDIA GPU found (nvidia-smi missing or found none)`);
    return undefined;
  }
  const wanted = only
    ? only
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
  const alloc = new GpuAllocator(gpus, {
    ...(perGpu !== undefined ? { trialsPerGpu: perGpu } : {}),
    useBusy: args.switches.has("use-busy-gpus"),
    ...(wanted ? { only: wanted } : {}),
  });
  for (const n of alloc.notes()) ctx.err(`attune: ${n}`);
  const parallel = positiveInt("parallel", args.flags.get("parallel"));
  if (alloc.size && parallel !== undefined && !alloc.packsByMemory && parallel > alloc.capacity)
    ctx.err(
      `attune: --parallel ${parallel} is more than the ${alloc.capacity} GPU slot(s): the others wait for a free GPU` +
        (args.switches.has("cpu-overflow")
          ? " (--cpu-overflow: they run on the CPU instead)"
          : "; pass --cpu-overflow to run them on the CPU"),
    );
  return alloc;
}
