// docs/annotations.md targets and literals, per language: which literal an annotation tunes, the parameter's name, the
// value read, and the literal's exact range — apply, hover and diagnostics all edit or point at exactly these bytes.
import { strict as assert } from "node:assert";
import { hasErrors, parseAnnotations, type AnnotatedFile, type SourceRange } from "../../src/core/annotations";
import type { Literal } from "../../src/core/types";

/** `line:column-endLine:endColumn`, 1-based as the editor shows it. */
const loc = (r: SourceRange) => `${r.line}:${r.column}-${r.endLine}:${r.endColumn}`;

/** One annotated line: the name, value and literal text expected, and the literal's 1-based start column. */
type Row = [line: string, name: string, value: Literal, text: string, column: number];

/** Parses `header` + the rows (one per line) and defines one test per row: name, value, text and exact range. */
function rowTests(fileName: string, header: string, rows: Row[]): AnnotatedFile {
  const text = header + rows.map((r) => r[0]).join("\n") + "\n";
  const f = parseAnnotations(text, fileName);
  const tuned = rows.filter((r) => r[1] !== "");
  it(`finds every annotated line of ${fileName}, in order, without problems`, () => {
    assert.deepEqual(
      f.diagnostics.filter((d) => d.severity !== "info"),
      [],
    );
    assert.deepEqual(
      f.params.map((p) => p.name),
      tuned.map((r) => r[1]),
    );
  });
  const firstLine = header.split("\n").length;
  rows.forEach(([line, name, value, litText, column], i) => {
    if (name === "") return;
    const lineNo = firstLine + i;
    it(`line ${lineNo}: ${line}`, () => {
      const p = f.params.find((q) => q.literal.line === lineNo);
      assert.ok(p, "no parameter on this line");
      assert.equal(p.name, name);
      assert.deepEqual(p.literal.value, value);
      assert.equal(p.literal.text, litText);
      assert.equal(loc(p.literal), `${lineNo}:${column}-${lineNo}:${column + litText.length}`);
      assert.equal(text.slice(p.literal.start, p.literal.end), litText);
      assert.ok(p.param ?? p.budget, "the spec is valid");
    });
  });
  return f;
}

describe("annotations: Python targets and literals", () => {
  const header = "import torch\n# @tune objective: maximize val_accuracy\n";
  const rows: Row[] = [
    ["lr = 1e-3  # @tune float(1e-5, 1e-1, log)", "lr", 0.001, "1e-3", 6],
    ["self.momentum = 0.9  # @tune uniform(0.5, 0.99)", "momentum", 0.9, "0.9", 17],
    ["model.cfg.dropout = .25  # @tune uniform(0, 0.5)", "dropout", 0.25, ".25", 21],
    ['cfg["units"] = 128  # @tune int(32, 512, step=32)', "units", 128, "128", 16],
    ["cfg['act'] = 'relu'  # @tune choice('relu', \"tanh\")", "act", "relu", "'relu'", 14],
    ["depth: int = 3  # @tune int(1, 8)", "depth", 3, "3", 14],
    ["shift = -2  # @tune int(-5, 5)", "shift", -2, "-2", 9],
    ["scale = -5e-3  # @tune float(-1, 1)", "scale", -0.005, "-5e-3", 9],
    ["warm = 1_000  # @tune int(100, 10_000, log)", "warm", 1000, "1_000", 8],
    ["gain = 1.  # @tune float(0.5, 2)", "gain", 1, "1.", 8],
    ["big = 1E+2  # @tune float(10, 1000, log)", "big", 100, "1E+2", 7],
    ["pos = +3  # @tune int(0, 5)", "pos", 3, "+3", 7],
    ["mask = 0x10  # @tune int(1, 64)", "mask", 16, "0x10", 8],
    ['opt = "adam"  # @tune choice("adam", "sgd")', "opt", "adam", '"adam"', 7],
    ['sep = "a#b"  # @tune choice("a#b", "c//d")', "sep", "a#b", '"a#b"', 7],
    ["url = 'c//d'  # @tune choice(\"a#b\", 'c//d')", "url", "c//d", "'c//d'", 7],
    ["quote = 'it\\'s'  # @tune choice(\"it's\", \"no\")", "quote", "it's", "'it\\'s'", 9],
    ['path = r"C:\\dir"  # @tune choice("C:\\\\dir", "x")', "path", "C:\\dir", 'r"C:\\dir"', 8],
    ['tag = """v1"""  # @tune choice("v1", "v2")', "tag", "v1", '"""v1"""', 7],
    ["use_bn = False  # @tune bool()", "use_bn", false, "False", 10],
    ["amp = True  # @tune bool()", "amp", true, "True", 7],
    ["clip = None  # @tune choice(None, 1.0)", "clip", null, "None", 8],
    ["x = 4  # @tune(name=batch_log2) int(3, 8)", "batch_log2", 4, "4", 5],
    ["a = 1; b = 2  # @tune int(1, 3)", "b", 2, "2", 12],
    ["train(lr2=0.01,  # @tune float(0.001, 0.1, log)", "lr2", 0.01, "0.01", 11],
    ["      wd=0)  # @tune float(0, 0.1)", "wd", 0, "0", 10],
    ['sizes = {"small": 16,  # @tune int(8, 32, step=8)', "small", 16, "16", 19],
    ['         "large": 64}  # @tune int(32, 128, step=32)', "large", 64, "64", 19],
    ["epochs = 20  # @tune budget(1, 81)", "epochs", 20, "20", 10],
  ];
  const f = rowTests("train.py", header, rows);

  it("tunes plain, attribute, subscript and annotated targets, keyword arguments and dict keys", () => {
    assert.equal(f.language, "python");
    assert.equal(f.params.length, rows.length);
  });
  it(
    "reads every literal form: exponents, signs, separators, hex, both quotes, raw and triple strings, " +
      "True/False/None",
    () => {
      const byName = Object.fromEntries(f.params.map((p) => [p.name, p.literal.value]));
      assert.equal(byName.scale, -0.005);
      assert.equal(byName.sep, "a#b");
      assert.equal(byName.url, "c//d");
      assert.equal(byName.clip, null);
    },
  );
  it("does not mistake # inside a string for the comment", () => {
    const p = f.params.find((q) => q.name === "sep")!;
    assert.equal(p.annotation.column, 16);
    assert.equal(p.spec, 'choice("a#b", "c//d")');
  });
  it("skips # @tune inside a docstring and a string", () => {
    const text = '"""\nx = 1  # @tune int(1, 5)\n"""\ns = "# @tune int(1, 5)"\n';
    const g = parseAnnotations(text, "a.py");
    assert.deepEqual(g.params, []);
    assert.deepEqual(g.diagnostics, []);
  });
  it("ignores comments that only mention @tune, and other words that start with it", () => {
    const g = parseAnnotations("x = 1  # see @tune docs\ny = 2  # @tuned before\n", "a.py");
    assert.deepEqual(g.diagnostics, []);
    assert.deepEqual(g.params, []);
  });
  it("takes the last literal of a chained assignment, and the kwarg on a continuation line", () => {
    const g = parseAnnotations("# @tune objective: min loss\nx = y = 5  # @tune int(0, 10)\n", "a.py");
    assert.equal(g.params[0].name, "y");
    assert.equal(loc(g.params[0].literal), "2:9-2:10");
  });
});

describe("annotations: JavaScript targets and literals", () => {
  const header = "// @tune objective: maximize acc\n";
  const rows: Row[] = [
    ["const lr = 1e-3; // @tune loguniform(1e-5, 1e-1)", "lr", 0.001, "1e-3", 12],
    ["let units = 128; // @tune int(32, 512, step=32)", "units", 128, "128", 13],
    ["var drop = 0.25; // @tune uniform(0, 0.5)", "drop", 0.25, "0.25", 12],
    ["this.momentum = 0.9; // @tune float(0.5, 0.99)", "momentum", 0.9, "0.9", 17],
    ['cfg["act"] = "relu"; // @tune choice("relu", "tanh")', "act", "relu", '"relu"', 14],
    ["cfg['act2'] = 'relu'; // @tune choice('relu', 'gelu')", "act2", "relu", "'relu'", 15],
    ["const opts = { depth: 3, // @tune int(1, 8)", "depth", 3, "3", 23],
    ['  "width": 64, // @tune int(16, 128, step=16)', "width", 64, "64", 12],
    ["  shift: -2, // @tune int(-5, 5)", "shift", -2, "-2", 10],
    ["  amp: true, // @tune bool()", "amp", true, "true", 8],
    ["  bn: false, // @tune bool()", "bn", false, "false", 7],
    ["  clip: null }; // @tune choice(null, 1)", "clip", null, "null", 9],
    ['const url = "http://x"; // @tune choice("http://x", "y#z")', "url", "http://x", '"http://x"', 13],
    ['const tmpl = `a//b`; // @tune choice("a//b", "c")', "tmpl", "a//b", "`a//b`", 14],
    ["const big = 1_000; // @tune int(100, 10000, log)", "big", 1000, "1_000", 13],
    ["const sc = -5e-3; // @tune float(-1, 1)", "sc", -0.005, "-5e-3", 12],
    ["const h = 0x10; // @tune int(1, 64)", "h", 16, "0x10", 11],
    ["const re = /\\/\\//; const k = 2; // @tune int(1, 4)", "k", 2, "2", 30],
    ["const q = a / b; const m = 7; // @tune int(1, 9)", "m", 7, "7", 28],
    ["const x = 5; /* note */ // @tune int(1, 9)", "x", 5, "5", 11],
    ["let a = 1, b = 2; // @tune int(1, 3)", "b", 2, "2", 16],
    ["model.fit({ epochs: 20 }); // @tune budget(1, 81)", "epochs", 20, "20", 21],
  ];
  const f = rowTests("train.js", header, rows);

  it('tunes const/let/var, this.x, d["x"], object keys (bare and quoted) and call arguments', () => {
    assert.equal(f.language, "javascript");
    assert.equal(f.params.length, rows.length);
    assert.deepEqual(f.space.budget, { name: "epochs", min: 1, max: 81 });
  });
  it("does not mistake // inside strings, template literals or regexes for the comment", () => {
    assert.equal(f.params.find((p) => p.name === "url")!.spec, 'choice("http://x", "y#z")');
    assert.equal(f.params.find((p) => p.name === "tmpl")!.literal.value, "a//b");
  });
  it("reads .cjs, .mjs and .jsx as JavaScript", () => {
    for (const ext of ["cjs", "mjs", "jsx"]) assert.equal(parseAnnotations("", `a.${ext}`).language, "javascript");
  });
});

describe("annotations: TypeScript targets and literals", () => {
  const header = "// @tune objective: minimize loss\n";
  const rows: Row[] = [
    ["const lr: number = 1e-3; // @tune loguniform(1e-5, 1e-1)", "lr", 0.001, "1e-3", 20],
    ["let steps!: number = 100; // @tune int(10, 1000, log)", "steps", 100, "100", 22],
    ["export const batch = 32; // @tune choice(16, 32, 64)", "batch", 32, "32", 22],
    ["class Net {", "", null, "", 0],
    ["  private readonly width: number = 64; // @tune int(16, 256, step=16)", "width", 64, "64", 36],
    ['  static act = "relu"; // @tune choice("relu", "gelu")', "act", "relu", '"relu"', 16],
    ["  #drop = 0.1; // @tune uniform(0, 0.5)", "drop", 0.1, "0.1", 11],
    ["  opt?: string = 'adam'; // @tune choice('adam', 'sgd')", "opt", "adam", "'adam'", 18],
    ["}", "", null, "", 0],
    ['const cfg = { "lr-decay": 0.95 } as const; // @tune uniform(0.9, 0.99)', "lr-decay", 0.95, "0.95", 27],
    ["let on: boolean = false; // @tune bool()", "on", false, "false", 19],
  ];
  const f = rowTests("train.ts", header, rows);

  it("tunes typed declarations, class fields with modifiers, #private fields and quoted keys", () => {
    assert.equal(f.language, "typescript");
    assert.deepEqual(
      f.params.map((p) => p.name),
      ["lr", "steps", "batch", "width", "act", "drop", "opt", "lr-decay", "on"],
    );
  });
  it("reads .tsx, .mts and .cts as TypeScript", () => {
    for (const ext of ["tsx", "mts", "cts"]) assert.equal(parseAnnotations("", `a.${ext}`).language, "typescript");
  });
});

describe("annotations: YAML targets and literals", () => {
  const header = "# @tune objective: minimize val_loss\n# @tune run: python train.py --config {file}\n";
  const rows: Row[] = [
    ["lr: 0.001  # @tune loguniform(1e-5, 1e-1)", "lr", 0.001, "0.001", 5],
    ["model:", "", null, "", 0],
    ["  units: 128  # @tune int(32, 512, step=32)", "units", 128, "128", 10],
    ['  act: relu  # @tune choice("relu", "tanh")', "act", "relu", "relu", 8],
    ['  "dropout rate": 0.1  # @tune uniform(0, 0.5)', "dropout rate", 0.1, "0.1", 19],
    ["  'opt': 'ad''am'  # @tune choice(\"ad'am\", \"sgd\")", "opt", "ad'am", "'ad''am'", 10],
    ['  sep: "a#b"  # @tune choice("a#b", "c")', "sep", "a#b", '"a#b"', 8],
    ["  bn: true  # @tune bool()", "bn", true, "true", 7],
    ["  amp: false  # @tune bool()", "amp", false, "false", 8],
    ["  clip: ~  # @tune choice(null, 1)", "clip", null, "~", 9],
    ["  fallback: null  # @tune choice(null, 2)", "fallback", null, "null", 13],
    ["  shift: -2  # @tune int(-5, 5)", "shift", -2, "-2", 10],
    ["  wd: 1e-4  # @tune loguniform(1e-6, 1e-2)", "wd", 0.0001, "1e-4", 7],
    ["  steps: 1_000 # @tune int(100, 10000, log)", "steps", 1000, "1_000", 10],
    ["  warm: .5  # @tune float(0, 1)", "warm", 0.5, ".5", 9],
    ["layers:", "", null, "", 0],
    ["  - 64  # @tune(name=layer0) int(16, 128, step=16)", "layer0", 64, "64", 5],
    ["  - size: 32  # @tune int(8, 64, step=8)", "size", 32, "32", 11],
    ['url: http://x/y#z  # @tune choice("http://x/y#z", "b")', "url", "http://x/y#z", "http://x/y#z", 6],
    ["---", "", null, "", 0],
    ["epochs: 10  # @tune budget(1, 81)", "epochs", 10, "10", 9],
  ];
  const f = rowTests("config.yaml", header, rows);

  it(
    "tunes top-level and nested keys, quoted keys, list items named with @tune(name=...) and keys inside " + "items",
    () => {
      assert.equal(f.language, "yaml");
      assert.equal(f.directives.run, "python train.py --config {file}");
    },
  );
  it("reads plain scalars as the YAML 1.2 core schema does, and keeps # without a space before it in the value", () => {
    assert.equal(f.params.find((p) => p.name === "act")!.literal.value, "relu");
    assert.equal(f.params.find((p) => p.name === "url")!.literal.value, "http://x/y#z");
  });
  it("reads .yml as YAML", () => assert.equal(parseAnnotations("", "a.yml").language, "yaml"));
});

describe("annotations: source positions", () => {
  it("counts lines over \\r\\n and lone \\r, and columns in UTF-16 units as the editor does", () => {
    const text =
      '# @tune objective: min loss\r\nname = "é😀"  # @tune choice("é😀", "b")\r\nx = 1\ry = 0.5\t# @tune float(0, ' +
      "1)\r\n";
    const f = parseAnnotations(text, "a.py");
    assert.deepEqual(f.diagnostics, []);
    assert.equal(loc(f.params[0].literal), "2:8-2:13"); // "é😀" is 1 + 2 code units, plus the quotes
    assert.equal(f.params[0].literal.value, "é😀");
    assert.equal(loc(f.params[1].literal), "4:5-4:8");
    assert.equal(loc(f.params[1].annotation), "4:11-4:28");
  });
  it("handles a last line without a newline", () => {
    const f = parseAnnotations("// @tune objective: max a\nconst n = 3; // @tune int(1, 5)", "a.ts");
    assert.deepEqual(f.diagnostics, []);
    assert.equal(loc(f.params[0].literal), "2:11-2:12");
    assert.equal(loc(f.params[0].annotation), "2:17-2:32");
  });
  it("gives the annotation's range from @tune to the end of the comment, trailing spaces excluded", () => {
    const text = "# @tune objective: max a\nx = 1  # @tune int(0, 5)   \n";
    const f = parseAnnotations(text, "a.py");
    assert.equal(text.slice(f.params[0].annotation.start, f.params[0].annotation.end), "@tune int(0, 5)");
    assert.equal(loc(f.params[0].annotation), "2:10-2:25");
  });
  it("counts tabs as one column", () => {
    const f = parseAnnotations("# @tune objective: max a\n\tx\t=\t2\t# @tune int(0, 5)\n", "a.py");
    assert.equal(loc(f.params[0].literal), "2:6-2:7");
  });
  it("has no errors for a clean file", () => {
    const f = parseAnnotations("# @tune objective: max a\nx = 1  # @tune int(0, 5)\n", "a.py");
    assert.equal(hasErrors(f), false);
  });
});
