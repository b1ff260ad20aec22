// The pure parts of `attune auto` (docs/model-search.md): CSV reading and profiling, the stratified split, the
// preprocessing, and the search spaces it writes.
import { strict as assert } from "node:assert";
import { parseAnnotations } from "../../src/core/annotations/parse";
import { parseCsv } from "../../src/data/csv";
import { DataError } from "../../src/data/errors";
import { encodeTable, fitTablePreprocessing } from "../../src/data/preprocessing";
import { profileTable } from "../../src/data/profile";
import { quantileLabels, stratifiedSplit } from "../../src/data/split";
import { imageScript, imageSizes } from "../../src/cli/auto/imageScript";
import { tableScript } from "../../src/cli/auto/tableScript";

const throwsData = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof DataError && re.test(e.message));

describe("auto: CSV reading and profiling", () => {
  it("reads a header and rows, skipping empty rows with a count", () => {
    const t = parseCsv('a,b,"c d"\n1,x,2\n\n,,\n3,"y, z",4\n', "t.csv");
    assert.deepEqual(t.columns, ["a", "b", "c d"]);
    assert.deepEqual(t.rows, [
      ["1", "x", "2"],
      ["3", "y, z", "4"],
    ]);
    assert.equal(t.skipped, 2);
  });

  it("refuses a file without a header, with no data rows, or with a short row", () => {
    throwsData(() => parseCsv("1,2,3\n4,5,6\n", "t.csv"), /no header row.*col1,col2,col3/);
    throwsData(() => parseCsv("a,b\n\n", "t.csv"), /no data rows/);
    throwsData(() => parseCsv("a,b\n1\n", "t.csv"), /line 2 has 1 cells but the header has 2/);
    throwsData(() => parseCsv("a,a\n1,2\n", "t.csv"), /names column "a" twice/);
  });

  it("types columns, infers the task and lists the classes", () => {
    const t = parseCsv("x,color,y\n1.5,red,no\n2,blue,yes\n,red,no\n", "t.csv");
    const p = profileTable(t, { target: "y" });
    assert.equal(p.task, "classification");
    assert.deepEqual(p.classes, ["no", "yes"]);
    assert.deepEqual(
      p.features.map((f) => [f.name, f.kind, f.missing]),
      [
        ["x", "numeric", 1],
        ["color", "category", 0],
      ],
    );
    const r = profileTable(parseCsv(`x,y\n${[...Array(30)].map((_, i) => `${i},${i * 1.5}`).join("\n")}\n`, "r.csv"));
    assert.equal(r.task, "regression");
    const c = profileTable(parseCsv("x,y\n1,0\n2,1\n3,2\n", "c.csv"));
    assert.equal(c.task, "classification");
    assert.deepEqual(c.classes, ["0", "1", "2"]);
  });

  it("names a missing target (listing the columns), one class, and a column of mixed types", () => {
    const t = parseCsv("a,b\n1,x\n2,x\n", "t.csv");
    throwsData(() => profileTable(t, { target: "label" }), /no column "label"; its columns are: a, b/);
    throwsData(() => profileTable(t, { target: "b" }), /one class only \("x"\)/);
    const mixed = parseCsv("age,y\n1,a\n2,b\nold,a\n4,b\n", "m.csv");
    throwsData(
      () => profileTable(mixed, { target: "y" }),
      /column "age" of m.csv mixes numbers and text \(data row 3: "old"\)/,
    );
    throwsData(() => profileTable(t, { target: "b", task: "regression" }), /needs a numeric target/);
  });
});

describe("auto: the validation split", () => {
  it("holds out the same share of every class, the same way for the same seed", () => {
    const labels = [...Array(100)].map((_, i) => (i % 4 === 0 ? "rare" : "common"));
    const s = stratifiedSplit(labels, 0.2, 7);
    assert.equal(s.train.length + s.val.length, 100);
    assert.equal(s.val.filter((i) => labels[i] === "rare").length, 5);
    assert.equal(s.val.filter((i) => labels[i] === "common").length, 15);
    assert.deepEqual(stratifiedSplit(labels, 0.2, 7), s);
    assert.notDeepEqual(stratifiedSplit(labels, 0.2, 8).val, s.val);
  });

  it("keeps a class of one example in training, and bins regression targets by quantile", () => {
    const s = stratifiedSplit(["a", "b", "b", "b", "b"], 0.2, 0);
    assert.ok(s.train.includes(0));
    assert.deepEqual(quantileLabels([5, 1, 3, 2, 4], 5), ["4", "0", "2", "1", "3"]);
  });
});

describe("auto: preprocessing", () => {
  const t = parseCsv("x,color,y\n1,red,a\n3,blue,b\n", "t.csv");
  const p = profileTable(t, { target: "y" });

  it("standardizes numbers and one-hot encodes categories; an unseen category is all zeros, and counted", () => {
    const prep = fitTablePreprocessing(t, p, [0, 1], "onehot");
    const { inputs, unseen } = encodeTable(
      prep,
      ["color", "x"],
      [
        ["red", "1"],
        ["green", "3"],
      ],
    );
    assert.deepEqual(
      inputs.map((i) => i.width),
      [3],
    );
    assert.deepEqual([...inputs[0].data], [-1, 0, 1, 1, 0, 0]);
    assert.deepEqual(unseen, [{ column: "color", value: "green", rows: 1 }]);
  });

  it("gives each category column an input of its own for embeddings", () => {
    const prep = fitTablePreprocessing(t, p, [0, 1], "embedding");
    const { inputs } = encodeTable(prep, t.columns, t.rows);
    assert.deepEqual(
      inputs.map((i) => [i.name, i.width, i.vocabulary]),
      [
        ["numeric", 1, undefined],
        ["category_1", 2, 2],
      ],
    );
  });
});

describe("auto: the search spaces it writes", () => {
  const errorsOf = (text: string) =>
    parseAnnotations(text, "train.ts").diagnostics.filter((x) => x.severity === "error");

  it("a table's script parses without errors and spans blocks, encoding, optimizer and budget", () => {
    const text = tableScript({
      data: "../d.csv",
      target: "y",
      task: "classification",
      categories: 1,
      validation: 0.2,
      seed: 0,
    });
    assert.deepEqual(errorsOf(text), []);
    const f = parseAnnotations(text, "train.ts");
    assert.deepEqual(
      f.params.map((x) => x.name),
      [
        "units",
        "dropout",
        "batchNorm",
        "encoding",
        "embeddingSize",
        "optimizer",
        "learningRate",
        "batchSize",
        "epochs",
      ],
    );
    assert.equal(f.directives.objective?.metric, "val_accuracy");
    const reg = tableScript({
      data: "d.csv",
      target: "y",
      task: "regression",
      categories: 0,
      validation: 0.2,
      seed: 0,
    });
    assert.deepEqual(errorsOf(reg), []);
    assert.equal(parseAnnotations(reg, "train.ts").directives.objective?.direction, "minimize");
    assert.ok(!parseAnnotations(reg, "train.ts").params.some((x) => x.name === "encoding"));
  });

  it("an image folder's script parses without errors; small images are not resized", () => {
    const text = imageScript({ data: "../img", side: 28, channels: 1, validation: 0.2, seed: 0 });
    assert.deepEqual(errorsOf(text), []);
    const names = parseAnnotations(text, "train.ts").params.map((x) => x.name);
    for (const n of ["imageSize", "filters", "kernel", "pooling", "batchNorm", "dropout", "augment", "learningRate"])
      assert.ok(names.includes(n), n);
    assert.deepEqual(imageSizes(28), [21, 28]);
    assert.deepEqual(imageSizes(8), [8]);
    assert.deepEqual(imageSizes(200), [48, 64]);
  });
});
