// Progress of a running study: a live status line on a terminal, plain lines otherwise (logs, CI, pipes).
import { isBaseline } from "../core/baseline";
import { continuedTrials } from "../core/continued";
import type { OrchestratorEvent } from "../runner/options";
import type { Study } from "../core/study";
import { countsTowardTrials, durationSeconds, type Direction } from "../core/types";
import { formatDuration, formatLiteral, formatNumber } from "../core/format";
import type { CliContext } from "./context";
import { describeFailure } from "./commands/show";
import { frontStatus } from "./front";

export interface ProgressOptions {
  total: number;
  direction: Direction;
  metric: string;
  quiet: boolean;
  study: Study;
  /** --time: the study's wall-clock budget (docs/cli.md), shown as what is left of it. */
  timeMs?: number;
}

export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private readonly began = Date.now();
  private readonly doneAtStart: number;
  private lastLineLength = 0;

  constructor(
    private readonly ctx: CliContext,
    private readonly o: ProgressOptions,
  ) {
    this.doneAtStart = this.finishedCount();
  }

  start(): void {
    if (this.o.quiet) return;
    const b = this.o.study.best();
    const what = this.o.study.isMultiObjective
      ? this.o.study.directions.map((d, i) => `${d} ${this.o.study.metrics?.[i] ?? ""}`).join(", ")
      : `${this.o.direction} ${this.o.metric}`;
    this.ctx.err(
      `attune: ${this.o.study.name}: ${what} with ${this.o.study.algorithm}, ${this.planned()}` +
        (this.doneAtStart ? ` (resuming: ${this.doneAtStart} done${b ? `, best ${formatNumber(b.value)}` : ""})` : ""),
    );
    if (this.ctx.isTTY) this.timer = setInterval(() => this.redraw(), 250);
  }

  /** "20 trials", "20 trials or 5m", "trials for 5m". */
  private planned(): string {
    const time = this.o.timeMs !== undefined ? formatDuration(this.o.timeMs / 1000) : undefined;
    if (!Number.isFinite(this.o.total)) return time ? `trials for ${time}` : "trials until the grid is exhausted";
    return `${this.o.total} trials${time ? ` or ${time}, whichever ends first` : ""}`;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.clearLine();
  }

  message(text: string): void {
    if (this.o.quiet) return;
    this.clearLine();
    this.ctx.err(`attune: ${text}`);
  }

  update(e: OrchestratorEvent): void {
    if (this.o.quiet) return;
    if (e.kind === "notice") return this.message(e.message);
    if (e.kind === "backend") return this.backend(e);
    if (e.kind !== "finished") return;
    const t = e.trial;
    const params = Object.entries(t.params)
      .map(([k, v]) => `${k}=${formatLiteral(v)}`)
      .join(" ");
    const d = durationSeconds(t);
    const metrics = this.o.study.metrics ?? [];
    const value = t.values
      ? " " + t.values.map((v, i) => `${metrics[i] ?? `objective${i + 1}`}=${formatNumber(v)}`).join(" ")
      : t.value !== undefined
        ? ` ${this.o.metric}=${formatNumber(t.value)}`
        : "";
    const infeasible = t.state === "complete" && t.constraints?.some((g) => g > 0) ? " (infeasible)" : "";
    const head = `trial #${t.number}${isBaseline(t) ? " (baseline: the file's values)" : ""} ${t.state}${infeasible}`;
    const extra = [
      d !== undefined ? formatDuration(d) : "",
      t.budget !== undefined ? `budget ${t.budget}` : "",
      t.backend ?? "",
      t.gpu ? `GPU ${t.gpu}${t.gpuMemoryMiB ? ` peak ${t.gpuMemoryMiB} MiB` : ""}` : "",
    ]
      .filter(Boolean)
      .join(", ");
    this.clearLine();
    this.ctx.err(`${head}${value}  ${params}${extra ? `  (${extra})` : ""}`);
    if (t.state === "failed" && t.error && !t.error.retriable)
      this.ctx.err(
        describeFailure(t)
          .split("\n")
          .map((l) => `    ${l}`)
          .join("\n"),
      );
    if (!this.ctx.isTTY) this.ctx.err(`  ${this.statusText()}`);
  }

  /** Which TF.js backend (and adapter) trials run on, and why faster ones were not used: once per change. */
  private backend(e: Extract<OrchestratorEvent, { kind: "backend" }>): void {
    const text =
      `TensorFlow.js backend ${e.backend}${e.adapter ? ` on ${e.adapter}` : ""}` +
      (e.skipped?.length ? `; not used: ${e.skipped.join("; ")}` : "");
    if (text === this.lastBackend) return;
    this.lastBackend = text;
    this.message(`trial #${e.trial}: ${text}`);
  }
  private lastBackend = "";

  private finishedCount(): number {
    return this.o.study.trials().filter(countsTowardTrials).length;
  }

  private statusText(): string {
    const trials = this.o.study.trials();
    const done = this.finishedCount();
    const running = trials.filter((t) => t.state === "running").length;
    const paused = trials.filter((t) => t.state === "paused").length;
    const best = this.o.study.best();
    const score = this.o.study.isMultiObjective
      ? frontStatus(trials, this.o.study.directions)
      : `best ${best ? `${formatNumber(best.value)} (#${best.number})` : "—"}`;
    const newDone = done - this.doneAtStart;
    const elapsed = (Date.now() - this.began) / 1000;
    const left = this.o.total - done;
    const timeLeft = this.o.timeMs !== undefined ? Math.max(0, this.o.timeMs / 1000 - elapsed) : Infinity;
    const eta =
      newDone > 0 && left > 0 && Number.isFinite(left) && (elapsed / newDone) * left < timeLeft
        ? ` · ETA ${formatDuration((elapsed / newDone) * left)}`
        : Number.isFinite(timeLeft)
          ? ` · ${formatDuration(timeLeft)} of time left`
          : "";
    const continued = continuedTrials(trials).count;
    return (
      `${done}${Number.isFinite(this.o.total) ? `/${this.o.total}` : ""} done · ${running} running` +
      `${paused ? ` · ${paused} paused` : ""}${continued ? ` · ${continued} continued` : ""} · ${score} · ` +
      `${formatDuration(elapsed)}${eta}`
    );
  }

  private redraw(): void {
    const text = this.statusText();
    process.stderr.write(`\r${text.padEnd(this.lastLineLength)}`);
    this.lastLineLength = text.length;
  }

  private clearLine(): void {
    if (!this.ctx.isTTY || !this.lastLineLength) return;
    process.stderr.write(`\r${" ".repeat(this.lastLineLength)}\r`);
    this.lastLineLength = 0;
  }
}
