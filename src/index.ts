// The library (docs/library.md): `const { createStudy, space } = require("attune")`.
import { join } from "node:path";
import { createAlgorithm, DEFAULT_ALGORITHM } from "./core/algorithms";
import { space as builders, spaceFromObject, type Param, type Space } from "./core/space";
import { Study } from "./core/study";
import type { Constraint, Direction } from "./core/types";
import { hostname } from "node:os";
import { DEFAULT_HEARTBEAT } from "./storage/postgres/shared";
import { PostgresStore } from "./storage/postgres/store";
import { parsePgUrl } from "./storage/postgres/url";
import { openStudy } from "./storage/journalStore";

export { Study, bestTrial } from "./core/study";
export type { AskResult, BestTrial, TellResult } from "./core/study";
export type { Trial, Params, Direction, TrialState, Literal, Constraint } from "./core/types";
export { paretoFront, dominates, nonDominatedSort } from "./core/multi/pareto";
export type { ParetoPoint } from "./core/multi/pareto";
export { hypervolume } from "./core/multi/hypervolume";
export type { Space, Param } from "./core/space";

export const space = builders;

export interface CreateStudyOptions {
  /** `{ name: space.float(...), ... }`, or a full Space. */
  space: Record<string, Omit<Param, "name">> | Space;
  direction?: Direction;
  /** Several objectives (docs/library.md): one direction each; tell() then takes a list of values. */
  directions?: Direction[];
  /** Optional names of the objectives (one per direction), shown by views. */
  metrics?: string[];
  /** Constraints on metrics passed to tell(n, values, metrics) or report(): a trial breaking one is infeasible. */
  constraints?: Constraint[];
  algorithm?: string;
  seed?: number;
  /** Multi-fidelity resource range (hyperband/asha). */
  budget?: { min: number; max: number };
  /** Halving rate for hyperband/asha (default 3). */
  eta?: number;
  /** "hyperband" | "asha" | "median" | "none": a pruner for any algorithm. */
  pruner?: string;
  name?: string;
  /** Persist to (and resume from) this journal file. */
  journal?: string;
  /** Keep the study in PostgreSQL (`postgresql://user@host/db`), shared with other processes and machines by name. */
  storage?: string;
}

export function createStudy(opts: CreateStudyOptions): Study {
  const s = toSpace(opts.space, opts.budget);
  const algorithm = opts.algorithm ?? DEFAULT_ALGORITHM;
  const directions = opts.directions ?? (opts.direction ? [opts.direction] : ["minimize"]);
  if (!directions.length || directions.length > 3 || directions.some((d) => d !== "minimize" && d !== "maximize"))
    throw new Error(`directions must list 1 to 3 of "minimize" / "maximize"; got ${JSON.stringify(opts.directions)}`);
  for (const c of opts.constraints ?? [])
    if (typeof c?.metric !== "string" || (c.op !== "<=" && c.op !== ">=") || !Number.isFinite(c.bound))
      throw new Error(`a constraint is { metric: "latency_ms", op: "<=", bound: 10 }; got ${JSON.stringify(c)}`);
  const parts = createAlgorithm(algorithm, {
    budget: s.budget,
    eta: opts.eta,
    pruner: opts.pruner,
    objectives: directions.length,
  });
  return openStudy({
    name: opts.name ?? "study",
    space: s,
    direction: directions[0],
    ...(directions.length > 1 ? { directions } : {}),
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    ...(opts.constraints?.length ? { constraints: opts.constraints } : {}),
    algorithm,
    seed: opts.seed ?? 0,
    ...parts,
    ...(opts.storage ? sharedStore(opts.storage, opts.name ?? "study") : opts.journal ? { journal: opts.journal } : {}),
  });
}

function sharedStore(url: string, name: string): { store: PostgresStore; rngSalt: string } {
  const store = new PostgresStore(parsePgUrl(url, "storage"), name, {
    create: true,
    heartbeatMs: DEFAULT_HEARTBEAT.intervalMs,
  });
  return { store, rngSalt: `${hostname()}:${process.pid}` };
}

function toSpace(obj: CreateStudyOptions["space"], budget?: { min: number; max: number }): Space {
  const b = budget ? { name: "budget", ...budget } : undefined;
  if (Array.isArray((obj as Space).params)) {
    const full = obj as Space;
    return b && !full.budget ? { ...full, budget: b } : full;
  }
  return spaceFromObject(obj as Record<string, Omit<Param, "name">>, b);
}

// VS Code loads the package's `main` as the extension when the folder is packed as it is (`vsce package`): hand
// activation to the bundled extension next to this file, loaded only then, so library users never load `vscode`.
type ExtensionModule = { activate(context: unknown): unknown; deactivate(): unknown };
const extensionModule = (): ExtensionModule => require(join(__dirname, "extension.js"));
export function activate(context: unknown): unknown {
  return extensionModule().activate(context);
}
export function deactivate(): unknown {
  return extensionModule().deactivate();
}
