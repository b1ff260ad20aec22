// The panel's Model search card (docs/editor.md#the-panel): recognising a study `attune auto` made from its
// search.json / report.json, the snapshot that carries it, the Open train.ts message, and what the card shows.
import { strict as assert } from "node:assert";
import { mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StudyState } from "../../src/core/events";
import { PanelFeed, type FeedInput } from "../../src/extension/model/panelFeed";
import { autoFolder, modelSearchInfo, ModelSearchReader } from "../../src/extension/model/modelSearch";
import { HOST_TO_WEBVIEW, parseMessage, WEBVIEW_TO_HOST, type ModelSearchInfo } from "../../src/protocol/messages";
import { architecture, metricLabel, modelSearchCard, scoreText } from "../../webview/model/modelSearch";
import { row, study } from "./webview-fixture";

const SEARCH = {
  strategy: "search",
  data: "data.csv",
  kind: "table",
  task: "classification",
  target: "label",
  metric: "val_accuracy",
  startedAt: 1_000_000,
  timeLimitS: 60,
};
const REPORT = {
  task: "classification",
  target: "label",
  metric: "val_accuracy",
  validation: 0.95,
  trials: 7,
  seconds: 58.2,
  strategy: "search",
  architecture: { kind: "dense", trial: 3, units: [64, 32], dropout: 0.1 },
};

describe("model search: recognising auto's study (search.json, report.json)", () => {
  it("reads what the search was asked, and its report once this run wrote one", () => {
    const running = modelSearchInfo({ search: JSON.stringify(SEARCH) });
    assert.deepEqual(running, {
      data: "data.csv",
      kind: "table",
      task: "classification",
      target: "label",
      metric: "val_accuracy",
      startedAt: 1_000_000,
      timeLimitS: 60,
    });
    const done = modelSearchInfo({
      search: JSON.stringify(SEARCH),
      report: { text: JSON.stringify(REPORT), mtimeMs: 1_060_000 },
    });
    assert.deepEqual(done?.report, { validation: 0.95, metric: "val_accuracy", trials: 7, seconds: 58.2, trial: 3 });
  });

  it("ignores an earlier run's report.json (auto resumed the study), half-written files and one-shot runs", () => {
    const stale = modelSearchInfo({
      search: JSON.stringify(SEARCH),
      report: { text: JSON.stringify(REPORT), mtimeMs: 999_000 },
    });
    assert.equal(stale?.report, undefined);
    assert.equal(stale?.timeLimitS, 60);
    assert.equal(modelSearchInfo({ search: '{"strategy": "sea' }), undefined, "torn search.json, no report");
    assert.equal(modelSearchInfo({ search: JSON.stringify({ ...SEARCH, strategy: "oneshot" }) }), undefined);
    assert.equal(modelSearchInfo({}), undefined, "an ordinary train.ts study");
    // An older auto without search.json: the report alone still makes it a model search.
    const old = modelSearchInfo({ report: { text: JSON.stringify(REPORT), mtimeMs: 5 } });
    assert.equal(old?.kind, "table");
    assert.equal(old?.report?.validation, 0.95);
    // Wrong types are dropped, never passed on to the webview.
    const odd = modelSearchInfo({ search: JSON.stringify({ ...SEARCH, timeLimitS: "60", target: 3, task: "x" }) });
    assert.equal(odd?.timeLimitS, undefined);
    assert.equal(odd?.target, undefined);
    assert.equal(odd?.task, undefined);
  });

  it("only a study whose file is a train.ts is looked at; the reader re-reads when a file changes", () => {
    assert.equal(autoFolder("/w/attune-auto/data/train.ts"), "/w/attune-auto/data");
    assert.equal(autoFolder("/w/train.py"), undefined);
    assert.equal(autoFolder(undefined), undefined);
    const dir = mkdtempSync(join(tmpdir(), "attune-ms-"));
    const file = join(dir, "train.ts");
    const reader = new ModelSearchReader();
    assert.equal(reader.read(file), undefined);
    writeFileSync(join(dir, "search.json"), JSON.stringify({ ...SEARCH, startedAt: Date.now() - 5000 }));
    assert.equal(reader.read(file)?.report, undefined);
    writeFileSync(join(dir, "report.json"), JSON.stringify(REPORT));
    assert.equal(reader.read(file)?.report?.validation, 0.95);
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, "report.json"), past, past);
    assert.equal(reader.read(file)?.report, undefined, "a report older than the run is an earlier run's");
  });
});

describe("model search: the snapshot and the Open train.ts message", () => {
  const state = {
    meta: {
      name: "attune-auto/data/train.ts",
      file: "/w/attune-auto/data/train.ts",
      direction: "maximize",
      metric: "val_accuracy",
      algorithm: "bayes",
      seed: 0,
      space: { params: [] },
      spaceHash: "h",
      createdAt: 1,
    },
    trials: [],
    warnings: [],
  } as unknown as StudyState;
  const input = (modelSearch?: ModelSearchInfo): FeedInput => ({
    key: "k",
    name: "attune-auto/data/train.ts",
    state,
    running: true,
    trusted: true,
    canApply: true,
    ...(modelSearch ? { modelSearch } : {}),
  });

  it("carries the model search in the snapshot, and sends a new one when report.json arrives", () => {
    const feed = new PanelFeed();
    const running = modelSearchInfo({ search: JSON.stringify(SEARCH) })!;
    const first = feed.next(input(running))!;
    assert.equal(first.method, "snapshot");
    assert.ok(parseMessage(JSON.parse(JSON.stringify(first)), HOST_TO_WEBVIEW).ok);
    if (first.method === "snapshot") assert.equal(first.params.modelSearch?.timeLimitS, 60);
    assert.equal(feed.next(input(running)), undefined, "nothing changed");
    const done = { ...running, report: { validation: 0.95, trials: 7, seconds: 58.2 } };
    const next = feed.next(input(done))!;
    assert.equal(next.method, "snapshot", "the report travels in a snapshot");
    if (next.method === "snapshot") assert.equal(next.params.modelSearch?.report?.validation, 0.95);
    const plain = new PanelFeed().next(input())!;
    assert.ok(plain.method === "snapshot" && !("modelSearch" in plain.params), "an ordinary study has none");
  });

  it("Open train.ts carries no path: a message with one is refused", () => {
    assert.ok(parseMessage({ method: "openTrainScript", params: {} }, WEBVIEW_TO_HOST).ok);
    const r = parseMessage({ method: "openTrainScript", params: { path: "/etc/passwd" } }, WEBVIEW_TO_HOST);
    assert.ok(!r.ok);
    assert.match(r.error, /unexpected field "path"/);
    const bad = parseMessage(
      { method: "snapshot", params: { seq: 1, study: null, trusted: true, canApply: true, modelSearch: { x: 1 } } },
      HOST_TO_WEBVIEW,
    );
    assert.ok(!bad.ok, "the webview checks the model search too");
  });
});

describe("model search: what the card shows", () => {
  const info = modelSearchInfo({ search: JSON.stringify(SEARCH) })!;
  const trials = [
    row(0, "complete", { "len(units)": 2, "units[0]": 64, "units[1]": 32, dropout: 0.1, batchNorm: false }, 0.8, {
      budget: 30,
      finishedAt: 1_020_000,
    }),
    row(1, "pruned", { "len(units)": 1, "units[0]": 8, dropout: 0, batchNorm: true }, 0.5),
    row(
      2,
      "complete",
      {
        "len(units)": 3,
        "units[0]": 128,
        "units[1]": 64,
        "units[2]": 16,
        dropout: 0.25,
        batchNorm: true,
        encoding: "embedding",
        embeddingSize: 4,
        optimizer: "adam",
        learningRate: 0.003,
        batchSize: 32,
      },
      0.9,
      { budget: 10, finishedAt: 1_040_000 },
    ),
    row(3, "running", { "len(units)": 1, "units[0]": 16 }),
  ];
  const s = study(trials, { running: true, best: { number: 2, value: 0.9, params: trials[2].params } });

  it("while running: elapsed of --time as a bar, trials done and running, the best trial's validation score", () => {
    const c = modelSearchCard(info, s, 1_030_000);
    assert.equal(c.status, "running");
    assert.equal(c.statusText, "Searching…");
    assert.equal(c.progress, 0.5);
    assert.equal(c.timeText, "30s of 1m 00s");
    assert.equal(c.trialsText, "3 trials done · 1 running");
    assert.deepEqual(c.score, { label: "validation accuracy", value: "90.00 %", note: "best so far · trial 2" });
    assert.equal(c.trial, 2);
    assert.deepEqual(c.blocks, [
      "Inputs · categories embedded (4)",
      "Dense 128 · batch norm · dropout 0.25",
      "Dense 64 · batch norm · dropout 0.25",
      "Dense 16 · batch norm · dropout 0.25",
      "Softmax output",
    ]);
    assert.equal(c.training, "adam · learning rate 0.003 · batch 32 · 10 epochs", "epochs from the trial's budget");
    assert.equal(modelSearchCard(info, s, 2_000_000).progress, 1, "never past the end");
    assert.equal(modelSearchCard({ ...info, trials: 20 }, s, 1_030_000).trialsText, "3 of 20 trials done · 1 running");
  });

  it("finished: report.json's score, its trial's architecture and the run's own seconds", () => {
    const done = { ...info, report: { validation: 0.8125, metric: "val_accuracy", trials: 3, seconds: 59, trial: 0 } };
    const c = modelSearchCard(done, { ...s, running: false }, 9_999_999);
    assert.equal(c.status, "finished");
    assert.equal(c.timeText, "59s of 1m 00s");
    assert.equal(c.trialsText, "3 trials done", "no running count once it ended");
    assert.deepEqual(c.score, { label: "validation accuracy", value: "81.25 %", note: "report.json · trial 0" });
    assert.deepEqual(c.blocks, ["Inputs", "Dense 64 · dropout 0.1", "Dense 32 · dropout 0.1", "Softmax output"]);
  });

  it("stopped without a report: the time up to its last trial; nothing finished yet: no score, no blocks", () => {
    const c = modelSearchCard(info, { ...s, running: false }, 9_999_999);
    assert.equal(c.status, "stopped");
    assert.equal(c.timeText, "40s of 1m 00s");
    const empty = modelSearchCard(info, study([row(0, "running", {})], { running: true }), 1_001_000);
    assert.equal(empty.score, undefined);
    assert.deepEqual(empty.blocks, []);
    const noLimit = modelSearchCard({ ...info, timeLimitS: undefined } as ModelSearchInfo, s, 1_030_000);
    assert.equal(noLimit.progress, undefined);
    assert.equal(noLimit.timeText, "30s");
  });

  it("images read as convolution blocks; regression as a linear output; unknown parameters are listed", () => {
    const a = architecture(
      {
        "len(filters)": 2,
        "filters[0]": 16,
        "filters[1]": 32,
        kernel: 5,
        pooling: "average",
        batchNorm: false,
        dropout: 0,
        denseUnits: 64,
        imageSize: 21,
        augment: true,
        momentum: 0.9,
      },
      { kind: "images", task: "classification" },
    );
    assert.deepEqual(a.blocks, [
      "21×21 images · shifted copies",
      "Conv 5×5 · 16 filters · average pool",
      "Conv 5×5 · 32 filters · average pool",
      "Dense 64",
      "Softmax output",
    ]);
    assert.deepEqual(a.other, ["momentum = 0.9"]);
    assert.equal(architecture({ "units[0]": 8 }, { kind: "table", task: "regression" }).blocks.at(-1), "Linear output");
    assert.equal(metricLabel("val_loss"), "validation loss");
    assert.equal(scoreText("val_loss", 0.123456), "0.1235");
    assert.equal(scoreText("val_accuracy", 1), "100.00 %");
  });
});
