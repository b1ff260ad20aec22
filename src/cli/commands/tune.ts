// `attune tune <file>`: run (or resume) a study, with live progress, and print the best trials.
import { join } from "node:path";
import { createAlgorithm, DEFAULT_ALGORITHM, isAlgorithm, ALGORITHMS } from "../../core/algorithms";
import { studyToJson } from "../../core/export";
import { FAIL_FAST_AFTER, Orchestrator, killAllRunning } from "../../core/orchestrator";
import { GpuAllocator, detectGpus } from "../../core/runner/gpus";
import { JOURNAL_FILE, readJournal } from "../../core/storage/journal";
import { studyDir, studyNameFor } from "../../core/storage/studies";
import { Study } from "../../core/study";
import { integer, positiveInt, duration, UsageError, type ParsedArgs } from "../args";
import type { CliContext } from "../context";
import { loadAnnotatedFile, reportDiagnostics } from "../load";
import { Progress } from "../progress";
import { bestTable } from "./show";
import { frontTable } from "../front";

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
  ],
  switches: ["json", "use-busy-gpus"],
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
  const algorithm = args.flags.get("algorithm") ?? d.algorithm ?? DEFAULT_ALGORITHM;
  if (!isAlgorithm(algorithm))
    throw new UsageError(`unknown algorithm "${algorithm}"; choose one of: ${ALGORITHMS.join(", ")}`);
  const trials = positiveInt("trials", args.flags.get("trials")) ?? d.trials ?? 20;
  const parallel = positiveInt("parallel", args.flags.get("parallel")) ?? d.parallel ?? 1;
  const timeoutMs = duration("timeout", args.flags.get("timeout")) ?? d.timeoutMs;
  const eta = positiveInt("eta", args.flags.get("eta"));
  if (eta !== undefined && eta < 2) throw new UsageError("--eta must be ≥ 2");
  const name = args.flags.get("study") ?? studyNameFor(ctx.cwd, f.path);
  const dir = studyDir(ctx.cwd, name);
  const python = args.flags.get("python") ?? ctx.env.ATTUNE_PYTHON ?? "python3";
  const gpus = await gpuAllocator(ctx, args);

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
  const { notice, ...algorithmParts } = parts;
  if (notice) ctx.err(`attune: ${notice}`);
  // Resume with the seed the study began with, unless told otherwise.
  const seed = integer("seed", args.flags.get("seed")) ?? readJournal(dir).meta?.seed ?? 0;
  const study = new Study({
    name,
    space: f.parsed.space,
    direction: d.objective.direction,
    metric: d.objective.metric,
    ...obj,
    algorithm,
    seed,
    ...algorithmParts,
    journal: join(dir, JOURNAL_FILE),
    file: f.path,
  });
  for (const n of study.notices) ctx.err(`attune: ${n}`);
  const orphans = study.recoverOrphans();
  if (orphans.length)
    ctx.err(
      `attune: ${orphans.length} trial(s) left running by a stopped process were marked failed and will be run again: #${orphans.join(", #")}`,
    );

  const progress = new Progress(ctx, {
    total: trials,
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
    onChange: (e) => progress.update(e),
  });
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
  let summary;
  try {
    summary = await orch.run();
  } finally {
    off();
    progress.stop();
    study.close();
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
        `attune: stopped. Resume with: attune tune ${args.positional[0]}${args.flags.has("study") ? ` --study ${name}` : ""}`,
      );
    else if (summary.reason === "exhausted") ctx.err("attune: the grid is exhausted: every combination has run");
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

async function gpuAllocator(ctx: CliContext, args: ParsedArgs): Promise<GpuAllocator | undefined> {
  const perGpu = positiveInt("trials-per-gpu", args.flags.get("trials-per-gpu")) ?? 1;
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
    trialsPerGpu: perGpu,
    useBusy: args.switches.has("use-busy-gpus"),
    ...(wanted ? { only: wanted } : {}),
  });
  for (const n of alloc.notes()) ctx.err(`attune: ${n}`);
  return alloc;
}
