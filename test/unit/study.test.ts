import { strict as assert } from "node:assert";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStudy, space } from "../../src/index";
import { readJournal } from "../../src/storage/journal";
import { studyDir, studyNameFor, listStudies } from "../../src/storage/studies";
import { bestTrial, type StudyConfig } from "../../src/core/study";
import { spaceFromObject } from "../../src/core/space";
import { RandomSampler } from "../../src/core/samplers/random";
import type { SampleContext, Sampler } from "../../src/core/samplers/sampler";
import type { Params } from "../../src/core/types";
import { openStudy } from "../../src/storage/journalStore";

const tmp = () => mkdtempSync(join(tmpdir(), "attune-study-"));
const quadSpace = { x: space.float(-5, 10), n: space.int(1, 4), opt: space.choice(["adam", "sgd"]) };

describe("study ask/tell", () => {
  it("finds the best trial in both directions", () => {
    for (const direction of ["minimize", "maximize"] as const) {
      const st = createStudy({ space: quadSpace, direction, algorithm: "random", seed: 1 });
      const values: number[] = [];
      for (let i = 0; i < 20; i++) {
        const { number, params } = st.ask()!;
        const v = (params.x as number) ** 2;
        values.push(v);
        st.tell(number, v);
      }
      const best = st.best()!;
      const want = direction === "minimize" ? Math.min(...values) : Math.max(...values);
      assert.equal(best.value, want);
      assert.equal(values[best.number], want);
    }
  });
  it("same seed gives the same trials; another seed does not", () => {
    const run = (seed: number) => {
      const st = createStudy({ space: quadSpace, algorithm: "random", seed });
      return Array.from({ length: 5 }, () => {
        const t = st.ask()!;
        st.tell(t.number, 1);
        return t.params;
      });
    };
    assert.deepEqual(run(7), run(7));
    assert.notDeepEqual(run(7), run(8));
  });
  it("records NaN and Infinity as failed, never as best", () => {
    const st = createStudy({ space: quadSpace, algorithm: "random" });
    const a = st.ask()!,
      b = st.ask()!,
      c = st.ask()!;
    st.tell(a.number, NaN);
    st.tell(b.number, Infinity);
    st.tell(c.number, 3);
    const ts = st.trials();
    assert.equal(ts[a.number].state, "failed");
    assert.match(ts[a.number].error!.message, /finite/);
    assert.equal(ts[b.number].state, "failed");
    assert.deepEqual(st.best()!.number, c.number);
  });
  it("hands out distinct numbers to asks made before any tell", () => {
    const st = createStudy({ space: quadSpace, algorithm: "random" });
    const nums = [st.ask()!, st.ask()!, st.ask()!].map((t) => t.number);
    assert.deepEqual(nums, [0, 1, 2]);
    st.tell(1, { state: "failed" });
    assert.equal(st.trials()[1].state, "failed");
  });
  it("prefers the largest budget when picking the best multi-fidelity trial", () => {
    const mk = (number: number, value: number, budget: number) => ({
      number,
      state: "complete" as const,
      params: {},
      value,
      budget,
      intermediate: [],
    });
    assert.equal(bestTrial([mk(0, 0.99, 1), mk(1, 0.9, 27), mk(2, 0.8, 27)], "maximize")!.number, 1);
  });
});

describe("journal", () => {
  it("resumes a study from its journal", () => {
    const dir = tmp();
    const journal = join(dir, "journal.jsonl");
    const a = createStudy({ space: quadSpace, algorithm: "random", seed: 3, journal });
    for (let i = 0; i < 3; i++) {
      const t = a.ask()!;
      a.tell(t.number, i);
    }
    a.close();
    const b = createStudy({ space: quadSpace, algorithm: "random", seed: 3, journal });
    assert.equal(b.trials().length, 3);
    assert.equal(b.best()!.value, 0);
    const t = b.ask()!;
    assert.equal(t.number, 3);
    // Same seed, same trial number ⇒ the same proposal a fresh run would have made.
    const fresh = createStudy({ space: quadSpace, algorithm: "random", seed: 3 });
    for (let i = 0; i < 3; i++) fresh.tell(fresh.ask()!.number, i);
    assert.deepEqual(fresh.ask()!.params, t.params);
  });
  it("skips torn and corrupt lines with a warning and reads the event appended after a torn one", () => {
    const dir = tmp();
    const journal = join(dir, "journal.jsonl");
    const a = createStudy({ space: quadSpace, algorithm: "random", journal });
    a.tell(a.ask()!.number, 1);
    a.close();
    appendFileSync(journal, '{"op":"trial","uid":"x","par'); // torn: no newline
    const b = createStudy({ space: quadSpace, algorithm: "random", journal });
    b.tell(b.ask()!.number, 2);
    b.close();
    appendFileSync(journal, "garbage line\n");
    const state = readJournal(dir);
    assert.equal(state.trials.length, 2);
    assert.equal(state.trials.filter((t) => t.state === "complete").length, 2);
    assert.equal(state.warnings.length, 2, state.warnings.join("\n"));
    // Writers never repair the file: the next event follows the torn part on its line, and is read from there.
    assert.ok(readFileSync(journal, "utf8").includes('"par{"op":"trial"'));
  });
  it("gives two writers on one journal distinct trial numbers", () => {
    const journal = join(tmp(), "journal.jsonl");
    const a = createStudy({ space: quadSpace, algorithm: "random", seed: 1, journal });
    const b = createStudy({ space: quadSpace, algorithm: "random", seed: 1, journal });
    const seen = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const ta = a.ask()!,
        tb = b.ask()!;
      assert.ok(!seen.has(ta.number) && !seen.has(tb.number) && ta.number !== tb.number);
      seen.add(ta.number);
      seen.add(tb.number);
      a.tell(ta.number, 1);
      b.tell(tb.number, 2);
    }
    assert.equal(a.trials().length, 20);
    assert.equal(b.trials().filter((t) => t.state === "complete").length, 20);
  });
  it("marks trials of a dead process failed on resume", () => {
    const journal = join(tmp(), "journal.jsonl");
    const a = createStudy({ space: quadSpace, algorithm: "random", journal });
    const t = a.ask()!;
    a.start(t.number, { pid: 999999 });
    a.close();
    const b = createStudy({ space: quadSpace, algorithm: "random", journal });
    assert.deepEqual(
      b.recoverOrphans((pid) => pid !== 999999),
      [t.number],
    );
    assert.equal(b.trials()[t.number].state, "failed");
    assert.match(b.trials()[t.number].error!.message, /run again/);
  });
  it("notices that the annotations changed and keeps old trials", () => {
    const journal = join(tmp(), "journal.jsonl");
    const a = createStudy({ space: quadSpace, algorithm: "random", journal });
    for (let i = 0; i < 4; i++) a.tell(a.ask()!.number, i);
    a.close();
    const b = createStudy({ space: { x: space.float(20, 30) }, algorithm: "random", journal });
    assert.equal(b.trials().length, 4);
    assert.match(b.notices.join("\n"), /annotations changed.*4 earlier trial/);
  });
});

describe("study bookkeeping", () => {
  const recording = () => {
    const seen: number[][] = [];
    const sampler = {
      name: "recording",
      sample: (ctx: SampleContext) => {
        seen.push(ctx.trials.map((t) => t.number));
        return { x: 1 };
      },
    };
    return { seen, sampler };
  };
  const cfg = (sampler: Sampler, journal?: string): StudyConfig => ({
    name: "s",
    space: spaceFromObject({ x: space.float(0, 10) }),
    direction: "minimize",
    algorithm: "random",
    seed: 1,
    sampler,
    ...(journal ? { journal } : {}),
  });

  it("checks each trial against the space once, not on every ask", () => {
    const study = openStudy(cfg(new RandomSampler()));
    let checks = 0;
    // outsideSpace reads a trial's parameter names: count how often that happens for one trial.
    const params = new Proxy({ x: 5 } as Params, {
      ownKeys(target) {
        checks++;
        return Reflect.ownKeys(target);
      },
    });
    study.tell(study.enqueue(params).number, 1);
    for (let i = 0; i < 20; i++) study.tell(study.ask()!.number, i);
    assert.equal(checks, 1);
    assert.equal(study.trials().length, 21);
  });

  it("flags trials another process records outside the space, and samples without them", () => {
    const journal = join(tmp(), "journal.jsonl");
    const { seen, sampler } = recording();
    const ours = openStudy(cfg(sampler, journal));
    ours.tell(ours.ask()!.number, 1);
    // Another writer on the same journal, still on older annotations.
    const other = createStudy({ space: { x: space.float(20, 30) }, algorithm: "random", journal });
    other.tell(other.ask()!.number, 2);
    ours.tell(ours.ask()!.number, 3);
    ours.tell(ours.ask()!.number, 4);
    assert.deepEqual(seen, [[], [0], [0, 2]]);
    const flagged = ours.trials().filter((t) => t.outsideSpace !== undefined);
    assert.deepEqual(
      flagged.map((t) => t.number),
      [1],
    );
    assert.match(flagged[0].outsideSpace!, /outside/);
    other.close();
    ours.close();
  });
});

describe("study locations", () => {
  it("names studies by relative path and refuses escapes", () => {
    assert.equal(studyNameFor("/w", "/w/examples/a b/train.py"), "examples/a b/train.py");
    assert.throws(() => studyDir("/w", "../x"), /invalid study name/);
    const root = tmp();
    writeFileSync(join(tmp(), "x"), "");
    const st = createStudy({
      space: quadSpace,
      algorithm: "random",
      journal: join(studyDir(root, "a/b.py"), "journal.jsonl"),
    });
    st.tell(st.ask()!.number, 1);
    assert.deepEqual(listStudies(root), ["a/b.py"]);
  });
});
