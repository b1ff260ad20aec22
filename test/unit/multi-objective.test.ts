// Several objectives and constraints: domination, fronts, crowding, exact hypervolumes, the directives, the study's
// tell/paretoFront and journal, and NSGA-II's survival.
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  constrainedDominates,
  crowdingDistance,
  dominates,
  nonDominatedSort,
  paretoFront,
  toMinimize,
} from "../../src/core/multi/pareto";
import { hypervolume } from "../../src/core/multi/hypervolume";
import { referencePoint, summarizeFront } from "../../src/core/multi/summary";
import { parseAnnotations } from "../../src/core/annotations";
import { createStudy, space } from "../../src/index";
import { elite } from "../../src/core/samplers/nsga2";
import { scalarize } from "../../src/core/samplers/bayes/multi";
import { Rng } from "../../src/core/rng";
import type { Trial } from "../../src/core/types";

describe("Pareto domination", () => {
  it("dominates: no worse everywhere, better somewhere", () => {
    assert.ok(dominates([1, 2], [2, 2]));
    assert.ok(!dominates([1, 2], [1, 2]));
    assert.ok(!dominates([1, 3], [2, 2]));
    assert.deepEqual(toMinimize([0.9, 10], ["maximize", "minimize"]), [-0.9, 10]);
  });
  it("constrained domination (Deb): feasible first, then less violation, then Pareto", () => {
    assert.ok(constrainedDominates([9, 9], 0, [0, 0], 0.1));
    assert.ok(!constrainedDominates([0, 0], 0.1, [9, 9], 0));
    assert.ok(constrainedDominates([9, 9], 0.1, [0, 0], 0.5));
    assert.ok(constrainedDominates([0, 0], 0, [1, 1], 0));
  });
  it("non-dominated sort gives the fronts in order", () => {
    const pts = [
      [1, 5],
      [2, 3],
      [4, 1],
      [3, 4],
      [5, 5],
      [2, 3],
    ];
    assert.deepEqual(nonDominatedSort(pts), [[0, 1, 2, 5], [3], [4]]);
    // With violations: the infeasible point [1,1] drops behind every feasible one.
    assert.deepEqual(
      nonDominatedSort(
        [
          [1, 1],
          [5, 5],
          [4, 6],
        ],
        [0.5, 0, 0],
      ),
      [[1, 2], [0]],
    );
  });
  it("crowding distance: ends infinite, inner points by the normalized gaps", () => {
    const d = crowdingDistance([
      [0, 4],
      [1, 2],
      [2, 1],
      [4, 0],
    ]);
    assert.equal(d[0], Infinity);
    assert.equal(d[3], Infinity);
    assert.ok(Math.abs(d[1] - (2 / 4 + 3 / 4)) < 1e-12);
    assert.ok(Math.abs(d[2] - (3 / 4 + 2 / 4)) < 1e-12);
  });
});

describe("hypervolume (exact)", () => {
  it("2-D staircase", () => {
    assert.equal(
      hypervolume(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        [4, 4],
      ),
      6,
    );
    // Dominated, duplicate and outside points change nothing.
    assert.equal(
      hypervolume(
        [
          [1, 3],
          [2, 2],
          [3, 1],
          [3, 3],
          [2, 2],
          [5, 0],
        ],
        [4, 4],
      ),
      6,
    );
    assert.equal(hypervolume([], [1, 1]), 0);
  });
  it("1-D and 3-D by inclusion–exclusion", () => {
    assert.equal(hypervolume([[2], [3]], [5]), 3);
    assert.equal(hypervolume([[1, 1, 1]], [2, 2, 2]), 1);
    assert.equal(
      hypervolume(
        [
          [0, 0, 1],
          [1, 1, 0],
        ],
        [2, 2, 2],
      ),
      5,
    );
    assert.equal(
      hypervolume(
        [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        [2, 2, 2],
      ),
      7,
    );
  });
  it("3-D agrees with a Monte-Carlo estimate on random points", () => {
    const rng = new Rng(3);
    const pts = Array.from({ length: 12 }, () => [rng.random(), rng.random(), rng.random()]);
    const exact = hypervolume(pts, [1, 1, 1]);
    let hit = 0;
    const N = 40000;
    for (let k = 0; k < N; k++) {
      const z = [rng.random(), rng.random(), rng.random()];
      if (pts.some((p) => p.every((v, i) => v <= z[i]))) hit++;
    }
    assert.ok(Math.abs(exact - hit / N) < 0.01, `${exact} vs ${hit / N}`);
  });
  it("the reference point is the worst value plus 10% of the range", () => {
    assert.deepEqual(
      referencePoint([
        [0, 10],
        [1, 20],
      ]),
      [1.1, 21],
    );
  });
});

describe("directives: several objectives and constraints", () => {
  const parse = (text: string) => {
    const f = parseAnnotations(`x = 1  # @tune int(0, 3)\n${text}`, "a.py");
    // A malformed objective also leaves the file without one: keep the directive's own error first.
    f.diagnostics.sort((a, b) => Number(b.code === "bad-directive") - Number(a.code === "bad-directive"));
    return f;
  };
  it("objective: a comma-separated list, up to three", () => {
    const f = parse("# @tune objective: maximize val_accuracy, minimize params\n");
    assert.deepEqual(f.diagnostics, []);
    assert.deepEqual(f.directives.objectives, [
      { direction: "maximize", metric: "val_accuracy" },
      { direction: "minimize", metric: "params" },
    ]);
    assert.deepEqual(f.directives.objective, { direction: "maximize", metric: "val_accuracy" });
    const four = parse("# @tune objective: max a, min b, min c, min d\n");
    assert.match(four.diagnostics[0].message, /at most 3 objectives/);
    assert.match(parse("# @tune objective: max a, min a\n").diagnostics[0].message, /named twice/);
    assert.match(parse("# @tune objective: max a, b\n").diagnostics[0].message, /comma-separated/);
  });
  it("constraint: any number of them, <= or >=, any number literal", () => {
    const f = parse(
      "# @tune objective: max a\n# @tune constraint: latency_ms <= 12.5\n# @tune constraint: acc >= -1e-3\n",
    );
    assert.deepEqual(f.diagnostics, []);
    assert.deepEqual(f.directives.constraints, [
      { metric: "latency_ms", op: "<=", bound: 12.5 },
      { metric: "acc", op: ">=", bound: -0.001 },
    ]);
    const bad = parse("# @tune objective: max a\n# @tune constraint: latency_ms == 3\n");
    assert.equal(bad.diagnostics[0].code, "bad-directive");
    assert.match(bad.diagnostics[0].message, /<metric> <= <number>/);
    assert.match(parse("# @tune objective: max a\n# @tune constraint: x <= ten\n").diagnostics[0].message, /finite/);
  });
});

function trial(number: number, values: number[], extra: Partial<Trial> = {}): Trial {
  return { number, state: "complete", params: { i: number }, values, intermediate: [], ...extra };
}

describe("the Pareto front of trials", () => {
  it("keeps exactly the feasible non-dominated complete trials", () => {
    const trials: Trial[] = [
      trial(0, [0.9, 100]),
      trial(1, [0.8, 50]),
      trial(2, [0.7, 80]), // dominated by 1
      trial(3, [0.95, 10], { constraints: [0.5] }), // infeasible
      trial(4, [0.85, 60], { state: "failed" }),
      trial(5, [0.6, 10], { constraints: [-1] }),
      trial(6, [0.9, 100]), // ties with 0: both kept
    ];
    const front = paretoFront(trials, ["maximize", "minimize"]);
    assert.deepEqual(
      front.map((p) => p.number),
      [0, 1, 5, 6],
    );
    const s = summarizeFront(trials, ["maximize", "minimize"]);
    assert.deepEqual(s.pareto, [0, 1, 5, 6]);
    assert.ok(s.hypervolume > 0);
    assert.ok(s.history.every(([, hv], i) => i === 0 || hv >= s.history[i - 1][1]));
  });
});

describe("a study with several objectives", () => {
  const sp = { x: space.float(0, 1), y: space.float(0, 1) };
  it("tell(n, [v1, v2]) and paretoFront(); wrong counts are one-sentence errors", () => {
    const st = createStudy({ space: sp, directions: ["minimize", "minimize"], algorithm: "random", seed: 1 });
    for (let i = 0; i < 10; i++) {
      const a = st.ask()!;
      const x = a.params.x as number;
      st.tell(a.number, [x, 1 - Math.sqrt(x) + (a.params.y as number)]);
    }
    const front = st.paretoFront();
    assert.ok(front.length >= 2);
    for (const p of front) assert.equal(p.values.length, 2);
    assert.equal(st.best(), undefined);
    const a = st.ask()!;
    assert.throws(() => st.tell(a.number, 1), /2 objectives/);
    assert.throws(() => st.tell(a.number, [1, 2, 3]), /got 3 values/);
    st.tell(a.number, [NaN, 1]);
    assert.equal(st.trial(a.number)!.state, "failed");
  });
  it("constraints: infeasible trials are recorded, never on the front; a missing metric fails the trial", () => {
    const st = createStudy({
      space: sp,
      directions: ["minimize", "maximize"],
      constraints: [{ metric: "lat", op: "<=", bound: 0.5 }],
      algorithm: "nsga2",
      seed: 2,
    });
    const n0 = st.ask()!.number;
    st.tell(n0, [0.1, 0.9], { lat: 0.7 });
    const n1 = st.ask()!.number;
    st.tell(n1, [0.5, 0.5], { lat: 0.2 });
    const n2 = st.ask()!.number;
    st.tell(n2, [0.2, 0.6]);
    assert.equal(st.trial(n0)!.state, "complete");
    assert.ok(Math.abs(st.trial(n0)!.constraints![0] - 0.2) < 1e-12);
    assert.deepEqual(
      st.paretoFront().map((p) => p.number),
      [n1],
    );
    assert.equal(st.trial(n2)!.state, "failed");
    assert.match(st.trial(n2)!.error!.message, /"lat" was never reported/);
  });
  it("one objective with a constraint: best() is the best feasible trial", () => {
    const st = createStudy({
      space: sp,
      direction: "minimize",
      constraints: [{ metric: "c", op: ">=", bound: 0 }],
      algorithm: "tpe",
      seed: 3,
    });
    const a = st.ask()!;
    st.tell(a.number, 1, { c: -1 });
    const b = st.ask()!;
    st.tell(b.number, 2, { c: 1 });
    assert.equal(st.best()!.number, b.number);
  });
  it("the journal records values and constraints; a study resumes; an old one-objective journal still loads", () => {
    const dir = mkdtempSync(join(tmpdir(), "attune-mo-"));
    const journal = join(dir, "journal.jsonl");
    const opts = {
      space: sp,
      directions: ["maximize", "minimize"] as ("maximize" | "minimize")[],
      metrics: ["acc", "params"],
      constraints: [{ metric: "lat", op: "<=" as const, bound: 3 }],
      algorithm: "tpe",
      seed: 4,
      journal,
    };
    const st = createStudy(opts);
    for (let i = 0; i < 4; i++) st.tell(st.ask()!.number, [i / 4, i], { lat: i });
    st.close();
    const lines = readFileSync(journal, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.deepEqual(lines[0].directions, ["maximize", "minimize"]);
    assert.deepEqual(lines[0].metrics, ["acc", "params"]);
    const fin = lines.filter((l) => l.op === "finish");
    assert.deepEqual(fin[1].values, [0.25, 1]);
    assert.deepEqual(fin[1].constraints, [-2]);
    const again = createStudy(opts);
    assert.equal(again.trials().length, 4);
    assert.deepEqual(
      again.paretoFront().map((p) => p.number),
      [0, 1, 2, 3],
    );
    // A journal written before several objectives existed: plain `value`s, no directions.
    const old = join(dir, "old.jsonl");
    writeFileSync(
      old,
      [
        {
          op: "study",
          v: 1,
          name: "o",
          direction: "minimize",
          algorithm: "random",
          seed: 0,
          space: { params: [] },
          spaceHash: "x",
          t: 1,
        },
        { op: "trial", uid: "h:1:a:0", params: {}, t: 2 },
        { op: "finish", trial: 0, state: "complete", value: 3, t: 3 },
      ]
        .map((e) => JSON.stringify(e))
        .join("\n") + "\n",
    );
    const o = createStudy({ space: { params: [] }, direction: "minimize", algorithm: "random", journal: old });
    assert.equal(o.best()!.value, 3);
    assert.equal(o.trials()[0].values, undefined);
  });
  it("refuses single-objective algorithms, and says pruning is off", () => {
    assert.throws(
      () => createStudy({ space: sp, directions: ["minimize", "minimize"], algorithm: "evolution" }),
      /optimizes one objective; with several objectives use one of: bayes, tpe, nsga2/,
    );
    assert.throws(() => createStudy({ space: sp, directions: ["minimize", "up" as "minimize"] }), /directions must/);
  });
});

describe("nsga2 and ParEGO pieces", () => {
  const scored = (y: number[], viol = 0, number = 0) => ({
    trial: { number, state: "complete", params: {}, intermediate: [] } as Trial,
    y,
    g: viol ? [viol] : [],
    viol,
  });
  it("elite keeps fronts in order and cuts the last one by crowding distance", () => {
    const pool = [
      scored([0, 4], 0, 0),
      scored([1, 2], 0, 1),
      scored([1.1, 1.9], 0, 2),
      scored([4, 0], 0, 3),
      scored([5, 5], 0, 4),
      scored([0, 0], 1, 5),
    ];
    const e = elite(pool, 3);
    // Front 0 is {0, 1, 2, 3}: the ends (infinite crowding) and the less crowded of 1 and 2.
    assert.deepEqual(e.map((m) => m.s.trial.number).sort(), [0, 2, 3]);
    assert.deepEqual(
      elite(pool, 6).map((m) => m.rank),
      [0, 0, 0, 0, 1, 2],
    );
  });
  it("ParEGO's scalarization ranks every point of the front below dominated ones for any weight", () => {
    const pts = [scored([0, 1]), scored([1, 0]), scored([0.5, 0.5]), scored([1, 1])];
    for (let seed = 0; seed < 20; seed++) {
      const s = scalarize(pts, new Rng(seed));
      assert.ok(s[3] > Math.max(s[0], s[1], s[2]) - 1e-12);
    }
  });
  it("nsga2 beats random search on ZDT1 (hypervolume after 120 trials, 3 seeds)", () => {
    const d = 6;
    const spc = Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, space.float(0, 1)]));
    const zdt1 = (x: number[]) => {
      const g = 1 + (9 * x.slice(1).reduce((a, b) => a + b, 0)) / (d - 1);
      return [x[0], g * (1 - Math.sqrt(x[0] / g))];
    };
    const hvOf = (algorithm: string, seed: number) => {
      const st = createStudy({ space: spc, directions: ["minimize", "minimize"], algorithm, seed });
      for (let i = 0; i < 120; i++) {
        const a = st.ask()!;
        st.tell(a.number, zdt1(Array.from({ length: d }, (_, k) => a.params[`x${k}`] as number)));
      }
      return hypervolume(
        st.paretoFront().map((p) => p.values),
        [11, 11],
      );
    };
    let wins = 0;
    for (const seed of [1, 2, 3]) if (hvOf("nsga2", seed) > hvOf("random", seed)) wins++;
    assert.ok(wins >= 2, `nsga2 won ${wins} of 3`);
  });
});
