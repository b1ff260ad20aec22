// Checkpoints end to end (docs/trials.md, docs/library.md): a Python script that saves and loads its own state under
// ATTUNE_CHECKPOINT_DIR /
// ATTUNE_RESUME_FROM / ATTUNE_RESUME_STEP and logs every epoch it trains, run by the real CLI.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { attune, attuneAsync, PYTHON, sleep, workspace } from "./helpers";
import { forecastOf } from "../../src/core/pauses";
import { readJournal } from "../../src/storage/journal";
import { epochs, sameCurve, SCRIPT, showJson, uninterrupted } from "./checkpointFixture";

describe("checkpoints (CLI, Python)", function () {
  this.timeout(240_000);

  it("freeze-thaw is the default with a budget and a checkpointing script; no epoch is trained twice", () => {
    const dir = workspace({ "train.py": SCRIPT });
    const r = attune(dir, ["tune", "train.py", "--trials", "8", "--parallel", "2", "--python", PYTHON], {
      EPOCH_LOG: join(dir, "epochs.jsonl"),
    });
    assert.equal(r.code, 0, r.stderr);
    const log = epochs(dir);
    const keys = log.map((e) => `${e.trial}:${e.epoch}`);
    assert.equal(new Set(keys).size, keys.length, "an epoch was trained twice");
    assert.ok(
      log.some((e) => e.resume !== null),
      "no trial was continued from its checkpoint",
    );
    const trials = showJson(dir);
    assert.ok(trials.some((t) => t.state === "complete" && t.intermediate.length === 12));
    // A continued trial's curve is exactly the curve of one uninterrupted run.
    for (const t of trials.filter((x) => x.state === "complete")) {
      assert.ok(log.filter((e) => e.trial === t.number).length === 12);
      sameCurve(t.intermediate, uninterrupted(t.params.lr, t.params.momentum));
    }
    const show = attune(dir, ["show", "train.py"]);
    assert.match(show.stdout, /freeze-thaw/);
  });

  it("--time: trials the last segments left paused say what they are predicted to reach", () => {
    // Nothing finishes in 1 s (each config's first look is 2 epochs of 0.2 s; 12 looks come first), so every trial
    // but the baseline ends paused, the last ones after the last decision: the run records their forecasts as it
    // stops. Trials running at the deadline finish (docs/cli.md): the baseline runs its 12 epochs (2.4 s).
    const dir = workspace({ "train.py": SCRIPT });
    const args = ["tune", "train.py", "--algorithm", "freeze-thaw", "--time", "1s", "--parallel", "2"];
    const r = attune(dir, [...args, "--python", PYTHON], { EPOCH_SLEEP: "0.2" });
    assert.equal(r.code, 0, r.stderr);
    const { trials } = readJournal(join(dir, ".attune", "train.py"));
    assert.ok(trials.length >= 3, `${trials.length} trials`);
    assert.deepEqual([trials[0].state, trials[0].intermediate.length], ["complete", 12], "the baseline finishes");
    for (const t of trials.slice(1)) {
      assert.equal(t.state, "paused", `#${t.number} is ${t.state}`);
      const step = t.intermediate.at(-1)![0];
      const f = forecastOf(t);
      assert.deepEqual(
        [f?.step, f?.at],
        [step, 12],
        `#${t.number}, paused at step ${step}, has no forecast of its last step: ${JSON.stringify(t.attrs)}`,
      );
    }
  });

  for (const algorithm of ["random", "freeze-thaw"])
    it(`Ctrl+C, then tune again: interrupted trials continue from their checkpoints (${algorithm})`, async () => {
      const dir = workspace({ "train.py": SCRIPT });
      const args = ["tune", "train.py", "--algorithm", algorithm, "--trials", "3", "--python", PYTHON];
      process.env.EPOCH_LOG = join(dir, "epochs.jsonl");
      process.env.EPOCH_SLEEP = "0.3";
      const run = attuneAsync(dir, args);
      try {
        for (let i = 0; i < 300 && epochs(dir).length < 5; i++) await sleep(100);
        run.child.kill("SIGINT");
        const first = await run.done;
        assert.equal(first.code, 1, first.stderr);
      } finally {
        delete process.env.EPOCH_SLEEP;
      }
      const before = epochs(dir).length;
      assert.ok(before >= 4 && before < 12, `${before} epochs before the interrupt`);
      const again = attune(dir, args, { EPOCH_LOG: join(dir, "epochs.jsonl") });
      delete process.env.EPOCH_LOG;
      assert.equal(again.code, 0, again.stderr);
      const log = epochs(dir);
      const trials = showJson(dir);
      // The trial events of the journal, in order, are the trials by number.
      const made = readFileSync(join(dir, ".attune", "train.py", "journal.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map(
          (l) =>
            JSON.parse(l) as {
              op: string;
              budget?: number;
              attrs?: { retryOf?: number; resumeFrom?: number; resumeStep?: number };
            },
        )
        .filter((e) => e.op === "trial");
      const retries = made
        .map((e, number) => ({ number, budget: e.budget, ...e.attrs }))
        .filter((a) => a.resumeFrom !== undefined && a.retryOf !== undefined);
      assert.ok(retries.length > 0, "no interrupted trial was continued from its checkpoint");
      let checked = 0;
      for (const r of retries) {
        const retry = trials.find((t) => t.number === r.number)!;
        const first = log.find((e) => e.trial === r.number);
        // A trial cut off after reporting its last step has nothing left to train: it is told at once.
        if (r.resumeStep! >= r.budget!) continue;
        assert.ok(first, `continued trial #${r.number} did not run: ${JSON.stringify(made)}`);
        checked++;
        assert.ok(first!.resume !== null && first!.epoch === r.resumeStep! + 1, JSON.stringify([first, made]));
        // Every epoch of the config was trained once, except at most the one the interrupt cut short.
        const ofConfig = log.filter((e) => e.lr === retry.params.lr).map((e) => e.epoch);
        assert.ok(ofConfig.length - new Set(ofConfig).size <= 1, `epochs trained: ${ofConfig.join(",")}`);
        // Its curve (inherited steps, then its own) is the uninterrupted run's, as far as it went.
        const ref = uninterrupted(retry.params.lr, retry.params.momentum);
        sameCurve(retry.intermediate, ref.slice(0, retry.intermediate.length));
      }
      assert.ok(checked > 0, "no continued trial ran");
    });

  it("a trial killed after saving a step but before reporting it continues from the step it reported", async () => {
    const dir = workspace({ "train.py": SCRIPT });
    const args = ["tune", "train.py", "--algorithm", "random", "--trials", "1", "--python", PYTHON];
    const env = { EPOCH_LOG: join(dir, "epochs.jsonl") };
    // Epochs of half a second, as real ones take longer than the runner needs to take in a report.
    const run = attuneAsync(dir, args, { ...env, HANG_AFTER_SAVE: "5", EPOCH_SLEEP: "0.5" });
    const saved = join(dir, ".attune", "train.py", "trials", "0", "checkpoint", "state.json");
    const savedEpoch = () =>
      existsSync(saved) ? (JSON.parse(readFileSync(saved, "utf8")) as { epoch: number }).epoch : 0;
    for (let i = 0; i < 300 && savedEpoch() < 5; i++) await sleep(100);
    assert.equal(savedEpoch(), 5, "the fixture never saved epoch 5");
    run.child.kill("SIGINT");
    assert.equal((await run.done).code, 1);
    const again = attune(dir, args, env);
    assert.equal(again.code, 0, again.stderr);
    const [first, retry] = showJson(dir);
    assert.deepEqual(
      first.intermediate.map(([step]) => step),
      [1, 2, 3, 4],
    );
    assert.equal(retry.state, "complete", JSON.stringify(retry));
    // The retry loaded step 4 (the fixture checks the step it loads) and trained 5 to 12: the uninterrupted curve.
    const log = epochs(dir).filter((e) => e.trial === 1);
    assert.deepEqual(
      log.map((e) => e.epoch),
      [5, 6, 7, 8, 9, 10, 11, 12],
    );
    sameCurve(retry.intermediate, uninterrupted(retry.params.lr, retry.params.momentum));
    // The retried trial's checkpoint is no longer needed: it goes, its snapshot with it.
    assert.deepEqual(readdirSync(join(dir, ".attune", "train.py", "trials", "0")).sort(), ["output.log", "train.py"]);
  });

  it("PBT children start from a parent's checkpoint with new values", () => {
    const dir = workspace({ "train.py": SCRIPT });
    const r = attune(dir, ["tune", "train.py", "--algorithm", "pbt", "--trials", "14", "--python", PYTHON], {
      EPOCH_LOG: join(dir, "epochs.jsonl"),
    });
    assert.equal(r.code, 0, r.stderr);
    const journal = readFileSync(join(dir, ".attune", "train.py", "journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { op: string; attrs?: Record<string, number> });
    const children = journal
      .filter((e) => e.op === "trial" && typeof e.attrs?.parent === "number")
      .map((e) => e.attrs!);
    assert.ok(children.length > 0, "no exploit step");
    const log = epochs(dir);
    const trials = showJson(dir);
    const childTrials = trials.filter((t) => log.some((e) => e.trial === t.number) && t.number >= 8);
    let checked = 0;
    for (const c of childTrials) {
      const first = log.find((e) => e.trial === c.number)!;
      if (first.resume === null) continue;
      checked++;
      assert.match(first.resume, /resume-from$/);
      assert.ok(first.epoch > 1);
      const parentRow = log.find((e) => e.trial !== c.number && e.epoch === first.epoch - 1 && e.trial < c.number);
      assert.ok(parentRow, "the parent trained the epoch before");
    }
    assert.ok(checked > 0, "no child resumed from a checkpoint");
    const attrs = children[0];
    const parent = trials.find((t) => t.number === attrs.parent)!;
    const child = trials.find((t) => t.number > attrs.parent && t.intermediate[0]?.[1] === parent.intermediate[0]?.[1]);
    assert.ok(
      child && JSON.stringify(child.params) !== JSON.stringify(parent.params),
      "a child must explore new values",
    );
  });

  it("a script that ignores ATTUNE_RESUME_FROM is noticed and scheduled as before", () => {
    const ignoring = SCRIPT.replace('resume = os.environ.get("ATTUNE_RESUME_FROM")', "resume = None");
    const dir = workspace({ "train.py": ignoring });
    const r = attune(dir, ["tune", "train.py", "--algorithm", "freeze-thaw", "--trials", "6", "--python", PYTHON]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /trained from step 1 although told to resume/);
    const trials = showJson(dir);
    assert.ok(trials.every((t) => t.state === "complete" || t.state === "pruned"));
    for (const t of trials) {
      const steps = t.intermediate.map(([s]) => s);
      assert.deepEqual(
        steps,
        steps.map((_, i) => i + 1),
      );
    }
  });

  it("TensorFlow.js model.fit resumes from the preload's checkpoint and repeats the uninterrupted curve", () => {
    const js = readFileSync(resolve(__dirname, "../fixtures/checkpoint/train-tfjs.js"), "utf8");
    const dir = workspace({ "train.js": js });
    symlinkSync(resolve(__dirname, "../../node_modules"), join(dir, "node_modules"));
    const r = attune(dir, ["tune", "train.js", "--trials", "3"]);
    assert.equal(r.code, 0, r.stderr);
    const journal = readFileSync(join(dir, ".attune", "train.js", "journal.jsonl"), "utf8");
    assert.match(journal, /"op":"study".*"algorithm":"freeze-thaw"/);
    const segments = journal.split("\n").filter((l) => l.includes('"op":"segment"'));
    assert.ok(segments.length > 0, "no trial was continued");
    const reference = (units: number) => {
      const out = spawnSync(process.execPath, ["-e", js.replace(/^const units = \d+;/m, `const units = ${units};`)], {
        cwd: dir,
        encoding: "utf8",
      });
      return out.stdout
        .split("\n")
        .filter((l) => l.startsWith("@tune "))
        .map((l) => JSON.parse(l.slice(6)) as { step: number; loss: number })
        .map((o) => [o.step, o.loss] as [number, number]);
    };
    const trials = showJson(dir, "train.js") as unknown as {
      number: number;
      state: string;
      params: { units: number };
      intermediate: [number, number][];
    }[];
    const continued = trials.filter(
      (t) => segments.some((l) => l.includes(`"trial":${t.number},`)) && t.state === "complete",
    );
    assert.ok(continued.length > 0);
    for (const t of continued) sameCurve(t.intermediate, reference(t.params.units));
  });
});
