// `attune auto --strategy oneshot` end to end on the tiny table and image folder auto.test.ts uses: train.ts (which
// check passes), model/ that predict reads, report.json with the supernet's summary (docs/model-search.md#one-shot-search).
// Needs `npm run build` first.
import { strict as assert } from "node:assert";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { imageFolder, tableCsv } from "./autoData";
import { attune, workspace } from "./helpers";

describe("attune auto --strategy oneshot", function () {
  this.timeout(180_000);

  it("a table: one supernet, the derived units written into train.ts, retrained; predict works", () => {
    const ws = workspace({ "data.csv": tableCsv() });
    const r = attune(ws, ["auto", "data.csv", "--target", "label", "--strategy", "oneshot", "--trials", "5"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /supernet epoch 1\/\d+: loss [\d.]+, [\d.]+ s \(warm-up: weights only\)/);
    assert.match(r.stderr, /ranked 5 candidate\(s\) by inherited weights/);
    assert.match(r.stderr, /learning rate for the retraining: (0\.001|0\.003|0\.01), by the pick trained alone/);
    for (const f of ["train.ts", "model/model.json", "model/weights.bin", "model/preprocessing.json", "report.json"])
      assert.ok(existsSync(join(ws, "attune-auto", f)), f);
    const report = JSON.parse(readFileSync(join(ws, "attune-auto", "report.json"), "utf8"));
    assert.equal(report.strategy, "oneshot");
    assert.equal(report.metric, "val_accuracy");
    assert.equal(report.architecture.kind, "dense");
    // Never parameter-free, and at most one layer skipped (the guard's cap).
    assert.ok(report.architecture.units.length >= 2, JSON.stringify(report.architecture));
    assert.ok(report.oneshot.alpha.units1 && report.oneshot.candidates.length === 5);
    assert.equal(report.oneshot.learningRates.length, 3);
    assert.ok([0.001, 0.003, 0.01].includes(report.architecture.learningRate));
    const script = readFileSync(join(ws, "attune-auto", "train.ts"), "utf8");
    assert.ok(script.includes(`const units = ${JSON.stringify(report.architecture.units).replace(/,/g, ", ")};`));
    assert.equal(attune(ws, ["check", "attune-auto/train.ts"]).code, 0);
    writeFileSync(join(ws, "new.csv"), "color,x1,x2\nred,1,1\nblue,-2,-2\n");
    const p = attune(ws, ["predict", "attune-auto", "new.csv"]);
    assert.equal(p.code, 0, p.stderr);
    assert.deepEqual(p.stdout.trim().split("\n").slice(0, 1), ["prediction"]);
    assert.equal(p.stdout.trim().split("\n").length, 3);
  });

  it("an image folder: a CNN with at least one convolution; predict prints path,prediction", () => {
    const ws = workspace({});
    imageFolder(join(ws, "img"));
    const r = attune(ws, ["auto", "img", "--strategy", "oneshot", "--out", "out", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.strategy, "oneshot");
    assert.equal(report.architecture.kind, "cnn");
    assert.ok(report.architecture.filters.length >= 1);
    assert.ok(report.architecture.filters.length === 2 || report.architecture.denseUnits > 0, "the guard's cap");
    assert.ok([3, 5].includes(report.architecture.kernel));
    assert.equal(attune(ws, ["check", "out/train.ts"]).code, 0);
    imageFolder(join(ws, "new"), 2);
    const p = attune(ws, ["predict", "out", "new"]);
    assert.equal(p.code, 0, p.stderr);
    const lines = p.stdout.trim().split("\n");
    assert.equal(lines.length, 5);
    assert.match(lines[1], /^new\/left\/0\.png,(left|top)$/);
  });

  it("--time stops the supernet early and still writes a retrained model", () => {
    const ws = workspace({ "data.csv": tableCsv() });
    const r = attune(ws, ["auto", "data.csv", "--target", "label", "--strategy", "oneshot", "--time", "1s"]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(readFileSync(join(ws, "attune-auto", "report.json"), "utf8"));
    assert.ok(report.oneshot.epochs >= 1 && report.oneshot.epochs < 30, String(report.oneshot.epochs));
    assert.ok(existsSync(join(ws, "attune-auto", "model", "model.json")));
  });

  it("refuses an unknown strategy in one sentence", () => {
    const ws = workspace({ "data.csv": tableCsv() });
    const r = attune(ws, ["auto", "data.csv", "--strategy", "darts"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--strategy must be search or oneshot/);
  });
});
