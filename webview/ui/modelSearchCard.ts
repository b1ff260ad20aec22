// The Model search card: shown above the overview for a study that `attune auto` made (the host says so in the
// snapshot). Progress against --time as a bar, trials done, the best architecture as a row of blocks with its score,
// and "Open train.ts", which asks the host to open the search's own script. What it shows: ../model/modelSearch.ts.
import type { ModelSearchInfo, StudyView } from "../../src/protocol/messages";
import { modelSearchCard } from "../model/modelSearch";
import { h, setText } from "./dom";

export class ModelSearchView {
  readonly el: HTMLElement;
  private readonly status = h("span", { class: "status-pill", role: "status" });
  private readonly data = h("p", { class: "ms-data muted" });
  private readonly fill = h("div", { class: "ms-bar-fill" });
  private readonly bar = h(
    "div",
    { class: "ms-bar", role: "progressbar", "aria-label": "Time used of the search's budget", "aria-valuemin": 0 },
    this.fill,
  );
  private readonly time = h("span", { class: "ms-time" });
  private readonly trials = h("span", { class: "ms-trials" });
  private readonly score = h("p", { class: "ms-score" });
  private readonly blocks = h("ol", { class: "ms-blocks", "aria-label": "Best architecture, input to output" });
  private readonly training = h("p", { class: "ms-training muted" });
  private readonly other = h("p", { class: "ms-other muted" });
  private sig = "";

  constructor(openTrainScript: () => void) {
    const open = h("vscode-button", { class: "ms-open", secondary: true }, "Open train.ts");
    open.addEventListener("click", () => openTrainScript());
    this.el = h(
      "section",
      { class: "card model-search-card", "aria-labelledby": "ms-title" },
      h(
        "div",
        { class: "card-head" },
        h("div", { class: "title-line" }, h("h2", { id: "ms-title" }, "Model search"), this.status),
        open,
      ),
      this.data,
      h(
        "div",
        { class: "ms-body" },
        h(
          "div",
          { class: "ms-progress" },
          this.bar,
          h("p", { class: "ms-counts" }, this.time, h("span", { class: "muted" }, " · "), this.trials),
          this.score,
        ),
        h(
          "div",
          { class: "ms-arch" },
          h("h3", { class: "ms-arch-title" }, "Best architecture"),
          this.blocks,
          this.training,
          this.other,
        ),
      ),
    );
    this.el.hidden = true;
  }

  render(ms: ModelSearchInfo | undefined, study: StudyView, now: number): void {
    this.el.hidden = !ms;
    if (!ms) return;
    const c = modelSearchCard(ms, study, now);
    setText(this.status, c.statusText);
    this.status.className = `status-pill ${c.status === "running" ? "running" : "idle"}`;
    setText(this.data, c.dataText);
    this.bar.hidden = c.progress === undefined;
    if (c.progress !== undefined) {
      this.fill.style.width = `${(c.progress * 100).toFixed(1)}%`;
      this.bar.setAttribute("aria-valuemax", "100");
      this.bar.setAttribute("aria-valuenow", String(Math.round(c.progress * 100)));
      this.bar.classList.toggle("done", c.status !== "running");
    }
    setText(this.time, c.timeText);
    setText(this.trials, c.trialsText);
    // The rest changes only when a trial finishes or the report arrives.
    const sig = JSON.stringify([c.score, c.blocks, c.training, c.other]);
    if (sig === this.sig) return;
    this.sig = sig;
    this.score.replaceChildren(
      ...(c.score
        ? [
            h("span", { class: "metric" }, `${c.score.label} `),
            h("strong", {}, c.score.value),
            h("span", { class: "muted ms-note" }, c.score.note),
          ]
        : [h("span", { class: "muted" }, "No trial has finished yet.")]),
    );
    this.blocks.replaceChildren(
      // The arrow goes with the block it points to, so a wrapped row never ends in one.
      ...c.blocks.map((b, i) =>
        h(
          "li",
          { class: "ms-step" },
          i > 0 && h("span", { class: "ms-arrow", "aria-hidden": "true" }, "→"),
          h("span", { class: "ms-block" }, b),
        ),
      ),
    );
    this.blocks.hidden = c.blocks.length <= 1;
    setText(this.training, c.training);
    setText(this.other, c.other.join(" · "));
  }
}
