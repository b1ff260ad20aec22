import { strict as assert } from "node:assert";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { attune, attuneAsync, pidAlive, PYTHON, sleep, waitFor, workspace } from "./helpers";

const QUAD = `import json, os
x = 1.5            # @tune float(-5, 5)
n = 2              # @tune int(1, 4)
opt = "adam"       # @tune choice("adam", "sgd")
# @tune objective: minimize loss
loss = (x - 1) ** 2 + n + (0 if opt == "adam" else 0.5)
print(f"loss: {loss}")
`;

describe("attune check", () => {
  it("prints the search space", () => {
    const ws = workspace({ "train.py": QUAD });
    const r = attune(ws, ["check", "train.py"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /x\s+float\(-5, 5\)/);
    assert.match(r.stdout, /objective: minimize loss/);
  });
  it("lists every error with line and column and exits 2", () => {
    const ws = workspace({
      "bad.py": `a = 1  # @tune loguniform(0, 1)\nb = 2  # @tune int(5, 1)\n# @tune objective: minimize loss\n`,
    });
    const r = attune(ws, ["check", "bad.py"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.py:1:\d+: error: .*lo > 0/);
    assert.match(r.stderr, /bad\.py:2:\d+: error: /);
  });
  it("rejects unknown options and missing files with exit 2", () => {
    const ws = workspace({});
    assert.equal(attune(ws, ["check", "nope.py"]).code, 2);
    assert.equal(attune(ws, ["tune", "nope.py", "--bogus"]).code, 2);
  });
});

describe("attune tune / show / apply", function () {
  this.timeout(120_000);

  it("runs a Python study whose values match the script's own computation", () => {
    const ws = workspace({ "train.py": QUAD });
    const r = attune(ws, [
      "tune",
      "train.py",
      "--algorithm",
      "random",
      "--trials",
      "6",
      "--seed",
      "3",
      "--json",
      "--python",
      PYTHON,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.direction, "minimize");
    assert.equal(out.metric, "loss");
    assert.equal(out.trials.length, 6);
    for (const t of out.trials) {
      assert.equal(t.state, "complete");
      const p = t.params;
      const want = (p.x - 1) ** 2 + p.n + (p.opt === "adam" ? 0 : 0.5);
      assert.ok(Math.abs(t.value - want) < 1e-9, `trial ${t.number}: ${t.value} vs ${want}`);
      assert.equal(typeof t.duration_s, "number");
    }
    const best = Math.min(...out.trials.map((t: { value: number }) => t.value));
    assert.equal(out.best.value, best);
    // Nothing written next to the user's file; the study lives under .attune/.
    assert.ok(existsSync(join(ws, ".attune", "train.py", "journal.jsonl")));
    const shown = JSON.parse(attune(ws, ["show", "train.py", "--json"]).stdout);
    assert.deepEqual(shown.best, out.best);
  });

  it("applies the best values to the literals and nothing else", () => {
    const ws = workspace({ "train.py": QUAD });
    assert.equal(
      attune(ws, ["tune", "train.py", "--algorithm", "random", "--trials", "4", "--python", PYTHON]).code,
      0,
    );
    const best = JSON.parse(attune(ws, ["show", "train.py", "--json"]).stdout).best;
    const r = attune(ws, ["apply", "train.py"]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(join(ws, "train.py"), "utf8");
    const lines = text.split("\n"),
      orig = QUAD.split("\n");
    assert.equal(lines.length, orig.length);
    for (let i = 0; i < lines.length; i++) {
      if (i >= 1 && i <= 3)
        assert.equal(lines[i].slice(lines[i].indexOf("#")), orig[i].slice(orig[i].indexOf("#")), "comments kept");
      else assert.equal(lines[i], orig[i]);
    }
    assert.match(lines[2], new RegExp(`^n = ${best.params.n} `));
    assert.match(lines[3], new RegExp(`^opt = "${best.params.opt}"`));
    assert.equal(Number(/^x = (\S+)/.exec(lines[1])![1]), best.params.x);
  });

  it("records crashes with the user's source line, NaN as failed, and timeouts", () => {
    const ws = workspace({
      "train.py": `import math, time, sys
mode = "ok"   # @tune choice("ok", "crash", "nan", "hang")
# @tune objective: minimize loss
def step():
    return 1 / 0
if mode == "crash":
    step()
if mode == "nan":
    print("loss: nan")
    sys.exit(0)
if mode == "hang":
    time.sleep(600)
print("loss: 1.0")
`,
    });
    const r = attune(ws, [
      "tune",
      "train.py",
      "--algorithm",
      "grid",
      "--trials",
      "4",
      "--timeout",
      "2s",
      "--json",
      "--python",
      PYTHON,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const byMode = Object.fromEntries(
      JSON.parse(r.stdout).trials.map((t: { params: { mode: string } }) => [t.params.mode, t]),
    );
    assert.equal(byMode.ok.state, "complete");
    assert.equal(byMode.crash.state, "failed");
    assert.match(byMode.crash.error.sourceLine, /train\.py:5/);
    assert.match(byMode.crash.error.tail, /ZeroDivisionError/);
    assert.equal(byMode.nan.state, "failed");
    assert.equal(byMode.hang.state, "failed");
    assert.match(byMode.hang.error.message, /timed out/);
    assert.ok(byMode.hang.duration_s < 15);
  });

  it("stops when the first trials all fail the same way, and resumes once the script is fixed", () => {
    const broken = `import missing_module_attune_test
lr = 0.1  # @tune loguniform(1e-3, 1)
# @tune objective: minimize loss
print(f"loss: {lr}")
`;
    const ws = workspace({ "train.py": broken });
    const r = attune(ws, ["tune", "train.py", "--algorithm", "random", "--trials", "20", "--python", PYTHON]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /first 5 trials all failed the same way/);
    assert.match(r.stderr, /ModuleNotFoundError|missing_module_attune_test/);
    const shown = JSON.parse(attune(ws, ["show", "train.py", "--json"]).stdout);
    assert.equal(shown.trials.length, 5);
    assert.ok(shown.trials.every((t: { state: string }) => t.state === "failed"));
    // Fixed: the same command resumes and runs the remaining trials.
    writeFileSync(join(ws, "train.py"), broken.replace("import missing_module_attune_test\n", ""));
    const again = attune(ws, [
      "tune",
      "train.py",
      "--algorithm",
      "random",
      "--trials",
      "20",
      "--python",
      PYTHON,
      "--json",
    ]);
    assert.equal(again.code, 0, again.stderr);
    const states = JSON.parse(again.stdout).trials.map((t: { state: string }) => t.state);
    assert.equal(states.filter((x: string) => x === "complete").length, 15);
  });

  it("keeps going when failures depend on the parameters", () => {
    const ws = workspace({
      "train.py": `x = 0.5  # @tune uniform(0, 1)
# @tune objective: minimize loss
if x < 0.8:
    raise ValueError(f"x too small: {x}")
print(f"loss: {x}")
`,
    });
    const r = attune(ws, [
      "tune",
      "train.py",
      "--algorithm",
      "random",
      "--trials",
      "12",
      "--seed",
      "3",
      "--json",
      "--python",
      PYTHON,
    ]);
    const states = JSON.parse(r.stdout).trials.map((t: { state: string }) => t.state);
    assert.equal(states.length, 12, r.stderr);
  });

  it("leaves inactive conditional parameters out and their literals untouched", () => {
    const ws = workspace({
      "train.py": `import json, os
layers = 1   # @tune int(1, 2)
u2 = 7       # @tune int(8, 64) if layers >= 2
# @tune objective: maximize score
print("@tune " + json.dumps({"score": layers * 100 + u2, "seen": json.loads(os.environ["ATTUNE_PARAMS"]).get("u2", -1)}))
`,
    });
    const r = attune(ws, ["tune", "train.py", "--algorithm", "random", "--trials", "8", "--json", "--python", PYTHON]);
    assert.equal(r.code, 0, r.stderr);
    const trials = JSON.parse(r.stdout).trials;
    assert.ok(trials.some((t: { params: object }) => !("u2" in t.params)));
    for (const t of trials) {
      if (t.params.layers === 1) {
        assert.deepEqual(Object.keys(t.params), ["layers"]);
        assert.equal(t.value, 100 + 7); // u2 literal kept as written
      } else assert.equal(t.value, 200 + t.params.u2);
    }
  });

  it("runs a whole grid unless a count is given, and says how much a count covers", () => {
    const ws = workspace({
      "train.py":
        `a = 1  # @tune int(1, 4)\nb = "x"  # @tune choice("x", "y")\n# @tune objective: maximize ` +
        `v\nprint(f"v: {a}")\n`,
    });
    const base = ["tune", "train.py", "--algorithm", "grid", "--json", "--python", PYTHON];
    const part = attune(ws, [...base, "--trials", "3"]);
    assert.equal(part.code, 0, part.stderr);
    assert.equal(JSON.parse(part.stdout).trials.length, 3);
    assert.match(part.stderr, /grid: 3 of 8 points \(37 %\); pass --trials 8 to run all/);
    // No count: the rest of the grid, and no point twice.
    const all = attune(ws, base);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stderr, /grid: all 8 points/);
    const trials = JSON.parse(all.stdout).trials as { params: object; state: string }[];
    assert.equal(trials.length, 8);
    assert.equal(new Set(trials.map((t) => JSON.stringify(t.params))).size, 8);
    assert.ok(trials.every((t) => t.state === "complete"));
  });

  it("refuses a grid over a continuous range with the fix, before running anything", () => {
    const ws = workspace({ "train.py": QUAD });
    const r = attune(ws, ["tune", "train.py", "--algorithm", "grid", "--python", PYTHON]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /grid search cannot enumerate "x".*Add a step/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.ok(!existsSync(join(ws, ".attune")));
  });

  it("handles file names with spaces and shell metacharacters", () => {
    const name = `we ird;$(touch pwned)'"&.py`;
    const ws = workspace({
      [`dir with space/${name}`]: `v = 2  # @tune int(1, 3)\n# @tune objective: maximize v\nprint(f"v: {v}")\n`,
    });
    const r = attune(ws, [
      "tune",
      `dir with space/${name}`,
      "--algorithm",
      "grid",
      "--trials",
      "3",
      "--json",
      "--python",
      PYTHON,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      JSON.parse(r.stdout)
        .trials.map((t: { value: number }) => t.value)
        .sort(),
      [1, 2, 3],
    );
    assert.ok(!existsSync(join(ws, "pwned")) && !existsSync(join(ws, "dir with space", "pwned")));
  });

  it("tunes JavaScript and TypeScript files", () => {
    const ws = workspace({
      "a.js":
        `const lr = 0.5; // @tune float(0, 1)\n// @tune objective: minimize err\nconsole.log("err=" + ` +
        `Math.abs(lr - 0.25));\n`,
      "b.ts":
        `const cfg = { k: 3, // @tune int(1, 5)\n  name: "x" };\nconst f = (k: number): number => (k - 2) ** ` +
        `2;\n// @tune objective: minimize err\nconsole.log(\`@tune {"err": \${f(cfg.k)}}\`);\n`,
    });
    for (const [file, check] of [
      ["a.js", (p: { lr: number }, v: number) => Math.abs(v - Math.abs(p.lr - 0.25)) < 1e-12],
      ["b.ts", (p: { k: number }, v: number) => v === (p.k - 2) ** 2],
    ] as const) {
      const r = attune(ws, ["tune", file, "--algorithm", "random", "--trials", "3", "--json"]);
      assert.equal(r.code, 0, r.stderr);
      for (const t of JSON.parse(r.stdout).trials) {
        assert.equal(t.state, "complete", JSON.stringify(t.error));
        assert.ok((check as (p: never, v: number) => boolean)(t.params as never, t.value));
      }
    }
  });

  it("Ctrl+C kills every trial's process tree and the study resumes", async () => {
    const ws = workspace({
      "train.py": `import subprocess, time, os, json
x = 1  # @tune int(1, 100)
# @tune objective: minimize loss
child = subprocess.Popen(["sleep", "300"])
open(os.path.join(os.environ["ATTUNE_STUDY_DIR"], f"child-{os.environ['ATTUNE_TRIAL']}.pid"), "w").write(str(child.pid))
time.sleep(300)
`,
      "quick.py": "",
    });
    const run = attuneAsync(ws, [
      "tune",
      "train.py",
      "--algorithm",
      "random",
      "--trials",
      "3",
      "--parallel",
      "2",
      "--python",
      PYTHON,
    ]);
    const dir = join(ws, ".attune", "train.py");
    await waitFor(
      () => existsSync(join(dir, "child-0.pid")) && existsSync(join(dir, "child-1.pid")),
      20_000,
      "two trials with grandchildren",
    );
    const grandchildren = [0, 1].map((n) => Number(readFileSync(join(dir, `child-${n}.pid`), "utf8")));
    assert.ok(grandchildren.every(pidAlive));
    run.child.kill("SIGINT");
    const r = await run.done;
    assert.equal(r.code, 1);
    await sleep(200);
    for (const pid of grandchildren) assert.ok(!pidAlive(pid), `grandchild ${pid} still alive`);
    const shown = JSON.parse(attune(ws, ["show", "train.py", "--json"]).stdout);
    assert.equal(shown.trials.filter((t: { state: string }) => t.state === "failed").length, 2);
    // Resume: make the script quick; the two interrupted trials are run again with the same params.
    writeFileSync(
      join(ws, "train.py"),
      `x = 1  # @tune int(1, 100)\n# @tune objective: minimize loss\nprint(f"loss: {x}")\n`,
    );
    const again = attune(ws, [
      "tune",
      "train.py",
      "--algorithm",
      "random",
      "--trials",
      "3",
      "--json",
      "--python",
      PYTHON,
    ]);
    assert.equal(again.code, 0, again.stderr);
    const out = JSON.parse(again.stdout);
    const complete = out.trials.filter((t: { state: string }) => t.state === "complete");
    assert.equal(complete.length, 3);
    const interrupted = shown.trials
      .filter((t: { state: string }) => t.state === "failed")
      .map((t: { params: { x: number } }) => t.params.x)
      .sort();
    const retried = complete
      .slice(0, 2)
      .map((t: { params: { x: number } }) => t.params.x)
      .sort();
    assert.deepEqual(retried, interrupted);
  });

  it("resumes after kill -9 of the tuner, failing the orphaned trial", async () => {
    const ws = workspace({
      "train.py":
        `import time\nx = 1  # @tune int(1, 9)\n# @tune objective: minimize ` +
        `loss\ntime.sleep(float(__import__("os").environ.get("NAP", "60")))\nprint(f"loss: {x}")\n`,
    });
    const run = attuneAsync(ws, ["tune", "train.py", "--algorithm", "random", "--trials", "2", "--python", PYTHON]);
    const journal = join(ws, ".attune", "train.py", "journal.jsonl");
    await waitFor(
      () => existsSync(journal) && readFileSync(journal, "utf8").includes('"op":"start"'),
      20_000,
      "a running trial",
    );
    run.child.kill("SIGKILL");
    await run.done;
    const r = attune(ws, ["tune", "train.py", "--algorithm", "random", "--trials", "2", "--json", "--python", PYTHON], {
      NAP: "0",
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /left running by a stopped process/);
    const out = JSON.parse(r.stdout);
    assert.equal(out.trials[0].state, "failed");
    assert.equal(out.trials.filter((t: { state: string }) => t.state === "complete").length, 2);
  });

  it("lets two tune processes share one study", async () => {
    const ws = workspace({
      "train.py":
        `import time\nx = 1  # @tune int(1, 1000)\n# @tune objective: minimize ` +
        `loss\ntime.sleep(0.2)\nprint(f"loss: {x}")\n`,
    });
    const args = ["tune", "train.py", "--algorithm", "random", "--trials", "10", "--python", PYTHON];
    const a = attuneAsync(ws, [...args, "--seed", "1"]);
    const b = attuneAsync(ws, [...args, "--seed", "1"]);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(rb.code, 0, rb.stderr);
    const out = JSON.parse(attune(ws, ["show", "train.py", "--json"]).stdout);
    const numbers = out.trials.map((t: { number: number }) => t.number);
    assert.deepEqual(numbers, [...numbers.keys()]);
    const complete = out.trials.filter((t: { state: string }) => t.state === "complete").length;
    assert.ok(complete >= 10 && complete <= 12, `complete=${complete}`);
  });
});
