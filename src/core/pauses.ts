// Why a trial is paused, or why freeze-thaw dropped it, in words: "paused at step 3: predicted 0.912 at step 27,
// below best 0.934". Freeze-thaw records its prediction on the trial (`attrs.forecast`, a meta event) each time a
// paused trial's curve or the best it is measured against changes; studies written before have none and read as
// "paused at step 3". Pure.
import { formatNumber } from "./format";
import type { Forecast } from "./segments/scheduler";
import type { Trial } from "./types";

/** What is kept on the trial: the forecast without its trial number. */
export type RecordedForecast = Omit<Forecast, "trial">;

/** The forecast recorded on a trial, when its shape is sound (attrs are free-form: a journal may hold anything). */
export function forecastOf(t: Pick<Trial, "attrs">): RecordedForecast | undefined {
  const f = t.attrs?.forecast as Record<string, unknown> | undefined;
  if (typeof f !== "object" || f === null) return undefined;
  const num = (k: string) => (typeof f[k] === "number" && Number.isFinite(f[k]) ? (f[k] as number) : undefined);
  const step = num("step");
  const at = num("at");
  const mean = num("mean");
  if (step === undefined || at === undefined || mean === undefined) return undefined;
  const best = num("best");
  const chance = num("chance");
  return {
    step,
    at,
    mean,
    sd: num("sd") ?? 0,
    ...(best !== undefined ? { best } : {}),
    ...(chance !== undefined ? { chance } : {}),
  };
}

/** Whether a new forecast says something the recorded one does not: another step, another best, or none yet. */
export function forecastChanged(t: Pick<Trial, "attrs">, f: Forecast): boolean {
  const was = forecastOf(t);
  return !was || was.step !== f.step || was.best !== f.best;
}

/** The forecast as it is recorded (rounded to what a person reads, so a journal line stays short). */
export function recordedForecast(f: Forecast): RecordedForecast {
  const r = (x: number) => Number(x.toPrecision(6));
  return {
    step: f.step,
    at: f.at,
    mean: r(f.mean),
    sd: r(f.sd),
    ...(f.best !== undefined ? { best: f.best } : {}),
    ...(f.chance !== undefined ? { chance: r(f.chance) } : {}),
  };
}

const lastStepOf = (t: Pick<Trial, "intermediate">) => t.intermediate.at(-1)?.[0];

/** The recorded forecast when it was made at the trial's last step (one made at an earlier step is stale). */
export function currentForecast(t: Pick<Trial, "intermediate" | "attrs">): RecordedForecast | undefined {
  const f = forecastOf(t);
  return f && f.step === lastStepOf(t) ? f : undefined;
}

/**
 * "paused at step 3: predicted 0.912 at step 27, below best 0.934" for a paused trial; for one freeze-thaw dropped,
 * "dropped at step 3: predicted 0.85 at step 27, 0.4% chance to beat best 0.934"; "" for any other trial. A forecast
 * made at another step than the trial's last is stale and left out.
 */
export function pauseText(t: Pick<Trial, "state" | "intermediate" | "attrs">): string {
  const step = lastStepOf(t);
  if (t.state !== "paused" && t.state !== "pruned") return "";
  const fresh = currentForecast(t);
  if (t.state === "pruned" && !fresh) return "";
  const head = `${t.state === "paused" ? "paused" : "dropped"}${step !== undefined ? ` at step ${step}` : ""}`;
  if (!fresh) return head;
  const predicted = `predicted ${formatNumber(fresh.mean)} at step ${fresh.at}`;
  if (fresh.best === undefined) return `${head}: ${predicted}`;
  if (t.state === "pruned" && fresh.chance !== undefined)
    return `${head}: ${predicted}, ${chanceText(fresh.chance)} chance to beat best ${formatNumber(fresh.best)}`;
  const rel = fresh.mean < fresh.best ? "below" : fresh.mean > fresh.best ? "above" : "level with";
  return `${head}: ${predicted}, ${rel} best ${formatNumber(fresh.best)}`;
}

function chanceText(p: number): string {
  if (p < 0.001) return "< 0.1%";
  return `${formatNumber(Math.round(p * 1000) / 10)}%`;
}

/** The steps at which a trial's training paused: each continued pause, and its last step while it is paused now. */
export function pauseSteps(t: Pick<Trial, "state" | "intermediate" | "continuedAt">): number[] {
  const out = (t.continuedAt ?? []).filter((s) => s > 0);
  const last = lastStepOf(t);
  if (t.state === "paused" && last !== undefined && out.at(-1) !== last) out.push(last);
  return out;
}
