// The selected trial: its parameters, metrics, error, and the actions on it (apply, log, stop, rerun).
import type { StudyView, TrialRow } from "../../src/protocol/messages";
import { formatDuration, formatNumber, formatParamValue } from "../../src/core/format";
import { architectureDiagram } from "../model/architecture";
import { groupedParams } from "../model/lists";
import { architectureSvg } from "./architecture";
import { trialDuration } from "../model/trialTime";
import { h } from "./dom";

export interface DetailActions {
  apply(trial: number): void;
  log(trial: number): void;
  stop(trial: number): void;
  rerun(trial: number): void;
}

export class TrialDetails {
  readonly el: HTMLElement;
  private sig = "";
  private first: HTMLElement | undefined;

  constructor(private readonly actions: DetailActions) {
    this.el = h("section", { class: "details", "aria-label": "Selected trial", "aria-live": "polite" });
  }

  /** Keyboard: Enter on a row lands on its first action. */
  focusActions(): void {
    this.first?.focus();
  }

  render(
    study: StudyView,
    t: TrialRow | undefined,
    best: number | undefined,
    trusted: boolean,
    canApply: boolean,
    now: number,
  ): void {
    const sig = t
      ? `${JSON.stringify(t)}|${best}|${trusted}|${canApply}|${t.state === "running" ? Math.floor(now / 1000) : ""}`
      : "none";
    if (sig === this.sig) return;
    this.sig = sig;
    if (!t) {
      this.el.hidden = true;
      this.el.replaceChildren();
      this.first = undefined;
      return;
    }
    this.el.hidden = false;
    const btn = (label: string, f: (n: number) => void, secondary = true, disabled = false): HTMLElement => {
      const b = h("vscode-button", { secondary, disabled }, label);
      b.addEventListener("click", () => !b.hasAttribute("disabled") && f(t.number));
      return b;
    };
    const buttons = [
      btn("Apply these values", this.actions.apply, false, !canApply),
      btn("Show log", this.actions.log),
      t.state === "running" && trusted ? btn("Stop trial", this.actions.stop) : null,
      t.state !== "running" && t.state !== "queued" && trusted ? btn("Rerun", this.actions.rerun) : null,
    ].filter((b): b is HTMLElement => b !== null);
    this.first = buttons.find((b) => !b.hasAttribute("disabled"));
    const facts = [
      t.state,
      objectiveFacts(study, t),
      formatDuration(trialDuration(t, now), ""),
      t.backend ? `${t.backend}${t.adapter ? ` on ${t.adapter}` : ""}` : "",
      t.gpu !== undefined ? `GPU ${t.gpu}` : "",
    ].filter(Boolean);
    // A list parameter reads as one list with its length, not as its flattened length and element columns.
    const params = groupedParams(t.params).map(([k, v]) =>
      h("span", { class: "kv" }, h("span", { class: "k" }, k), " = ", h("span", { class: "v" }, formatParamValue(v))),
    );
    const metrics = Object.entries(t.metrics ?? {}).map(([k, v]) =>
      h("span", { class: "kv" }, h("span", { class: "k" }, k), " ", h("span", { class: "v" }, formatNumber(v))),
    );
    const parts: (HTMLElement | null)[] = [
      h(
        "div",
        { class: "details-head" },
        h("h3", {}, `Trial ${t.number}${t.number === best ? " ★ best" : ""}`),
        h("span", { class: "muted" }, facts.join(" · ")),
        h("div", { class: "details-actions", role: "toolbar", "aria-label": `Trial ${t.number} actions` }, ...buttons),
      ),
      h("div", { class: "kv-line" }, ...params),
      architectureBlock(study, t),
      metrics.length ? h("div", { class: "kv-line muted" }, ...metrics) : null,
      t.backendNotes
        ? h("p", { class: "muted" }, `Faster TensorFlow.js backends not used: ${t.backendNotes.split("\n").join("; ")}`)
        : null,
      segmentsLine(t),
      lineageLine(study.trials, t),
      t.outsideSpace ? h("p", { class: "warning" }, `Outside the current search space: ${t.outsideSpace}`) : null,
      t.error ? h("pre", { class: "error-text" }, t.error) : null,
    ];
    this.el.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
  }
}

/** `val_accuracy 0.93`, or with several objectives each one: `accuracy 0.93, latency 12` (and infeasible). */
function objectiveFacts(study: StudyView, t: TrialRow): string {
  if (study.directions && study.directions.length > 1 && t.values) {
    const vals = t.values.map((v, i) => `${study.metrics?.[i] ?? `objective ${i + 1}`} ${formatNumber(v)}`).join(", ");
    return t.feasible === false ? `${vals} (infeasible)` : vals;
  }
  return t.value !== undefined ? `${study.metric ?? "value"} ${formatNumber(t.value)}` : "";
}

/** The trial's lineage, followed back to a trial that started from scratch: "inherited from #3 @ step 6 ← …". */
function lineageLine(trials: readonly TrialRow[], t: TrialRow): HTMLElement | null {
  if (!t.lineage) return null;
  const steps: string[] = [];
  const seen = new Set<number>();
  for (let cur: TrialRow | undefined = t; cur?.lineage && !seen.has(cur.number) && steps.length < 20;) {
    seen.add(cur.number);
    steps.push(`#${cur.number} ${cur.lineage}`);
    const from: number | undefined = cur.lineageFrom;
    cur = from === undefined ? undefined : trials.find((x) => x.number === from);
  }
  return h("p", { class: "muted lineage" }, `Lineage: ${steps.join(" ← ")}`);
}

/** The architecture the trial's list parameters describe, as a block diagram; null when they describe none. */
function architectureBlock(study: StudyView, t: TrialRow): HTMLElement | null {
  const d = architectureDiagram(study.params, t.params);
  if (!d) return null;
  return h("figure", { class: "arch-figure", "aria-label": "Architecture" }, architectureSvg(d, t.number));
}

/**
 * Why a paused trial waits ("paused at step 3: predicted 0.912 at step 27, below best 0.934"), or why freeze-thaw
 * dropped it; and, for a trial that trained in segments, where it paused and went on.
 */
function segmentsLine(t: TrialRow): HTMLElement | null {
  const continued = (t.pausedAt ?? []).filter((s) => t.state !== "paused" || s !== t.pausedAt?.at(-1));
  const parts = [
    t.pauseNote ? t.pauseNote[0].toUpperCase() + t.pauseNote.slice(1) : "",
    continued.length
      ? `Trained in ${continued.length + 1} segments: paused at step ${continued.join(", ")} and continued`
      : "",
  ].filter(Boolean);
  return parts.length ? h("p", { class: "muted segments" }, parts.join(". ")) : null;
}
