// A study as data for other programs: the JSON of `attune tune/show --json` (docs/cli.md) and CSV for spreadsheets.
import { baselineTrial, isBaseline } from "./baseline";
import { bestTrial } from "./study";
import { viewParams } from "./structure";
import { durationSeconds, isFeasible, type Constraint, type Direction, type Trial } from "./types";
import { paretoTrials } from "./multi/pareto";

export interface StudyJson {
  study: string;
  direction: Direction;
  metric: string | null;
  /** One objective: the best feasible trial. (Absent for several objectives: see `pareto`.) */
  best?: { trial: number; value: number; params: Trial["params"] } | null;
  /** Several objectives (docs/cli.md). */
  directions?: Direction[];
  metrics?: (string | null)[];
  constraints?: Constraint[];
  /** The feasible non-dominated complete trials, by number. */
  pareto?: number[];
  /** The trial that ran the file's own values (docs/trials.md), when the study has one. */
  baseline?: { trial: number; value: number | null };
  trials: {
    number: number;
    state: Trial["state"];
    params: Trial["params"];
    value: number | null;
    values?: number[] | null;
    /** Constraints: each one's g (≤ 0 holds), and whether all hold. */
    constraints?: number[];
    feasible?: boolean;
    intermediate: [number, number][];
    duration_s: number | null;
    budget?: number;
    backend?: string;
    adapter?: string;
    gpu?: string;
    gpu_memory_mib?: number;
    error?: Trial["error"];
    outside_space?: string;
    baseline?: true;
  }[];
}

/** Several objectives and constraints of a study, as its header records them. */
export interface Objectives {
  directions?: Direction[];
  metrics?: string[];
  constraints?: Constraint[];
}

export function studyToJson(
  name: string,
  direction: Direction,
  metric: string | undefined,
  trials: readonly Trial[],
  objectives: Objectives = {},
): StudyJson {
  const base = baselineTrial(trials);
  const multi = (objectives.directions?.length ?? 1) > 1 ? objectives.directions! : undefined;
  const best = multi ? undefined : bestTrial(trials, direction);
  const constrained = (objectives.constraints?.length ?? 0) > 0;
  return {
    study: name,
    direction,
    metric: metric ?? null,
    ...(base ? { baseline: { trial: base.number, value: base.value ?? null } } : {}),
    ...(multi
      ? {
          directions: multi,
          metrics: multi.map((_, i) => objectives.metrics?.[i] ?? null),
          pareto: paretoTrials(trials, multi)
            .map((t) => t.number)
            .sort((a, b) => a - b),
        }
      : { best: best ? { trial: best.number, value: best.value, params: best.params } : null }),
    ...(constrained ? { constraints: objectives.constraints } : {}),
    trials: trials.map((t) => {
      const d = durationSeconds(t);
      return {
        number: t.number,
        state: t.state,
        params: t.params,
        value: t.value ?? null,
        ...(multi ? { values: t.values ?? null } : {}),
        ...(constrained && t.constraints ? { constraints: t.constraints, feasible: isFeasible(t) } : {}),
        intermediate: t.intermediate,
        duration_s: d === undefined ? null : Math.round(d * 1000) / 1000,
        ...(t.budget !== undefined ? { budget: t.budget } : {}),
        ...(t.backend ? { backend: t.backend } : {}),
        ...(t.adapter ? { adapter: t.adapter } : {}),
        ...(t.gpu !== undefined ? { gpu: t.gpu } : {}),
        ...(t.gpuMemoryMiB ? { gpu_memory_mib: t.gpuMemoryMiB } : {}),
        ...(t.error ? { error: t.error } : {}),
        ...(t.outsideSpace ? { outside_space: t.outsideSpace } : {}),
        ...(isBaseline(t) ? { baseline: true as const } : {}),
      };
    }),
  };
}

/**
 * One row per trial, one column per parameter (union over trials), RFC 4180 quoting. A list is spread into
 * `len(x)` and `x[0]`, `x[1]`… columns, as the panel shows it.
 */
export function trialsToCsv(trials: readonly Trial[]): string {
  const names: string[] = [];
  const flat = trials.map((t) => viewParams(t.params));
  for (const p of flat) for (const k of Object.keys(p)) if (!names.includes(k)) names.push(k);
  const header = [
    "number",
    "state",
    "value",
    ...names.map((n) => `param:${n}`),
    "steps",
    "duration_s",
    "budget",
    "backend",
    "gpu",
    "error",
  ];
  const rows = trials.map((t, i) => {
    const d = durationSeconds(t);
    const params = flat[i];
    return [
      t.number,
      t.state,
      t.value ?? "",
      ...names.map((n) => (n in params ? params[n] : "")),
      t.intermediate.length,
      d === undefined ? "" : d.toFixed(3),
      t.budget ?? "",
      t.backend ?? "",
      t.gpu ?? "",
      t.error?.message ?? "",
    ];
  });
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function csvCell(v: unknown): string {
  const s = v === null ? "null" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
