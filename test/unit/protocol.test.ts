import { strict as assert } from "node:assert";
import {
  ApplyTrial,
  Delta,
  HOST_TO_WEBVIEW,
  makeMessage,
  parseMessage,
  Ready,
  Snapshot,
  WEBVIEW_TO_HOST,
  type StudyView,
} from "../../src/protocol/messages";

const view: StudyView = {
  name: "train.py",
  file: "/w/train.py",
  direction: "maximize",
  metric: "val_accuracy",
  algorithm: "bayes",
  params: [{ name: "lr", kind: "float", lo: 1e-5, hi: 0.1, log: true, spec: "loguniform(1e-5, 0.1)" }],
  trials: [
    {
      number: 0,
      state: "complete",
      params: { lr: 0.001 },
      value: 0.9,
      intermediate: [
        [1, 0.8],
        [2, 0.9],
      ],
      durationS: 1.5,
    },
    { number: 1, state: "running", params: { lr: 0.01 }, intermediate: [] },
  ],
  best: { number: 0, value: 0.9, params: { lr: 0.001 } },
  running: true,
  target: 10,
  warnings: [],
};

describe("protocol: webview → host validation", () => {
  it("accepts every well-formed message", () => {
    for (const m of [
      { method: "ready", params: {} },
      { method: "applyTrial", params: { trial: 3 } },
      { method: "stopTrial", params: { trial: 0 } },
      { method: "stopStudy", params: {} },
      { method: "showTrialLog", params: { trial: 12 } },
      { method: "exportResults", params: { format: "csv" } },
      { method: "rerunTrial", params: { trial: 1 } },
    ]) {
      const r = parseMessage(m, WEBVIEW_TO_HOST);
      assert.ok(r.ok, `${m.method}: ${r.ok ? "" : r.error}`);
    }
  });

  it("refuses unknown methods, extra fields, wrong types and host-only messages", () => {
    const bad: [unknown, RegExp][] = [
      [null, /expected an object/],
      [[], /expected an object/],
      [{ method: "eval", params: {} }, /unknown method "eval"/],
      [{ method: "applyTrial", params: { trial: -1 } }, /params\.trial: expected an integer ≥ 0/],
      [{ method: "applyTrial", params: { trial: 1.5 } }, /integer/],
      [{ method: "applyTrial", params: { trial: "1" } }, /integer/],
      [{ method: "applyTrial", params: { trial: 1, file: "/etc/passwd" } }, /unexpected field "file"/],
      [{ method: "applyTrial", params: { trial: 1 }, extra: 1 }, /unexpected field "extra"/],
      [{ method: "exportResults", params: { format: "xlsx" } }, /one of "csv", "json"/],
      [{ method: "ready" }, /expected an object/],
      [
        { method: "snapshot", params: { seq: 0, study: null, trusted: true, canApply: true } },
        /unknown method "snapshot"/,
      ],
      [
        { method: "applyTrial", params: JSON.parse('{"__proto__": {"x": 1}, "trial": 1}') },
        /unexpected field "__proto__"|forbidden/,
      ],
    ];
    for (const [raw, why] of bad) {
      const r = parseMessage(raw, WEBVIEW_TO_HOST);
      assert.equal(r.ok, false, JSON.stringify(raw));
      if (!r.ok) assert.match(r.error, why);
    }
  });
});

describe("protocol: host → webview messages", () => {
  it("a snapshot built with makeMessage validates and survives JSON", () => {
    const m = makeMessage(Snapshot, { seq: 1, key: "/w::train.py", study: view, trusted: true, canApply: true });
    const r = parseMessage(JSON.parse(JSON.stringify(m)), HOST_TO_WEBVIEW);
    assert.ok(r.ok, r.ok ? "" : r.error);
    if (r.ok && r.message.method === "snapshot") assert.equal(r.message.params.study?.trials.length, 2);
  });

  it("an empty snapshot (no study) validates; key is optional for older hosts", () => {
    assert.ok(
      parseMessage(makeMessage(Snapshot, { seq: 0, study: null, trusted: false, canApply: false }), HOST_TO_WEBVIEW).ok,
    );
  });

  it("a delta names its base and validates", () => {
    const m = makeMessage(Delta, { seq: 5, base: 4, trials: [view.trials[1]], running: true });
    assert.ok(parseMessage(m, HOST_TO_WEBVIEW).ok);
  });

  it("refuses non-finite numbers, which JSON would turn into null", () => {
    const bad = { ...view, trials: [{ ...view.trials[0], value: NaN }] };
    const r = parseMessage(
      { method: "snapshot", params: { seq: 0, study: bad, trusted: true, canApply: true } },
      HOST_TO_WEBVIEW,
    );
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /trials\[0\]\.value: expected a finite number/);
  });

  it("descriptors are unique per direction", () => {
    const names = [...WEBVIEW_TO_HOST, ...HOST_TO_WEBVIEW].map((d) => d.method);
    assert.equal(new Set(names).size, names.length);
    assert.equal(Ready.method, "ready");
    assert.equal(ApplyTrial.method, "applyTrial");
  });
});
