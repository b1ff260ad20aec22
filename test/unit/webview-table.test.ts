import { strict as assert } from "node:assert";
import { bestNumber, buildColumns, nextSort, parseQuery, sortRows, tableModel } from "../../webview/model/table";
import { row, study } from "./webview-fixture";

const NOW = 1_000_000;
const trials = [
  row(0, "complete", { lr: 0.01, layers: 2, opt: "adam" }, 0.91, {
    durationS: 12,
    intermediate: [
      [1, 0.5],
      [2, 0.91],
    ],
    backend: "wasm",
  }),
  row(1, "failed", { lr: 0.1, layers: 4, opt: "sgd" }, undefined, { durationS: 3 }),
  row(2, "complete", { lr: 0.001, layers: 1, opt: "sgd" }, 0.95, { durationS: 70, gpu: "0" }),
  row(3, "running", { lr: 0.0001, layers: 3, opt: "adam" }, undefined, {
    startedAt: NOW - 5000,
    intermediate: [[1, 0.4]],
  }),
  row(4, "pruned", { lr: 0.05, layers: 2, opt: "adam" }, 0.3, { durationS: 1 }),
];

describe("webview table model", () => {
  it("has a column per parameter between the fixed ones", () => {
    const cols = buildColumns(study(trials));
    assert.deepEqual(
      cols.map((c) => c.key),
      ["number", "state", "value", "p:lr", "p:layers", "p:opt", "steps", "duration", "backend", "gpu"],
    );
    assert.equal(cols[2].label, "val_accuracy");
    assert.equal(cols[3].title, "loguniform(1e-5, 1e-1)");
  });

  it("sorts numbers ascending and descending with empty cells last both ways", () => {
    const cols = buildColumns(study(trials));
    const asc = sortRows(trials, cols, { key: "value", dir: "asc" }, NOW).map((r) => r.number);
    assert.deepEqual(asc, [4, 0, 2, 1, 3]);
    const desc = sortRows(trials, cols, { key: "value", dir: "desc" }, NOW).map((r) => r.number);
    assert.deepEqual(desc, [2, 0, 4, 1, 3]);
  });

  it("sorts text, states by lifecycle, and running durations by elapsed time", () => {
    const cols = buildColumns(study(trials));
    assert.deepEqual(
      sortRows(trials, cols, { key: "p:opt", dir: "asc" }, NOW).map((r) => r.number),
      [0, 3, 4, 1, 2],
    );
    assert.deepEqual(
      sortRows(trials, cols, { key: "state", dir: "asc" }, NOW).map((r) => r.number),
      [3, 0, 2, 4, 1],
    );
    assert.deepEqual(
      sortRows(trials, cols, { key: "duration", dir: "asc" }, NOW).map((r) => r.number),
      [4, 1, 3, 0, 2],
    );
  });

  it("falls back to trial order for no sort or an unknown column", () => {
    const cols = buildColumns(study(trials));
    const shuffled = [trials[3], trials[0], trials[4], trials[2], trials[1]];
    assert.deepEqual(
      sortRows(shuffled, cols, null, NOW).map((r) => r.number),
      [0, 1, 2, 3, 4],
    );
    assert.deepEqual(
      sortRows(shuffled, cols, { key: "p:gone", dir: "desc" }, NOW).map((r) => r.number),
      [0, 1, 2, 3, 4],
    );
  });

  it("cycles a header's sort: objective best-first when maximizing, then flipped, then off", () => {
    assert.deepEqual(nextSort(null, "value", "maximize"), { key: "value", dir: "desc" });
    assert.deepEqual(nextSort({ key: "value", dir: "desc" }, "value", "maximize"), { key: "value", dir: "asc" });
    assert.equal(nextSort({ key: "value", dir: "asc" }, "value", "maximize"), null);
    assert.deepEqual(nextSort({ key: "value", dir: "asc" }, "p:lr", "maximize"), { key: "p:lr", dir: "asc" });
  });

  it("filters by free text, column text and numeric comparisons, all terms together", () => {
    const s = study(trials);
    const f = (filter: string) => tableModel(s, { sort: null, filter, hidden: [] }, NOW).rows.map((r) => r.number);
    assert.deepEqual(f("adam"), [0, 3, 4]);
    assert.deepEqual(f("state:complete"), [0, 2]);
    assert.deepEqual(f("lr<0.01"), [2, 3]);
    assert.deepEqual(f("lr<=0.01 opt:adam"), [0, 3]);
    assert.deepEqual(f("val_accuracy>=0.91"), [0, 2]);
    assert.deepEqual(f("LAYERS=2"), [0, 4]);
    assert.deepEqual(f("wasm"), [0]);
    assert.deepEqual(f(""), [0, 1, 2, 3, 4]);
  });

  it("reports words that name no column and still matches them as text", () => {
    const q = parseQuery("momentum>0.5 adam", buildColumns(study(trials)));
    assert.deepEqual(q.unknown, ["momentum"]);
    assert.deepEqual(tableModel(study(trials), { sort: null, filter: "momentum>0.5", hidden: [] }, NOW).rows, []);
  });

  it("matches free text only in visible columns but named terms in hidden ones", () => {
    const s = study(trials);
    assert.deepEqual(tableModel(s, { sort: null, filter: "wasm", hidden: ["backend"] }, NOW).rows, []);
    assert.deepEqual(
      tableModel(s, { sort: null, filter: "backend:wasm", hidden: ["backend"] }, NOW).rows.map((r) => r.number),
      [0],
    );
  });

  it("never hides the trial number column", () => {
    const m = tableModel(study(trials), { sort: null, filter: "", hidden: ["number", "p:lr", "gpu"] }, NOW);
    assert.deepEqual(
      m.visible.map((c) => c.key),
      ["number", "state", "value", "p:layers", "p:opt", "steps", "duration", "backend"],
    );
  });

  it("marks the best complete trial in the study's direction, preferring the host's best", () => {
    assert.equal(bestNumber(trials, "maximize"), 2);
    assert.equal(bestNumber(trials, "minimize"), 0);
    assert.equal(bestNumber(trials, "maximize", { number: 0, value: 0.91, params: {} }), 0);
    assert.equal(bestNumber([trials[1], trials[3]], "maximize"), undefined);
    assert.equal(tableModel(study(trials), { sort: null, filter: "", hidden: [] }, NOW).best, 2);
  });

  it("formats cells compactly", () => {
    const cols = buildColumns(study(trials));
    const text = (key: string, r = trials[0]) => cols.find((c) => c.key === key)!.text(r, NOW);
    assert.equal(text("p:lr"), "0.01");
    assert.equal(text("p:lr", trials[3]), "1e-4");
    assert.equal(text("steps"), "2");
    assert.equal(text("steps", trials[1]), "");
    assert.equal(text("duration", trials[2]), "1m 10s");
    assert.equal(text("duration", trials[3]), "5.0s");
  });

  it("keeps 1,000 rows fast to filter and sort", () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      row(
        i,
        i % 7 === 0 ? "pruned" : "complete",
        { lr: 10 ** -(1 + (i % 5)), layers: 1 + (i % 4), opt: i % 2 ? "adam" : "sgd" },
        Math.sin(i),
      ),
    );
    const t0 = performance.now();
    for (let k = 0; k < 20; k++)
      tableModel(study(many), { sort: { key: "p:lr", dir: "desc" }, filter: "opt:adam", hidden: [] }, NOW);
    const per = (performance.now() - t0) / 20;
    assert.ok(per < 25, `table model took ${per.toFixed(1)} ms for 1,000 rows`);
  });
});
