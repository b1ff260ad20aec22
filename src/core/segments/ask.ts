// ask() for studies that train in segments (freeze-thaw, PBT): the scheduler's decision turned into a trial to run.
import type { Rng } from "../rng";
import type { Budget, Space } from "../space";
import type { Sampler } from "../samplers/sampler";
import { sampleStructured } from "../samplers/structured";
import type { AskResult } from "../askResult";
import type { Direction, Params, Trial } from "../types";
import { forecastChanged, recordedForecast, type RecordedForecast } from "../pauses";
import { lastStep, type Forecast, type SegmentContext, type SegmentScheduler } from "./scheduler";

/** What segment asking needs of its Study. */
export interface SegmentAskHost {
  readonly segments: SegmentScheduler;
  readonly sampler: Sampler;
  readonly space: Space;
  readonly budget: Budget;
  readonly direction: Direction;
  readonly trialLimit: number | undefined;
  mustGet(number: number): Trial;
  trial(number: number): Trial | undefined;
  /** Stop a paused trial for good, with what it reached. */
  prune(number: number, value: number | undefined): void;
  /** Record that paused trial `number` trains on to step `to`. */
  resume(number: number, to: number): void;
  /** Record what the scheduler predicts a paused trial will reach (absent: not recorded). */
  forecast?(number: number, f: RecordedForecast): void;
  enqueue(params: Params, budget: number, attrs: Record<string, unknown> | undefined): AskResult;
  /** The schedule or the sampler has nothing more. */
  exhausted(): void;
}

/**
 * Record the scheduler's predictions for paused trials without asking for a segment: a run that stops (--time, a
 * trial count, Stop) leaves the trials its last segments paused with what they are predicted to reach, as the views
 * show (docs/algorithms.md#segments).
 */
export function recordForecasts(h: SegmentAskHost, trials: Trial[], number: number, rng: Rng): void {
  if (!h.segments.forecasts) return;
  record(h, h.segments.forecasts(context(h, trials, number, rng)));
}

function record(h: SegmentAskHost, forecasts: readonly Forecast[]): void {
  for (const f of forecasts) {
    const t = h.trial(f.trial);
    if (t && h.forecast && forecastChanged(t, f)) h.forecast(f.trial, recordedForecast(f));
  }
}

function context(h: SegmentAskHost, trials: Trial[], number: number, rng: Rng): SegmentContext {
  return {
    trials,
    direction: h.direction,
    space: h.space,
    budget: h.budget,
    number,
    rng,
    ...(h.trialLimit !== undefined ? { trialLimit: h.trialLimit } : {}),
  };
}

/** The next segment to train, or null (wait for running segments, or exhausted: see the host). */
export function askSegment(h: SegmentAskHost, trials: Trial[], number: number, rng: Rng): AskResult | null {
  const ctx = context(h, trials, number, rng);
  const { drop, decision, forecasts } = h.segments.next(ctx);
  // Before a drop, so a dropped trial keeps the prediction it was dropped on.
  record(h, forecasts ?? []);
  for (const n of drop) {
    const t = h.trial(n);
    if (t?.state === "paused") h.prune(n, t.value);
  }
  if (decision.kind === "wait") return null;
  if (decision.kind === "done") {
    h.exhausted();
    return null;
  }
  if (decision.kind === "continue") {
    const t = h.mustGet(decision.trial);
    if (t.state !== "paused") throw new Error(`internal: trial ${t.number} is ${t.state}, not paused`);
    const from = lastStep(t);
    h.resume(t.number, decision.to);
    return { number: t.number, params: t.params, budget: decision.to, from, to: decision.to, resumeFrom: t.number };
  }
  const params = decision.params ?? sampleFresh(h, ctx);
  if (!params) return null;
  const attrs =
    decision.resumeFrom !== undefined
      ? { ...decision.attrs, resumeFrom: decision.resumeFrom, resumeStep: decision.from ?? 0 }
      : decision.attrs;
  return { ...h.enqueue(params, decision.to, attrs), to: decision.to };
}

/**
 * A new config from the sampler, which sees the trials as the scheduler shows them (SegmentScheduler.view), or else
 * paused trials as stopped ones: their curves so far are what is known.
 */
function sampleFresh(h: SegmentAskHost, ctx: SegmentContext): Params | undefined {
  const view =
    h.segments.view?.(ctx) ?? ctx.trials.map((t) => (t.state === "paused" ? { ...t, state: "pruned" as const } : t));
  // Through sampleStructured, as every ask is: a space with list(...) parameters is sampled flat, then nested.
  const p = sampleStructured(h.sampler, {
    space: h.space,
    direction: h.direction,
    trials: view,
    number: ctx.number,
    rng: ctx.rng,
  });
  if (p !== "exhausted") return p;
  h.exhausted();
  return undefined;
}
