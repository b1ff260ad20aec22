// The Trials tree, status bar, CodeLens and Start Tuning prefill — what the extension shows, computed without VS Code.
import { strict as assert } from "node:assert";
import { parseAnnotations } from "../../src/core/annotations";
import type { Trial } from "../../src/core/types";
import {
  checkCount,
  checkDuration,
  gridCountNote,
  startDefaults,
  trialsFor,
} from "../../src/extension/model/startOptions";
import { bestLensTitle, progressMessage, statusBarText, statusBarTooltip } from "../../src/extension/model/summaryText";
import { countDone, studyLook, trialDetails, trialLook } from "../../src/extension/model/treeModel";

const T0 = 1_700_000_000_000;
const trials: Trial[] = [
  {
    number: 0,
    state: "complete",
    params: { lr: 0.001, opt: "adam" },
    value: 0.91,
    intermediate: [
      [1, 0.8],
      [2, 0.91],
    ],
    startedAt: T0,
    finishedAt: T0 + 12_200,
    metrics: { val_accuracy: 0.91, val_loss: 0.3 },
  },
  {
    number: 1,
    state: "pruned",
    params: { lr: 0.1, opt: "sgd" },
    value: 0.5,
    intermediate: [[1, 0.5]],
    startedAt: T0,
    finishedAt: T0 + 3000,
  },
  {
    number: 2,
    state: "failed",
    params: { lr: 0.01, opt: "sgd" },
    intermediate: [],
    startedAt: T0,
    finishedAt: T0 + 1000,
    error: { message: "exit code 1", sourceLine: "train.py:9: x = 1/0" },
  },
  {
    number: 3,
    state: "failed",
    params: { lr: 0.02, opt: "sgd" },
    intermediate: [],
    error: { message: "cancelled", retriable: true },
  },
  {
    number: 4,
    state: "running",
    params: { lr: 0.003, opt: "adam" },
    intermediate: [[1, 0.7]],
    startedAt: T0,
    gpu: "1",
    backend: "wasm",
  },
  { number: 5, state: "queued", params: { lr: 0.004, opt: "adam" }, intermediate: [] },
];

describe("extension: Trials tree model", () => {
  it("counts finished trials toward the target, not interrupted ones", () => {
    assert.equal(countDone(trials), 3);
  });

  it("describes a running study with progress and best, and a context value the menus match", () => {
    const look = studyLook({
      name: "train.py",
      direction: "maximize",
      metric: "val_accuracy",
      algorithm: "tpe",
      running: true,
      trials,
      best: { number: 0, value: 0.91 },
      target: 20,
    });
    assert.equal(look.label, "train.py");
    assert.equal(look.description, "3/20 trials · 1 running · best 0.91");
    assert.equal(look.contextValue, "study.running");
    assert.match(look.tooltip, /maximize val_accuracy with tpe/);
    assert.equal(studyLook({ name: "x", running: false, trials: [] }).contextValue, "study.idle");
  });

  it("gives each trial state its icon, value and duration; the best trial a star", () => {
    const now = T0 + 65_000;
    assert.deepEqual(
      trials.map((t) => trialLook(t, false, now).icon.id),
      ["pass", "debug-step-out", "error", "error", "loading~spin", "circle-large-outline"],
    );
    assert.equal(trialLook(trials[0], true, now).icon.id, "star-full");
    assert.equal(trialLook(trials[0], false, now).description, "complete · 0.91 · 12s");
    assert.equal(trialLook(trials[4], false, now).description, "running · 0.7 @1 · 1m 05s");
    assert.equal(trialLook(trials[5], false, now).description, "queued");
    assert.equal(trialLook(trials[2], false, now).contextValue, "trial.failed");
    assert.match(trialLook(trials[2], false, now).tooltip, /error: exit code 1\ntrain\.py:9: x = 1\/0/);
    assert.match(trialLook(trials[4], false, now).tooltip, /backend wasm\nGPU 1/);
  });

  it("lists parameters, then metrics, duration and the error under a trial", () => {
    assert.deepEqual(
      trialDetails(trials[0]).map((d) => `${d.label}=${d.description}`),
      ["lr=0.001", "opt=adam", "val_accuracy=0.91", "val_loss=0.3", "duration=12s"],
    );
    const failed = trialDetails(trials[2]);
    assert.equal(failed[failed.length - 1].label, "error");
    assert.match(failed[failed.length - 1].tooltip ?? "", /train\.py:9/);
  });
});

describe("extension: summaries", () => {
  const p = {
    name: "train.py",
    done: 7,
    running: 2,
    target: 20,
    best: { number: 4, value: 0.93125 },
    metric: "val_accuracy",
    live: true,
  };

  it("status bar: done/total · best", () => {
    assert.equal(statusBarText(p), "$(sync~spin) 7/20 · best 0.9313");
    assert.equal(statusBarText({ ...p, target: undefined, best: undefined, live: false }), "$(beaker) 7 trials");
    assert.match(statusBarTooltip(p), /best val_accuracy 0\.9313 in trial #4/);
  });

  it("progress and CodeLens titles", () => {
    assert.equal(progressMessage(p), "7/20 trials done · 2 running · best 0.9313 (#4)");
    assert.equal(bestLensTitle(p), "Best so far: val_accuracy 0.9313 (#4, 7/20 done)");
    assert.equal(bestLensTitle(undefined), "No trials yet");
    assert.equal(bestLensTitle({ ...p, best: undefined }), "Running: 7/20 done, no result yet");
  });
});

describe("extension: Start Tuning prefill", () => {
  const settings = { defaultAlgorithm: "bayes", trials: 20, parallel: 1, timeout: "" };

  it("file directives win over settings", () => {
    const f = parseAnnotations(
      "x = 1  # @tune int(0, 3)\n# @tune objective: minimize loss\n# @tune trials: 8\n# @tune algorithm: tpe\n# @tune parallel: 2\n",
      "a.py",
    );
    const d = startDefaults(f.directives, settings);
    assert.deepEqual([d.algorithm, d.trials, d.parallel], ["tpe", 8, 2]);
    assert.deepEqual(d.from, { algorithm: "file", trials: "file", parallel: "file" });
    assert.equal(d.trialsSet, true);
  });

  it("settings fill in, and a study with finished trials proposes that many more", () => {
    const d = startDefaults({}, { ...settings, timeout: "10m" }, 6);
    assert.deepEqual([d.algorithm, d.trials, d.parallel, d.timeout, d.from.trials], ["bayes", 26, 1, "10m", "study"]);
  });

  it("a grid runs whole unless the file or the user's settings give a count", () => {
    const byDefault = startDefaults({}, settings);
    assert.equal(trialsFor("grid", byDefault, 32), 32);
    assert.equal(trialsFor("bayes", byDefault, 32), 20);
    assert.equal(trialsFor("grid", byDefault, undefined), 20);
    // The grid is the study's total; one already run past it proposes one more (the CLI then says it is exhausted).
    assert.equal(trialsFor("grid", startDefaults({}, settings, 40), 32, 40), 41);
    assert.equal(trialsFor("grid", startDefaults({}, { ...settings, trialsSet: true }), 32), 20);
    assert.equal(trialsFor("grid", startDefaults({ trials: 8 }, settings), 32), 8);
    assert.equal(gridCountNote(32, "20"), "grid: 20 of 32 points (62 %); type 32 to run all");
    assert.equal(gridCountNote(32, "32"), undefined);
    assert.equal(gridCountNote(32, "abc"), undefined);
  });

  it("checks typed counts and durations", () => {
    assert.equal(checkCount("12", "trials", 1, 100), undefined);
    assert.match(checkCount("0", "trials", 1, 100)!, /at least 1/);
    assert.match(checkCount("1.5", "trials", 1, 100)!, /whole number/);
    assert.match(checkCount("abc", "trials", 1, 100)!, /whole number/);
    assert.match(checkCount("101", "trials", 1, 100)!, /at most 100/);
    assert.equal(checkDuration("1h30m"), undefined);
    assert.equal(checkDuration("90"), undefined);
    assert.match(checkDuration("soon")!, /duration/);
  });
});
