// The parser is total (docs/annotations.md: "never a crash"): on arbitrary text, and on valid annotated files mutated
// at random in all four languages, it returns; every range it reports lies in the text with a line and column that
// match its offset; and writing values into the literals it found reads back exactly those values.
// Seeded, so a failure reproduces; fast-check prints the shrunk counterexample.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { applyValues, parseAnnotations, type AnnotatedFile, type SourceRange } from "../../src/core/annotations";
import type { Param } from "../../src/core/space";
import type { Literal, Scalar } from "../../src/core/types";

const SEED = 42;

const FILES: Record<string, string> = {
  "train.py": [
    "import torch",
    "# @tune objective: maximize val_accuracy",
    "# @tune trials: 20",
    "lr = 1e-3     # @tune float(1e-5, 1e-1, log)",
    "num_layers = 2           # @tune int(1, 5)",
    "units_1 = 64  # @tune int(32, 512, step=32) if num_layers >= 2",
    'optimizer = "adam"  # @tune choice("adam", "sgd", "rms#prop")',
    "self.use_bn = False  # @tune bool()",
    'cfg["dropout"] = 0.2  # @tune uniform(0.0, 0.5)',
    "depth: int = 3  # @tune(name=depth2) int(1, 8)",
    '"""doc # @tune int(1, 2)"""',
    "epochs = 20  # @tune budget(1, 81)",
    "model = f(wd=0.01,  # @tune loguniform(1e-4, 1e-1)",
    "          act='relu')  # @tune choice('relu', 'tanh')",
    "",
  ].join("\n"),
  "train.js": [
    "// @tune objective: minimize loss",
    "const learningRate = 1e-3; // @tune loguniform(1e-5, 1e-1)",
    "const config = { units: 128, // @tune int(32, 512, step=32)",
    '                 activation: "relu" }; // @tune choice("relu", "tanh")',
    "let url = 'http://x'; // @tune choice('http://x', \"y\")",
    "const re = /a\\/\\/b/g; var on = true; // @tune bool()",
    "this.mom = 0.9; // @tune float(0.5, 0.99) if on == true",
    "/* @tune int(1, 2) */ const t = `a // ${b}`;",
    "",
  ].join("\n"),
  "train.ts": [
    "// @tune objective: maximize acc",
    "// @tune algorithm: tpe",
    "const lr: number = 1e-3; // @tune loguniform(1e-5, 1e-1)",
    "class M { private readonly width: number = 64; // @tune int(16, 256, step=16)",
    "  #drop = 0.1; // @tune uniform(0, 0.5)",
    "  act = 'gelu'; // @tune choice('gelu', 'relu') if width > 32",
    "}",
    'export const tag = "v1"; // @tune choice("v1", "v2")',
    "",
  ].join("\n"),
  "config.yaml": [
    "# @tune objective: minimize val_loss",
    "# @tune run: python train.py --config {file}",
    "lr: 0.001        # @tune loguniform(1e-5, 1e-1)",
    "model:",
    "  units: 128  # @tune int(32, 512, step=32)",
    '  act: relu  # @tune choice("relu", "tanh")',
    "  'q k': 'a''b'  # @tune choice(\"a'b\", \"c\")",
    "  bn: true  # @tune bool()",
    "layers:",
    "  - 64  # @tune(name=l0) int(16, 128, step=16)",
    "text: |",
    "  # @tune int(1, 2)",
    "",
  ].join("\n"),
};

/** Pieces that reach deep into the parser: comment markers, spec syntax, literals, quotes, brackets, line breaks. */
const FRAGMENTS = [
  "#",
  "//",
  "/*",
  "*/",
  "@tune",
  " @tune ",
  "@tune(name=x) ",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ":",
  "=",
  "==",
  " if ",
  " in ",
  "(1, 2)",
  "int(",
  "float(",
  "choice(",
  "bool()",
  "budget(",
  "uniform(",
  "loguniform(",
  "log",
  "step=",
  "step=0.5",
  "objective: ",
  "maximize acc",
  "trials: ",
  "timeout: 5m",
  "0",
  "1",
  "-1",
  "1e-3",
  "1_000",
  ".5",
  "0x1F",
  "True",
  "false",
  "None",
  "null",
  "~",
  '"',
  "'",
  "`",
  '"""',
  "${",
  "\\",
  "\n",
  "\r\n",
  "\r",
  "\t",
  " ",
  "  ",
  "- ",
  "x",
  "lr",
  "self.",
  'd["k"]',
  "const ",
  "let ",
  "é",
  "😀",
  "\u2028",
  "\0",
  "|",
  "&a",
  "!",
];
const fragment = fc.constantFrom(...FRAGMENTS);
const soup = fc.array(fragment, { maxLength: 60, size: "medium" }).map((a) => a.join(""));
/** Any UTF-16 code units, lone surrogates and control characters included. */
const anyText = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 300, size: "medium" })
  .map((a) => String.fromCharCode(...a));
const fileName = fc.constantFrom(...Object.keys(FILES));

/** Edits applied to a valid file: insert, delete, replace, duplicate a line, truncate. */
type Mutation = {
  kind: "insert" | "delete" | "replace" | "dupLine" | "truncate";
  at: number;
  len: number;
  piece: string;
};
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("insert", "delete", "replace", "dupLine", "truncate"),
  at: fc.nat(),
  len: fc.integer({ min: 0, max: 8 }),
  piece: fc.oneof(fragment, soup),
});

function mutate(text: string, m: Mutation): string {
  const at = text.length ? m.at % (text.length + 1) : 0;
  switch (m.kind) {
    case "insert":
      return text.slice(0, at) + m.piece + text.slice(at);
    case "delete":
      return text.slice(0, at) + text.slice(at + m.len + 1);
    case "replace":
      return text.slice(0, at) + m.piece + text.slice(at + m.len);
    case "dupLine": {
      const lines = text.split("\n");
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i]);
      return lines.join("\n");
    }
    case "truncate":
      return text.slice(0, at);
  }
}

/** Line starts computed independently of the parser's LineIndex: \r\n, \r and \n each end a line. */
function lineStarts(text: string): number[] {
  const starts = [0];
  const re = /\r\n|\r|\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}

function checkRange(text: string, starts: number[], r: SourceRange, what: string): void {
  assert.ok(
    Number.isInteger(r.start) && r.start >= 0 && r.start <= r.end && r.end <= text.length,
    `${what}: offsets ${r.start}-${r.end} in 0..${text.length}`,
  );
  for (const [off, line, col] of [
    [r.start, r.line, r.column],
    [r.end, r.endLine, r.endColumn],
  ]) {
    assert.ok(line >= 1 && line <= starts.length, `${what}: line ${line} of ${starts.length}`);
    const ls = starts[line - 1];
    const next = line < starts.length ? starts[line] : text.length + 1;
    assert.ok(off >= ls && off < next, `${what}: offset ${off} on line ${line}`);
    assert.equal(col, off - ls + 1, `${what}: column`);
  }
}

/** Everything the editor and the runner rely on, for any input. */
function checkInvariants(text: string, name: string): AnnotatedFile {
  const f = parseAnnotations(text, name);
  const starts = lineStarts(text);
  for (const d of f.diagnostics) {
    checkRange(text, starts, d.range, `${d.code} "${d.message}"`);
    assert.ok(d.message.length > 0);
    for (const e of d.fix?.edits ?? [])
      assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `fix of ${d.code} in range`);
  }
  for (let i = 1; i < f.diagnostics.length; i++)
    assert.ok(f.diagnostics[i - 1].range.start <= f.diagnostics[i].range.start, "sorted");
  for (const p of f.params) {
    checkRange(text, starts, p.literal, `literal of ${p.name}`);
    checkRange(text, starts, p.annotation, `annotation of ${p.name}`);
    assert.equal(text.slice(p.literal.start, p.literal.end), p.literal.text);
    assert.ok(p.literal.end <= p.annotation.start, "the literal comes before its comment");
  }
  const names = new Set(f.params.filter((p) => p.param).map((p) => p.name));
  for (const p of f.space.params) assert.ok(names.has(p.name), `space param ${p.name} is an annotated param`);
  return f;
}

/** A value in the parameter's domain, picked by `u` in [0, 1). */
function valueIn(p: Param, u: number): Literal {
  switch (p.kind) {
    case "choice":
      return p.values[Math.floor(u * p.values.length)];
    case "bool":
      return u < 0.5;
    case "int":
      return p.lo + Math.floor(u * (p.hi - p.lo + 1));
    case "float":
      return p.log ? p.lo * Math.pow(p.hi / p.lo, u) : p.lo + u * (p.hi - p.lo);
    case "list": {
      const n = p.min + Math.floor(u * (p.max - p.min + 1));
      return Array.from(
        { length: n },
        (_, k) => valueIn({ ...p.element, name: p.name } as Param, (u * (k + 2)) % 1) as Scalar,
      );
    }
  }
}

/** One string literal in each language and quote style, to write arbitrary values into. */
const STRING_SITES: [string, string][] = [
  ["a.py", '# @tune objective: max a\ns = "x"  # @tune choice("x", "y")\n'],
  ["a.py", '# @tune objective: max a\ns = \'x\'  # @tune choice("x", "y")\n'],
  ["a.py", '# @tune objective: max a\ns = r"x"  # @tune choice("x", "y")\n'],
  ["a.py", '# @tune objective: max a\ns = """x"""  # @tune choice("x", "y")\n'],
  ["a.ts", '// @tune objective: max a\nconst s = "x"; // @tune choice("x", "y")\n'],
  ["a.js", '// @tune objective: max a\nconst s = \'x\'; // @tune choice("x", "y")\n'],
  ["a.js", '// @tune objective: max a\nconst s = `x`; // @tune choice("x", "y")\n'],
  ["a.yaml", '# @tune objective: max a\ns: x  # @tune choice("x", "y")\n'],
  ["a.yaml", '# @tune objective: max a\ns: \'x\'  # @tune choice("x", "y")\n'],
  ["a.yaml", '# @tune objective: max a\ns: "x"  # @tune choice("x", "y")\n'],
];
const trickyString = fc
  .array(
    fc.constantFrom(
      "'",
      '"',
      "`",
      "\\",
      "\n",
      "\r",
      "#",
      "//",
      "${",
      "$",
      " ",
      "a",
      "é",
      "😀",
      "\ud800",
      "\u2028",
      "\0",
      "\t",
      '"""',
      ":",
      "true",
      "1",
      "~",
      "null",
    ),
    { maxLength: 8 },
  )
  .map((a) => a.join(""));
const anyLiteral: fc.Arbitrary<Literal> = fc.oneof(
  trickyString,
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(1e-300, 5e-324, 1e21, 0.1 + 0.2),
  fc.boolean(),
  fc.constant(null),
);

describe("annotations: fuzz", () => {
  it("the example files are valid to start from", () => {
    for (const [name, text] of Object.entries(FILES)) {
      const f = parseAnnotations(text, name);
      assert.deepEqual(
        f.diagnostics.filter((d) => d.severity === "error"),
        [],
        name,
      );
      assert.ok(f.params.length >= 4, name);
    }
  });

  it("never throws on arbitrary text, and every range is in the text", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, soup), fileName, (text, name) => {
        checkInvariants(text, name);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it("never throws on mutated annotated files in all four languages, and every range is in the text", () => {
    fc.assert(
      fc.property(fileName, fc.array(mutation, { minLength: 1, maxLength: 4 }), (name, ms) => {
        checkInvariants(ms.reduce(mutate, FILES[name]), name);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("writing values into a mutated file's literals reads back those values and changes nothing else", () => {
    fc.assert(
      fc.property(
        fileName,
        fc.array(mutation, { maxLength: 2 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 12, maxLength: 12 }),
        (name, ms, us) => {
          const text = ms.reduce(mutate, FILES[name]);
          const f = checkInvariants(text, name);
          // A name tuned twice (an error) would get one value in both places; leave those out.
          const unique = f.params.filter((p) => f.params.filter((q) => q.name === p.name).length === 1);
          assert.equal(
            applyValues(text, f, Object.fromEntries(unique.map((p) => [p.name, p.literal.value]))),
            text,
            "own values: no change",
          );
          const values: Record<string, Literal> = {};
          unique.forEach((p, i) => {
            if (p.param) values[p.name] = valueIn(p.param, us[i % us.length]);
          });
          const out = applyValues(text, f, values);
          const g = checkInvariants(out, name);
          assert.deepEqual(
            g.params.map((p) => p.name),
            f.params.map((p) => p.name),
            "the same literals are found",
          );
          for (const p of g.params)
            if (p.name in values) assert.deepEqual(p.literal.value, values[p.name], `${p.name} reads back`);
          assert.equal(out.replace(/[^\n]/g, ""), text.replace(/[^\n]/g, ""), "line breaks kept");
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("any value written over any string literal reads back as itself, on the same line", () => {
    fc.assert(
      fc.property(fc.constantFrom(...STRING_SITES), anyLiteral, ([name, text], v) => {
        const out = applyValues(text, parseAnnotations(text, name), { s: v });
        const g = checkInvariants(out, name);
        assert.equal(g.params.length, 1, out);
        assert.ok(
          Object.is(g.params[0].literal.value, v === 0 ? 0 : v),
          `${JSON.stringify(v)} -> ${JSON.stringify(out)}`,
        );
        assert.equal(out.split("\n").length, text.split("\n").length);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });
});
