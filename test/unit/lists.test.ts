// list(<spec>, min=, max=) and compound conditions: the space transform (flat twin, nesting, activity), the
// parser in every language (values, errors with columns), and apply writing list literals that parse again.
import { strict as assert } from "node:assert";
import { parseAnnotations } from "../../src/core/annotations/parse";
import { applyValues } from "../../src/core/annotations/apply";
import {
  conditionHolds,
  contains,
  describeCondition,
  describeParam,
  outsideSpace,
  space,
  spaceFromObject,
  validateSpace,
  type Condition,
  type Param,
} from "../../src/core/space";
import { flatSpace, flattenParams, nestParams, viewParams } from "../../src/core/structure";
import type { Params } from "../../src/core/types";

const when = (p: Omit<Param, "name">, condition: Condition) => ({ ...p, condition }) as Omit<Param, "name">;

describe("list parameters in the space", () => {
  const sp = spaceFromObject({
    deep: space.bool(),
    units: when(space.list(space.int(32, 512, { step: 32 }), { min: 1, max: 3 }), {
      parent: "deep",
      op: "==",
      value: true,
    }),
    ops: space.list(space.choice(["conv", "pool"]), { min: 2, max: 2 }),
  });
  it("has a flat twin: a length, then one conditional parameter per possible element", () => {
    const flat = flatSpace(sp);
    assert.deepEqual(
      flat.params.map((p) => [p.name, p.kind, p.condition ? describeCondition(p.condition) : ""]),
      [
        ["deep", "bool", ""],
        ["len(units)", "int", "deep == true"],
        ["units[0]", "int", "deep == true"],
        ["units[1]", "int", "deep == true and len(units) > 1"],
        ["units[2]", "int", "deep == true and len(units) > 2"],
        ["ops[0]", "choice", ""],
        ["ops[1]", "choice", ""],
      ],
    );
    assert.equal(flatSpace(sp), flat, "cached per space");
  });
  it("flattens and nests params exactly; only existing elements exist", () => {
    const p: Params = { deep: true, units: [64, 512], ops: ["pool", "conv"] };
    const flat = flattenParams(sp, p);
    assert.deepEqual(flat, {
      deep: true,
      "len(units)": 2,
      "units[0]": 64,
      "units[1]": 512,
      "ops[0]": "pool",
      "ops[1]": "conv",
    });
    assert.deepEqual(nestParams(sp, flat), p);
    assert.deepEqual(nestParams(sp, { deep: false, "ops[0]": "conv", "ops[1]": "conv" }), {
      deep: false,
      ops: ["conv", "conv"],
    });
    assert.equal(outsideSpace(sp, p), undefined);
    assert.match(outsideSpace(sp, { ...p, units: [64, 512, 32, 32] })!, /units=\[64,512,32,32\] is outside list/);
    assert.match(outsideSpace(sp, { ...p, deep: false })!, /units" is set but its condition does not hold/);
  });
  it("contains checks the length and every element", () => {
    const units = sp.params[1];
    assert.ok(contains(units, [32]));
    assert.ok(!contains(units, []));
    assert.ok(!contains(units, [33]));
    assert.ok(!contains(units, 64));
    assert.ok(!contains(sp.params[0], [true]));
  });
  it("describes itself as written", () => {
    assert.equal(describeParam(sp.params[1]), "list(int(32, 512, step=32), min=1, max=3) if deep == true");
  });
  it("rejects bad bounds, nested lists and conditions on a list", () => {
    const bad = (p: Omit<Param, "name">) => validateSpace({ params: [{ ...p, name: "x" } as Param] });
    assert.match(bad(space.list(space.int(1, 3), { min: 3, max: 2 }))[0], /min <= max/);
    assert.match(bad(space.list(space.int(1, 3), { min: 0, max: 0 }))[0], /max >= 1/);
    assert.match(bad(space.list(space.int(1, 3), { min: 1, max: 99 }))[0], /at most max=32/);
    assert.match(
      bad(space.list(space.list(space.int(1, 3), { min: 1, max: 2 }), { min: 1, max: 2 }))[0],
      /lists of lists/,
    );
    assert.match(bad(space.list(space.int(3, 1), { min: 1, max: 2 }))[0], /element: needs lo < hi/);
    assert.throws(
      () =>
        spaceFromObject({
          u: space.list(space.int(1, 3), { min: 1, max: 2 }),
          v: when(space.int(1, 2), { parent: "u", op: "==", value: 1 }),
        }),
      /condition on the list "u"/,
    );
  });
  it("views show the length and existing elements as columns", () => {
    assert.deepEqual(viewParams({ lr: 0.1, units: [8, 16] }), {
      lr: 0.1,
      "len(units)": 2,
      "units[0]": 8,
      "units[1]": 16,
    });
  });
});

describe("compound conditions", () => {
  const c = (text: string): Condition => {
    const f = parseAnnotations(
      `# @tune objective: max a\na = 1  # @tune int(1, 3)\nb = "x"  # @tune choice("x", "y")\nbn = True  # @tune ` +
        `bool()\nc = 1  # @tune int(1, 2) if ${text}\n`,
      "t.py",
    );
    assert.deepEqual(f.diagnostics, [], text);
    return f.space.params[3].condition!;
  };
  it("parses with precedence not > and > or, parentheses overriding", () => {
    assert.equal(describeCondition(c('a == 1 or a == 2 and b == "y"')), 'a == 1 or a == 2 and b == "y"');
    assert.deepEqual(
      (c('a == 1 or a == 2 and b == "y"') as { op: string; terms: Condition[] }).terms.map((t) =>
        "parent" in t ? "cmp" : t.op,
      ),
      ["cmp", "and"],
    );
    assert.equal(describeCondition(c('(a == 1 or a == 2) and b == "y"')), '(a == 1 or a == 2) and b == "y"');
    assert.equal(describeCondition(c("not a == 1 and a < 3")), "not a == 1 and a < 3");
    assert.equal(describeCondition(c("not (a == 1 and a < 3)")), "not (a == 1 and a < 3)");
    assert.equal(describeCondition(c("a not in (1, 2)")), "not a in (1, 2)");
    assert.equal(describeCondition(c("not bn and a > 1")), "not bn == true and a > 1");
  });
  it("evaluates like Python", () => {
    const holds = (text: string, p: Params) => conditionHolds(c(text), p);
    for (const a of [1, 2, 3])
      for (const b of ["x", "y"]) {
        const p = { a, b };
        assert.equal(holds('a == 1 or a == 2 and b == "y"', p), a === 1 || (a === 2 && b === "y"));
        assert.equal(holds('(a == 1 or a == 2) and b == "y"', p), (a === 1 || a === 2) && b === "y");
        assert.equal(holds("not a == 1 and a < 3", p), a !== 1 && a < 3);
        assert.equal(holds("not (a == 1 and a < 3)", p), !(a === 1 && a < 3));
        assert.equal(holds("a not in (1, 2)", p), ![1, 2].includes(a));
      }
  });
  it("reports the column of the bad token", () => {
    const diag = (text: string) => {
      const line = `c = 1  # @tune int(1, 2) if ${text}`;
      const f = parseAnnotations(`# @tune objective: max a\na = 1  # @tune int(1, 3)\n${line}\n`, "t.py");
      const d = f.diagnostics.find((x) => x.severity === "error")!;
      return [
        d.range.column,
        line.slice(d.range.column - 1, d.range.column - 1 + (d.range.end - d.range.start)),
        d.message,
      ];
    };
    assert.deepEqual(diag("a == 1 and or a == 2").slice(0, 2), [40, "or"]);
    assert.deepEqual(diag("a == 1 and zz == 2").slice(0, 2), [40, "zz"]);
    assert.match(String(diag("a == 1 and zz == 2")[2]), /unknown parameter "zz"/);
    assert.deepEqual(diag("(a == 1").slice(0, 2), [29, "(a == 1"]);
    assert.match(String(diag("(a == 1")[2]), /expected `\)` to close the `\(` at column 29/);
    assert.deepEqual(diag("a == 1 and c == 2").slice(0, 2), [40, "c"]);
    assert.deepEqual(diag("a = 1 or a == 2").slice(0, 2), [31, "="]);
  });
  it("needs every parent to be an earlier parameter", () => {
    const f = parseAnnotations(
      "# @tune objective: max a\na = 1  # @tune int(1, 3) if b == 1\nb = 1  # @tune int(1, 3)\n",
      "t.py",
    );
    assert.match(f.diagnostics[0].message, /"b" is defined later/);
    assert.deepEqual(
      f.space.params.map((p) => p.name),
      ["b"],
    );
  });
});

describe("list literals in every language", () => {
  const cases: [string, string, Params][] = [
    [
      "t.py",
      `# @tune objective: max a\nunits = [256, 128]  # @tune list(int(32, 512, step=32), min=1, max=4)\n` +
        `ops = ['conv', "pool",]  # @tune list(choice("conv", "pool", "skip"), min=1, max=3)\n` +
        `ks = [1.0]  # @tune list(float(0.5, 2), min=1, max=2)\n`,
      { units: [64, 512, 32], ops: ["skip"], ks: [0.5, 2] },
    ],
    [
      "t.ts",
      `// @tune objective: max a\nconst units: number[] = [256, 128]; // @tune list(int(32, 512, step=32), min=1, ` +
        `max=4)\n` +
        `const cfg = { ops: ["conv", 'pool'], // @tune list(choice("conv", "pool", "skip"), min=1, max=3)\n` +
        `  ks: [-1] }; // @tune list(float(-2, 2), min=1, max=2)\n`,
      { units: [64, 512, 32], ops: ["skip"], ks: [0.5, -2] },
    ],
    [
      "t.yaml",
      `# @tune objective: max a\nunits: [256, 128]  # @tune list(int(32, 512, step=32), min=1, max=4)\n` +
        `ops: [conv, 'pool']  # @tune list(choice("conv", "pool", "skip b"), min=1, max=3)\n` +
        `ks: [1.0]  # @tune list(float(0.5, 2), min=1, max=2)\n`,
      { units: [64, 512, 32], ops: ["skip b", "conv"], ks: [0.5, 2] },
    ],
  ];
  for (const [file, text, values] of cases)
    it(`${file}: reads the list, writes another that parses back exactly, every other byte kept`, () => {
      const f = parseAnnotations(text, file);
      assert.deepEqual(f.diagnostics, []);
      assert.equal(f.space.params[0].kind, "list");
      assert.deepEqual(f.params[0].literal.value, [256, 128]);
      const out = applyValues(text, f, values);
      const g = parseAnnotations(out, file);
      assert.deepEqual(g.diagnostics, []);
      assert.deepEqual(Object.fromEntries(g.params.map((p) => [p.name, p.literal.value])), values);
      assert.equal(out.split("\n").length, text.split("\n").length);
      for (const [a, b] of out.split("\n").map((l, i) => [l, text.split("\n")[i]]))
        assert.equal(a.slice(a.indexOf("@tune")), b.slice(b.indexOf("@tune")), "annotation kept");
    });
  it("keeps Python floats floats and quote styles", () => {
    const text = `# @tune objective: max a\nks = [1.0, 'a']  # @tune list(choice(1.0, 2.0, "a"), min=1, max=3)\n`;
    const f = parseAnnotations(text, "t.py");
    assert.equal(
      applyValues(text, f, { ks: [2, "a", 1] })
        .split("\n")[1]
        .split("  #")[0],
      "ks = [2.0, 'a', 1]",
    );
  });
});
