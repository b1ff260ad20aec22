// Views of a study with several objectives: the panel's scatter model and table, the study view sent to the panel,
// the tree's labels and the hover's list of Pareto trials.
import { strict as assert } from "node:assert";
import { scatterModel, validAxes } from "../../webview/model/pareto";
import { buildColumns, tableModel } from "../../webview/model/table";
import { restoreUiState, shownTabs, tabToShow } from "../../webview/model/uiState";
import { studyView } from "../../src/extension/model/studyView";
import { studyLook, trialLook } from "../../src/extension/model/treeModel";
import { hoverMarkdown } from "../../src/extension/model/hoverText";
import { parseAnnotations } from "../../src/core/annotations";
import { emptyState, applyEvent, type StudyEvent } from "../../src/core/events";
import { HOST_TO_WEBVIEW, parseMessage } from "../../src/protocol/messages";

function state() {
  const s = emptyState();
  const ev: StudyEvent[] = [
    {
      op: "study",
      v: 1,
      name: "s",
      direction: "maximize",
      metric: "acc",
      directions: ["maximize", "minimize"],
      metrics: ["acc", "latency_ms"],
      constraints: [{ metric: "params", op: "<=", bound: 100 }],
      algorithm: "nsga2",
      seed: 0,
      space: { params: [{ name: "u", kind: "int", lo: 1, hi: 9, log: false }] },
      spaceHash: "h",
      t: 1,
    },
  ];
  const vals: [number, number, number][] = [
    [0.9, 5, -1],
    [0.8, 2, -1],
    [0.95, 1, 10], // infeasible
    [0.7, 6, -5], // dominated
  ];
  vals.forEach(([acc, lat, g], i) => {
    ev.push({ op: "trial", uid: `h:1:x:${i}`, params: { u: i + 1 }, t: 2 + i });
    ev.push({ op: "finish", trial: i, state: "complete", values: [acc, lat], constraints: [g], t: 10 + i });
  });
  for (const e of ev) applyEvent(s, e);
  return s;
}

describe("views of a multi-objective study", () => {
  const view = studyView("s", state(), false)!;
  it("the study view carries directions, metrics, feasibility and the front, and passes the protocol", () => {
    assert.deepEqual(view.directions, ["maximize", "minimize"]);
    assert.deepEqual(view.front!.pareto, [0, 1]);
    assert.equal(view.best, undefined);
    assert.equal(view.trials[2].feasible, false);
    assert.deepEqual(view.trials[0].values, [0.9, 5]);
    const msg = { method: "snapshot", params: { seq: 1, study: view, trusted: true, canApply: true } };
    assert.ok(parseMessage(msg, HOST_TO_WEBVIEW).ok);
    const bad = { ...msg, params: { ...msg.params, study: { ...view, directions: ["up", "down"] } } };
    assert.ok(!parseMessage(bad, HOST_TO_WEBVIEW).ok);
  });
  it("the scatter marks front and infeasible points; axes stay valid", () => {
    const m = scatterModel(view, validAxes(undefined, 2))!;
    assert.equal(m.points.length, 4);
    assert.deepEqual(
      m.points.filter((p) => p.front).map((p) => p.number),
      [0, 1],
    );
    assert.deepEqual(
      m.points.filter((p) => !p.feasible).map((p) => p.number),
      [2],
    );
    // The trade-off curve runs along x (acc): trial 1 (0.8) before trial 0 (0.9).
    assert.deepEqual(
      m.line.map((p) => p.number),
      [1, 0],
    );
    assert.deepEqual(validAxes({ x: 1, y: 1 }, 2), { x: 1, y: 0, c: -1 });
    assert.deepEqual(validAxes({ x: 0, y: 2 }, 3), { x: 0, y: 2, c: 1 });
    assert.deepEqual(restoreUiState({ paretoAxes: { x: 1, y: 0, c: -1 } }).paretoAxes, { x: 1, y: 0, c: -1 });
    assert.equal(restoreUiState({ paretoAxes: { x: "1" } }).paretoAxes, undefined);
  });
  it("the Pareto tab is shown for several objectives only; a remembered Pareto tab falls back to the trials", () => {
    assert.deepEqual(shownTabs(1), ["trials", "curves", "parallel", "importance"]);
    assert.deepEqual(shownTabs(2), ["trials", "pareto", "curves", "parallel", "importance"]);
    assert.equal(tabToShow("pareto", shownTabs(1)), "trials");
    assert.equal(tabToShow("pareto", shownTabs(3)), "pareto");
    assert.equal(tabToShow("curves", shownTabs(1)), "curves");
  });
  it("the table has a column per objective and highlights the front", () => {
    assert.deepEqual(
      buildColumns(view)
        .map((c) => c.key)
        .slice(0, 4),
      ["number", "state", "o:0", "o:1"],
    );
    const t = tableModel(view, { sort: null, filter: "", hidden: [] }, 0);
    assert.deepEqual([...t.front], [0, 1]);
    assert.equal(t.best, undefined);
  });
  it("the tree names the Pareto trials and the hover lists them with Apply links", () => {
    const s = state();
    const look = studyLook({ name: "s", running: false, trials: s.trials, pareto: [0, 1] });
    assert.match(look.description!, /2 on the Pareto front/);
    assert.match(look.tooltip, /Pareto trials: #0, #1/);
    const tl = trialLook(s.trials[0], true, 0, true);
    assert.match(tl.tooltip, /on the Pareto front/);
    assert.equal(tl.icon.id, "star-full");
    assert.match(tl.description!, /0\.9, 5/);
    const f = parseAnnotations("u = 1  # @tune int(1, 9)\n# @tune objective: max acc, min latency_ms\n", "a.py");
    const md = hoverMarkdown(
      f.params[0],
      undefined,
      {},
      {
        metrics: ["maximize acc", "minimize latency_ms"],
        trials: [
          { trial: 0, values: [0.9, 5], paramValue: 1 },
          { trial: 1, values: [0.8, 2], paramValue: 2, applyUri: "command:attune.applyValue?x" },
        ],
      },
    );
    assert.match(md, /2 on the Pareto front \(maximize acc, /);
    assert.match(md, /#0 \(0\.9, 5\): `` 1 `` · in the file/);
    assert.match(md, /#1 \(0\.8, 2\): `` 2 `` · \[Apply\]\(command:attune\.applyValue\?x/);
  });
});
