// Several objectives and a constraint through the CLI: `--json`'s `pareto` is exactly the feasible non-dominated
// complete trials, recomputed here from the script's own formulas; show prints the front; apply asks for a trial.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { attune, PYTHON, workspace } from "./helpers";

const SCRIPT = `import math
x = 0.5            # @tune float(0, 1)
width = 64         # @tune int(8, 128, step=8)
act = "relu"       # @tune choice("relu", "tanh")
# @tune objective: maximize acc, minimize cost
# @tune constraint: latency <= 1.1
acc = 1 - (x - 0.3) ** 2 - (0.05 if act == "tanh" else 0) + width / 1000
cost = width / 128 + x
latency = 0.4 + width / 100
print(f"acc: {acc}")
print(f"cost={cost}")
print(f"latency: {latency}")
`;

interface JsonTrial {
  number: number;
  state: string;
  params: { x: number; width: number; act: string };
  values: number[] | null;
  feasible?: boolean;
}

/** The script's own numbers for a trial's params. */
function truth(p: JsonTrial["params"]): { acc: number; cost: number; feasible: boolean } {
  const acc = 1 - (p.x - 0.3) ** 2 - (p.act === "tanh" ? 0.05 : 0) + p.width / 1000;
  return { acc, cost: p.width / 128 + p.x, feasible: 0.4 + p.width / 100 <= 1.1 };
}

describe("attune with several objectives and a constraint", function () {
  this.timeout(180_000);

  it("tune --json lists exactly the feasible non-dominated trials; show prints the front; apply takes --trial", () => {
    const ws = workspace({ "train.py": SCRIPT });
    const r = attune(ws, ["tune", "train.py", "--trials", "14", "--seed", "5", "--json", "--python", PYTHON]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.directions, ["maximize", "minimize"]);
    assert.deepEqual(out.metrics, ["acc", "cost"]);
    assert.equal(out.best, undefined);
    const trials = out.trials as JsonTrial[];
    assert.equal(trials.length, 14);
    const scored = trials.map((t) => ({ t, ...truth(t.params) }));
    for (const s of scored) {
      assert.equal(s.t.state, "complete");
      assert.ok(Math.abs(s.t.values![0] - s.acc) < 1e-9 && Math.abs(s.t.values![1] - s.cost) < 1e-9);
      assert.equal(s.t.feasible, s.feasible, `trial ${s.t.number}`);
    }
    assert.ok(scored.some((s) => !s.feasible) && scored.some((s) => s.feasible), "want both kinds of trial");
    const dominated = (a: (typeof scored)[number], b: (typeof scored)[number]) =>
      b.acc >= a.acc && b.cost <= a.cost && (b.acc > a.acc || b.cost < a.cost);
    const want = scored
      .filter((a) => a.feasible && !scored.some((b) => b.feasible && dominated(a, b)))
      .map((s) => s.t.number)
      .sort((a, b) => a - b);
    assert.deepEqual(out.pareto, want);

    const shown = JSON.parse(attune(ws, ["show", "train.py", "--json"]).stdout);
    assert.deepEqual(shown.pareto, want);
    const text = attune(ws, ["show", "train.py"]);
    assert.match(text.stdout, /maximize acc, minimize cost subject to latency <= 1\.1/);
    assert.match(text.stdout, new RegExp(`Pareto front: ${want.length} trial\\(s\\)`));
    assert.match(text.stdout, /\(infeasible\)/);

    const plain = attune(ws, ["apply", "train.py"]);
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /pick one from the Pareto front/);
    assert.match(plain.stderr, new RegExp(`#${want[0]}\\b`));
    const pick = want[want.length - 1];
    const applied = attune(ws, ["apply", "train.py", "--trial", String(pick)]);
    assert.equal(applied.code, 0, applied.stderr);
    const src = readFileSync(join(ws, "train.py"), "utf8");
    const t = trials[pick];
    assert.match(src, new RegExp(`^width = ${t.params.width} `, "m"));
  });

  it("a trial that never prints an objective or constraint metric fails with the metric's name", () => {
    const ws = workspace({
      "t.py": `x = 0.5   # @tune float(0, 1)
# @tune objective: minimize a, minimize b
# @tune constraint: mem <= 3
print(f"a: {x}")
if x > 0.5:
    print(f"b: {1 - x}")
    print(f"mem: 1")
else:
    print(f"b: {x}")
`,
    });
    const r = attune(ws, ["tune", "t.py", "--trials", "6", "--algorithm", "random", "--json", "--python", PYTHON]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    for (const t of out.trials) {
      if (t.params.x > 0.5) assert.equal(t.state, "complete");
      else {
        assert.equal(t.state, "failed");
        assert.match(t.error.message, /"mem" was never reported/);
      }
    }
    const ws2 = workspace({
      "t.py": `x = 0.5   # @tune float(0, 1)\n# @tune objective: minimize a, minimize b\nprint(f"a: {x}")\n`,
    });
    const r2 = attune(ws2, ["tune", "t.py", "--trials", "2", "--algorithm", "random", "--json", "--python", PYTHON]);
    const out2 = JSON.parse(r2.stdout);
    assert.equal(out2.trials[0].state, "failed");
    assert.match(out2.trials[0].error.message, /no "b" was reported/);
  });
});
