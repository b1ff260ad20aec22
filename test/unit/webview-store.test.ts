import { strict as assert } from "node:assert";
import { counts, StudyStore } from "../../webview/model/store";
import { curveSeries, historySeries } from "../../webview/model/series";
import { DEFAULT_UI, restoreUiState } from "../../webview/model/uiState";
import { row, study } from "./webview-fixture";

describe("webview study store", () => {
  const snap = (seq: number) => ({
    seq,
    key: "k",
    study: study([row(0, "complete", { lr: 0.1 }, 0.5), row(2, "running", { lr: 0.2 })]),
    trusted: true,
    canApply: true,
  });

  it("replaces and adds trials from a delta that extends the snapshot", () => {
    const s = new StudyStore();
    s.applySnapshot(snap(3));
    const v = s.version;
    assert.equal(
      s.applyDelta({
        seq: 4,
        base: 3,
        trials: [row(2, "complete", { lr: 0.2 }, 0.8), row(1, "running", { lr: 0.3 })],
        best: { number: 2, value: 0.8, params: { lr: 0.2 } },
        running: true,
        target: 10,
      }),
      "applied",
    );
    assert.deepEqual(
      s.study!.trials.map((t) => [t.number, t.state]),
      [
        [0, "complete"],
        [1, "running"],
        [2, "complete"],
      ],
    );
    assert.equal(s.trial(2)!.value, 0.8);
    assert.equal(s.study!.best!.number, 2);
    assert.equal(s.study!.target, 10);
    assert.equal(s.seq, 4);
    assert.ok(s.version > v);
  });

  it("refuses a delta with another base so the panel asks for a snapshot", () => {
    const s = new StudyStore();
    assert.equal(s.applyDelta({ seq: 1, base: 0, trials: [], running: false }), "stale");
    s.applySnapshot(snap(3));
    assert.equal(s.applyDelta({ seq: 6, base: 5, trials: [row(9, "running", {})], running: true }), "stale");
    assert.equal(s.trial(9), undefined);
    assert.equal(s.seq, 3);
  });

  it("does not alias the snapshot's trial array and handles an empty study", () => {
    const s = new StudyStore();
    const p = snap(1);
    s.applySnapshot(p);
    s.applyDelta({ seq: 2, base: 1, trials: [row(5, "queued", {})], running: true });
    assert.equal(p.study.trials.length, 2);
    s.applySnapshot({ seq: 3, study: null, trusted: false, canApply: false });
    assert.equal(s.study, null);
    assert.equal(s.trial(0), undefined);
  });

  it("counts trials by state", () => {
    assert.deepEqual(counts([row(0, "complete", {}), row(1, "complete", {}), row(2, "failed", {})]), {
      total: 3,
      queued: 0,
      running: 0,
      paused: 0,
      complete: 2,
      pruned: 0,
      failed: 1,
    });
  });
});

describe("webview chart series", () => {
  const trials = [
    row(3, "complete", {}, 0.6, {
      intermediate: [
        [1, 0.4],
        [2, 0.6],
      ],
    }),
    row(0, "complete", {}, 0.5, {
      intermediate: [
        [1, 0.3],
        [2, 0.5],
      ],
    }),
    row(1, "pruned", {}, 0.2, { intermediate: [[1, 0.2]] }),
    row(2, "running", {}, undefined, {
      intermediate: [
        [1, 0.35],
        [3, 0.5],
      ],
    }),
    row(4, "complete", {}, 0.55),
  ];

  it("builds the history with a best-so-far line that ignores pruned values", () => {
    assert.deepEqual(historySeries(trials, "maximize"), {
      x: [0, 1, 3, 4],
      complete: [0.5, null, 0.6, 0.55],
      pruned: [null, 0.2, null, null],
      best: [0.5, 0.5, 0.6, 0.6],
    });
    assert.deepEqual(historySeries(trials, "minimize").best, [0.5, 0.5, 0.5, 0.5]);
    assert.deepEqual(historySeries([row(0, "pruned", {}, 1)], "minimize").best, [null]);
  });

  it("aligns learning curves on the union of steps and marks each trial's last point", () => {
    const c = curveSeries(trials, "maximize");
    assert.deepEqual(c.x, [1, 2, 3]);
    assert.deepEqual(
      c.trials.map((t) => [t.number, t.state, t.last]),
      [
        [0, "complete", 1],
        [1, "pruned", 0],
        [2, "running", 2],
        [3, "complete", 1],
      ],
    );
    assert.deepEqual(c.ys[2], [0.35, null, 0.5]);
    assert.equal(c.omitted, 0);
  });

  it("keeps running trials and the best others when there are too many curves", () => {
    const c = curveSeries(trials, "maximize", 2);
    assert.deepEqual(
      c.trials.map((t) => t.number),
      [2, 3],
    );
    assert.equal(c.omitted, 2);
    assert.deepEqual(
      curveSeries(trials, "minimize", 2).trials.map((t) => t.number),
      [1, 2],
    );
  });
});

describe("webview UI state", () => {
  it("restores what is valid and defaults the rest", () => {
    assert.deepEqual(restoreUiState(undefined), DEFAULT_UI);
    assert.deepEqual(
      restoreUiState({
        v: 1,
        sort: { key: "p:lr", dir: "desc" },
        filter: "adam",
        hidden: ["gpu", 3],
        tab: "parallel",
        selected: 4,
        studyKey: "a/b",
      }),
      {
        v: 1,
        sort: { key: "p:lr", dir: "desc" },
        filter: "adam",
        hidden: ["gpu"],
        tab: "parallel",
        selected: 4,
        studyKey: "a/b",
      },
    );
    assert.deepEqual(
      restoreUiState({ sort: { key: "x", dir: "up" }, tab: "nope", selected: -1, filter: 5 }),
      DEFAULT_UI,
    );
  });
});
