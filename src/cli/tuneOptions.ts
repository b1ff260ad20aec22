// `attune tune`'s arguments, read once: every usage error (exit 2) is raised here, before a study is opened or a trial
// runs. The flags and directives are described in docs/cli.md and docs/trials.md.
import {
  ALGORITHMS,
  createAlgorithm,
  DEFAULT_ALGORITHM,
  defaultAlgorithm,
  isAlgorithm,
  type AlgorithmName,
  type AlgorithmParts,
} from "../core/algorithms";
import type { Directives } from "../core/annotations";
import { gridSize } from "../core/samplers/grid";
import type { Constraint, Direction } from "../core/types";
import { normalizeTfjsBackend } from "../runner/backendMeta";
import { scriptCheckpoints } from "../runner/checkpoint";
import { detectGpus, GpuAllocator } from "../runner/gpus";
import type { HeartbeatOptions } from "../storage/postgres/shared";
import type { PgTarget } from "../storage/postgres/url";
import { studyDir, studyNameFor } from "../storage/studies";
import { duration, integer, positiveInt, UsageError, type ParsedArgs } from "./args";
import type { CliContext } from "./context";
import { loadAnnotatedFile, reportDiagnostics, type LoadedFile } from "./load";
import { heartbeatOptions, storageTarget } from "./storage";

export const TUNE_FLAGS = {
  values: [
    "algorithm",
    "trials",
    "parallel",
    "seed",
    "timeout",
    "time",
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

/** Several objectives (their directions and metrics) and constraints, as the study and the output take them. */
export interface ObjectiveConfig {
  directions?: Direction[];
  metrics?: string[];
  constraints?: Constraint[];
}

export interface TuneOptions {
  /** The file as the user named it (for the hints printed at the end). */
  fileArg: string;
  file: LoadedFile;
  directives: Directives;
  /** The (first) objective. */
  objective: { direction: Direction; metric: string };
  /** Several objectives: directions, metrics and constraints; empty for one objective without constraints. */
  obj: ObjectiveConfig;
  multi: boolean;
  algorithm: AlgorithmName;
  algorithmParts: AlgorithmParts;
  /** --trials or `@tune trials:`, when given. */
  asked?: number;
  /** The grid's size when the algorithm is grid. */
  grid?: number;
  /** Trials the study should have finished (Infinity: a grid runs until exhausted). */
  trials: number;
  parallel: number;
  timeoutMs?: number;
  /** --time or `@tune time:`: the whole study's wall-clock budget; no trial starts after it. */
  timeMs?: number;
  /** Date.now() at which trials still running are stopped (auto: its --time bounds the whole command). */
  stopAt?: number;
  keepCheckpoints?: number;
  /** --seed; otherwise the study's own seed (or 0) once it is opened. */
  seed?: number;
  name: string;
  /** The study was named with --study (the resume hint repeats it). */
  studyNamed: boolean;
  dir: string;
  python: string;
  gpus?: GpuAllocator;
  tfjsBackend?: string;
  cpuOverflow: boolean;
  json: boolean;
  /** PostgreSQL storage (--storage / ATTUNE_STORAGE) and its heartbeat; undefined: the journal. */
  storage?: { target: PgTarget; heartbeat: HeartbeatOptions };
}

export async function parseTuneOptions(ctx: CliContext, args: ParsedArgs): Promise<TuneOptions> {
  const file = loadAnnotatedFile(args.positional[0], ctx.cwd);
  if (args.positional.length > 1) throw new UsageError(`tune takes one file; got ${args.positional.length}`);
  reportDiagnostics(file, ctx.cwd, ctx.err);
  const d = file.parsed.directives;
  if (!d.objective)
    throw new UsageError("no objective: add a line `# @tune objective: maximize val_accuracy` (or minimize <metric>)");
  const objectives = d.objectives ?? [d.objective];
  const multi = objectives.length > 1;
  const obj = objectiveConfig(d, multi);
  const algorithm =
    args.flags.get("algorithm") ??
    d.algorithm ??
    (multi ? DEFAULT_ALGORITHM : defaultAlgorithm(file.parsed.space.budget, scriptCheckpoints(file.text)));
  if (!isAlgorithm(algorithm))
    throw new UsageError(`unknown algorithm "${algorithm}"; choose one of: ${ALGORITHMS.join(", ")}`);
  const asked = positiveInt("trials", args.flags.get("trials")) ?? d.trials;
  // A space a grid cannot enumerate (a continuous range) is a usage error that says how to fix it.
  const grid = algorithm === "grid" ? orUsage(() => gridSize(file.parsed.space)) : undefined;
  const timeMs = duration("time", args.flags.get("time")) ?? d.timeMs;
  // A grid runs whole (until the sampler says it is exhausted) unless a count was given; so does a study with a time
  // budget and no count: trials start until the time is up.
  const trials = asked ?? (grid !== undefined || timeMs !== undefined ? Infinity : 20);
  const parallelFlag = positiveInt("parallel", args.flags.get("parallel"));
  const parallel = parallelFlag ?? d.parallel ?? 1;
  const timeoutMs = duration("timeout", args.flags.get("timeout")) ?? d.timeoutMs;
  const eta = positiveInt("eta", args.flags.get("eta"));
  const keepCheckpoints = integer("keep-checkpoints", args.flags.get("keep-checkpoints"));
  if (keepCheckpoints !== undefined && keepCheckpoints < 0) throw new UsageError("--keep-checkpoints must be ≥ 0");
  if (eta !== undefined && eta < 2) throw new UsageError("--eta must be ≥ 2");
  const name = args.flags.get("study") ?? studyNameFor(ctx.cwd, file.path);
  const gpus = await gpuAllocator(ctx, args, parallelFlag);
  const tfjsName = args.flags.get("tfjs-backend") ?? ctx.env.ATTUNE_TFJS_BACKEND;
  const tfjsBackend =
    tfjsName === undefined ? undefined : orUsage(() => normalizeTfjsBackend(tfjsName), "--tfjs-backend: ");
  const pruner = args.flags.get("pruner");
  const algorithmParts = orUsage(() =>
    createAlgorithm(algorithm, {
      objectives: objectives.length,
      budget: file.parsed.space.budget,
      ...(eta ? { eta } : {}),
      ...(pruner !== undefined ? { pruner } : {}),
    }),
  );
  const target = storageTarget(ctx, args);
  const seed = integer("seed", args.flags.get("seed"));
  return {
    fileArg: args.positional[0],
    file,
    directives: d,
    objective: d.objective,
    obj,
    multi,
    algorithm,
    algorithmParts,
    ...(asked !== undefined ? { asked } : {}),
    ...(grid !== undefined ? { grid } : {}),
    trials,
    parallel,
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(timeMs ? { timeMs } : {}),
    ...(keepCheckpoints !== undefined ? { keepCheckpoints } : {}),
    ...(seed !== undefined ? { seed } : {}),
    name,
    studyNamed: args.flags.has("study"),
    dir: studyDir(ctx.cwd, name),
    python: args.flags.get("python") ?? ctx.env.ATTUNE_PYTHON ?? "python3",
    ...(gpus ? { gpus } : {}),
    ...(tfjsBackend ? { tfjsBackend } : {}),
    cpuOverflow: args.switches.has("cpu-overflow"),
    json: args.switches.has("json"),
    ...(target ? { storage: { target, heartbeat: heartbeatOptions(ctx, args) } } : {}),
  };
}

/** Several objectives' directions and metrics, and the constraints, as the study and the output take them. */
function objectiveConfig(d: Directives, multi: boolean): ObjectiveConfig {
  const objectives = d.objectives ?? [];
  return {
    ...(multi ? { directions: objectives.map((x) => x.direction), metrics: objectives.map((x) => x.metric) } : {}),
    ...(d.constraints?.length ? { constraints: d.constraints } : {}),
  };
}

/** What `f` returns; an Error it throws (a value the flag or file chose that is refused) becomes a usage error. */
function orUsage<T>(f: () => T, prefix = ""): T {
  try {
    return f();
  } catch (e) {
    throw new UsageError(prefix + (e as Error).message);
  }
}

/** The GPUs trials may use (docs/trials.md); --gpus naming GPUs on a machine without any is a usage error. */
async function gpuAllocator(
  ctx: CliContext,
  args: ParsedArgs,
  parallel: number | undefined,
): Promise<GpuAllocator | undefined> {
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
  if (alloc.size && parallel !== undefined && !alloc.packsByMemory && parallel > alloc.capacity)
    ctx.err(
      `attune: --parallel ${parallel} is more than the ${alloc.capacity} GPU slot(s): the others wait for a free GPU` +
        (args.switches.has("cpu-overflow")
          ? " (--cpu-overflow: they run on the CPU instead)"
          : "; pass --cpu-overflow to run them on the CPU"),
    );
  return alloc;
}
