// Exact trial counts on a journal shared by several processes (docs/studies.md): a trial ask() proposes is a claim
// appended with the limit, granted or refused by replaying the journal in order, so every process agrees.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { Study, TrialLimitReached, TrialTaken } from "../../src/core/study";
import { grantedEvents, type StudyEvent } from "../../src/core/events";
import { JOURNAL_FILE, readJournal } from "../../src/storage/journal";
import { JournalStore } from "../../src/storage/journalStore";
import { askConcurrently, checkClaims, randomStudyConfig } from "./journal-writers";

const roots: string[] = [];
after(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

function journal(): { dir: string; path: string } {
  const dir = join(mkdtempSync(join(tmpdir(), "attune-claims-")), ".attune", "train.py");
  roots.push(dir);
  mkdirSync(dir, { recursive: true });
  return { dir, path: join(dir, JOURNAL_FILE) };
}

/** A journal store that lets `before` run once just before its next append: another process's write that lands
 * between this process's ask (which saw a free slot) and its own claim. */
class StagedStore extends JournalStore {
  before: (() => void) | undefined;
  override append(e: StudyEvent): void {
    const go = this.before;
    this.before = undefined;
    go?.();
    super.append(e);
  }
}

/** `n` run loops' studies (processes `pid` 1..n) on one journal, each allowed `limit` trials. */
function processes(path: string, n: number, limit: number): { studies: Study[]; stores: StagedStore[] } {
  const stores = Array.from({ length: n }, () => new StagedStore(path));
  const studies = stores.map((store, i) => {
    const s = new Study({
      ...randomStudyConfig(),
      store,
      owner: { pid: i + 1, host: hostname() },
      rngSalt: String(i + 1),
    });
    s.trialLimit = limit;
    return s;
  });
  return { studies, stores };
}

/** ask(), or "full" when the journal refused the claim. */
function ask(s: Study): number | "full" {
  try {
    return s.ask()!.number;
  } catch (e) {
    if (e instanceof TrialLimitReached) return "full";
    throw e;
  }
}

describe("journal: exact trial counts for several processes", () => {
  it("refuses a claim that lands after another process took the last slot, and every process agrees", () => {
    const { dir, path } = journal();
    const { studies, stores } = processes(path, 3, 3);
    const [a, b, c] = studies;
    assert.equal(ask(a), 0);
    assert.equal(ask(b), 1);
    // C asks seeing 2 of 3 slots taken; A's claim is appended between C's look and C's own claim.
    let aGot: number | "full" | undefined;
    stores[2].before = () => (aGot = ask(a));
    assert.equal(ask(c), "full");
    assert.equal(aGot, 2);
    for (const s of studies)
      assert.deepEqual(
        s.trials().map((t) => t.number),
        [0, 1, 2],
      );
    // The refused claim stays in the journal (append-only) but is no trial for any reader.
    const lines = readFileSync(path, "utf8").trim().split("\n");
    assert.equal(lines.filter((l) => JSON.parse(l).op === "trial").length, 4);
    const s = readJournal(dir);
    assert.equal(s.trials.length, 3);
    assert.equal(s.refused.size, 1);
    assert.deepEqual(s.warnings, []);
    // A copy of the study elsewhere (`attune import` into PostgreSQL) leaves the refused claim out.
    const events = lines.map((l) => JSON.parse(l) as StudyEvent);
    assert.equal(grantedEvents(events).filter((e) => e.op === "trial").length, 3);
    for (const st of studies) st.close();
  });

  it("runs exactly the limit between processes asking in turn, whatever each one still wants", () => {
    const { dir, path } = journal();
    const { studies } = processes(path, 3, 7);
    const got: (number | "full")[][] = [[], [], []];
    for (let round = 0; round < 4; round++)
      studies.forEach((s, i) => {
        const n = ask(s);
        got[i].push(n);
        if (n !== "full") s.tell(n, n / 10);
      });
    assert.deepEqual(got, [
      [0, 3, 6, "full"],
      [1, 4, "full", "full"],
      [2, 5, "full", "full"],
    ]);
    assert.equal(readJournal(dir).trials.filter((t) => t.state === "complete").length, 7);
    for (const s of studies) s.close();
  });

  it("keeps a failed trial's slot for its retry, as the database does; retries, enqueued trials never refused", () => {
    const { dir, path } = journal();
    const { studies } = processes(path, 2, 3);
    const [a, b] = studies;
    for (const n of [ask(a), ask(b), ask(a)]) assert.equal(typeof n, "number");
    a.tell(0, { state: "failed", error: { message: "diverged" } }); // counts, like a complete trial
    assert.equal(ask(b), "full");
    // Its retry will take the slot: a peer's ask may not, or the study would run one trial more than the limit.
    b.tell(1, { state: "failed", error: { message: "cancelled", retriable: true } });
    assert.equal(ask(b), "full");
    // Past the limit, a retry (and a user's enqueued trial) still runs, as before: only asks are claims.
    assert.equal(b.enqueue({ x: 0.5 }, undefined, { retryOf: 1 }).number, 3);
    assert.equal(a.enqueue({ x: 0.25 }).number, 4);
    assert.equal(ask(a), "full");
    const s = readJournal(dir);
    assert.equal(s.slotsHeld, 4);
    assert.equal(s.trials.length, 5);
    for (const st of studies) st.close();
  });

  it("makes no claims without a trial limit (the library) or with an infinite one (a whole grid)", () => {
    const { dir, path } = journal();
    const { studies } = processes(path, 1, Infinity);
    const [a] = studies;
    for (let i = 0; i < 3; i++) ask(a);
    a.trialLimit = undefined;
    ask(a);
    const text = readFileSync(path, "utf8");
    assert.ok(!text.includes('"limit"'), text);
    assert.equal(readJournal(dir).trials.length, 4);
    a.close();
  });

  it("adds a new study's baseline once, though two processes both saw the study empty", () => {
    const { dir, path } = journal();
    const { studies } = processes(path, 2, 5);
    const [a, b] = studies;
    assert.equal(a.enqueue({ x: 0.5 }, undefined, { baseline: true }).number, 0);
    assert.throws(() => b.enqueue({ x: 0.5 }, undefined, { baseline: true }), TrialTaken);
    // A retry of the baseline is not a second baseline: it is added.
    a.tell(0, { state: "failed", error: { message: "killed", retriable: true } });
    assert.equal(b.enqueue({ x: 0.5 }, undefined, { baseline: true, retryOf: 0 }).number, 1);
    const s = readJournal(dir);
    assert.equal(s.trials.length, 2);
    assert.equal(s.refused.size, 1);
    for (const st of studies) st.close();
  });

  it("a promotion holds no slot (the same configuration trained further) and is added once study-wide", () => {
    const { dir, path } = journal();
    const { studies } = processes(path, 2, 2);
    const [a, b] = studies;
    assert.deepEqual([ask(a), ask(b)], [0, 1]);
    assert.equal(a.enqueue({ x: 0.5 }, 3, { promotedFrom: 0 }).number, 2);
    assert.throws(() => b.enqueue({ x: 0.5 }, 3, { promotedFrom: 0 }), TrialTaken);
    assert.equal(b.enqueue({ x: 0.5 }, 3, { promotedFrom: 1 }).number, 3);
    assert.equal(ask(a), "full");
    const s = readJournal(dir);
    assert.equal(s.slotsHeld, 2);
    assert.equal(s.trials.length, 4);
    for (const st of studies) st.close();
  });

  it("salts the draws of every runner but the earliest live one, so processes asking together differ", () => {
    const { path } = journal();
    const stores = [new StagedStore(path), new StagedStore(path)];
    const studies = stores.map(
      (store, i) =>
        new Study({
          ...randomStudyConfig(),
          store,
          owner: { pid: i + 1, host: hostname() },
        }),
    );
    const [a, b] = studies;
    a.runnerStarted();
    b.runnerStarted();
    // B draws at history length 0, then A asks (and appends) before B's claim lands: both drew for trial 0.
    stores[1].before = () => a.ask();
    b.ask();
    const [first, second] = a.trials();
    assert.notDeepEqual(first.params, second.params);
    // The earliest runner (A) draws what a study run by one process draws.
    const alone = new Study(randomStudyConfig());
    assert.deepEqual(first.params, alone.ask()!.params);
    for (const s of studies) s.close();
  });

  it("3 processes asking at once on one journal run exactly the limit between them", async function () {
    this.timeout(60_000);
    const { dir, path } = journal();
    checkClaims(dir, await askConcurrently(dir, path));
  });
});
