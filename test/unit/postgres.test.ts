// PostgreSQL storage against a real server started by the tests (no mocks): migrations, many processes on one study,
// a torn connection, 10,000+ trials read incrementally, and export/import with the journal.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createStudy, space } from "../../src/index";
import { JournalWriter, readJournal } from "../../src/storage/journal";
import type { StudyEvent } from "../../src/core/events";
import { isBaseline } from "../../src/core/baseline";
import { PostgresStore, TrialRefused } from "../../src/storage/postgres/store";
import { parsePgUrl, resolveStorage } from "../../src/storage/postgres/url";
import { usePgServer } from "../pg/server";

const SPACE = { x: space.float(-5, 5), n: space.int(1, 4) };

/** Run `count` ask/tell pairs in a separate Node process on the same study; resolves to the numbers it got. */
function libraryWorker(url: string, name: string, count: number): Promise<number[]> {
  const src = resolve(__dirname, "../../src/index.ts");
  const code = `
    const { createStudy, space } = require(${JSON.stringify(src)});
    const s = createStudy({ space: { x: space.float(-5, 5), n: space.int(1, 4) }, algorithm: "random",
      storage: process.argv[1], name: process.argv[2] });
    const got = [];
    for (let i = 0; i < Number(process.argv[3]); i++) { const t = s.ask(); s.tell(t.number, t.params.x ** 2); got.push(t.number); }
    s.close();
    process.stdout.write(JSON.stringify(got));`;
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ["--import", "tsx", "-e", code, url, name, String(count)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => (code === 0 ? res(JSON.parse(out) as number[]) : rej(new Error(err))));
  });
}

describe("PostgreSQL storage", function () {
  this.timeout(180_000);
  const server = usePgServer(this, { settings: { fsync: "off" } });

  it("resolves --storage and ATTUNE_STORAGE, and says what is wrong with a bad URL", () => {
    assert.equal(resolveStorage(undefined, {}), undefined);
    assert.equal(resolveStorage(undefined, { ATTUNE_STORAGE: "journal" }), undefined);
    assert.equal(resolveStorage(undefined, { ATTUNE_STORAGE: "postgresql://a@h/db" })?.url, "postgresql://a@h/db");
    assert.equal(parsePgUrl("postgresql://u:secret@h:5432/db").display, "postgresql://u:***@h:5432/db");
    assert.throws(() => parsePgUrl("http://h/db"), /must be a postgresql:\/\/ URL/);
    assert.throws(() => parsePgUrl("not a url"), /is not a URL; use postgresql:\/\//);
  });

  it("creates its schema on first use, once, and refuses a newer one", () => {
    const url = server().createDb("migrate");
    const a = new PostgresStore(parsePgUrl(url), "s", { create: true });
    a.close();
    const b = new PostgresStore(parsePgUrl(url), "s", { create: true });
    b.close();
    assert.equal(server().psql("migrate", "SELECT string_agg(version::text, ',') FROM attune_schema"), "1,2,3");
    server().psql("migrate", "INSERT INTO attune_schema VALUES (99)");
    assert.throws(() => new PostgresStore(parsePgUrl(url), "s", { create: true }), /schema version 99, newer/);
  });

  it("adds a new study's baseline once, though two workers both saw the study empty and proposed it", () => {
    // The interleaving behind a duplicated config (a lost trial) in 4-worker runs: each worker checks for a baseline,
    // finds none, and enqueues one. The database decides (docs/studies.md): the second is refused as taken.
    const url = server().createDb("baseline");
    const open = () => createStudy({ space: SPACE, algorithm: "random", storage: url, name: "b", seed: 1 });
    const [a, b] = [open(), open()];
    const file = { x: 0.5, n: 2 };
    assert.ok(!a.trials().some(isBaseline) && !b.trials().some(isBaseline));
    assert.equal(a.enqueue(file, undefined, { baseline: true }).number, 0);
    assert.throws(
      () => b.enqueue(file, undefined, { baseline: true }),
      (e: unknown) => e instanceof TrialRefused && e.reason === "taken",
    );
    // Its retry is no second baseline.
    assert.equal(b.enqueue(file, undefined, { baseline: true, retryOf: 0 }).number, 1);
    // b's own record (a's may not have read b's retry yet).
    assert.deepEqual(
      b.trials().map((t) => t.attrs),
      [{ baseline: true }, { baseline: true, retryOf: 0 }],
    );
    a.close();
    b.close();
  });

  it("a promotion takes no slot under the limit and is added once study-wide", () => {
    const url = server().createDb("promotions");
    const store = new PostgresStore(parsePgUrl(url), "p", { create: true });
    const trial = (uid: string, attrs?: Record<string, unknown>): StudyEvent => ({
      op: "trial",
      uid,
      params: {},
      ...(attrs ? { attrs } : {}),
      t: 0,
    });
    store.limit = 1;
    store.append(trial("h:1:a"));
    store.append(trial("h:1:b", { promotedFrom: 0 }));
    assert.throws(
      () => store.append(trial("h:1:c", { promotedFrom: 0 })),
      (e: unknown) => e instanceof TrialRefused && e.reason === "taken",
    );
    assert.throws(
      () => store.append(trial("h:1:d")),
      (e: unknown) => e instanceof TrialRefused && e.reason === "full",
    );
    assert.equal(store.state.trials.length, 2);
    store.close();
  });

  it("keeps no baseline claim when no slot was left for it; a re-sent insert is no refusal; import claims it", () => {
    const url = server().createDb("baseline2");
    const store = new PostgresStore(parsePgUrl(url), "b", { create: true });
    const baseline = (uid: string): StudyEvent => ({ op: "trial", uid, params: {}, attrs: { baseline: true }, t: 0 });
    store.limit = 0;
    assert.throws(
      () => store.append(baseline("h:1:a")),
      (e: unknown) => e instanceof TrialRefused && e.reason === "full",
    );
    store.limit = 1;
    store.append(baseline("h:1:b"));
    // The same insert again (its commit's answer was lost): already there, not refused.
    store.append(baseline("h:1:b"));
    assert.equal(store.state.trials.length, 1);
    store.close();
    // A study imported from a journal keeps its baseline's claim.
    const imported = new PostgresStore(parsePgUrl(url), "imported", { create: true });
    imported.importEvents([baseline("h:2:a")]);
    assert.throws(
      () => imported.append(baseline("h:2:b")),
      (e: unknown) => e instanceof TrialRefused,
    );
    imported.close();
  });

  it("gives many processes on one study unique trial numbers and keeps every tell (exact counts)", async () => {
    const url = server().createDb("many");
    const per = 25;
    const got = await Promise.all([0, 1, 2, 3, 4, 5].map(() => libraryWorker(url, "many", per)));
    const all = got.flat().sort((a, b) => a - b);
    assert.deepEqual(
      all,
      Array.from({ length: 6 * per }, (_, i) => i),
    );
    const reader = new PostgresStore(parsePgUrl(url), "many", { create: false });
    assert.equal(reader.state.trials.length, 6 * per);
    assert.ok(reader.state.trials.every((t) => t.state === "complete" && t.value !== undefined));
    // The six processes drew different points (each has its own random stream; with floats drawn at 4 significant
    // digits a point may come twice by chance, but six copies of one stream would give 25).
    assert.ok(new Set(reader.state.trials.map((t) => t.params.x)).size >= 6 * per - 6);
    reader.close();
  });

  it("survives torn connections: writes are retried and a reader catches up by position", () => {
    const url = server().createDb("torn");
    const s = createStudy({ space: SPACE, algorithm: "random", storage: url, name: "torn", seed: 1 });
    const other = new PostgresStore(parsePgUrl(url), "torn", { create: false });
    for (let i = 0; i < 5; i++) {
      const t = s.ask()!;
      s.tell(t.number, i);
    }
    server().terminateClients();
    for (let i = 5; i < 10; i++) {
      const t = s.ask()!;
      s.tell(t.number, i);
    }
    assert.equal(s.trials().length, 10);
    // The other reader's LISTEN connection was torn too; a forced read (or its reconnect) brings everything.
    for (let i = 0; i < 50 && other.state.trials.filter((t) => t.state === "complete").length < 10; i++)
      other.refresh(true, 100);
    assert.deepEqual(
      other.state.trials.map((t) => t.value),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    s.close();
    other.close();
  });

  it("holds 10,000+ trials, reads only what is new on each ask, and moves to and from the journal", () => {
    const url = server().createDb("big");
    const dir = mkdtempSync(join(tmpdir(), "attune-big-"));
    const path = join(dir, "journal.jsonl");
    const w = new JournalWriter(path);
    const t = Date.now();
    const seeded = createStudy({ space: SPACE, algorithm: "random", seed: 3 });
    const header: StudyEvent = {
      op: "study",
      v: 1,
      name: "big",
      direction: "minimize",
      algorithm: "random",
      seed: 3,
      space: (seeded as unknown as { space: never }).space,
      spaceHash: "",
      t,
    };
    w.append(header);
    for (let i = 0; i < 10_000; i++) {
      w.append({ op: "trial", uid: `import:1:${i}`, params: { x: (i % 100) / 10 - 5, n: 1 + (i % 4) }, t });
      w.append({ op: "finish", trial: i, state: "complete", value: i, t });
    }
    w.close();
    const events = readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as StudyEvent);
    const store = new PostgresStore(parsePgUrl(url), "big", { create: true });
    store.importEvents(events);
    assert.equal(store.state.trials.length, 10_000);
    store.close();

    const s = createStudy({ space: SPACE, algorithm: "random", storage: url, name: "big", seed: 3 });
    const inner = (s as unknown as { store: PostgresStore }).store;
    const before = inner.eventsRead;
    const t0 = Date.now();
    for (let i = 0; i < 50; i++) {
      const a = s.ask()!;
      assert.equal(a.number, 10_000 + i);
      s.tell(a.number, -i);
    }
    const ms = (Date.now() - t0) / 50;
    // 50 asks and tells wrote 100 events (plus the space event): each read took only what was new.
    assert.ok(inner.eventsRead - before <= 102, `read ${inner.eventsRead - before} events for 50 ask/tell pairs`);
    assert.ok(ms < 200, `ask+tell at 10,000 trials took ${ms} ms`);
    assert.equal(s.best()!.value, -49);
    s.close();

    const back = new PostgresStore(parsePgUrl(url), "big", { create: false });
    const out = join(dir, "out", "journal.jsonl");
    const w2 = new JournalWriter(out);
    for (const e of back.exportEvents()) w2.append(e);
    w2.close();
    back.close();
    const state = readJournal(join(dir, "out"));
    assert.equal(state.trials.length, 10_050);
    assert.equal(state.trials[10_049].value, -49);
  });
});

describe("PostgreSQL live feed (views)", function () {
  this.timeout(120_000);
  const server = usePgServer(this, { settings: { fsync: "off" } });

  it("follows a study by LISTEN/NOTIFY, and catches up by position after its connection is torn", async () => {
    const url = server().createDb("feed");
    const target = parsePgUrl(url);
    const { PgFeed, listPgStudies } = await import("../../src/storage/postgres/feed");
    const s = createStudy({ space: SPACE, algorithm: "random", storage: url, name: "live", seed: 2 });
    assert.deepEqual(await listPgStudies(target), ["live"]);
    let changes = 0;
    const feed = (await PgFeed.open(target, "live", () => changes++))!;
    assert.equal(await PgFeed.open(target, "nope", () => {}), undefined);
    const until = async (what: () => boolean) => {
      for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(what());
    };
    const a = s.ask()!;
    s.tell(a.number, 1.5);
    await until(() => feed.state.trials[0]?.state === "complete");
    assert.ok(changes > 0 && feed.takeChanged());
    server().terminateClients();
    for (let i = 0; i < 3; i++) {
      const t = s.ask()!;
      s.tell(t.number, i);
    }
    // Notifications sent while the feed was reconnecting are not replayed: it reads from its position.
    await until(() => feed.state.trials.filter((t) => t.state === "complete").length === 4);
    assert.deepEqual(
      feed.state.trials.map((t) => t.number),
      [0, 1, 2, 3],
    );
    await feed.close();
    s.close();
  });
});
