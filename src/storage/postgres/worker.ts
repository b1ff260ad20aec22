// The database thread behind the synchronous store: a pool for statements, one dedicated (non-pooled) LISTEN
// connection that tells the main thread when the study changed, and the heartbeat that shows this worker is alive.
// It keeps beating while the main thread is busy (a long ask), so only a dead process goes quiet.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import type { Client } from "pg";
import { StudyDb, StorageError, type ReadResult, type Position } from "./db";
import { listenLoop } from "./listen";
import { FLAG, LISTENING, NOTIFIED, type Reply, type Request } from "./protocol";

const { port, shared: sab } = workerData as { port: MessagePort; shared: SharedArrayBuffer };
const shared = new Int32Array(sab);
let db: StudyDb | undefined;
let listener: Client | undefined;
let closing = false;
let beatTimer: ReturnType<typeof setInterval> | undefined;
let streakSince = 0;
/** Ids of events already handed to the main thread (recent ones): their notifications need no read. */
const delivered = new Set<string>();
/** Notified ids the main thread has not read yet; while empty (and the listener is up) a refresh needs no query. */
const news = new Set<string>();
/** The listener (re)connected: notifications may have been missed, so the next refresh reads. */
let missed = true;

function publish(): void {
  Atomics.store(shared, NOTIFIED, news.size + (missed ? 1 : 0));
}

function deliver(r: ReadResult): ReadResult {
  missed = false;
  for (const e of r.events) {
    delivered.add(e.id);
    news.delete(e.id);
  }
  if (delivered.size > 4096) {
    const keep = [...delivered].slice(-2048);
    delivered.clear();
    for (const id of keep) delivered.add(id);
  }
  publish();
  return r;
}

function reply(r: Reply): void {
  port.postMessage(r);
  Atomics.store(shared, FLAG, 1);
  Atomics.notify(shared, FLAG);
}

async function readAll(pos: Position): Promise<ReadResult> {
  const out: ReadResult = { events: [], pending: false };
  for (;;) {
    const r = await db!.readAfter(pos);
    out.events.push(...r.events);
    out.pending = r.pending;
    if (r.events.length < 20000) return out;
    const last = r.events[r.events.length - 1];
    pos = { tx: last.tx, id: last.id };
  }
}

function listen(url: string, studyId: number): Promise<void> {
  return listenLoop({
    url,
    studyId,
    applicationName: "attune-listen",
    closed: () => closing,
    onNotification: (payload) => {
      // Our own events (and others' we already read) come back too: only news counts.
      if (payload && delivered.has(payload)) return;
      news.add(payload ?? "?");
      publish();
    },
    onListening: (c) => {
      listener = c;
      Atomics.store(shared, LISTENING, 1);
      // Notifications are not replayed: whatever happened while we were away is read by position.
      missed = true;
      publish();
    },
    onLost: () => {
      Atomics.store(shared, LISTENING, 0);
      listener = undefined;
    },
    backoffMs: (attempt) => Math.min(5000, 200 * 2 ** Math.min(attempt, 5)),
  });
}

function startBeats(ms: number, host: string, pid: number): void {
  const beat = () => {
    db!.heartbeat(host, pid).then(
      () => {
        if (!streakSince) streakSince = Date.now();
      },
      () => {
        streakSince = 0;
      },
    );
  };
  beat();
  beatTimer = setInterval(beat, ms);
}

async function handle(req: Request): Promise<Reply> {
  switch (req.op) {
    case "init": {
      db = new StudyDb(req.url, req.display, { retryForMs: req.retryForMs });
      await db.migrate();
      const studyId = await db.openStudy(req.name, req.create);
      if (studyId !== undefined) {
        void listen(req.url, studyId);
        if (req.heartbeatMs > 0) startBeats(req.heartbeatMs, req.host, req.pid);
      }
      return { ok: true, studyId: studyId ?? null };
    }
    case "read":
      return { ok: true, read: deliver(await readAll(req.pos)) };
    case "append": {
      // Our own event's notification needs no read here: mark its id as delivered before it can arrive.
      const status = await db!.append(req.event, req.limit, (id) => delivered.add(id));
      return { ok: true, status, read: deliver(await readAll(req.pos)) };
    }
    case "workers":
      return { ok: true, workers: await db!.workers(), beatStreakMs: streakSince ? Date.now() - streakSince : 0 };
    case "import":
      await db!.appendAll(req.events);
      return { ok: true };
    case "list":
      return { ok: true, names: await db!.listStudies() };
    case "close": {
      closing = true;
      if (beatTimer) clearInterval(beatTimer);
      const { host, pid } = workerData as { host: string; pid: number };
      if (db && db.studyId && host) await db.leave(host, pid).catch(() => {});
      await listener?.end().catch(() => {});
      await db?.close();
      return { ok: true };
    }
  }
}

port.on("message", (req: Request) => {
  handle(req).then(reply, (e: unknown) =>
    reply({ ok: false, message: (e as Error)?.message ?? String(e), storage: e instanceof StorageError }),
  );
});
parentPort?.on("message", () => {});
