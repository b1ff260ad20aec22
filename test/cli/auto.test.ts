// `attune auto` and `attune predict` end to end on a tiny table and a tiny image folder, their one-line errors on bad
// data, and `--time` on `attune tune` (docs/model-search.md, docs/cli.md). Needs `npm run build` first.
import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { imageFolder, tableCsv } from "./autoData";
import { attune, workspace } from "./helpers";

const noStack = (stderr: string) => assert.doesNotMatch(stderr, /\n\s+at /, stderr);

describe("attune auto / predict", function () {
  this.timeout(180_000);

  it("searches a table: train.ts (which check passes), model/, report.json; predict prints one line per row", () => {
    const ws = workspace({ "data.csv": tableCsv() });
    const r = attune(ws, ["auto", "data.csv", "--target", "label", "--trials", "3"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /validation: 20% of the rows held out, stratified by class, seed 0/);
    for (const f of ["train.ts", "model/model.json", "model/weights.bin", "model/preprocessing.json", "report.json"])
      assert.ok(existsSync(join(ws, "attune-auto", f)), f);
    const report = JSON.parse(readFileSync(join(ws, "attune-auto", "report.json"), "utf8"));
    assert.equal(report.task, "classification");
    assert.equal(report.target, "label");
    assert.equal(report.metric, "val_accuracy");
    assert.equal(report.trials, 3);
    assert.ok(report.validation > 0.5, JSON.stringify(report));
    assert.ok(Array.isArray(report.architecture.units));
    const check = attune(ws, ["check", "attune-auto/train.ts"]);
    assert.equal(check.code, 0, check.stderr);
    const show = attune(ws, ["show", "attune-auto/train.ts"]);
    assert.equal(show.code, 0, show.stderr);
    // New rows: the target column absent, an unseen colour.
    writeFileSync(join(ws, "new.csv"), "color,x1,x2\nred,1,1\nmauve,-1,-1\nblue,-2,-2\n");
    const p = attune(ws, ["predict", "attune-auto", "new.csv"]);
    assert.equal(p.code, 0, p.stderr);
    const lines = p.stdout.trim().split("\n");
    assert.equal(lines[0], "prediction");
    assert.equal(lines.length, 4);
    for (const l of lines.slice(1)) assert.ok(l === "yes" || l === "no", l);
    assert.equal(p.stderr.trim().split("\n").length, 1, p.stderr);
    assert.match(p.stderr, /color="mauve".*all-zero one-hot/);
    // The training file itself, target column and all.
    const again = attune(ws, ["predict", "attune-auto", "data.csv"]);
    assert.equal(again.stdout.trim().split("\n").length, 101);
  });

  it("searches an image folder; predict prints path,prediction per image at any depth", () => {
    const ws = workspace({});
    imageFolder(join(ws, "img"));
    const r = attune(ws, ["auto", "img", "--trials", "2", "--out", "out"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /20 images of 2 classes \(left, top\), 8×8 grey/);
    const report = JSON.parse(readFileSync(join(ws, "out", "report.json"), "utf8"));
    assert.equal(report.architecture.kind, "cnn");
    assert.equal(attune(ws, ["check", "out/train.ts"]).code, 0);
    imageFolder(join(ws, "new", "deeper"), 2);
    const p = attune(ws, ["predict", "out", "new"]);
    assert.equal(p.code, 0, p.stderr);
    const lines = p.stdout.trim().split("\n");
    assert.equal(lines[0], "path,prediction");
    assert.equal(lines.length, 5);
    assert.match(lines[1], /^new\/deeper\/left\/0\.png,(left|top)$/);
  });

  it("--time too short to retrain on every row: model/ is the best trial's own, and predict uses it", () => {
    const ws = workspace({ "data.csv": tableCsv() });
    const r = attune(ws, ["auto", "data.csv", "--target", "label", "--time", "1s", "--out", "out"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /no room to train it again on every row, so model\/ is trial #0's own/);
    // search.json says what the editor's Model search card needs while it runs: the budget and when it began.
    const search = JSON.parse(readFileSync(join(ws, "out", "search.json"), "utf8"));
    assert.deepEqual(
      { ...search, startedAt: typeof search.startedAt },
      {
        strategy: "search",
        data: "data.csv",
        kind: "table",
        task: "classification",
        target: "label",
        metric: "val_accuracy",
        startedAt: "number",
        timeLimitS: 1,
      },
    );
    const p = attune(ws, ["predict", "out", "data.csv"]);
    assert.equal(p.code, 0, p.stderr);
    assert.equal(p.stdout.trim().split("\n").length, 101);
  });

  it("--time bounds the whole command: trials still running at its end are stopped", () => {
    const ws = workspace({ "data.csv": tableCsv() });
    const began = Date.now();
    const r = attune(ws, ["auto", "data.csv", "--target", "label", "--time", "8s", "--out", "out"]);
    const seconds = (Date.now() - began) / 1000;
    assert.equal(r.code, 0, r.stderr);
    // Node's start before auto's clock, and a stopped trial's exit, are all that may pass the limit.
    assert.ok(seconds < 8 + 2.5, `${seconds} s`);
    assert.match(r.stderr, /trials still running were stopped/);
    assert.ok(existsSync(join(ws, "out", "model", "model.json")));
    const again = attune(ws, ["auto", "data.csv", "--target", "label", "--trials", "1", "--out", "out"]);
    assert.match(again.stderr, /out holds a search from an earlier run, which goes on from its trials/);
  });

  it("bad input is one sentence with the fix, exit 2, no stack trace", () => {
    const ws = workspace({
      "noheader.csv": "1,2,3\n4,5,6\n",
      "ok.csv": "a,b,label\n1,2,x\n3,4,y\n",
      "one.csv": "a,label\n1,x\n2,x\n",
      "mixed.csv": "a,label\n1,x\n2,y\nabc,x\n4,y\n",
      "empty.csv": "a,label\n\n\n",
    });
    const cases: [string[], RegExp][] = [
      [["noheader.csv"], /noheader\.csv has no header row .*add a first line naming the columns/],
      [["ok.csv", "--target", "nope"], /no column "nope"; its columns are: a, b, label — pass one with --target/],
      [["one.csv", "--target", "label"], /one class only \("x"\).*at least two/],
      [["mixed.csv", "--target", "label"], /column "a" of mixed\.csv mixes numbers and text \(data row 3: "abc"\)/],
      [["empty.csv"], /has a header but no data rows/],
    ];
    mkdirSync(join(ws, "oneclass", "cat"), { recursive: true });
    imageFolder(join(ws, "oneclass", "cat"), 1);
    mkdirSync(join(ws, "noimages", "a"), { recursive: true });
    imageFolder(join(ws, "corrupt"), 2);
    writeFileSync(join(ws, "corrupt", "top", "bad.png"), "\x89PNG not really");
    cases.push(
      [["oneclass"], /images of one class only \(cat\): add a subfolder of images for each other class/],
      [["noimages"], /holds no PNG or JPEG images in class subfolders/],
      [["corrupt"], /cannot decode the image corrupt\/top\/bad\.png .*replace it/],
    );
    for (const [args, want] of cases) {
      const r = attune(ws, ["auto", ...args, "--trials", "1"]);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, want);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      noStack(r.stderr);
    }
  });
});

describe("attune tune --time", function () {
  this.timeout(60_000);

  it("starts no trial after the time budget and says the time ended the study", () => {
    const ws = workspace({
      "train.js": [
        "const x = 0.5; // @tune uniform(0, 1)",
        "// @tune objective: maximize score",
        "setTimeout(() => console.log(`score: ${x}`), 700);",
        "",
      ].join("\n"),
    });
    const began = Date.now();
    const r = attune(ws, ["tune", "train.js", "--time", "1s", "--algorithm", "random"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - began < 15_000);
    assert.match(r.stderr, /trials for 1(\.0)?s/);
    assert.match(r.stderr, /the time budget \(1(\.0)?s\) ended the study: no trial started after it/);
    // Trial 0 is the baseline ("trial #0 (baseline: …) complete"); how many start in 1 s depends on the machine.
    const done = (r.stderr.match(/^trial #\d+ .*complete/gm) ?? []).length;
    assert.ok(done >= 1 && done <= 3, `${done} trials\n${r.stderr}`);
  });

  it("reads @tune time: and check prints it", () => {
    const ws = workspace({ "t.py": "x = 1  # @tune int(0, 3)\n# @tune objective: minimize loss\n# @tune time: 30m\n" });
    const r = attune(ws, ["check", "t.py"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /time: 30m( 00s)? for the whole study/);
  });
});
