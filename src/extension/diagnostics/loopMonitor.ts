// Opt-in instrumentation of the extension host's event loop, for bench/extension: when ATTUNE_LOOP_MONITOR names a
// file, every second one JSON line is appended with the longest time the loop was blocked in that second, so a
// benchmark outside VS Code can show that following a running study never blocks the host. Unset (every normal
// session): nothing starts, nothing is written, no timers.
//
// Two measurements: a probe timer every `resolutionMs` whose lateness is the block (per interval, never lost to
// the order in which the flush and the probe fire after a long block), and Node's monitorEventLoopDelay
// histogram over the whole session (never reset) as a cross-check.
//
// Wiring (src/extension/extension.ts): first statement of activate() `const t0 = performance.now();`, then
//   context.subscriptions.push(startLoopMonitor());
// and as the last statement of activate()
//   recordActivation(t0);
// Lines written: {"event":"start",...} · {"event":"activate","ms":N} · per interval
// {"event":"loop","t":..,"maxBlockMs":..,"samples":..,"histMaxMs":..,"histP99Ms":..,"cpuMs":..}.
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
  /** Longest lateness of the probe timer in this interval: how long the loop was blocked at most. */
  maxBlockMs: number;
  samples: number;
  /** monitorEventLoopDelay over the whole session so far (includes the resolution itself). */
  histMaxMs: number;
  histP99Ms: number;
  /** CPU time this process used in the interval (user + system, all threads): a block with little CPU behind it
   * was the machine starving the process, not work on its loop. */
  cpuMs: number;
}

const ms = (v: number) => Math.round(v * 100) / 100;

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
  const resolution = opts.resolutionMs ?? 5;
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution });
  histogram.enable();
  write(file, { event: "start", t: Date.now(), pid: process.pid, resolutionMs: resolution });

  let cpu = process.cpuUsage();
  let last = performance.now();
  let windowMax = 0;
  let samples = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    windowMax = Math.max(windowMax, now - last - resolution);
    last = now;
    samples++;
  }, resolution);
  probe.unref();

  const flush = () => {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    if (samples > 0) {
      const sample: LoopSample = {
        event: "loop",
        t: Date.now(),
        maxBlockMs: ms(Math.max(0, windowMax)),
        samples,
        histMaxMs: ms(histogram.max / 1e6),
        histP99Ms: ms(histogram.percentile(99) / 1e6),
        cpuMs: ms((used.user + used.system) / 1000),
      };
      write(file, sample);
    }
    windowMax = 0;
    samples = 0;
  };
  const timer = setInterval(flush, intervalMs);
  timer.unref();
  return {
    dispose() {
      clearInterval(timer);
      clearInterval(probe);
      flush();
      histogram.disable();
    },
  };
}

/** Records how long activate() took, from a `performance.now()` taken at its start (only when monitoring). */
export function recordActivation(startedAt: number, file = process.env[LOOP_MONITOR_ENV]): void {
  if (!file) return;
  write(file, { event: "activate", t: Date.now(), ms: ms(performance.now() - startedAt) });
}
