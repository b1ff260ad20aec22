// Parameter importance as labelled bars (a list, so it reads well to screen readers too).
import type { StudyView } from "../../src/protocol/messages";
import { importance } from "../model/importance";
import { h } from "./dom";

export class ImportanceView {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private readonly note: HTMLElement;

  constructor() {
    this.note = h("p", { class: "chart-note" });
    this.list = h("ol", { class: "importance-list" });
    this.el = h(
      "div",
      { class: "importance" },
      this.note,
      this.list,
      h(
        "p",
        { class: "chart-foot" },
        "How much of the objective's variation each parameter explains on its own (ω² of its main effect on the ranks of complete trials: numbers in equal-count bins, choices by value). Interactions are not counted.",
      ),
    );
  }

  update(study: StudyView): void {
    const r = importance(study.params, study.trials);
    if (!r.ok) {
      this.note.textContent = r.reason;
      this.list.replaceChildren();
      return;
    }
    this.note.textContent = `From ${r.n} complete trials.`;
    this.list.replaceChildren(
      ...r.items.map((i) => {
        const pct = `${Math.round(i.share * 100)}%`;
        const bar = h("div", { class: "bar-fill" });
        bar.style.width = `${(i.share * 100).toFixed(1)}%`;
        return h(
          "li",
          { class: "importance-item", title: `ω² = ${i.score.toFixed(3)}` },
          h("span", { class: "importance-name" }, i.name),
          h(
            "div",
            {
              class: "bar",
              role: "meter",
              "aria-valuemin": 0,
              "aria-valuemax": 100,
              "aria-valuenow": Math.round(i.share * 100),
              "aria-label": `${i.name} importance`,
            },
            bar,
          ),
          h("span", { class: "importance-pct" }, pct),
        );
      }),
    );
  }
}
