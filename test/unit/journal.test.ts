// Journal storage (docs/studies.md): append-only JSON lines under `.attune/<study>/`, torn and corrupt lines skipped
// with a warning, incremental and sliced reading, concurrent writers, replay, orphaned trials and changed annotations.
import { strict as assert } from "node:assert";
import { spawn, spawnSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createStudy, space } from "../../src/index";
import { parseAnnotations } from "../../src/core/annotations";
import { Rng } from "../../src/core/rng";
import { spaceFromObject } from "../../src/core/space";
import type { StudyEvent, StudyState } from "../../src/core/events";
import { JOURNAL_FILE, JournalReader, JournalWriter, parseJournalLine, readJournal } from "../../src/storage/journal";
import { listStudies, studyDir, studyNameFor } from "../../src/storage/studies";
import { bestTrial } from "../../src/core/study";
import { createAlgorithm } from "../../src/core/algorithms";
import { StudyFollower } from "../../src/extension/model/studyFollower";
import { openStudy } from "../../src/storage/journalStore";
import { pidAlive } from "../../src/runner/kill";
import { appendConcurrently, checkConcurrentJournal } from "./journal-writers";

const roots: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "attune-journal-"));
  roots.push(d);
  return d;
};
after(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

const HOST = hostname();
const quad = { x: space.float(-5, 10), n: space.int(1, 4), opt: space.choice(["adam", "sgd"]) };
const studyEvent = (extra: Partial<StudyEvent> = {}): StudyEvent =>
  ({
    op: "study",
    v: 1,
    name: "train.py",
    direction: "maximize",
    metric: "val_accuracy",
    algorithm: "random",
    seed: 1,
    space: { params: [] },
    spaceHash: "h0",
    t: 1,
    ...extra,
  }) as StudyEvent;
const line = (e: object) => JSON.stringify(e) + "\n";

/** A fresh journal file under `.attune/<name>/` of a temp workspace. */
function journalIn(name = "train.py"): { root: string; dir: string; path: string } {
  const root = tmp();
  const dir = studyDir(root, name);
  mkdirSync(dir, { recursive: true });
  return { root, dir, path: join(dir, JOURNAL_FILE) };
}

/** Everything replay produces, in a form deepEqual can compare (maps as entries). */
function snapshot(s: StudyState): unknown {
  return {
    meta: s.meta,
    trials: s.trials,
    uids: [...s.uids],
    owners: [...s.owners],
    runners: s.runners,
    warnings: s.warnings,
  };
}

describe("journal: files on disk", () => {
  it("keeps a study's journal as append-only JSON lines in .attune/<study>/", () => {
    const root = tmp();
    const name = studyNameFor(root, join(root, "models", "train.py"));
    assert.equal(name, "models/train.py");
    const dir = studyDir(root, name);
    assert.equal(dir, join(root, ".attune", "models", "train.py"));
    const path = join(dir, JOURNAL_FILE);
    const study = openStudy({
      name,
      space: spaceFromObject(quad),
      direction: "maximize",
      algorithm: "random",
      seed: 4,
      ...createAlgorithm("random", {}),
      journal: path,
    });
    let before = readFileSync(path, "utf8");
    for (let i = 0; i < 5; i++) {
      const t = study.ask()!;
      study.report(t.number, 1, i / 10);
      study.tell(t.number, i);
      const now = readFileSync(path, "utf8");
      assert.ok(now.startsWith(before) && now.length > before.length, "every change only appends");
      before = now;
    }
    study.close();
    const lines = before.split("\n");
    assert.equal(lines.pop(), "", "the last line ends with a newline");
    for (const l of lines) assert.equal(typeof JSON.parse(l).op, "string", l);
    assert.deepEqual(listStudies(root), ["models/train.py"]);
  });

  it("lists nested studies and ignores trial folders and folders without a journal", () => {
    const root = tmp();
    for (const name of ["a.py", "src/b.py", "src/deep/c.ts"])
      new JournalWriter(join(studyDir(root, name), JOURNAL_FILE)).append(studyEvent({ name } as Partial<StudyEvent>));
    // A trial's own folder may hold files named like a journal: not a study.
    new JournalWriter(join(studyDir(root, "a.py"), "trials", "0", JOURNAL_FILE)).append(studyEvent());
    writeFileSync(join(root, ".attune", "stray.txt"), "");
    assert.deepEqual(listStudies(root), ["a.py", "src/b.py", "src/deep/c.ts"]);
    assert.deepEqual(listStudies(tmp()), []);
  });

  it("refuses study names that would leave .attune/", () => {
    for (const bad of ["", "../x", "a/../../x", "a//b", "./a", "/etc"])
      assert.throws(() => studyDir("/w", bad), /invalid study name/, bad);
  });

  it("creates the study folder on the first append, not before", () => {
    const root = tmp();
    const dir = studyDir(root, "src/new.py");
    const path = join(dir, JOURNAL_FILE);
    const w = new JournalWriter(path);
    assert.equal(existsSync(dir), false);
    w.append(studyEvent());
    w.close();
    assert.equal(readFileSync(path, "utf8"), line(studyEvent()));
  });

  it("reads a missing journal as an empty study", () => {
    const { dir, path } = journalIn();
    assert.equal(new JournalReader(path).poll(), false);
    const s = readJournal(dir);
    assert.equal(s.meta, undefined);
    assert.deepEqual(s.trials, []);
    assert.deepEqual(s.warnings, []);
  });
});

describe("journal: torn and corrupt lines", () => {
  it("skips a torn last line with a warning, and reads what is appended after it", () => {
    const { dir, path } = journalIn();
    const w = new JournalWriter(path);
    w.append(studyEvent());
    w.append({ op: "trial", uid: "u0", params: { x: 1 }, t: 2 });
    w.close();
    appendFileSync(path, '{"op":"finish","trial":0,"state":"compl'); // the writer died mid-line
    const torn = readJournal(dir);
    assert.equal(torn.trials.length, 1);
    assert.equal(torn.trials[0].state, "queued");
    assert.equal(torn.warnings.length, 1);
    assert.match(torn.warnings[0], /last line is incomplete/);

    // The next writer's event follows the torn line on the same line (writers never repair: see the writers' tests);
    // readers find it there, and only the torn part is lost.
    const w2 = new JournalWriter(path);
    w2.append({ op: "finish", trial: 0, state: "complete", value: 0.5, t: 3 });
    w2.append({ op: "trial", uid: "u1", params: { x: 2 }, t: 4 });
    w2.close();
    const s = readJournal(dir);
    assert.equal(s.trials[0].state, "complete");
    assert.equal(s.trials[0].value, 0.5);
    assert.equal(s.trials[1].params.x, 2);
    assert.equal(s.warnings.length, 1, s.warnings.join("\n"));
    assert.match(s.warnings[0], /:3: torn line skipped \("\{\\"op\\":\\"finish\\",.*compl"\)$/);
  });

  it("finds the event glued onto a torn line even when the torn part holds objects of its own", () => {
    const { dir, path } = journalIn();
    const w = new JournalWriter(path);
    w.append(studyEvent());
    w.append({ op: "trial", uid: "u0", params: { x: 1 }, t: 2 });
    w.close();
    // Killed mid-line inside nested objects that look like events; an incremental reader sees the torn tail first.
    appendFileSync(path, '{"op":"meta","trial":0,"attrs":{"op":"x","y":{"op":"report","trial":0,"step":1');
    const r = new JournalReader(path);
    r.poll();
    assert.equal(r.hasTornTail, true);
    new JournalWriter(path).append({ op: "meta", trial: 0, attrs: { op: "kept" }, t: 3 });
    assert.equal(r.poll(), true);
    assert.equal(r.hasTornTail, false);
    assert.deepEqual(r.state.trials[0].attrs, { op: "kept" });
    assert.equal(r.state.trials[0].intermediate.length, 0, "nothing of the torn part is applied");
    assert.equal(r.state.warnings.length, 1);
    assert.deepEqual(snapshot(readJournal(dir)), snapshot(r.state));
  });

  it("reads a line alone as replay does (what `attune import` uses): the glued event kept, the torn part named", () => {
    const glued = '{"op":"finish","trial":0,"state":"compl' + line({ op: "report", trial: 0, step: 1, t: 2 }).trim();
    const r = parseJournalLine(glued);
    assert.deepEqual(r.event, { op: "report", trial: 0, step: 1, t: 2 });
    assert.match(r.problem!, /^torn line skipped/);
    assert.deepEqual(parseJournalLine("  "), {});
    assert.match(parseJournalLine("nope").problem!, /^unreadable line skipped/);
    assert.match(parseJournalLine("[1]").problem!, /^not a journal event/);
    assert.deepEqual(parseJournalLine(line(studyEvent())), { event: studyEvent() });
  });

  it("skips corrupt lines in the middle with their line numbers and keeps reading", () => {
    const { dir, path } = journalIn();
    const text = [
      line(studyEvent()),
      line({ op: "trial", uid: "a", params: { x: 1 }, t: 2 }),
      "this is not json\n",
      "\n", // blank lines are nothing, not a warning
      line({ op: "explode", t: 3 }), // valid JSON, not an event
      line({ op: "report", trial: 0 }), // an event without its step
      "[1,2,3]\n",
      line({ op: "report", trial: 7, step: 1, value: 1, t: 4 }), // names a trial that does not exist
      '{"op":"trial","uid":"b","params":{"x":2},"t":5}garbage\n',
      line({ op: "trial", uid: "c", params: { x: 3 }, t: 6 }),
      line({ op: "finish", trial: 1, state: "complete", value: 2, t: 7 }),
    ].join("");
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from(text),
        Buffer.from([0xff, 0xfe, 0x00, 0x0a]),
        Buffer.from(line({ op: "finish", trial: 0, state: "failed", t: 8 })),
      ]),
    );
    const s = readJournal(dir);
    assert.deepEqual(
      s.trials.map((t) => [t.params.x, t.state, t.value]),
      [
        [1, "failed", undefined],
        [3, "complete", 2],
      ],
    );
    const where = s.warnings.map((w) => Number(/:(\d+): /.exec(w)?.[1]));
    assert.deepEqual(where, [3, 5, 6, 7, 8, 9, 12], s.warnings.join("\n"));
    assert.match(s.warnings[0], /unreadable line skipped \("this is not json"\)/);
    assert.match(s.warnings[3], /not a journal event/);
    assert.match(s.warnings[4], /unknown trial 7/);
  });

  it("shortens long corrupt lines in warnings", () => {
    const { dir, path } = journalIn();
    writeFileSync(path, line(studyEvent()) + "x".repeat(10_000) + "\n");
    const [w] = readJournal(dir).warnings;
    assert.ok(w.length < 200, w);
    assert.match(w, /x…"\)$/);
  });
});

describe("journal: incremental reading", () => {
  it("sees only new complete lines on each poll", () => {
    const { path } = journalIn();
    const r = new JournalReader(path);
    const w = new JournalWriter(path);
    w.append(studyEvent());
    w.append({ op: "trial", uid: "a", params: { x: 1 }, t: 2 });
    assert.equal(r.poll(), true);
    assert.equal(r.state.trials.length, 1);
    assert.equal(r.poll(), false, "nothing new");
    w.append({ op: "start", trial: 0, pid: 1, host: "h", t: 3 });
    assert.equal(r.poll(), true);
    assert.equal(r.state.trials[0].state, "running");
    assert.equal(r.bytesRead, statSync(path).size);
    w.close();
  });

  it("waits for a partial line to be completed, even when it splits a UTF-8 character", () => {
    const { path } = journalIn();
    writeFileSync(path, line(studyEvent()));
    const r = new JournalReader(path);
    r.poll();
    const bytes = Buffer.from(line({ op: "trial", uid: "é", params: { opt: "日本語 ✓" }, t: 2 }));
    const cut = bytes.indexOf(Buffer.from("本")) + 1; // inside the 3-byte character
    appendFileSync(path, bytes.subarray(0, cut));
    assert.equal(r.poll(), false);
    assert.equal(r.hasTornTail, true);
    assert.equal(r.state.trials.length, 0);
    appendFileSync(path, bytes.subarray(cut, bytes.length - 1)); // all but the newline
    assert.equal(r.poll(), false);
    appendFileSync(path, "\n");
    assert.equal(r.poll(), true);
    assert.equal(r.hasTornTail, false);
    assert.deepEqual(r.state.trials[0].params, { opt: "日本語 ✓" });
    assert.equal(r.state.uids.get("é"), 0);
    assert.deepEqual(r.state.warnings, []);
  });

  it("refuses a journal that shrank (replaced, not appended to)", () => {
    const { path } = journalIn();
    writeFileSync(path, line(studyEvent()) + line({ op: "trial", uid: "a", params: {}, t: 2 }));
    const r = new JournalReader(path);
    r.poll();
    writeFileSync(path, line(studyEvent()));
    assert.throws(() => r.poll(), /shrank/);
  });
});

describe("journal: reading in slices", () => {
  /** A journal of `n` trials with reports, a corrupt line in the middle and a torn tail. */
  function bigJournal(n: number): { dir: string; path: string } {
    const { dir, path } = journalIn();
    const w = new JournalWriter(path);
    w.append(studyEvent());
    for (let i = 0; i < n; i++) {
      w.append({ op: "trial", uid: `${HOST}:1:${i}`, params: { x: i, note: "ü".repeat(i % 7) }, t: i });
      w.append({ op: "start", trial: i, pid: 1, host: HOST, t: i });
      for (let s = 1; s <= 5; s++)
        w.append({ op: "report", trial: i, step: s, value: i + s / 10, metrics: { val_accuracy: s / 10 }, t: i });
      w.append({ op: "finish", trial: i, state: i % 5 ? "complete" : "pruned", value: i, t: i });
      if (i === Math.floor(n / 2)) {
        w.close();
        appendFileSync(path, "corrupt {\n");
      }
    }
    w.close();
    appendFileSync(path, '{"op":"trial","uid":"torn"');
    return { dir, path };
  }

  it("reads a big journal completely across several bounded polls, with the result of one unlimited poll", () => {
    const { path } = bigJournal(300);
    const size = statSync(path).size;
    const whole = new JournalReader(path);
    whole.poll();
    assert.equal(whole.behind, false);
    assert.equal(whole.hasTornTail, true);

    const sliced = new JournalReader(path);
    const maxBytes = 16 * 1024;
    let polls = 0;
    let read = 0;
    do {
      sliced.poll({ maxBytes });
      polls++;
      assert.ok(sliced.bytesRead - read <= maxBytes, "a poll reads no more than it may");
      assert.ok(sliced.bytesRead > read, "every poll makes progress");
      read = sliced.bytesRead;
      // Cut short, the partial last line is not yet a torn tail.
      if (sliced.behind) assert.equal(sliced.hasTornTail, false);
    } while (sliced.behind);
    assert.equal(polls, Math.ceil(size / maxBytes));
    assert.ok(polls > 10);
    assert.equal(sliced.hasTornTail, true);
    assert.deepEqual(snapshot(sliced.state), snapshot(whole.state));
    assert.equal(whole.state.trials.length, 300);
    assert.equal(whole.state.warnings.length, 1);
  });

  it("gives the same study for any slicing, down to one byte a poll (seeded)", () => {
    const { path } = bigJournal(15);
    const whole = new JournalReader(path);
    whole.poll();
    const rng = new Rng(7);
    for (let run = 0; run < 6; run++) {
      const r = new JournalReader(path);
      while (r.poll({ maxBytes: run === 0 ? 1 : 1 + rng.int(900) }) || r.behind) {
        /* keep reading */
      }
      assert.deepEqual(snapshot(r.state), snapshot(whole.state), `run ${run}`);
    }
  });

  it("with maxBytes 0 only looks at the size", () => {
    const { path } = bigJournal(3);
    const r = new JournalReader(path);
    assert.equal(r.poll({ maxBytes: 0 }), false);
    assert.equal(r.behind, true);
    assert.equal(r.bytesRead, 0);
    r.poll();
    assert.equal(r.behind, false);
  });

  it("lets the extension's StudyFollower catch up over several polls", () => {
    const { path } = bigJournal(200);
    const dir = resolve(path, "..");
    const f = new StudyFollower(resolve(dir, "../.."), "train.py", dir);
    let polls = 0;
    let changes = 0;
    do {
      if (f.poll(8 * 1024)) changes++;
      polls++;
    } while (f.behind);
    assert.ok(polls > 5, `${polls} polls`);
    assert.equal(changes, polls);
    assert.equal(f.state.trials.length, 200);
    assert.equal(f.counts().done, 200);
    assert.equal(f.best()!.value, 199);
    assert.equal(f.poll(8 * 1024), false);
  });

  it("starts over when the journal is replaced by a smaller one (study deleted and run afresh)", () => {
    const { path } = bigJournal(50);
    const dir = resolve(path, "..");
    const f = new StudyFollower(resolve(dir, "../.."), "train.py", dir);
    f.poll();
    assert.equal(f.state.trials.length, 50);
    const small = bigJournal(3).path;
    writeFileSync(path, readFileSync(small));
    assert.equal(f.poll(), true);
    assert.equal(f.state.trials.length, 3);
    assert.ok(!f.state.warnings.some((w) => /shrank/.test(w)), f.state.warnings.join("; "));
    assert.equal(f.poll(), false);
  });
});

describe("journal: several writers at once", () => {
  it("loses and interleaves nothing when processes append concurrently", async function () {
    this.timeout(60_000);
    const { dir, path } = journalIn();
    await appendConcurrently(dir, path);
    checkConcurrentJournal(dir, path);
  });

  // The cause of the extra line the test above used to find now and then (1602 of 1601): Linux grows a file page by
  // page during one write(), so a writer opening while another's 20 KB line is being written saw a line without its
  // newline, took it for torn and appended "\n" (landing after the whole line: a blank line). Staged here in order.
  it("adds no line when a writer opens while another's line is half-written", () => {
    const { dir, path } = journalIn();
    new JournalWriter(path).append(studyEvent());
    const a = Buffer.from(line({ op: "trial", uid: "a", params: { pad: "x".repeat(20000) }, t: 2 }));
    appendFileSync(path, a.subarray(0, 8192)); // writer A's write() is two pages in
    const seen = statSync(path).size;
    const b = new JournalWriter(path);
    b.open(); // writer B opens now
    assert.equal(statSync(path).size, seen, "opening a journal writes nothing");
    appendFileSync(path, a.subarray(8192)); // A's write() completes
    b.append({ op: "trial", uid: "b", params: {}, t: 3 });
    b.close();
    const lines = readFileSync(path, "utf8").split("\n");
    assert.equal(lines.pop(), "");
    assert.deepEqual(
      lines.map((l) => JSON.parse(l).op),
      ["study", "trial", "trial"],
    );
    const s = readJournal(dir);
    assert.deepEqual(
      s.trials.map((t) => t.params.pad?.toString().length ?? 0),
      [20000, 0],
    );
    assert.deepEqual(s.warnings, []);
  });
});

describe("journal: replay", () => {
  it("reconstructs trials, states, intermediate values, metrics and the best trial from events", () => {
    const { dir, path } = journalIn();
    const events: StudyEvent[] = [
      studyEvent(),
      { op: "runner", event: "start", pid: 10, host: "h", t: 1 },
      { op: "trial", uid: "h:10:a", params: { lr: 0.1 }, budget: 9, bracket: 0, t: 2 },
      { op: "trial", uid: "h:10:b", params: { lr: 0.01 }, budget: 9, t: 3 },
      { op: "trial", uid: "h:10:c", params: { lr: 0.001 }, budget: 9, attrs: { retryOf: 1 }, t: 4 },
      { op: "trial", uid: "h:10:a", params: { lr: 99 }, t: 5 }, // the same uid again is the same trial
      { op: "start", trial: 0, pid: 11, host: "h", gpu: "0", t: 10 },
      { op: "start", trial: 1, pid: 12, host: "h", t: 11 },
      { op: "report", trial: 0, step: 1, value: 0.5, metrics: { val_accuracy: 0.5, val_loss: 1.2 }, t: 12 },
      { op: "report", trial: 0, step: 2, value: 0.6, metrics: { val_accuracy: 0.6 }, t: 13 },
      { op: "report", trial: 0, step: 2, value: 0.65, metrics: { val_accuracy: 0.65 }, t: 14 }, // same step: replaces
      { op: "report", trial: 0, step: 2, metrics: { lr_now: 0.05 }, t: 15 }, // metrics only
      { op: "meta", trial: 0, backend: "tensorflow", t: 16 },
      { op: "report", trial: 1, step: 1, value: 0.9, t: 17 },
      { op: "finish", trial: 0, state: "complete", value: 0.65, t: 20 },
      { op: "finish", trial: 1, state: "pruned", value: 0.9, t: 21 },
      { op: "start", trial: 2, pid: 13, host: "h", t: 22 },
      {
        op: "finish",
        trial: 2,
        state: "failed",
        error: { message: "exited with code 1", sourceLine: "train.py:3: x = 1/0" },
        t: 23,
      },
      { op: "space", space: { params: [] }, spaceHash: "h1", t: 24 },
      { op: "runner", event: "stop", pid: 10, host: "h", t: 30 },
    ];
    const w = new JournalWriter(path);
    for (const e of events) w.append(e);
    w.close();
    const s = readJournal(dir);
    assert.deepEqual(s.warnings, []);
    assert.equal(s.meta!.spaceHash, "h1");
    assert.equal(s.meta!.createdAt, 1);
    assert.deepEqual(
      s.trials.map((t) => t.state),
      ["complete", "pruned", "failed"],
    );
    const [a, b, c] = s.trials;
    assert.deepEqual(a.params, { lr: 0.1 });
    assert.deepEqual(a.intermediate, [
      [1, 0.5],
      [2, 0.65],
    ]);
    assert.deepEqual(a.metrics, { val_accuracy: 0.65, val_loss: 1.2, lr_now: 0.05 });
    assert.equal(a.value, 0.65);
    assert.equal(a.backend, "tensorflow");
    assert.equal(a.gpu, "0");
    assert.equal(a.bracket, 0);
    assert.deepEqual([a.startedAt, a.finishedAt], [10, 20]);
    assert.deepEqual(b.intermediate, [[1, 0.9]]);
    assert.equal(b.value, 0.9);
    assert.equal(c.value, undefined);
    assert.deepEqual(c.attrs, { retryOf: 1 });
    assert.equal(c.error!.sourceLine, "train.py:3: x = 1/0");
    // A pruned trial's higher value does not make it the best.
    assert.deepEqual(bestTrial(s.trials, "maximize"), { number: 0, value: 0.65, params: { lr: 0.1 } });
    assert.equal(s.owners.size, 0, "finished trials have no owner left");
    assert.deepEqual(s.runners, [{ pid: 10, host: "h", startedAt: 1, stoppedAt: 30 }]);
  });

  it("replays a Study's own journal into the trials the Study holds", () => {
    const { dir, path } = journalIn();
    const study = createStudy({ space: quad, direction: "minimize", algorithm: "random", seed: 11, journal: path });
    const rng = new Rng(3);
    for (let i = 0; i < 12; i++) {
      const t = study.ask()!;
      const steps = 1 + rng.int(4);
      for (let s = 1; s <= steps; s++) study.report(t.number, s, rng.uniform(0, 10), { loss: rng.random() });
      if (i % 4 === 3) study.tell(t.number, { state: "failed", error: { message: "boom" } });
      else study.tell(t.number, i % 5 === 0 ? NaN : rng.uniform(0, 10));
    }
    const live = study.trials();
    const best = study.best();
    study.close();
    const s = readJournal(dir);
    assert.deepEqual(s.trials, live);
    assert.deepEqual(bestTrial(s.trials, "minimize"), best);
    assert.ok(
      s.trials.some((t) => t.state === "failed" && /NaN/.test(t.error!.message)),
      "NaN was recorded as failed",
    );
  });
});

describe("journal: trials left running by a dead process", () => {
  /** The pid of a process that has exited. */
  function deadPid(): number {
    const r = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    return Number(r.stdout.trim());
  }

  it("are marked failed (retriable) on resume; live, remote and finished trials are left alone", async () => {
    const { dir, path } = journalIn();
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      const dead = deadPid();
      const a = createStudy({ space: quad, algorithm: "random", seed: 2, journal: path });
      const running = a.ask()!; // started by a process that died
      a.start(running.number, { pid: dead });
      const alive = a.ask()!; // started by a process that still runs
      a.start(alive.number, { pid: sleeper.pid! });
      const done = a.ask()!;
      a.start(done.number, { pid: dead });
      a.tell(done.number, 1);
      const remote = a.ask()!;
      a.close();
      const w = new JournalWriter(path);
      // can't be checked from here
      w.append({ op: "start", trial: remote.number, pid: dead, host: `not-${HOST}`, t: Date.now() });
      // A trial created (queued) by a process that died before starting it.
      w.append({ op: "trial", uid: `${HOST}:${dead}:x:0`, params: { x: 0, n: 1, opt: "sgd" }, t: Date.now() });
      w.close();

      const b = createStudy({ space: quad, algorithm: "random", seed: 2, journal: path });
      const orphans = b.recoverOrphans(pidAlive);
      assert.deepEqual(orphans, [running.number, 4]);
      const s = readJournal(dir);
      assert.deepEqual(
        s.trials.map((t) => t.state),
        ["failed", "running", "complete", "running", "failed"],
      );
      for (const n of orphans) {
        assert.equal(s.trials[n].error!.retriable, true);
        assert.match(s.trials[n].error!.message, /stopped \(killed or crashed\)/);
      }
      assert.deepEqual(b.recoverOrphans(pidAlive), [], "a second resume finds nothing new");
      b.close();
    } finally {
      sleeper.kill();
    }
  });
});

describe("journal: changed annotations", () => {
  const source = (lo: number, extra = "") =>
    `lr = 0.01  # @tune float(${lo}, 0.1, log)\nopt = "adam"  # @tune choice("adam", "sgd")\n${extra}# @tune ` +
    `objective: maximize val_accuracy\n`;
  const open = (path: string, text: string) => {
    const f = parseAnnotations(text, "train.py");
    assert.deepEqual(f.diagnostics, []);
    return openStudy({
      name: "train.py",
      space: f.space,
      direction: "maximize",
      metric: "val_accuracy",
      algorithm: "random",
      seed: 1,
      ...createAlgorithm("random", {}),
      journal: path,
    });
  };

  it("notices a changed search space, records it, and flags (keeps) trials outside it", () => {
    const { dir, path } = journalIn();
    const a = open(path, source(0.001));
    a.enqueue({ lr: 0.002, opt: "adam" });
    a.enqueue({ lr: 0.05, opt: "sgd" });
    for (const t of a.trials()) a.tell(t.number, t.number);
    a.close();
    const hash0 = readJournal(dir).meta!.spaceHash;

    // Same annotations, other formatting and line numbers: no change.
    const same = open(path, "\n\n" + source(0.001).replace("  #", "      #"));
    assert.deepEqual(same.notices, []);
    same.close();
    assert.equal(readJournal(dir).meta!.spaceHash, hash0);

    const size = statSync(path).size;
    const b = open(path, source(0.01));
    assert.equal(b.notices.length, 1);
    assert.match(
      b.notices[0],
      /annotations changed since this study began; 1 earlier trial\(s\) fall outside the new space and are flagged/,
    );
    assert.match(readFileSync(path, "utf8").slice(size), /^\{"op":"space"/, "the new space is recorded");
    const trials = b.trials();
    assert.equal(trials.length, 2, "nothing is lost");
    assert.match(trials[0].outsideSpace!, /lr=0.002 is outside float\(0.01, 0.1, log\)/);
    assert.equal(trials[1].outsideSpace, undefined);
    assert.equal(b.best()!.number, 1);
    b.close();
    const s = readJournal(dir);
    assert.notEqual(s.meta!.spaceHash, hash0);
    assert.equal(s.meta!.createdAt, readJournal(dir).meta!.createdAt);

    // Reopened with the new annotations: nothing to report any more.
    const c = open(path, source(0.01));
    assert.deepEqual(c.notices, []);
    c.close();
  });

  it("flags trials of a removed parameter and reports the added one", () => {
    const { path } = journalIn();
    const a = open(path, source(0.001));
    a.tell(a.enqueue({ lr: 0.01, opt: "adam" }).number, 1);
    a.close();
    const b = open(path, source(0.001, `units = 32  # @tune int(16, 64)\n`));
    assert.match(b.notices.join("\n"), /1 earlier trial\(s\) fall outside/);
    assert.match(b.trials()[0].outsideSpace!, /parameter "units" is missing/);
    b.close();
  });

  it("passes journal warnings on to the user when resuming", () => {
    const { path } = journalIn();
    open(path, source(0.001)).close();
    appendFileSync(path, "oops\n");
    const b = open(path, source(0.001));
    assert.equal(b.notices.length, 1);
    assert.match(b.notices[0], /:2: unreadable line skipped/);
    b.close();
  });
});
