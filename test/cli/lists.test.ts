// A hidden-script-like Python file with list(...) and compound conditions, through the real CLI: lengths within
// bounds, inactive parameters absent, the values the script sees equal to the trial's params, and apply writing a
// list literal that parses again.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAnnotations } from "../../src/core/annotations/parse";
import { attune, PYTHON, workspace } from "./helpers";

const NAS = `import json
units = [256, 128]      # @tune list(int(32, 512, step=32), min=1, max=4)
ops = ["conv3", "skip"] # @tune list(choice("conv3", "conv1", "pool", "skip"), min=2, max=2)
opt = "sgd"             # @tune choice("adam", "sgd", "rmsprop")
bn = False              # @tune bool()
momentum = 0.9          # @tune float(0.0, 0.99) if opt == "sgd" and not bn
kernels = [3]           # @tune list(choice(1, 3, 5), min=1, max=3) if (opt == "adam" or opt == "rmsprop") and bn
# @tune objective: maximize check
OPS, OPT = ["conv3", "conv1", "pool", "skip"], ["adam", "sgd", "rmsprop"]
check = (sum((i + 1) * u for i, u in enumerate(units)) + 7 * len(units)
         + sum((i + 1) * 10000 * (OPS.index(o) + 1) for i, o in enumerate(ops)) + 1e6 * OPT.index(opt) + 5e6 * bn
         + momentum + sum((i + 1) * 1e8 * k for i, k in enumerate(kernels)) + 1e7 * len(kernels))
print("@tune " + json.dumps({"check": check}))
`;

/** The script's `check`, from the values it should have seen (inactive ones: the file's literals). */
function check(p: Record<string, unknown>): number {
  const units = p.units as number[];
  const ops = p.ops as string[];
  const kernels = (p.kernels ?? [3]) as number[];
  const OPS = ["conv3", "conv1", "pool", "skip"];
  const OPT = ["adam", "sgd", "rmsprop"];
  return (
    units.reduce((a, u, i) => a + (i + 1) * u, 0) +
    7 * units.length +
    ops.reduce((a, o, i) => a + (i + 1) * 10000 * (OPS.indexOf(o) + 1), 0) +
    1e6 * OPT.indexOf(p.opt as string) +
    5e6 * (p.bn ? 1 : 0) +
    ((p.momentum as number | undefined) ?? 0.9) +
    kernels.reduce((a, k, i) => a + (i + 1) * 1e8 * k, 0) +
    1e7 * kernels.length
  );
}

describe("attune with list(...) and compound conditions", function () {
  this.timeout(120_000);
  for (const algorithm of ["random", "evolution", "rl", "tpe"])
    it(`${algorithm}: lengths within bounds, inactive params absent, values delivered exactly`, () => {
      const ws = workspace({ "nas.py": NAS });
      const r = attune(ws, [
        "tune",
        "nas.py",
        "--algorithm",
        algorithm,
        "--trials",
        "8",
        "--seed",
        "5",
        "--json",
        "--python",
        PYTHON,
      ]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.trials.length, 8);
      for (const t of out.trials) {
        assert.equal(t.state, "complete", JSON.stringify(t));
        const p = t.params;
        assert.ok(Array.isArray(p.units) && p.units.length >= 1 && p.units.length <= 4, JSON.stringify(p));
        assert.ok(p.units.every((u: number) => Number.isInteger(u) && u % 32 === 0 && u >= 32 && u <= 512));
        assert.equal(p.ops.length, 2);
        assert.equal("momentum" in p, p.opt === "sgd" && !p.bn, JSON.stringify(p));
        assert.equal("kernels" in p, p.opt !== "sgd" && p.bn, JSON.stringify(p));
        if ("kernels" in p) assert.ok(p.kernels.length >= 1 && p.kernels.length <= 3);
        // The script's own literals hold exactly the trial's values; inactive ones keep the file's literal.
        assert.ok(Math.abs(t.value - check(p)) < 1e-6, `trial ${t.number}: script saw ${t.value}, want ${check(p)}`);
      }
    });

  it("apply writes list literals that parse again, other literals and bytes kept", () => {
    const ws = workspace({ "nas.py": NAS });
    const r = attune(ws, [
      "tune",
      "nas.py",
      "--algorithm",
      "random",
      "--trials",
      "6",
      "--seed",
      "2",
      "--json",
      "--python",
      PYTHON,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const journal = readFileSync(join(ws, ".attune", "nas.py", "journal.jsonl"), "utf8");
    assert.ok(journal.includes('"units":['), "lists kept as arrays in the journal");
    const best = out.best.params;
    const a = attune(ws, ["apply", "nas.py"]);
    assert.equal(a.code, 0, a.stderr);
    const text = readFileSync(join(ws, "nas.py"), "utf8");
    assert.equal(text.split("\n").length, NAS.split("\n").length);
    const f = parseAnnotations(text, "nas.py");
    assert.deepEqual(f.diagnostics, []);
    const lit = Object.fromEntries(f.params.map((p) => [p.name, p.literal.value]));
    assert.deepEqual(lit.units, best.units);
    assert.deepEqual(lit.ops, best.ops);
    for (const name of ["momentum", "kernels"])
      if (!(name in best))
        assert.equal(lit[name], parseAnnotations(NAS, "nas.py").params.find((p) => p.name === name)!.literal.value);
  });
});
