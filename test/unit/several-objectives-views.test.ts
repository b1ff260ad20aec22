// Several objectives everywhere (issue #20), on the extension's side: the hypervolume by trial number, the one-line
// summaries of the status bar, CodeLens, tree and hover, and list parameters read as lists with their length. The
// panel's side is in webview-several-objectives.test.ts, the CodeLens refresh in lens-sync.test.ts.
import { strict as assert } from "node:assert";
import { summarizeFront } from "../../src/core/multi/summary";
import { hypervolume } from "../../src/core/multi/hypervolume";
import { toMinimize } from "../../src/core/multi/pareto";
import { constraintsText, formatList, formatParamValue, objectivesText } from "../../src/core/format";
import { state } from "./severalObjectivesFixture";
import type { Trial } from "../../src/core/types";
import { studyView } from "../../src/extension/model/studyView";
import {
  applyAllTooltip,
  bestLensTitle,
  frontText,
  progressMessage,
  statusBarText,
  statusBarTooltip,
  type Progressish,
} from "../../src/extension/model/summaryText";
import { studyLook, trialDetails } from "../../src/extension/model/treeModel";
import { hoverMarkdown } from "../../src/extension/model/hoverText";
import { parseAnnotations } from "../../src/core/annotations";
import { HOST_TO_WEBVIEW, parseMessage } from "../../src/protocol/messages";

describe("several objectives: the hypervolume by trial number", () => {
  const s = state();
  const dirs = ["maximize", "minimize"] as const;
  const sum = summarizeFront(s.trials, [...dirs]);
  const hvOf = (numbers: number[]) =>
    hypervolume(
      s.trials.filter((t) => numbers.includes(t.number)).map((t) => toMinimize(t.values!, [...dirs])),
      sum.ref!,
    );

  it("has one entry per feasible complete trial, by number, each the volume of the trials up to it", () => {
    assert.deepEqual(
      sum.byTrial.map(([n]) => n),
      [0, 1, 2, 4],
    );
    assert.equal(sum.byTrial[0][1], hvOf([0]));
    assert.equal(sum.byTrial[1][1], hvOf([0, 1]));
    assert.equal(sum.byTrial[2][1], hvOf([0, 1, 2]));
    // Trial 4 is dominated: the volume stays.
    assert.equal(sum.byTrial[3][1], sum.byTrial[2][1]);
    assert.ok(sum.byTrial[1][1] > sum.byTrial[0][1]);
  });

  it("ends where the history in finishing order ends, and the history still follows finishing order", () => {
    assert.equal(sum.byTrial[sum.byTrial.length - 1][1], sum.hypervolume);
    assert.equal(sum.history[sum.history.length - 1][1], sum.hypervolume);
    // Finishing order 0, 2, 1, 4: after two trials the volume is that of 0 and 2, not of 0 and 1.
    assert.equal(sum.history[1][1], hvOf([0, 2]));
    assert.notEqual(hvOf([0, 2]), hvOf([0, 1]));
  });

  it("reaches the panel through the study view and passes the protocol", () => {
    const view = studyView("s", s, false)!;
    assert.deepEqual(view.front!.byTrial, sum.byTrial);
    const msg = { method: "snapshot", params: { seq: 1, study: view, trusted: true, canApply: true } };
    assert.ok(parseMessage(msg, HOST_TO_WEBVIEW).ok);
    const bad = {
      ...msg,
      params: { ...msg.params, study: { ...view, front: { ...view.front, byTrial: [[0.5, 1]] } } },
    };
    assert.ok(!parseMessage(bad, HOST_TO_WEBVIEW).ok, "a trial number must be an integer");
  });
});

describe("several objectives: summaries for the status bar, CodeLens, tree and hover", () => {
  const p: Progressish = {
    name: "train.py",
    done: 30,
    running: 0,
    complete: 30,
    target: 30,
    front: { size: 17, hypervolume: 3.7612 },
    live: false,
  };

  it("name the front and its hypervolume, and count every complete trial", () => {
    assert.equal(frontText(p.front!), "17 on the Pareto front · hypervolume 3.761");
    assert.equal(statusBarText(p), "$(beaker) 30/30 · 17 on the Pareto front · hypervolume 3.761");
    assert.match(statusBarTooltip(p), /17 on the Pareto front/);
    assert.equal(progressMessage(p), "30/30 trials done · 17 on the Pareto front · hypervolume 3.761");
    assert.equal(bestLensTitle(p), "17 on the Pareto front · hypervolume 3.761 (30/30 done)");
  });

  it("say when the front is still empty, running or not", () => {
    const empty = { ...p, front: { size: 0, hypervolume: 0 } };
    assert.equal(bestLensTitle({ ...empty, live: true, done: 3 }), "Running: 3/30 done, none on the Pareto front yet");
    assert.match(bestLensTitle(empty), /none on the Pareto front \(no feasible complete trial\)/);
  });

  it("one objective: complete trials that all break a constraint are not 'none complete'", () => {
    const one: Progressish = { name: "t", done: 4, running: 0, complete: 4, live: false };
    assert.equal(bestLensTitle(one), "4 trial(s), none feasible");
    assert.equal(bestLensTitle({ ...one, complete: 0 }), "4 trial(s), none complete");
  });

  it("the tree names the objectives, the constraints and the front", () => {
    const s = state();
    const look = studyLook({
      name: "s",
      direction: "maximize",
      metric: "acc",
      directions: ["maximize", "minimize"],
      metrics: ["acc", "latency"],
      constraints: [{ metric: "mem", op: "<=", bound: 100 }],
      algorithm: "bayes",
      running: false,
      trials: s.trials,
      pareto: [0, 1, 2],
      hypervolume: 0.25,
    });
    assert.match(look.description!, /5 trials · 3 on the Pareto front · hypervolume 0\.25/);
    assert.match(look.tooltip, /maximize acc, minimize latency with bayes, subject to mem ≤ 100/);
  });

  it("the hover heads its Pareto list with the front and its hypervolume", () => {
    const f = parseAnnotations("u = 1  # @tune int(1, 9)\n# @tune objective: max acc, min latency\n", "a.py");
    const md = hoverMarkdown(
      f.params[0],
      undefined,
      {},
      {
        metrics: ["maximize acc", "minimize latency"],
        hypervolume: 0.25,
        trials: [{ trial: 1, values: [0.9, 8], paramValue: 2 }],
      },
    );
    assert.match(md, /1 on the Pareto front · hypervolume 0\\\.25 \(maximize acc, minimize latency\)/);
  });
});

describe("list parameters read as lists with their length", () => {
  it("in the shared formatter", () => {
    assert.equal(formatList([256, 128, 64]), "[256, 128, 64] (3 items)");
    assert.equal(formatList(["relu"], { quote: true }), '["relu"] (1 item)');
    assert.equal(formatParamValue(0.5), "0.5");
    assert.equal(objectivesText({ direction: "minimize", metric: "loss" }), "minimize loss");
    assert.equal(constraintsText([{ metric: "mem", op: ">=", bound: 1e-4 }]), "mem ≥ 1e-4");
  });

  it("in the tree's details, the hover and the Apply all tooltip", () => {
    const t = { number: 0, state: "complete", params: { units: [256, 128, 64] }, intermediate: [] } as unknown as Trial;
    assert.equal(trialDetails(t)[0].description, "[256, 128, 64] (3 items)");
    assert.equal(
      applyAllTooltip(4, { units: [256, 128], act: "relu" }),
      `Write trial #4's values into this file: units = [256, 128] (2 items), act = "relu"`,
    );
    const f = parseAnnotations(
      "units = [64, 32]  # @tune list(int(16, 512), min=1, max=3)\n# @tune objective: maximize acc\n",
      "a.py",
    );
    assert.equal(f.diagnostics.filter((d) => d.severity === "error").length, 0);
    const best = (v: number[]) =>
      hoverMarkdown(f.params[0], { trial: 2, value: 0.9, direction: "maximize", paramValue: v }, { applyUri: "u" });
    assert.match(best([128, 64, 32]), /`` \[128, 64, 32\] \(3 items\) ``/);
    assert.match(best([128, 64, 32]), /\[Apply\]/);
    // The same list as the file's (another array object): already applied, no Apply link.
    assert.match(best([64, 32]), /already applied/);
  });
});
