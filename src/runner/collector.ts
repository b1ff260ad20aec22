// Turns a trial's output lines into its reports: intermediate values of the objective, the latest value of every
// metric, and meta facts (TF.js backend). Pure, so the rules of docs/trials.md are unit-tested without processes.

import { parseLine } from "./reports";

export interface Report {
  step: number;
  value?: number;
  metrics: Record<string, number>;
}

export class ReportCollector {
  readonly intermediate: [number, number][] = [];
  readonly metrics: Record<string, number> = {};
  /** The last reported objective, finite or not. */
  value: number | undefined;
  valueStep: number | undefined;
  backend: string | undefined;
  private lastStep = 0;
  /** The step the script gave with its last objective report (which may differ from the step it was recorded at). */
  private givenStep: number | undefined;
  /** Metrics the script reports through the protocol: plain-text copies of them are echoes, not reports. */
  private readonly protocolMetrics = new Set<string>();
  /** Set by `@tune-meta {"protocol": true}` (the TF.js fit hook): only protocol lines count from then on. */
  private protocolOnly = false;

  /** Set when the trial was told to resume after step N but its first report said step ≤ N: it trained from scratch. */
  restarted = false;

  /** `resumeStep`: the trial continues a checkpoint at that step, so its steps count on from there (docs/trials.md). */
  constructor(
    private readonly objective: string,
    private readonly resumeStep?: number,
  ) {
    if (resumeStep) this.lastStep = resumeStep;
  }

  /** Feeds one line; returns the report it made, if any, and whether it carried meta facts. */
  add(line: string): { report?: Report; meta?: Record<string, unknown> } {
    const p = parseLine(line);
    if (!p) return {};
    if (p.kind === "meta") {
      const meta = p.meta ?? {};
      if (typeof meta.backend === "string") this.backend = meta.backend;
      if (meta.protocol === true) this.protocolOnly = true;
      return { meta };
    }
    let metrics = p.metrics;
    if (p.kind === "protocol") {
      for (const k of Object.keys(metrics)) this.protocolMetrics.add(k);
    } else {
      if (this.protocolOnly) return {};
      metrics = Object.fromEntries(Object.entries(metrics).filter(([k]) => !this.protocolMetrics.has(k)));
    }
    if (Object.keys(metrics).length === 0) return {};
    Object.assign(this.metrics, metrics);
    const value = metrics[this.objective];
    if (value === undefined) return { report: { step: p.step ?? this.lastStep, metrics } };
    if (this.resumeStep && this.valueStep === undefined && p.step !== undefined && p.step <= this.resumeStep) {
      // The script ignored ATTUNE_RESUME_STEP: its steps are its own again, from scratch.
      this.restarted = true;
      this.lastStep = 0;
    }
    // Steps count up from 1 when not given, and always ascend: a step that goes back continues the count. The step
    // just reported, given again (a line printed twice, a value refined within an epoch), replaces its value, as the
    // journal does; counting it as the next step would shift every later step off the script's own numbers.
    const again = p.step !== undefined && p.step === this.givenStep && this.valueStep !== undefined;
    const step = again ? this.valueStep! : p.step !== undefined && p.step > this.lastStep ? p.step : this.lastStep + 1;
    this.givenStep = p.step;
    this.lastStep = step;
    this.value = value;
    this.valueStep = step;
    if (Number.isFinite(value)) {
      const last = this.intermediate[this.intermediate.length - 1];
      if (last && last[0] === step) last[1] = value;
      else this.intermediate.push([step, value]);
    }
    return { report: { step, value, metrics } };
  }
}
