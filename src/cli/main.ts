// `attune` — the command line (docs/cli.md). Exit codes: 0 done, 2 bad annotations or arguments, 1 anything else.
import { parseArgs, UsageError } from "./args";
import { apply, APPLY_FLAGS } from "./commands/apply";
import { auto, AUTO_FLAGS } from "./commands/auto";
import { predict } from "./commands/predict";
import { DataError } from "../data/errors";
import { check } from "./commands/check";
import { show, SHOW_FLAGS } from "./commands/show";
import { exportStudy, importStudy, TRANSFER_FLAGS } from "./commands/transfer";
import { tune, TUNE_FLAGS } from "./commands/tune";
import type { CliContext } from "./context";
import { AnnotationError } from "./load";
import { fatalDetails, fatalLine, runLastWords } from "./fatal";
import { killAllRunning } from "../runner";
import { StorageError } from "../storage/postgres/types";

const USAGE = `usage:
  attune check <file> [--json]             print the search space, or the errors (exit 2)
  attune tune <file> [--algorithm A] [--trials N] [--time DUR] [--parallel K] [--seed S] [--timeout DUR]
                     [--study NAME] [--python PATH] [--json]
                     [--gpus 0,1|none] [--trials-per-gpu auto|N] [--cpu-overflow] [--use-busy-gpus]
                     [--eta N] [--pruner hyperband|asha|median|curve|none] [--keep-checkpoints N]
                     [--tfjs-backend auto|tfjs-node-gpu|webgpu|tfjs-node|wasm|cpu]
                     [--storage URL] [--heartbeat 2s] [--heartbeat-grace 10s]
  attune show [<file> | --study NAME] [--json] [--storage URL]
  attune apply <file> [--trial N] [--study NAME] [--dry-run] [--storage URL]
  attune auto <file.csv | image folder> [--target COLUMN] [--task classification|regression] [--trials N]
                     [--time DUR] [--out DIR] [--seed S] [--parallel K] [--json]
                                           search a TF.js model for the data: train.ts, model/, report.json
  attune predict <DIR> <file.csv | image folder>   CSV of predictions of DIR/model on stdout
  attune export --study NAME --storage URL [--as NAME]    copy a PostgreSQL study into .attune/ (a journal)
  attune import --study NAME --storage URL [--as NAME]    copy a study in .attune/ into PostgreSQL

storage: --storage postgresql://user[:password]@host[:port]/db (or ATTUNE_STORAGE) keeps studies in PostgreSQL,
  shared by workers on several machines; the default is the journal in .attune/.

algorithms: bayes (default; freeze-thaw when the file has a budget and its trials checkpoint), tpe, random, grid,
  hyperband, asha, evolution, rl, freeze-thaw, pbt; several objectives: bayes (ParEGO), tpe (MOTPE), nsga2`;

export async function main(argv: string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "check": {
        const a = parseArgs(rest, { values: [], switches: ["json"] });
        return check(ctx, a.positional[0], a.switches.has("json"));
      }
      case "tune":
        return await tune(ctx, parseArgs(rest, TUNE_FLAGS));
      case "auto":
        return await auto(ctx, parseArgs(rest, AUTO_FLAGS));
      case "predict":
        return await predict(ctx, parseArgs(rest, { values: [], switches: [] }).positional);
      case "show":
        return show(ctx, parseArgs(rest, SHOW_FLAGS));
      case "apply":
        return apply(ctx, parseArgs(rest, APPLY_FLAGS));
      case "export":
        return exportStudy(ctx, parseArgs(rest, TRANSFER_FLAGS));
      case "import":
        return importStudy(ctx, parseArgs(rest, TRANSFER_FLAGS));
      case "help":
      case "--help":
      case "-h":
        ctx.out(USAGE);
        return 0;
      case "--version":
        ctx.out(require("../../package.json").version);
        return 0;
      default:
        ctx.err(command ? `attune: unknown command "${command}"\n${USAGE}` : USAGE);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.err(`attune: ${e.message}`);
      return 2;
    }
    if (e instanceof DataError) {
      ctx.err(`attune: ${e.message}`);
      return 2;
    }
    if (e instanceof AnnotationError) {
      ctx.err(e.message);
      return 2;
    }
    if (e instanceof StorageError) {
      ctx.err(`attune: ${e.message}`);
      return 1;
    }
    ctx.err(fatalLine(e));
    const details = fatalDetails(e, ctx.env);
    if (details) ctx.err(details);
    return 1;
  }
}

function processContext(): CliContext {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (line) => process.stdout.write(line + "\n"),
    err: (line) => process.stderr.write(line + "\n"),
    isTTY: !!process.stderr.isTTY,
    onInterrupt(handler) {
      process.on("SIGINT", handler);
      process.on("SIGTERM", handler);
      process.on("SIGHUP", handler);
      return () => {
        process.off("SIGINT", handler);
        process.off("SIGTERM", handler);
        process.off("SIGHUP", handler);
      };
    },
  };
}

/** Runs the CLI on this process's arguments and exits with its code (bin/attune.js and `node dist/cli.js`). */
export function runCli(): void {
  process.on("uncaughtException", dieOf);
  process.on("unhandledRejection", dieOf);
  main(process.argv.slice(2), processContext()).then(
    (code) => {
      // Let stdout drain before exiting (large --json output into a pipe).
      process.stdout.write("", () => process.exit(code));
    },
    (e) => dieOf(e),
  );
}

/** An error thrown outside main's reach (a stream callback): one line, no trial left running, exit 1. */
function dieOf(e: unknown): never {
  runLastWords(e);
  process.stderr.write(fatalLine(e) + "\n");
  const details = fatalDetails(e, process.env);
  if (details) process.stderr.write(details + "\n");
  killAllRunning();
  process.exit(1);
}

if (require.main === module) runCli();
