// Writing values back (docs/trials.md, docs/cli.md `apply`): only the literal bytes change, in the file's own syntax,
// and the file parses back to exactly the values written. Also the "did you mean" matcher behind the quick fixes.
import { strict as assert } from "node:assert";
import {
  applyValues,
  formatLiteral,
  literalEdits,
  parseAnnotations,
  type AnnotatedFile,
} from "../../src/core/annotations";
import { closest, editDistance } from "../../src/core/annotations/suggest";
import type { Literal } from "../../src/core/types";

/** The text between the literals, in order: what apply must leave byte for byte as it was. */
function between(text: string, f: AnnotatedFile): string[] {
  const out: string[] = [];
  let at = 0;
  for (const p of [...f.params].sort((a, b) => a.literal.start - b.literal.start)) {
    out.push(text.slice(at, p.literal.start));
    at = p.literal.end;
  }
  return [...out, text.slice(at)];
}

/** Applies `values`, checks the bytes between literals are untouched and that the result reads back `values`. */
function roundTrip(text: string, fileName: string, values: Record<string, Literal>): string {
  const f = parseAnnotations(text, fileName);
  const out = applyValues(text, f, values);
  const g = parseAnnotations(out, fileName);
  assert.deepEqual(between(out, g), between(text, f), "only literal bytes change");
  assert.equal(out.split("\n").length, text.split("\n").length, "line numbers are kept");
  for (const p of g.params) if (p.name in values) assert.deepEqual(p.literal.value, values[p.name], p.name);
  assert.deepEqual(
    g.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  return out;
}

describe("annotations: apply", () => {
  it("Python: numbers, strings, booleans, None, keeping quotes, separators and float-ness", () => {
    const text = [
      "# @tune objective: maximize acc",
      "lr = 1e-3  # @tune float(1e-5, 1e-1, log)",
      "n = 2  # @tune int(1, 5)",
      "opt = 'adam'  # @tune choice('adam', \"it's\")",
      "bn = False  # @tune bool()",
      "steps = 1_000  # @tune int(100, 100_000, log)",
      "scale = 1.0  # @tune float(0, 5)",
      "clip = None  # @tune choice(None, 0.5)",
      "self.shift = -2  # @tune int(-5, 5)",
      'cfg["act"] = "relu"  # @tune choice("relu", "tanh")',
      "",
    ].join("\n");
    const out = roundTrip(text, "train.py", {
      lr: 3.2e-5,
      n: 4,
      opt: "it's",
      bn: true,
      steps: 12345,
      scale: 3,
      clip: 0.5,
      shift: 0,
      act: "tanh",
    });
    assert.equal(
      out,
      [
        "# @tune objective: maximize acc",
        "lr = 3.2e-5  # @tune float(1e-5, 1e-1, log)",
        "n = 4  # @tune int(1, 5)",
        "opt = 'it\\'s'  # @tune choice('adam', \"it's\")",
        "bn = True  # @tune bool()",
        "steps = 12_345  # @tune int(100, 100_000, log)",
        "scale = 3.0  # @tune float(0, 5)",
        "clip = 0.5  # @tune choice(None, 0.5)",
        "self.shift = 0  # @tune int(-5, 5)",
        'cfg["act"] = "tanh"  # @tune choice("relu", "tanh")',
        "",
      ].join("\n"),
    );
  });
  it("JavaScript/TypeScript: true/false/null, the original quote, numbers as JS writes them", () => {
    const text = [
      "// @tune objective: minimize loss",
      "const lr: number = 1e-3; // @tune loguniform(1e-5, 1e-1)",
      'const cfg = { act: \'relu\', // @tune choice("relu", "gelu")',
      "  bn: true, // @tune bool()",
      "  clip: null }; // @tune choice(null, 1.5)",
      "let scale = 1.0; // @tune float(0, 5)",
      'const tag = `v1`; // @tune choice("v1", "v`2")',
      "",
    ].join("\n");
    const out = roundTrip(text, "train.ts", { lr: 0.05, act: "gelu", bn: false, clip: 1.5, scale: 2, tag: "v`2" });
    assert.equal(
      out,
      [
        "// @tune objective: minimize loss",
        "const lr: number = 0.05; // @tune loguniform(1e-5, 1e-1)",
        'const cfg = { act: \'gelu\', // @tune choice("relu", "gelu")',
        "  bn: false, // @tune bool()",
        "  clip: 1.5 }; // @tune choice(null, 1.5)",
        "let scale = 2; // @tune float(0, 5)",
        'const tag = `v\\`2`; // @tune choice("v1", "v`2")',
        "",
      ].join("\n"),
    );
  });
  it("YAML: plain when safe, quoted when a plain scalar would read as something else", () => {
    const text = [
      "# @tune objective: maximize acc",
      "lr: 0.001  # @tune loguniform(1e-5, 1e-1)",
      'opt: adam  # @tune choice("adam", "sgd", "no", "1.5", "a b")',
      'o2: adam  # @tune(name=o2) choice("adam", "sgd")',
      'q: \'x\'  # @tune choice("x", "it\'s")',
      "flag: true  # @tune bool()",
      "none: ~  # @tune choice(null, 2)",
      "",
    ].join("\n");
    const out = roundTrip(text, "c.yaml", { lr: 1e-5, opt: "no", o2: "sgd", q: "it's", flag: false, none: 2 });
    assert.equal(
      out,
      [
        "# @tune objective: maximize acc",
        "lr: 1.0e-5  # @tune loguniform(1e-5, 1e-1)",
        'opt: "no"  # @tune choice("adam", "sgd", "no", "1.5", "a b")',
        'o2: sgd  # @tune(name=o2) choice("adam", "sgd")',
        "q: 'it''s'  # @tune choice(\"x\", \"it's\")",
        "flag: false  # @tune bool()",
        "none: 2  # @tune choice(null, 2)",
        "",
      ].join("\n"),
    );
    assert.equal(
      roundTrip(text, "c.yaml", { opt: "1.5" }).split("\n")[2],
      'opt: "1.5"  # @tune choice("adam", "sgd", "no", "1.5", "a b")',
    );
    assert.equal(
      roundTrip(text, "c.yaml", { opt: "a b" }).split("\n")[2],
      'opt: "a b"  # @tune choice("adam", "sgd", "no", "1.5", "a b")',
    );
  });
  it("keeps \\r\\n line endings and everything after the literal", () => {
    const text = "# @tune objective: max a\r\nx = 1  # @tune int(1, 5)  # a remark\r\ny = 2\r\n";
    assert.equal(
      roundTrip(text, "a.py", { x: 5 }),
      "# @tune objective: max a\r\nx = 5  # @tune int(1, 5)  # a remark\r\ny = 2\r\n",
    );
  });
  it("edits only the literals whose value changes, and ignores unknown names and undefined values", () => {
    const text = "# @tune objective: max a\nx = 1  # @tune int(1, 5)\ny = 2  # @tune int(1, 5)\n";
    const f = parseAnnotations(text, "a.py");
    const values = { x: 1, y: 3, z: 9, w: undefined } as unknown as Record<string, Literal>;
    assert.deepEqual(literalEdits(f, values), [{ start: 54, end: 55, newText: "3" }]);
    assert.equal(text.slice(54, 55), "2");
    assert.equal(applyValues(text, f, { x: 1 }), text);
  });
  it("writes the budget's literal too", () => {
    const text = "# @tune objective: max a\nepochs = 20  # @tune budget(1, 81)\n";
    assert.equal(
      roundTrip(text, "a.py", { epochs: 81 }),
      "# @tune objective: max a\nepochs = 81  # @tune budget(1, 81)\n",
    );
  });
  it("refuses to write into a file that changed since it was parsed", () => {
    const text = "# @tune objective: max a\nx = 1  # @tune int(1, 5)\n";
    const f = parseAnnotations(text, "a.py");
    assert.throws(
      () => applyValues("import os\n" + text, f, { x: 3 }),
      /the file changed since it was parsed: expected "1" at line 2, column 5/,
    );
  });
  it("formats literals in each language's syntax", () => {
    assert.equal(formatLiteral(true, "python", "False"), "True");
    assert.equal(formatLiteral(null, "python", "1"), "None");
    assert.equal(formatLiteral(null, "yaml", "1"), "null");
    assert.equal(formatLiteral(false, "typescript", "true"), "false");
    assert.equal(formatLiteral(2, "python", "0.5"), "2.0");
    assert.equal(formatLiteral(2, "yaml", "0.5"), "2.0");
    assert.equal(formatLiteral(2, "javascript", "0.5"), "2");
    assert.equal(formatLiteral(1e-7, "python", "1e-3"), "1e-7");
    assert.equal(formatLiteral(1e-7, "yaml", "1e-3"), "1.0e-7");
    assert.equal(formatLiteral(1234567, "python", "1_000"), "1_234_567");
    assert.equal(formatLiteral(-0.25, "typescript", "1"), "-0.25");
    assert.equal(formatLiteral('a"b\n', "python", '"x"'), '"a\\"b\\n"');
    assert.equal(formatLiteral("a'b", "yaml", "'x'"), "'a''b'");
    assert.equal(formatLiteral("true", "yaml", "x"), '"true"');
    assert.equal(formatLiteral(Number.POSITIVE_INFINITY, "python", "1.0"), 'float("inf")');
    assert.equal(formatLiteral(Number.NaN, "javascript", "1"), "NaN");
  });
});

describe("annotations: suggestions for quick fixes", () => {
  it("counts insertions, deletions, substitutions and adjacent swaps as one edit each", () => {
    assert.equal(editDistance("float", "float"), 0);
    assert.equal(editDistance("flot", "float"), 1);
    assert.equal(editDistance("floats", "float"), 1);
    assert.equal(editDistance("floaf", "float"), 1);
    assert.equal(editDistance("flaot", "float"), 1);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("choice", "bool"), 5);
  });
  it("suggests the closest candidate only when it is plausibly a typo", () => {
    const specs = ["float", "uniform", "loguniform", "int", "choice", "bool", "budget"];
    assert.equal(closest("flaot", specs), "float");
    assert.equal(closest("Choise", specs), "choice");
    assert.equal(closest("lognuiform", specs), "loguniform");
    assert.equal(closest("itn", specs), "int");
    assert.equal(closest("zzz", specs), undefined);
    assert.equal(closest("gaussian", specs), undefined);
  });
  it("maps other libraries' names through synonyms first", () => {
    assert.equal(closest("categorical", ["choice"], { categorical: "choice" }), "choice");
    assert.equal(closest("Categorical", ["choice"], { categorical: "choice" }), "choice");
  });
  it("suggests uniform → loguniform for a range of many decades, and the fix turns the hint off", () => {
    const text = "# @tune objective: max a\nwd = 1e-4  # @tune uniform(1e-6, 1e-1)\n";
    const d = parseAnnotations(text, "a.py").diagnostics[0];
    assert.equal(d.code, "prefer-log");
    assert.equal(d.severity, "info");
    assert.deepEqual(d.fix, { title: "Use loguniform", edits: [{ start: 44, end: 51, newText: "loguniform" }] });
    const fixed = text.slice(0, 44) + "loguniform" + text.slice(51);
    assert.deepEqual(parseAnnotations(fixed, "a.py").diagnostics, []);
  });
  it("suggests swapping bounds given in the wrong order, keeping their spelling", () => {
    const text = "# @tune objective: max a\nlr = 1e-3  # @tune loguniform(1e-1, 1e-5)\n";
    const d = parseAnnotations(text, "a.py").diagnostics[0];
    assert.equal(d.code, "bounds-order");
    assert.deepEqual(
      d.fix!.edits.map((e) => [text.slice(e.start, e.end), e.newText]),
      [
        ["1e-1", "1e-5"],
        ["1e-5", "1e-1"],
      ],
    );
  });
});
