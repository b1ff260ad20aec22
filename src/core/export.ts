// A study as data for other programs: the JSON of `attune tune/show --json` (SPEC §6) and CSV for spreadsheets.
import { baselineTrial, isBaseline } from "./baseline";
import { bestTrial } from "./study";
import { viewParams } from "./structure";
import { durationSeconds, type Direction, type Trial } from "./types";

export interface StudyJson {
  study: string;
  direction: Direction;
  metric: string | null;
  best: { trial: number; value: number; params: Trial["params"] } | null;
  /** The trial that ran the file's own values (SPEC §2), when the study has one. */
  baseline?: { trial: number; value: number | null };
  trials: {
    number: number;
    state: Trial["state"];
    params: Trial["params"];
    value: number | null;
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

export function studyToJson(
  name: string,
  direction: Direction,
  metric: string | undefined,
  trials: readonly Trial[],
): StudyJson {
  const best = bestTrial(trials, direction);
  const base = baselineTrial(trials);
  return {
    study: name,
    direction,
    metric: metric ?? null,
    best: best ? { trial: best.number, value: best.value, params: best.params } : null,
    ...(base ? { baseline: { trial: base.number, value: base.value ?? null } } : {}),
    trials: trials.map((t) => {
      const d = durationSeconds(t);
      return {
        number: t.number,
        state: t.state,
        params: t.params,
        value: t.value ?? null,
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
