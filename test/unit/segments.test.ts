import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStudy, space } from "../../src/index";
import { extrapolate, probabilityBetter } from "../../src/core/curves/extrapolate";
import { CurvePruner } from "../../src/core/pruners/curve";
import { FreezeThawScheduler } from "../../src/core/segments/freezeThaw";
import { perturb } from "../../src/core/segments/pbt";
import { checkpointDir, cleanCheckpoints, neededCheckpoints } from "../../src/runner/checkpoint";
import { Rng } from "../../src/core/rng";
import { spaceFromObject } from "../../src/core/space";
import { readJournal } from "../../src/storage/journal";
import type { Trial } from "../../src/core/types";
import { curveAt, drive, sp } from "./segmentDrive";

describe("learning-curve extrapolation", () => {
  it("recovers the final value of a power-law curve from its first third", () => {
    const f = (t: number) => 0.9 - 0.5 * t ** -0.5;
    const e = extrapolate(
      Array.from({ length: 17 }, (_, i) => [i + 1, f(i + 1)] as [number, number]),
      52,
    )!;
    assert.ok(Math.abs(e.mean - f(52)) < 0.01, `predicted ${e.mean}, true ${f(52)}`);
    assert.ok(e.sd > 0 && e.sd < 0.05, `sd ${e.sd}`);
  });

  it("is less certain from two points than from twenty", () => {
    const f = (t: number) => 80 - 30 * t ** -0.8;
    const two = extrapolate(
      [1, 2].map((t) => [t, f(t)] as [number, number]),
      52,
    )!;
    const many = extrapolate(
      Array.from({ length: 20 }, (_, i) => [i + 1, f(i + 1)] as [number, number]),
      52,
    )!;
    assert.ok(two.sd > many.sd, `${two.sd} vs ${many.sd}`);
    assert.ok(probabilityBetter(many, 90, true) < 0.01);
    assert.ok(probabilityBetter(many, 60, true) > 0.99);
  });

  it("returns the last value at or before the last step, and nothing for an empty curve", () => {
    assert.equal(extrapolate([], 10), undefined);
    assert.equal(extrapolate([[3, 0.5]], 2)!.mean, 0.5);
  });
});

describe("curve pruner", () => {
  const trial = (number: number, state: Trial["state"], vals: number[], value?: number): Trial => ({
    number,
    state,
    params: {},
    intermediate: vals.map((v, i) => [i + 1, v]),
    ...(value !== undefined ? { value } : {}),
  });
  const good = Array.from({ length: 20 }, (_, i) => 90 - 40 * (i + 1) ** -0.7);
  const ctx = {
    direction: "maximize" as const,
    trials: [trial(0, "complete", good, good[19]), trial(1, "complete", good, good[19])],
  };

  it("stops a curve that cannot reach the best and keeps one that can", () => {
    const p = new CurvePruner({ horizon: 20 });
    const bad = trial(2, "running", [20, 22, 23, 23.5, 23.8]);
    assert.equal(p.shouldPrune(bad, 5, ctx), true);
    const fine = trial(
      3,
      "running",
      good.slice(0, 5).map((v) => v + 1),
    );
    assert.equal(p.shouldPrune(fine, 5, ctx), false);
  });

  it("waits for minSteps and for finished trials", () => {
    const p = new CurvePruner({ horizon: 20 });
    assert.equal(p.shouldPrune(trial(2, "running", [1, 2]), 2, ctx), false);
    assert.equal(
      p.shouldPrune(trial(2, "running", [1, 2, 3, 3]), 4, { direction: "maximize", trials: [ctx.trials[0]] }),
      false,
    );
  });
});

describe("freeze-thaw (segments, docs/library.md)", () => {
  it("pauses after a segment and continues the same trial later from where it stopped", () => {
    const { study, trained, jobs } = drive("freeze-thaw", 60);
    assert.equal(new Set(trained).size, trained.length, "an epoch was trained twice");
    const continued = jobs.filter((j) => j.from > 0);
    assert.ok(continued.length > 0, "no trial was continued");
    for (const j of continued) {
      assert.equal(j.resumeFrom, j.number);
      const before = jobs.filter((k) => k.number === j.number && k.to <= j.from);
      assert.equal(Math.max(...before.map((k) => k.to)), j.from, "a segment must start where the last one ended");
    }
    // Not every config is trained to the end: some are still paused, or were dropped from their pause.
    const states = new Set(study.trials().map((t) => t.state));
    assert.ok(states.has("paused") || states.has("pruned"), `states: ${[...states].join(", ")}`);
    assert.ok(study.trials().some((t) => t.state === "complete" && t.intermediate.at(-1)![0] === 27));
    for (const t of study.trials()) {
      const steps = t.intermediate.map(([s]) => s);
      assert.deepEqual(
        steps,
        steps.map((_, i) => i + 1),
        `trial ${t.number}'s curve has gaps or repeats`,
      );
    }
  });

  it("stops creating configs at the trial limit and finishes or drops every paused one", () => {
    const { study } = drive("freeze-thaw", 500, 12);
    const trials = study.trials();
    assert.equal(trials.length, 12);
    assert.ok(trials.every((t) => t.state === "complete" || t.state === "pruned"));
    assert.equal(study.ask(), null);
    assert.equal(study.isExhausted(), true);
  });

  it("under a trial count, continues paused configs from their checkpoints and trains the best to the budget", () => {
    const { study, trained, jobs } = drive("freeze-thaw", 500, 16);
    assert.equal(new Set(trained).size, trained.length, "an epoch was trained twice");
    const trials = study.trials();
    assert.equal(trials.length, 16);
    const continued = new Set(jobs.filter((j) => j.from > 0).map((j) => j.number));
    assert.ok(continued.size >= 3, `only ${continued.size} trials were continued`);
    const full = trials.filter((t) => t.intermediate.at(-1)![0] === 27);
    assert.ok(full.length >= 2, `${full.length} trials reached the budget`);
    // The best config by its true final value is among those trained to the end.
    const truth = (t: Trial) => curveAt(t.params, 27);
    const best = [...trials].sort((a, b) => truth(b) - truth(a))[0];
    assert.equal(best.intermediate.at(-1)![0], 27, `the best config (trial ${best.number}) was not finished`);
  });

  it("does not drop new configs on one point when every curve gains a lot by the end (score = q − 10/epoch)", () => {
    // Every config ends ~10 above its epoch-1 value: a one-point curve says nothing about the end by itself.
    const rising = (p: Record<string, unknown>, step: number) => 90 - 20 * Math.abs(Number(p.x) - 0.3) - 10 / step;
    const { study, jobs } = drive("freeze-thaw", 500, 16, rising);
    const continued = new Set(jobs.filter((j) => j.from > 0).map((j) => j.number));
    assert.ok(continued.size >= 3, `only ${continued.size} trials were continued: ${JSON.stringify(jobs)}`);
    const trials = study.trials();
    const truth = (t: Trial) => rising(t.params, 27);
    const best = [...trials].sort((a, b) => truth(b) - truth(a))[0];
    assert.equal(best.intermediate.at(-1)![0], 27, `the best config (trial ${best.number}) was not finished`);

    // The scheduler alone: one trial finished at the budget, fifteen paused after epoch 1, some better than it.
    const rng = new Rng(2);
    const ts: Trial[] = [];
    for (let n = 0; n < 16; n++) {
      const p = { x: n === 0 ? 0.6 : rng.random(), y: 0.5 };
      const steps = n === 0 ? 27 : 1;
      const curve: [number, number][] = Array.from({ length: steps }, (_, i) => [i + 1, rising(p, i + 1)]);
      ts.push({ number: n, state: n === 0 ? "complete" : "paused", params: p, intermediate: curve });
      if (n === 0) ts[0].value = curve.at(-1)![1];
    }
    const ctx = {
      trials: ts,
      direction: "maximize" as const,
      space: spaceFromObject(sp),
      budget: { name: "epochs", min: 1, max: 27 },
      number: 16,
      rng,
      trialLimit: 16,
    };
    const { drop, decision } = new FreezeThawScheduler().next(ctx);
    const better = ts.filter((t) => t.number > 0 && rising(t.params, 27) > ts[0].value!).map((t) => t.number);
    for (const n of better) assert.ok(!drop.includes(n), `trial ${n} would beat the best, but was dropped`);
    assert.equal(decision.kind, "continue");
  });

  it("is deterministic for a seed", () => {
    const a = drive("freeze-thaw", 40).jobs;
    const b = drive("freeze-thaw", 40).jobs;
    assert.deepEqual(a, b);
  });

  it("decides in well under 50 ms with 200 trials", () => {
    const sched = new FreezeThawScheduler();
    const rng = new Rng(1);
    const trials: Trial[] = [];
    for (let n = 0; n < 200; n++) {
      const steps = [2, 6, 18][n % 3];
      const p = { x: rng.random(), y: rng.random() };
      trials.push({
        number: n,
        state: n % 5 === 0 ? "complete" : "paused",
        params: p,
        intermediate: Array.from({ length: steps }, (_, i) => [i + 1, curveAt(p, i + 1)]),
      });
    }
    const ctx = {
      trials,
      direction: "maximize" as const,
      space: spaceFromObject(sp),
      budget: { name: "epochs", min: 1, max: 52 },
      number: 200,
      rng,
    };
    // A run keeps its scheduler: between two decisions one trial's curve grows, so one curve is fitted again.
    const times: number[] = [];
    const t0 = performance.now();
    sched.next(ctx);
    const cold = performance.now() - t0;
    for (let i = 0; i < 21; i++) {
      const t = trials[(i * 7) % 200];
      const s = t.intermediate.length + 1;
      t.intermediate.push([s, curveAt(t.params, s)]);
      const t1 = performance.now();
      sched.next(ctx);
      times.push(performance.now() - t1);
    }
    times.sort((a, b) => a - b);
    assert.ok(times[10] < 50, `median ${times[10]} ms`);
    // Even with nothing cached (a resumed run's first decision) it stays within a few times that.
    assert.ok(cold < 250, `cold ${cold} ms`);
  });

  it("replays paused trials and segments from the journal", () => {
    const dir = mkdtempSync(join(tmpdir(), "attune-seg-"));
    const journal = join(dir, "journal.jsonl");
    const mk = () =>
      createStudy({
        space: sp,
        direction: "maximize",
        algorithm: "freeze-thaw",
        budget: { min: 1, max: 27 },
        seed: 3,
        journal,
      });
    const s1 = mk();
    const j = s1.ask()!;
    for (let s = 1; s <= j.to!; s++) s1.report(j.number, s, curveAt(j.params, s));
    s1.tell(j.number, curveAt(j.params, j.to!));
    s1.close();
    const state = readJournal(dir);
    assert.equal(state.trials[0].state, "paused");
    const s2 = mk();
    assert.equal(s2.trial(0)!.state, "paused");
    s2.close();
  });
});

describe("PBT", () => {
  it("replaces a lagging member by a child of a leader that starts from the leader's checkpoint", () => {
    const { study, jobs, trained } = drive("pbt", 120, 30);
    assert.equal(new Set(trained).size, trained.length, "an epoch was trained twice");
    const children = study.trials().filter((t) => typeof t.attrs?.parent === "number");
    assert.ok(children.length > 0, "no exploit step happened");
    for (const c of children) {
      const parent = study.trial(c.attrs!.parent as number)!;
      const step = c.attrs!.resumeStep as number;
      assert.equal(c.attrs!.resumeFrom, parent.number);
      assert.notDeepEqual(c.params, parent.params, "a child must explore new values");
      // The child's curve starts with its parent's, up to the step it inherited.
      assert.deepEqual(
        c.intermediate.filter(([s]) => s <= step),
        parent.intermediate.filter(([s]) => s <= step),
      );
      const job = jobs.find((j) => j.number === c.number)!;
      assert.equal(job.from, step);
      assert.equal(job.resumeFrom, parent.number);
      const replaced = study.trial(c.attrs!.replaced as number)!;
      assert.equal(replaced.state, "pruned");
    }
  });

  it("perturbs within the space, and always changes something", () => {
    const s = spaceFromObject({
      lr: space.float(1e-4, 1e-1, { log: true }),
      n: space.int(1, 4),
      o: space.choice(["a", "b"]),
    });
    const rng = new Rng(2);
    for (let i = 0; i < 50; i++) {
      const p = { lr: 1e-2, n: 2, o: "a" };
      const q = perturb(s, p, rng);
      assert.notDeepEqual(q, p);
      assert.ok(Number(q.lr) >= 1e-4 && Number(q.lr) <= 1e-1 && [1, 2, 3, 4].includes(Number(q.n)));
    }
  });
});

describe("checkpoint folders", () => {
  it("keeps paused, running and the best finished trials' checkpoints and cleans the rest", () => {
    const dir = mkdtempSync(join(tmpdir(), "attune-ckpt-"));
    const t = (number: number, state: Trial["state"], value?: number, attrs?: Record<string, unknown>): Trial => ({
      number,
      state,
      params: {},
      intermediate: [[1, value ?? 0]],
      ...(value !== undefined ? { value } : {}),
      ...(attrs ? { attrs } : {}),
    });
    const trials = [
      t(0, "complete", 0.9),
      t(1, "complete", 0.5),
      t(2, "pruned", 0.1),
      t(3, "paused", 0.4),
      t(4, "complete", 0.7),
      t(5, "queued", undefined, { resumeFrom: 2, resumeStep: 1 }),
    ];
    for (const x of trials) {
      mkdirSync(checkpointDir(dir, x.number), { recursive: true });
      writeFileSync(join(checkpointDir(dir, x.number), "w.bin"), "x");
    }
    assert.deepEqual([...neededCheckpoints(trials, "maximize", 1)].sort(), [0, 2, 3, 5]);
    const cleaned = cleanCheckpoints(dir, trials, "maximize", 2);
    assert.deepEqual(cleaned, [1]);
    assert.ok(existsSync(checkpointDir(dir, 4)) && !existsSync(checkpointDir(dir, 1)));
  });
});

describe("lineage and projections in the views", () => {
  it("names where a trial's training came from", async () => {
    const { lineageText } = await import("../../src/core/lineage");
    const base: Trial = { number: 5, state: "paused", params: {}, intermediate: [] };
    assert.equal(lineageText(base), "");
    assert.equal(
      lineageText({ ...base, attrs: { parent: 2, resumeFrom: 2, resumeStep: 6 } }),
      "inherited from #2 @ step 6",
    );
    assert.equal(
      lineageText({ ...base, attrs: { retryOf: 1, resumeFrom: 1, resumeStep: 3 } }),
      "continues #1 @ step 3",
    );
  });

  it("projects paused and running curves to the budget's end with a band", async () => {
    const { curveSeries } = await import("../../webview/model/series");
    const row = (number: number, state: "paused" | "complete", n: number) => ({
      number,
      state,
      params: {},
      intermediate: Array.from({ length: n }, (_, i) => [i + 1, 0.9 - 0.5 * (i + 1) ** -0.5] as [number, number]),
    });
    const c = curveSeries([row(0, "complete", 10), row(1, "paused", 4)], "maximize", 400, 10);
    assert.equal(c.bands?.length, 1);
    const b = c.bands![0];
    assert.equal(b.number, 1);
    const i10 = c.x.indexOf(10);
    assert.ok(b.lo[i10]! < b.mean[i10]! && b.mean[i10]! < b.hi[i10]!);
    assert.ok(Math.abs(b.mean[i10]! - (0.9 - 0.5 * 10 ** -0.5)) < 0.02);
  });
});

describe("hyperband re-runs continue the rung's checkpoint", () => {
  it("a promotion resumes its source at the source's budget", () => {
    const study = createStudy({
      space: sp,
      direction: "maximize",
      algorithm: "hyperband",
      budget: { min: 1, max: 27 },
      seed: 1,
    });
    let promoted = 0;
    for (let i = 0; i < 60; i++) {
      const t = study.ask()!;
      if (t.resumeFrom !== undefined) {
        const src = study.trial(t.resumeFrom)!;
        assert.equal(t.from, src.budget);
        assert.ok(t.to! > t.from!);
        assert.equal(study.trial(t.number)!.attrs!.promotedFrom, t.resumeFrom);
        promoted++;
      } else assert.equal(t.from, 0);
      // A script without intermediate reports: one final value (rerun mode).
      study.tell(t.number, curveAt(t.params, t.budget!));
    }
    assert.ok(promoted > 0, "no promotion happened");
  });
});
