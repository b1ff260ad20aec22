import { strict as assert } from "node:assert";
import { bucket, layoutParallel, nearestLine } from "../../webview/model/parcoords";
import { PARAMS, row, study } from "./webview-fixture";

const box = { width: 440, height: 212, pad: [10, 20, 2, 20] as [number, number, number, number] };

describe("webview parallel coordinates layout", () => {
  const trials = [
    row(0, "complete", { lr: 1e-5, layers: 1, opt: "adam" }, 0.5),
    row(1, "complete", { lr: 1e-1, layers: 4, opt: "sgd" }, 0.9),
    row(2, "complete", { lr: 1e-3, layers: 2, opt: "adam" }, 0.7),
    row(3, "running", { lr: 1e-2, layers: 3, opt: "sgd" }),
    row(4, "failed", { lr: 1e-2, layers: 3, opt: "sgd" }),
  ];

  it("spaces an axis per parameter plus the objective evenly", () => {
    const l = layoutParallel(study(trials), trials, box);
    assert.deepEqual(
      l.axes.map((a) => a.key),
      ["p:lr", "p:layers", "p:opt", "value"],
    );
    assert.deepEqual(
      l.axes.map((a) => a.x),
      [20, 153.3, 286.7, 420],
    );
  });

  it("places log parameters on a log scale within the declared bounds", () => {
    const lr = layoutParallel(study(trials), trials, box).axes[0];
    assert.equal(lr.y(1e-5), 210);
    assert.equal(lr.y(1e-1), 10);
    assert.equal(lr.y(1e-3), 110);
    assert.deepEqual(
      lr.ticks.map((t) => t.label),
      ["1e-5", "0.001", "0.1"],
    );
  });

  it("spreads choices evenly and draws only finished trials with values", () => {
    const l = layoutParallel(study(trials), trials, box);
    assert.deepEqual(l.axes[2].ticks, [
      { y: 210, label: "adam" },
      { y: 10, label: "sgd" },
    ]);
    assert.deepEqual(
      l.lines.map((x) => x.number),
      [0, 1, 2],
    );
    assert.equal(l.lines[0].d, "M20 210L153.3 210L286.7 210L420 210");
    assert.equal(l.lines[1].d, "M20 10L153.3 10L286.7 10L420 10");
  });

  it("gives the best trial quality 1 in either direction", () => {
    const max = layoutParallel(study(trials), trials, box).lines;
    assert.deepEqual(
      max.map((l) => l.quality),
      [0, 1, 0.5],
    );
    const min = layoutParallel(study(trials, { direction: "minimize" }), trials, box).lines;
    assert.deepEqual(
      min.map((l) => l.quality),
      [1, 0, 0.5],
    );
    assert.deepEqual(
      [0, 0.19, 0.2, 0.99, 1].map((q) => bucket(q)),
      [0, 0, 1, 4, 4],
    );
  });

  it("lifts the pen over a parameter a trial does not have", () => {
    const t = [
      row(0, "complete", { lr: 1e-3, opt: "sgd" }, 1),
      row(1, "complete", { lr: 1e-2, layers: 2, opt: "adam" }, 2),
    ];
    const l = layoutParallel(study(t), t, box);
    assert.match(l.lines[0].d, /^M20 110M286.7 10L420 /);
  });

  it("widens an axis for values outside the declared range and adds unseen choices", () => {
    const t = [
      row(0, "complete", { lr: 1, layers: 9, opt: "rmsprop" }, 1),
      row(1, "complete", { lr: 1e-5, layers: 1, opt: "adam" }, 2),
    ];
    const l = layoutParallel(study(t), t, box);
    assert.equal(l.axes[0].y(1), 10);
    assert.equal(l.axes[1].y(9), 10);
    assert.deepEqual(
      l.axes[2].ticks.map((x) => x.label),
      ["adam", "sgd", "rmsprop"],
    );
  });

  it("handles an empty study and a single trial without NaN", () => {
    assert.deepEqual(layoutParallel(study([]), [], box).lines, []);
    const one = [row(0, "complete", { lr: 1e-3, layers: 2, opt: "adam" }, 0.5)];
    const l = layoutParallel(study(one, { params: [PARAMS[0]] }), one, box);
    assert.ok(!l.lines[0].d.includes("NaN"));
    assert.equal(l.lines[0].quality, 1);
  });
});

describe("webview parallel coordinates hit testing", () => {
  const trials = [
    row(0, "complete", { lr: 1e-5, layers: 1, opt: "adam" }, 0.5),
    row(1, "complete", { lr: 1e-1, layers: 4, opt: "sgd" }, 0.9),
    row(2, "complete", { lr: 1e-3, layers: 2, opt: "adam" }, 0.7),
  ];
  const l = layoutParallel(study(trials), trials, box);

  it("finds the line under the pointer between axes and nothing far from every line", () => {
    assert.equal(nearestLine(l, 20, 209)?.number, 0);
    assert.equal(nearestLine(l, 86, 11)?.number, 1);
    // Trial 2 runs from (20, 110) to (153.3, 143.3): halfway it is at y ≈ 126.7.
    assert.equal(nearestLine(l, 86.65, 128)?.number, 2);
    assert.equal(nearestLine(l, 86, 60), undefined);
    assert.equal(nearestLine(l, 1000, 10)?.number, 1);
  });
});
