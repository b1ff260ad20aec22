// Live views of PostgreSQL studies (VS Code's tree, panel and hovers): async, never blocking the caller's event loop.
// One dedicated (non-pooled) connection LISTENs; a notification carries only an event id, and the feed then reads
// every event after the last position it applied. After a reconnect it catches up the same way, since notifications
// sent while it was away are not replayed.
import type { Client } from "pg";
import { applyEvent, emptyState, isEvent, type StudyState } from "../../core/events";
import { StudyDb, START, sleep, type Position } from "./db";
import { listenLoop } from "./listen";
import type { PgTarget } from "./url";

export class PgFeed {
  readonly state: StudyState = emptyState();
  private pos: Position = START;
  private listener: Client | undefined;
  private closed = false;
  private reading: Promise<void> | undefined;
  private again = false;
  private changed = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The last error reaching the database (shown by views), cleared by a good read. */
  error: string | undefined;

  constructor(
    private readonly db: StudyDb,
    readonly name: string,
    private readonly onChange: () => void,
  ) {}

  /** Open a study's feed (undefined when the study does not exist). */
  static async open(target: PgTarget, name: string, onChange: () => void): Promise<PgFeed | undefined> {
    const probe = new StudyDb(target.url, target.display, { retryForMs: 0, poolSize: 1 });
    try {
      const id = await probe.openStudy(name, false);
      if (id === undefined) return undefined;
      const f = new PgFeed(new StudyDb(target.url, target.display, { poolSize: 1, retryForMs: 5000 }), name, onChange);
      f.db.studyId = id;
      // A writer that died between its commit and its NOTIFY is caught up with by a slow timed read.
      f.timer = setInterval(() => void f.read(), 5000);
      f.timer.unref?.();
      void f.listen();
      await f.read();
      return f;
    } finally {
      await probe.close();
    }
  }

  /** Whether anything changed since the last call (StudyFollower's poll()). */
  takeChanged(): boolean {
    const c = this.changed;
    this.changed = false;
    return c;
  }

  /** Read everything after our position (coalescing bursts of notifications into one read at a time). */
  read(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        try {
          for (;;) {
            const r = await this.db.readAfter(this.pos);
            for (const row of r.events) {
              if (isEvent(row.payload)) applyEvent(this.state, row.payload, `event ${row.id}: `);
              this.pos = { tx: row.tx, id: row.id };
            }
            if (r.events.length) this.changed = true;
            this.error = undefined;
            // Committed but not yet readable (an older transaction still running): look again shortly.
            if (r.pending) this.again = true;
            if (r.events.length < 20000) break;
          }
        } catch (e) {
          this.error = (e as Error).message;
        }
        if (this.again) await sleep(50);
      } while (this.again && !this.closed);
      this.reading = undefined;
      if (this.changed) this.onChange();
    })();
    return this.reading;
  }

  private listen(): Promise<void> {
    return listenLoop({
      url: this.db.url,
      studyId: this.db.studyId,
      applicationName: "attune-view",
      closed: () => this.closed,
      onNotification: () => void this.read(),
      onListening: (c) => {
        this.listener = c;
        void this.read();
      },
      onLost: (e) => {
        if (e !== undefined) this.error = (e as Error).message;
        this.listener = undefined;
      },
      backoffMs: (attempt) => Math.min(10_000, 250 * 2 ** Math.min(attempt, 6)),
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.listener?.end().catch(() => {});
    await this.db.close();
  }
}

/** The studies in a database, for views that list them. */
export async function listPgStudies(target: PgTarget): Promise<string[]> {
  const db = new StudyDb(target.url, target.display, { retryForMs: 0, poolSize: 1 });
  try {
    await db.migrate();
    return await db.listStudies();
  } finally {
    await db.close();
  }
}
