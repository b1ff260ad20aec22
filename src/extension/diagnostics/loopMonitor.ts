// Opt-in instrumentation of the extension host's event loop, for bench/extension: when ATTUNE_LOOP_MONITOR names a
// file, every second one JSON line is appended with the longest event-loop delay seen in that second (Node's
// perf_hooks.monitorEventLoopDelay histogram), so a benchmark outside VS Code can prove that following a running
// study never blocks the host. Unset (every normal session): nothing starts, nothing is written, no timers.
//
// Wiring (src/extension/extension.ts): first statement of activate() `const t0 = performance.now();`, then
//   context.subscriptions.push(startLoopMonitor());
// and as the last statement of activate()
//   recordActivation(t0);
// Lines written: {"event":"start",...} · {"event":"activate","ms":N} · {"event":"loop","t":..,"maxMs":..,
// "p99Ms":..,"meanMs":..,"count":..} per interval with at least one sample.
import { appendFileSync } from "node:fs";
import { monitorEventLoopDelay, performance, type IntervalHistogram } from "node:perf_hooks";

export const LOOP_MONITOR_ENV = "ATTUNE_LOOP_MONITOR";

export interface LoopMonitorOptions {
  /** Where to append JSON lines; defaults to $ATTUNE_LOOP_MONITOR. */
  file?: string;
  /** How often a line is written (ms). */
  intervalMs?: number;
  /** Histogram sampling resolution (ms): a block shorter than this may go unseen. */
  resolutionMs?: number;
}

export interface LoopSample {
  event: "loop";
  t: number;
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  count: number;
}

const ns = (v: number) => Math.round((v / 1e6) * 100) / 100;

function write(file: string, record: object): void {
  try {
    appendFileSync(file, JSON.stringify(record) + "\n");
  } catch {
    /* diagnostics must never break the extension */
  }
}

/** Starts the monitor when a file is configured; returns a disposable that stops it (a no-op otherwise). */
export function startLoopMonitor(opts: LoopMonitorOptions = {}): { dispose(): void } {
  const file = opts.file ?? process.env[LOOP_MONITOR_ENV];
  if (!file) return { dispose() {} };
  const intervalMs = opts.intervalMs ?? 1000;
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: opts.resolutionMs ?? 5 });
  histogram.enable();
  write(file, { event: "start", t: Date.now(), pid: process.pid, resolutionMs: opts.resolutionMs ?? 5 });
  const flush = () => {
    if (histogram.count > 0) {
      const sample: LoopSample = {
        event: "loop",
        t: Date.now(),
        maxMs: ns(histogram.max),
        p99Ms: ns(histogram.percentile(99)),
        meanMs: ns(histogram.mean),
        count: histogram.count,
      };
      write(file, sample);
    }
    histogram.reset();
  };
  const timer = setInterval(flush, intervalMs);
  timer.unref();
  return {
    dispose() {
      clearInterval(timer);
      flush();
      histogram.disable();
    },
  };
}

/** Records how long activate() took, from a `performance.now()` taken at its start (only when monitoring). */
export function recordActivation(startedAt: number, file = process.env[LOOP_MONITOR_ENV]): void {
  if (!file) return;
  write(file, { event: "activate", t: Date.now(), ms: Math.round((performance.now() - startedAt) * 100) / 100 });
}
