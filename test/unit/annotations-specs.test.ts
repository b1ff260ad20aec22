// docs/annotations.md specs, conditions, `@tune(name=...)` and directives: what each one puts into the search space and
// the run settings, in each language's comment syntax.
import { strict as assert } from "node:assert";
import {
  ALGORITHMS,
  DIRECTIVE_NAMES,
  hasErrors,
  parseAnnotations,
  parseDuration,
  type AnnotatedFile,
} from "../../src/core/annotations";

/** One annotated line in a file that already has its objective. */
function one(line: string, fileName = "a.py"): AnnotatedFile {
  const marker = fileName.endsWith(".py") || /\.ya?ml$/.test(fileName) ? "#" : "//";
  return parseAnnotations(`${marker} @tune objective: maximize acc\n${line}\n`, fileName);
}

function paramOf(line: string, fileName = "a.py") {
  const f = one(line, fileName);
  assert.deepEqual(
    f.diagnostics.filter((d) => d.severity === "error"),
    [],
    line,
  );
  assert.equal(f.params.length, 1, line);
  return f.params[0].param;
}

describe("annotations: specs", () => {
  it("float(lo, hi)", () =>
    assert.deepEqual(paramOf("x = 0.5  # @tune float(0, 1)"), { name: "x", kind: "float", lo: 0, hi: 1, log: false }));
  it("float(lo, hi, log)", () =>
    assert.deepEqual(paramOf("lr = 1e-3  # @tune float(1e-5, 1e-1, log)"), {
      name: "lr",
      kind: "float",
      lo: 1e-5,
      hi: 0.1,
      log: true,
    }));
  it("float(lo, hi, log=True)", () =>
    assert.deepEqual(paramOf("lr = 1e-3  # @tune float(1e-5, 1e-1, log=True)"), {
      name: "lr",
      kind: "float",
      lo: 1e-5,
      hi: 0.1,
      log: true,
    }));
  it("float(lo, hi, step=q)", () =>
    assert.deepEqual(paramOf("d = 0.2  # @tune float(0, 0.5, step=0.1)"), {
      name: "d",
      kind: "float",
      lo: 0,
      hi: 0.5,
      log: false,
      step: 0.1,
    }));
  it("int(lo, hi)", () =>
    assert.deepEqual(paramOf("n = 2  # @tune int(1, 5)"), { name: "n", kind: "int", lo: 1, hi: 5, log: false }));
  it("int(lo, hi, log)", () =>
    assert.deepEqual(paramOf("b = 64  # @tune int(16, 1024, log)"), {
      name: "b",
      kind: "int",
      lo: 16,
      hi: 1024,
      log: true,
    }));
  it("int(lo, hi, step=k)", () =>
    assert.deepEqual(paramOf("u = 128  # @tune int(32, 512, step=32)"), {
      name: "u",
      kind: "int",
      lo: 32,
      hi: 512,
      log: false,
      step: 32,
    }));
  it("int with negative bounds", () =>
    assert.deepEqual(paramOf("s = -2  # @tune int(-5, 5)"), { name: "s", kind: "int", lo: -5, hi: 5, log: false }));
  it("uniform(lo, hi) is float(lo, hi)", () =>
    assert.deepEqual(paramOf("d = 0.2  # @tune uniform(0.0, 0.5)"), {
      name: "d",
      kind: "float",
      lo: 0,
      hi: 0.5,
      log: false,
    }));
  it("loguniform(lo, hi) is float(lo, hi, log)", () =>
    assert.deepEqual(paramOf("lr = 1e-3  # @tune loguniform(1e-5, 1e-1)"), {
      name: "lr",
      kind: "float",
      lo: 1e-5,
      hi: 0.1,
      log: true,
    }));
  it("choice of strings in either quote", () =>
    assert.deepEqual(paramOf(`o = "adam"  # @tune choice("adam", 'sgd', "rms#prop")`), {
      name: "o",
      kind: "choice",
      values: ["adam", "sgd", "rms#prop"],
    }));
  it("choice of numbers, booleans and None, in the file's own spelling or another's", () =>
    assert.deepEqual(paramOf("v = 1  # @tune choice(1, 2.5, -3, 1e-3, True, false, None)"), {
      name: "v",
      kind: "choice",
      values: [1, 2.5, -3, 0.001, true, false, null],
    }));
  it("bool()", () => assert.deepEqual(paramOf("bn = False  # @tune bool()"), { name: "bn", kind: "bool" }));
  it("bool() in JS, TS and YAML", () => {
    assert.deepEqual(paramOf("const bn = true; // @tune bool()", "a.js"), { name: "bn", kind: "bool" });
    assert.deepEqual(paramOf("let bn: boolean = false; // @tune bool()", "a.ts"), { name: "bn", kind: "bool" });
    assert.deepEqual(paramOf("bn: true  # @tune bool()", "a.yaml"), { name: "bn", kind: "bool" });
  });
  it("budget(min, max) becomes the space's budget, not a parameter", () => {
    const f = one("epochs = 20  # @tune budget(1, 81)");
    assert.equal(hasErrors(f), false);
    assert.deepEqual(f.params[0].budget, { name: "epochs", min: 1, max: 81 });
    assert.equal(f.params[0].param, undefined);
    assert.deepEqual(f.space, { params: [], budget: { name: "epochs", min: 1, max: 81 } });
  });
  it("a fractional budget (data fraction)", () => {
    const f = one("frac = 1.0  # @tune budget(0.1, 1.0)");
    assert.deepEqual(f.space.budget, { name: "frac", min: 0.1, max: 1 });
  });
  it("keeps the spec as written, condition included, and ignores a trailing remark", () => {
    const f = parseAnnotations(
      "# @tune objective: max a\nn = 2  # @tune int(1, 5)\nu = 64  # @tune int(32, 512, step=32) if n >= 2  # wide " +
        "layers\n",
      "a.py",
    );
    assert.deepEqual(f.diagnostics, []);
    assert.equal(f.params[1].spec, "int(32, 512, step=32) if n >= 2");
  });
  it("allows spaces and no spaces inside the call", () =>
    assert.deepEqual(paramOf("n = 2  # @tune int( 1 ,5,step = 1 )"), {
      name: "n",
      kind: "int",
      lo: 1,
      hi: 5,
      log: false,
      step: 1,
    }));
  it("reads the same spec the same way in every language", () => {
    const want = { name: "u", kind: "int", lo: 32, hi: 512, log: false, step: 32 };
    assert.deepEqual(paramOf("u = 128  # @tune int(32, 512, step=32)"), want);
    assert.deepEqual(paramOf("const u = 128; // @tune int(32, 512, step=32)", "a.js"), want);
    assert.deepEqual(paramOf("const u = 128; // @tune int(32, 512, step=32)", "a.ts"), want);
    assert.deepEqual(paramOf("u: 128  # @tune int(32, 512, step=32)", "a.yaml"), want);
  });
});

describe("annotations: @tune(name=...)", () => {
  it("overrides the target's name", () =>
    assert.equal(one("x = 4  # @tune(name=batch_log2) int(3, 8)").params[0].name, "batch_log2"));
  it("accepts a quoted name", () =>
    assert.equal(one(`x = 4  # @tune(name="layer-0") int(3, 8)`).params[0].name, "layer-0"));
  it("names values that have none: a YAML list item", () => {
    const f = parseAnnotations(
      "# @tune objective: max a\nsizes:\n  - 64  # @tune(name=size0) int(16, 128)\n",
      "a.yaml",
    );
    assert.deepEqual(
      f.space.params.map((p) => p.name),
      ["size0"],
    );
  });
  it("tells two same-named targets apart", () => {
    const f = parseAnnotations(
      "# @tune objective: max a\nenc.units = 64  # @tune(name=enc_units) int(8, 128)\ndec.units = 64  # " +
        "@tune(name=dec_units) int(8, 128)\n",
      "a.py",
    );
    assert.deepEqual(f.diagnostics, []);
    assert.deepEqual(
      f.space.params.map((p) => p.name),
      ["enc_units", "dec_units"],
    );
  });
});

describe("annotations: conditions", () => {
  const head =
    "# @tune objective: max a\nn = 2  # @tune int(1, 5)\nopt = 'adam'  # @tune choice('adam', 'sgd', 'rms')\nbn = " +
    "True  # @tune bool()\n";
  const cond = (spec: string) => {
    const f = parseAnnotations(`${head}x = 1  # @tune int(1, 9) ${spec}\n`, "a.py");
    assert.deepEqual(f.diagnostics, [], spec);
    return f.params[3].param!.condition;
  };
  for (const op of ["==", "!=", "<", "<=", ">", ">="] as const)
    it(`if n ${op} 2`, () => assert.deepEqual(cond(`if n ${op} 2`), { parent: "n", op, value: 2 }));
  it("compares with a string", () =>
    assert.deepEqual(cond(`if opt == "sgd"`), { parent: "opt", op: "==", value: "sgd" }));
  it("compares with a boolean", () => assert.deepEqual(cond("if bn == True"), { parent: "bn", op: "==", value: true }));
  it("if name in (a, b)", () =>
    assert.deepEqual(cond(`if opt in ("adam", 'sgd')`), { parent: "opt", op: "in", values: ["adam", "sgd"] }));
  it("if name in [a, b] and a trailing comma", () =>
    assert.deepEqual(cond("if n in [1, 3,]"), { parent: "n", op: "in", values: [1, 3] }));
  it("puts the condition into the space, after its parent", () => {
    const f = parseAnnotations(`${head}x = 1  # @tune int(1, 9) if n >= 2\n`, "a.py");
    assert.deepEqual(
      f.space.params.map((p) => p.name),
      ["n", "opt", "bn", "x"],
    );
    assert.deepEqual(f.space.params[3].condition, { parent: "n", op: ">=", value: 2 });
  });
  it("conditions on a parameter renamed with @tune(name=...)", () => {
    const f = parseAnnotations(
      "# @tune objective: max a\nk = 2  # @tune(name=layers) int(1, 3)\nu = 8  # @tune int(8, 64) if layers > 1\n",
      "a.py",
    );
    assert.deepEqual(f.diagnostics, []);
    assert.deepEqual(f.space.params[1].condition, { parent: "layers", op: ">", value: 1 });
  });
  it("chains conditions: a child of a conditional parameter", () => {
    const f = parseAnnotations(
      `${head}x = 1  # @tune int(1, 9) if n >= 2\ny = 1  # @tune int(1, 9) if x > 3\n`,
      "a.py",
    );
    assert.deepEqual(f.diagnostics, []);
    assert.deepEqual(
      f.space.params.map((p) => p.name),
      ["n", "opt", "bn", "x", "y"],
    );
  });
  it("works with // comments and in YAML", () => {
    const js = parseAnnotations(
      '// @tune objective: max a\nconst opt = "sgd"; // @tune choice("adam", "sgd")\nconst m = 0.9; // @tune float(0, 1) if opt == "sgd"\n',
      "a.ts",
    );
    assert.deepEqual(js.diagnostics, []);
    assert.deepEqual(js.space.params[1].condition, { parent: "opt", op: "==", value: "sgd" });
    const y = parseAnnotations(
      '# @tune objective: max a\nopt: sgd  # @tune choice("adam", "sgd")\nm: 0.9  # @tune float(0, 1) if opt in ' +
        '("sgd",)\n',
      "a.yaml",
    );
    assert.deepEqual(y.diagnostics, []);
    assert.deepEqual(y.space.params[1].condition, { parent: "opt", op: "in", values: ["sgd"] });
  });
  it("drops a child from the space when its parent is invalid", () => {
    const f = parseAnnotations(
      "# @tune objective: max a\nn = 2  # @tune int(5, 1)\nu = 8  # @tune int(8, 64) if n > 1\n",
      "a.py",
    );
    assert.deepEqual(
      f.diagnostics.map((d) => d.code),
      ["bounds-order"],
    );
    assert.deepEqual(f.space.params, []);
  });
});

describe("annotations: directives", () => {
  const dirs = (text: string, fileName = "a.py") => {
    const f = parseAnnotations(text, fileName);
    assert.deepEqual(f.diagnostics, [], text);
    return f.directives;
  };
  it("reads every directive", () => {
    assert.deepEqual(
      dirs(
        "# @tune objective: maximize val_accuracy\n# @tune run: {python} -u {file} --fast\n# @tune trials: 50\n# " +
          "@tune algorithm: tpe\n# @tune parallel: 4\n# @tune timeout: 10m\n",
      ),
      {
        objective: { direction: "maximize", metric: "val_accuracy" },
        run: "{python} -u {file} --fast",
        trials: 50,
        algorithm: "tpe",
        parallel: 4,
        timeoutMs: 600_000,
      },
    );
    assert.deepEqual(
      [...DIRECTIVE_NAMES],
      ["objective", "constraint", "run", "trials", "algorithm", "parallel", "timeout", "time", "baseline"],
    );
  });
  it("baseline: on or off (also true/false, yes/no, any case); absent means on", () => {
    const b = (v: string) => dirs(`# @tune objective: max a\n# @tune baseline: ${v}\n`).baseline;
    assert.equal(b("off"), false);
    assert.equal(b("OFF"), false);
    assert.equal(b("no"), false);
    assert.equal(b("false  # compare nothing"), false);
    assert.equal(b("on"), true);
    assert.equal(b("yes"), true);
    assert.equal(dirs("// @tune objective: max a\n// @tune baseline: off\n", "a.ts").baseline, false);
    assert.equal(dirs("# @tune objective: max a\n").baseline, undefined);
  });
  it("objective: minimize, and the short and British spellings", () => {
    assert.deepEqual(dirs("# @tune objective: minimize val_loss\n").objective, {
      direction: "minimize",
      metric: "val_loss",
    });
    assert.deepEqual(dirs("# @tune objective: max acc\n").objective, { direction: "maximize", metric: "acc" });
    assert.deepEqual(dirs("# @tune objective: min loss\n").objective, { direction: "minimize", metric: "loss" });
    assert.deepEqual(dirs("# @tune objective: maximise acc\n").objective, { direction: "maximize", metric: "acc" });
    assert.deepEqual(dirs("# @tune objective: Minimise loss\n").objective, { direction: "minimize", metric: "loss" });
  });
  it("every algorithm name, in any case", () => {
    for (const a of ALGORITHMS)
      assert.equal(dirs(`# @tune objective: max a\n# @tune algorithm: ${a.toUpperCase()}\n`).algorithm, a);
    assert.deepEqual(
      [...ALGORITHMS],
      ["bayes", "tpe", "random", "grid", "hyperband", "asha", "evolution", "rl", "freeze-thaw", "pbt", "nsga2"],
    );
  });
  it("timeout durations", () => {
    const ms = (v: string) => dirs(`# @tune objective: max a\n# @tune timeout: ${v}\n`).timeoutMs;
    assert.equal(ms("90s"), 90_000);
    assert.equal(ms("1.5h"), 5_400_000);
    assert.equal(ms("1h30m"), 5_400_000);
    assert.equal(ms("500ms"), 500);
    assert.equal(ms("45"), 45_000);
    assert.equal(parseDuration("2 m 30 s"), 150_000);
    assert.equal(parseDuration("10x"), undefined);
    assert.equal(parseDuration(""), undefined);
  });
  it("drops a trailing remark from a value, but keeps run's command whole", () => {
    const d = dirs(
      '# @tune objective: max acc  # the val split\n# @tune trials: 30  # quick\n# @tune run: python t.py --tag "#1"\n',
    );
    assert.deepEqual(d, {
      objective: { direction: "maximize", metric: "acc" },
      trials: 30,
      run: 'python t.py --tag "#1"',
    });
  });
  it("reads directives in // comments and in YAML, anywhere in the file", () => {
    assert.deepEqual(dirs("const x = 1;\n// @tune trials: 8\nfoo();\n// @tune objective: min loss\n", "a.ts"), {
      trials: 8,
      objective: { direction: "minimize", metric: "loss" },
    });
    assert.deepEqual(
      dirs("a: 1\n# @tune run: python train.py --config {file}\n# @tune objective: max acc\n", "a.yaml"),
      {
        run: "python train.py --config {file}",
        objective: { direction: "maximize", metric: "acc" },
      },
    );
  });
  it("a file without any @tune comment has no objective error: it is just not annotated", () => {
    const f = parseAnnotations("x = 1\n", "a.py");
    assert.deepEqual(f, { language: "python", params: [], space: { params: [] }, directives: {}, diagnostics: [] });
  });
});
