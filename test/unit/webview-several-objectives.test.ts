// Several objectives everywhere (issue #20), in the panel: the header's objectives and constraints, the history
// card's series (hypervolume on trial numbers, each objective's values), integer ticks on trial axes, and list
// parameters gathered back into lists with their length.
import { strict as assert } from "node:assert";
import { state } from "./severalObjectivesFixture";
import { studyView } from "../../src/extension/model/studyView";
import { headerParts } from "../../webview/model/header";
import { integerSplits, multiHistorySeries, trialRange } from "../../webview/model/series";
import { groupedParams, listNames, listValue } from "../../webview/model/lists";
import { buildColumns } from "../../webview/model/table";
import { row, study } from "./webview-fixture";

describe("the panel with several objectives", () => {
  const view = studyView("s", state(), true, 30)!;

  it("the header lists every objective with its direction, and the constraints", () => {
    const parts = headerParts(view);
    assert.deepEqual(parts.slice(0, 4), [
      "bayes",
      "maximize acc, minimize latency",
      "subject to mem ≤ 100",
      "5 / 30 trials done",
    ]);
    const one = headerParts(study([row(0, "complete", {}, 1)], { algorithm: "tpe" }));
    assert.deepEqual(one.slice(0, 3), ["tpe", "maximize val_accuracy", "1 trials done"]);
  });

  it("the history has the hypervolume on trial numbers and each objective's values by kind", () => {
    const d = multiHistorySeries(view);
    assert.deepEqual(d.x, [0, 1, 2, 3, 4]);
    const hv = new Map(view.front!.byTrial);
    // Trial 3 is infeasible: the volume carries over it.
    assert.deepEqual(d.hv, [hv.get(0), hv.get(1), hv.get(2), hv.get(2), hv.get(4)]);
    assert.deepEqual(
      d.objectives.map((o) => `${o.label}:${o.direction}`),
      ["acc:maximize", "latency:minimize"],
    );
    // Trial 1 dominates 0 and 4; 2 dominates 0: the front is {1, 2}.
    assert.deepEqual(view.front!.pareto, [1, 2]);
    assert.deepEqual(d.objectives[0].front, [null, 0.9, 0.7, null, null]);
    assert.deepEqual(d.objectives[0].other, [0.5, null, null, null, 0.6]);
    assert.deepEqual(d.objectives[1].infeasible, [null, null, null, 1, null]);
  });

  it("no complete trial yet: an empty history (the card says so instead of drawing an empty box)", () => {
    const d = multiHistorySeries({ ...view, trials: view.trials.map((t) => ({ ...t, state: "running" as const })) });
    assert.deepEqual(d.x, []);
  });
});

describe("trial-number axes", () => {
  it("tick on integers only", () => {
    assert.deepEqual(integerSplits(-0.5, 3.5, 10), [0, 1, 2, 3]);
    assert.deepEqual(integerSplits(0.5, 1.5, 10), [1]);
    assert.deepEqual(integerSplits(0, 1000, 6), [0, 200, 400, 600, 800, 1000]);
    assert.deepEqual(integerSplits(3, 29, 4), [10, 20]);
    assert.deepEqual(integerSplits(0.2, 0.8, 5), []);
    for (let n = 1; n < 400; n += 7)
      for (const room of [1, 3, 8])
        for (const v of integerSplits(-0.5, n + 0.5, room)) assert.ok(Number.isInteger(v), `${v} for ${n}`);
  });

  it("leave half a trial of room at each end", () => {
    assert.deepEqual(trialRange(0, 3), [-0.5, 3.5]);
    assert.deepEqual(trialRange(4, 4), [3.5, 4.5]);
    assert.deepEqual(trialRange(null, null), [0, 1]);
  });
});

describe("list parameters in the panel", () => {
  it("in the panel: flattened columns gathered back, with a list column in the table", () => {
    const flat = { lr: 0.1, "len(units)": 3, "units[0]": 256, "units[1]": 128, "units[2]": 64, "kernels[0]": 3 };
    assert.deepEqual(listValue(flat, "units"), [256, 128, 64]);
    assert.deepEqual(listValue(flat, "kernels"), [3]);
    assert.equal(listValue({ lr: 1 }, "units"), undefined);
    assert.deepEqual(groupedParams(flat), [
      ["lr", 0.1],
      ["units", [256, 128, 64]],
      ["kernels", [3]],
    ]);
    const params = [
      { name: "lr", kind: "float" as const },
      { name: "len(units)", kind: "int" as const, lo: 1, hi: 3 },
      { name: "units[0]", kind: "int" as const },
      { name: "units[1]", kind: "int" as const },
      { name: "units[2]", kind: "int" as const },
    ];
    assert.deepEqual(listNames(params), ["units"]);
    const cols = buildColumns({ params, metric: "acc", direction: "maximize" });
    const keys = cols.map((c) => c.key);
    assert.ok(keys.indexOf("l:units") === keys.indexOf("p:len(units)") - 1, "the list column comes first");
    const list = cols.find((c) => c.key === "l:units")!;
    const r = row(0, "complete", flat, 1);
    assert.equal(list.text(r, 0), "[256, 128, 64] (3 items)");
    assert.equal(list.get(r, 0), 3);
  });
});
