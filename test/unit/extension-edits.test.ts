// Applying values, the hover's text and the hover link's arguments — the pure halves of the editor features.
import { strict as assert } from "node:assert";
import { applyValues, parseAnnotations } from "../../src/core/annotations";
import { applyTextEdits, planApply } from "../../src/extension/model/applyEdits";
import { applyValueArgs, commandUri, parseArgs } from "../../src/extension/model/commandArgs";
import { hoverMarkdown } from "../../src/extension/model/hoverText";

const PY = `import sys
lr = 1e-3     # @tune float(1e-5, 1e-1, log)
units = 128  # @tune int(32, 512, step=32)
opt = "adam"  # @tune choice("adam", "sgd")
use_bn = False  # @tune bool()
extra = 2  # @tune int(1, 3) if units >= 256
epochs = 20  # @tune budget(1, 81)
# @tune objective: maximize val_accuracy
print(lr)
`;

describe("extension: applying a trial to a file", () => {
  const parsed = parseAnnotations(PY, "train.py");

  it("changes only the literals, keeps every other byte, and leaves the budget and inactive params alone", () => {
    const r = planApply(PY, parsed, { lr: 0.0031, units: 256, opt: "sgd", use_bn: true }, 3);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.plan.changed, ["lr", "units", "opt", "use_bn", "epochs"]);
    const out = applyTextEdits(PY, r.plan.edits);
    assert.equal(out.split("\n").length, PY.split("\n").length);
    assert.match(out, /^lr = 0\.0031 {5}# @tune float\(1e-5, 1e-1, log\)$/m);
    assert.match(out, /^units = 256 {2}# @tune/m);
    assert.match(out, /^opt = "sgd" {2}# @tune/m);
    assert.match(out, /^use_bn = True {2}# @tune bool\(\)$/m);
    assert.match(out, /^extra = 2 {2}# @tune/m);
    assert.ok(r.plan.untouched.includes("extra"));
    // The same result as the core's applyValues (one implementation of "only the literals").
    assert.equal(out, applyValues(PY, parsed, { lr: 0.0031, units: 256, opt: "sgd", use_bn: true, epochs: 3 }));
  });

  it("without a budget value the budget literal stays as written", () => {
    const r = planApply(PY, parsed, { lr: 0.01 });
    assert.ok(r.ok && !r.plan.changed.includes("epochs") && r.plan.untouched.includes("epochs"));
  });

  it("skips values already in the file (no empty edits)", () => {
    const r = planApply(PY, parsed, { lr: 0.001, units: 128 });
    assert.ok(r.ok);
    if (r.ok) assert.deepEqual(r.plan.edits, []);
  });

  it("refuses, naming the parameter, when the file no longer annotates it", () => {
    const r = planApply(PY, parsed, { lr: 0.01, momentum: 0.9 });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /no longer annotates "momentum"; nothing was changed/);
  });

  it("refuses when a literal's text is not what the parser saw (the file changed)", () => {
    const edited = PY.replace("lr = 1e-3", "lr = 3e-3");
    const r = planApply(edited, parsed, { lr: 0.01 });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /"lr" on line 2 changed: expected 1e-3, found 3e-3/);
  });

  it("writes JS/TS and YAML literals in their own syntax", () => {
    const ts =
      `const lr = 1e-3; // @tune loguniform(1e-5, 1e-1)\nconst act = 'relu'; // @tune choice("relu", ` +
      `"tanh")\nconst bn = false; // @tune bool()\n// @tune objective: minimize loss\n`;
    const pt = parseAnnotations(ts, "train.ts");
    const r = planApply(ts, pt, { lr: 0.02, act: "tanh", bn: true });
    assert.ok(r.ok);
    if (r.ok)
      assert.equal(
        applyTextEdits(ts, r.plan.edits),
        `const lr = 0.02; // @tune loguniform(1e-5, 1e-1)\nconst act = 'tanh'; // @tune choice("relu", "tanh")\nconst bn = true; // @tune bool()\n// @tune objective: minimize loss\n`,
      );
    const yaml =
      `lr: 0.001        # @tune loguniform(1e-5, 1e-1)\nopt: adam  # @tune choice("adam", "sgd")\n# @tune ` +
      `objective: maximize acc\n`;
    const py = parseAnnotations(yaml, "cfg.yaml");
    const ry = planApply(yaml, py, { lr: 0.5, opt: "sgd" });
    assert.ok(ry.ok);
    if (ry.ok) assert.match(applyTextEdits(yaml, ry.plan.edits), /^lr: 0\.5 +# @tune/m);
  });
});

describe("extension: hover text", () => {
  const parsed = parseAnnotations(PY, "train.py");
  const lr = parsed.params.find((p) => p.name === "lr")!;
  const epochs = parsed.params.find((p) => p.name === "epochs")!;

  it("shows the distribution and the best value with trial, objective and an Apply link", () => {
    const md = hoverMarkdown(
      lr,
      { trial: 7, value: 0.9312, metric: "val_accuracy", direction: "maximize", paramValue: 0.0031 },
      { applyUri: "command:attune.applyValue?x" },
    );
    assert.match(md, /`` lr `` — `` float\(0\.00001, 0\.1, log\) ``/);
    assert.match(md, /Real in \[1e-5, 0\.1\], sampled log-uniformly\./);
    assert.match(md, /Best: `` 0\.0031 `` in trial #7 — val\\_accuracy = 0\.9312 \(maximize\)/);
    assert.match(md, /\[Apply\]\(command:attune\.applyValue\?x "Write 0\\\.0031 into this line"\)/);
  });

  it("says when the file already holds the best value (no link)", () => {
    const md = hoverMarkdown(
      lr,
      { trial: 2, value: 0.5, direction: "minimize", paramValue: 0.001 },
      { applyUri: "command:x" },
    );
    assert.match(md, /already applied: the file has this value/);
    assert.doesNotMatch(md, /\[Apply\]/);
  });

  it("offers Start Tuning when there is no result yet, and explains inactive conditionals", () => {
    assert.match(
      hoverMarkdown(lr, undefined, { startUri: "command:attune.startTuning?y" }),
      /No finished trial yet\. \[Start Tuning\]\(command:attune\.startTuning\?y\)/,
    );
    const extra = parsed.params.find((p) => p.name === "extra")!;
    assert.match(
      hoverMarkdown(extra, { trial: 1, value: 1, direction: "maximize", paramValue: undefined }),
      /Not used by the best trial #1/,
    );
  });

  it("describes a budget as the multi-fidelity resource", () => {
    assert.match(hoverMarkdown(epochs, undefined), /budget\(1, 81\) — the multi-fidelity resource/);
  });

  it("escapes Markdown in metric names so they cannot inject links", () => {
    const md = hoverMarkdown(lr, {
      trial: 1,
      value: 1,
      metric: "acc](command:evil)",
      direction: "maximize",
      paramValue: 0.2,
    });
    assert.doesNotMatch(md, /\]\(command:evil\)/);
  });
});

describe("extension: command URI arguments", () => {
  it("round-trips through a command URI and validates", () => {
    const args = { uri: "file:///w/train.py", study: "/w::train.py", trial: 3, name: "lr", literal: "1e-3" };
    const uri = commandUri("attune.applyValue", args);
    assert.match(uri, /^command:attune\.applyValue\?%5B%7B/);
    const decoded = JSON.parse(decodeURIComponent(uri.split("?")[1])) as unknown[];
    const r = parseArgs(applyValueArgs, decoded[0]);
    assert.ok(r.ok);
  });

  it("refuses crafted arguments", () => {
    for (const bad of [
      undefined,
      "file:///etc/passwd",
      { uri: "file:///w/a.py", study: "k", trial: -1, name: "lr", literal: "1" },
      { uri: "file:///w/a.py", study: "k", trial: 1, name: "lr" },
      { uri: "file:///w/a.py", study: "k", trial: 1, name: "lr", literal: "1", value: 5 },
      { uri: 5, study: "k", trial: 1, name: "lr", literal: "1" },
    ])
      assert.equal(parseArgs(applyValueArgs, bad).ok, false, JSON.stringify(bad));
  });
});
