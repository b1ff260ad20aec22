// Shared by the segment tests (segments.test.ts, pauses.test.ts): a deterministic learning curve per config, and a
// loop that drives a segment study the way a worker does.
import { createStudy, space } from "../../src/index";
import type { Trial } from "../../src/core/types";

/** A deterministic learning curve per config: rises towards an asymptote that depends on x. */
export const curveAt = (p: Record<string, unknown>, step: number) =>
  (1 - Math.abs(Number(p.x) - 0.3)) * (1 - 0.6 * step ** -0.7) + 0.01 * Number(p.y);

export const sp = { x: space.float(0, 1), y: space.float(0, 1) };

/**
 * Drive a segment study the way a worker does: train from+1..to, report, tell. Returns every (trial, step) trained.
 * `afterAsk` sees the trials after every ask, before its segment trains.
 */
export function drive(
  algorithm: string,
  asks: number,
  limit?: number,
  curve = curveAt,
  afterAsk?: (trials: readonly Trial[]) => void,
) {
  const study = createStudy({ space: sp, direction: "maximize", algorithm, budget: { min: 1, max: 27 }, seed: 7 });
  if (limit !== undefined) study.trialLimit = limit;
  const trained: string[] = [];
  const jobs: { number: number; from: number; to: number; resumeFrom?: number }[] = [];
  for (let i = 0; i < asks; i++) {
    const job = study.ask();
    afterAsk?.(study.trials());
    if (!job) break;
    jobs.push({
      number: job.number,
      from: job.from!,
      to: job.to!,
      ...(job.resumeFrom !== undefined ? { resumeFrom: job.resumeFrom } : {}),
    });
    let last = NaN;
    for (let s = job.from! + 1; s <= job.to!; s++) {
      trained.push(`${job.number}:${s}`);
      last = curve(job.params, s);
      study.report(job.number, s, last);
    }
    study.tell(job.number, last);
  }
  return { study, trained, jobs };
}
