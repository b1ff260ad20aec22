// The header (study, progress, study-wide actions) and the Best hyperparameters card.
import { improvementText } from "../../src/core/improvement";
import type { StudyView } from "../../src/protocol/messages";
import { formatNumber, formatParamValue } from "../../src/core/format";
import { groupedParams } from "../model/lists";
import { headerParts } from "../model/header";
import { h, setText } from "./dom";

export interface SummaryActions {
  stopStudy(): void;
  exportResults(format: "csv" | "json"): void;
  apply(trial: number): void;
}

function button(label: string, onClick: () => void, attrs: Record<string, string | boolean> = {}): HTMLElement {
  const b = h("vscode-button", attrs, label);
  b.addEventListener("click", () => {
    if (!b.hasAttribute("disabled")) onClick();
  });
  return b;
}

export class Header {
  readonly el: HTMLElement;
  private readonly title = h("h1", { class: "study-name" });
  private readonly meta = h("p", { class: "study-meta" });
  private readonly status = h("span", { class: "status-pill", role: "status" });
  private readonly stop: HTMLElement;
  private readonly warnings = h("ul", { class: "warnings" });

  constructor(actions: SummaryActions) {
    this.stop = button("Stop study", () => actions.stopStudy(), { secondary: true });
    const exportCsv = button("Export CSV", () => actions.exportResults("csv"), { secondary: true });
    const exportJson = button("Export JSON", () => actions.exportResults("json"), { secondary: true });
    this.el = h(
      "header",
      { class: "header" },
      h("div", { class: "header-text" }, h("div", { class: "title-line" }, this.title, this.status), this.meta),
      h(
        "div",
        { class: "header-actions", role: "toolbar", "aria-label": "Study actions" },
        this.stop,
        exportCsv,
        exportJson,
      ),
      this.warnings,
    );
  }

  render(study: StudyView, trusted: boolean): void {
    setText(this.title, study.name);
    this.title.title = study.file ?? study.name;
    const parts = headerParts(study);
    setText(this.meta, parts.join(" · "));
    setText(this.status, study.running ? "Running" : "Idle");
    this.status.className = `status-pill ${study.running ? "running" : "idle"}`;
    this.stop.hidden = !(study.running && trusted);
    const warnText = study.warnings.join("\n");
    if (this.warnings.dataset.text !== warnText) {
      this.warnings.dataset.text = warnText;
      this.warnings.replaceChildren(...study.warnings.slice(-5).map((w) => h("li", { class: "warning" }, w)));
    }
  }
}

export class BestCard {
  readonly el: HTMLElement;
  private readonly value = h("p", { class: "best-value" });
  /** "+1.2 points over your current values (…)": the best trial against the baseline trial. */
  private readonly gain = h("p", { class: "best-gain" });
  private readonly params = h("dl", { class: "best-params" });
  private readonly apply: HTMLElement;
  private readonly note = h("p", { class: "best-note" });
  private best: number | undefined;
  private sig = "";

  constructor(actions: SummaryActions) {
    this.apply = button("Apply", () => this.best !== undefined && actions.apply(this.best));
    this.apply.setAttribute("aria-label", "Apply the best hyperparameters to the file");
    this.el = h(
      "section",
      { class: "card best-card", "aria-labelledby": "best-title" },
      h("div", { class: "card-head" }, h("h2", { id: "best-title" }, "Best hyperparameters"), this.apply),
      this.value,
      this.gain,
      this.params,
      this.note,
    );
  }

  render(study: StudyView, best: number | undefined, canApply: boolean): void {
    if (study.front) return this.renderFront(study);
    const t = best === undefined ? undefined : study.trials.find((r) => r.number === best);
    const info =
      study.best ?? (t && t.value !== undefined ? { number: t.number, value: t.value, params: t.params } : undefined);
    this.best = info?.number;
    const base = study.trials.find((r) => r.baseline && r.state === "complete" && r.value !== undefined);
    const gain =
      info && base
        ? improvementText({
            direction: study.direction,
            best: info,
            baseline: { number: base.number, value: base.value! },
          })
        : "";
    const sig = (info ? JSON.stringify(info) + canApply : `none${canApply}`) + gain;
    if (sig === this.sig) return;
    this.sig = sig;
    if (!info) {
      setText(this.value, "No complete trial yet.");
      this.params.replaceChildren();
      this.apply.setAttribute("disabled", "");
      setText(this.note, "");
      setText(this.gain, "");
      return;
    }
    this.value.replaceChildren(
      h("span", { class: "metric" }, `${study.metric ?? "value"} `),
      h("strong", {}, formatNumber(info.value)),
      h("span", { class: "muted" }, ` · trial ${info.number}`),
    );
    setText(this.gain, gain);
    // In the order of the study's columns; a list parameter as one list with its length.
    const order = new Map(study.params.map((p, i) => [p.name, i] as const));
    const rank = (k: string) => order.get(k) ?? order.get(`len(${k})`) ?? order.get(`${k}[0]`) ?? Infinity;
    const entries = groupedParams(info.params).sort((a, b) => rank(a[0]) - rank(b[0]));
    this.params.replaceChildren(...entries.flatMap(([n, v]) => [h("dt", {}, n), h("dd", {}, formatParamValue(v))]));
    if (canApply) this.apply.removeAttribute("disabled");
    else this.apply.setAttribute("disabled", "");
    setText(
      this.note,
      canApply ? "" : "The study's file is not open in this workspace, so there is nothing to apply to.",
    );
  }

  /** Several objectives: no single best; say how big the front is and where to pick from it. */
  private renderFront(study: StudyView): void {
    const front = study.front!;
    const hv = front.hypervolume[front.hypervolume.length - 1]?.[1];
    const sig = `front${front.pareto.join(",")}|${hv}`;
    if (sig === this.sig) return;
    this.sig = sig;
    this.best = undefined;
    this.apply.setAttribute("disabled", "");
    this.value.replaceChildren(
      h("strong", {}, `${front.pareto.length} Pareto trial${front.pareto.length === 1 ? "" : "s"}`),
      h("span", { class: "muted" }, hv !== undefined ? ` · hypervolume ${formatNumber(hv)}` : ""),
    );
    this.params.replaceChildren(h("dt", {}, "front"), h("dd", {}, front.pareto.map((n) => `#${n}`).join(", ") || "—"));
    setText(this.note, "Several objectives have no single best: pick a point on the Pareto front tab and apply it.");
  }
}
