// The async PostgreSQL side of a study: a pool for short statements, migrations on first use, and the queries the
// store and the live views need. Transient failures (the server restarting, a torn connection) are retried with
// back-off; permanent ones (a wrong password, no such database) fail at once with one sentence.
import { Pool, type PoolClient } from "pg";
import type { StudyEvent } from "../../core/events";
import { MIGRATIONS, SCHEMA_VERSION } from "./schema";
import { StorageError, type EventRow, type Position, type ReadResult, type WorkerRow } from "./types";

export { StorageError, START, type EventRow, type Position, type ReadResult, type WorkerRow } from "./types";

export interface DbOptions {
  /** Give up after this long without reaching the database (ms). */
  retryForMs?: number;
  poolSize?: number;
  /** Called before each retry (for a notice). */
  onRetry?(message: string, attempt: number): void;
}

/** SQLSTATE classes and socket errors that a reconnect may cure. */
export function isTransient(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  const code = err?.code ?? "";
  if (["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOENT", "EHOSTUNREACH", "ENETUNREACH"].includes(code))
    return true;
  if (/^(08|57P|53)/.test(code) || code === "40001" || code === "40P01") return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(
    err?.message ?? "",
  );
}

/** One sentence for a failure to reach or use the database. */
export function describePgError(e: unknown, display: string): string {
  const err = e as { code?: string; message?: string };
  switch (err?.code) {
    case "28P01":
      return (
        `PostgreSQL at ${display} refused the password; set it in the URL (postgresql://user:password@host/db) ` +
        `or in PGPASSWORD`
      );
    case "28000":
      return (
        `PostgreSQL at ${display} refused the login (${err.message}); check the user name and the server's ` +
        `pg_hba.conf`
      );
    case "3D000":
      return (
        `PostgreSQL at ${display}: ${err.message}; create it first (createdb) or name an existing database in ` +
        `the URL`
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot find the PostgreSQL host in ${display}; check the host name in the URL`;
    case "ECONNREFUSED":
      return (
        `PostgreSQL at ${display} refused the connection; is the server running and listening on that host and ` +
        `port?`
      );
  }
  return `PostgreSQL at ${display}: ${(err?.message ?? String(e)).split("\n")[0]}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class StudyDb {
  readonly pool: Pool;
  studyId = 0;
  private closed = false;

  constructor(
    readonly url: string,
    readonly display: string,
    private readonly opts: DbOptions = {},
  ) {
    this.pool = new Pool({
      connectionString: url,
      max: opts.poolSize ?? 3,
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: 10_000,
      application_name: "attune",
    });
    // An idle pooled connection that the server drops must not crash the process; the next query reconnects.
    this.pool.on("error", () => {});
  }

  /** Run fn, retrying transient failures with back-off for up to retryForMs; then one StorageError sentence. */
  async retry<T>(what: string, fn: () => Promise<T>, startup = false): Promise<T> {
    // At startup an unreachable server is more likely a wrong host or port than a restart: give up sooner.
    const limit = startup ? Math.min(10_000, this.opts.retryForMs ?? 60_000) : (this.opts.retryForMs ?? 60_000);
    const t0 = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (this.closed) throw new StorageError(`the connection to ${this.display} was closed`);
        if (!isTransient(e)) throw new StorageError(describePgError(e, this.display), { cause: e });
        const waited = Date.now() - t0;
        if (waited >= limit && startup) throw new StorageError(describePgError(e, this.display), { cause: e });
        if (waited >= limit)
          throw new StorageError(
            `lost PostgreSQL at ${this.display} while ${what} and could not reconnect for ` +
              `${Math.round(waited / 1000)} s ` +
              `(${(e as Error).message.split("\n")[0]}); every finished trial is kept there; run the same command to ` +
              `go on`,
            { cause: e },
          );
        this.opts.onRetry?.(describePgError(e, this.display), attempt);
        await sleep(Math.min(limit - waited, Math.min(5000, 100 * 2 ** Math.min(attempt, 6))));
      }
    }
  }

  /** Create or upgrade the schema (once, under an advisory lock, so workers starting together do not race). */
  async migrate(): Promise<void> {
    await this.retry(
      "creating the schema",
      () =>
        this.transaction(async (c) => {
          await c.query("SELECT pg_advisory_xact_lock(74231911)");
          await c.query("CREATE TABLE IF NOT EXISTS attune_schema (version int NOT NULL)");
          const r = await c.query<{ version: number }>("SELECT max(version) AS version FROM attune_schema");
          const have = r.rows[0]?.version ?? 0;
          if (have > SCHEMA_VERSION)
            throw new StorageError(
              `the database ${this.display} holds Attune schema version ${have}, newer than this Attune ` +
                `(${SCHEMA_VERSION}); upgrade Attune`,
            );
          for (const m of MIGRATIONS) {
            if (m.version <= have) continue;
            await c.query(m.sql);
            await c.query("INSERT INTO attune_schema (version) VALUES ($1)", [m.version]);
          }
        }),
      true,
    );
  }

  /** The study's id, creating its row when `create` (the first event then makes it a study). */
  async openStudy(name: string, create: boolean): Promise<number | undefined> {
    return this.retry(
      "opening the study",
      async () => {
        if (create)
          await this.pool.query("INSERT INTO attune_studies (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [name]);
        const r = await this.pool.query<{ id: number }>("SELECT id FROM attune_studies WHERE name = $1", [name]);
        const id = r.rows[0]?.id;
        if (id !== undefined) this.studyId = id;
        return id;
      },
      true,
    );
  }

  async listStudies(): Promise<string[]> {
    return this.retry("listing studies", async () => {
      const r = await this.pool.query<{ name: string }>(
        "SELECT s.name FROM attune_studies s WHERE EXISTS (SELECT 1 FROM attune_events e WHERE e.study_id = s.id) " +
          "ORDER BY 1",
      );
      return r.rows.map((x) => x.name);
    });
  }

  /** Events after `pos` whose transactions are older than every running one (so none can appear before them later). */
  async readAfter(pos: Position, limit = 20000): Promise<ReadResult> {
    return this.retry("reading the study", async () => {
      const r = await this.pool.query<{ tx: string | null; id: string; payload: StudyEvent; pending: boolean }>(
        // The xmin is a stable expression (not a joined row), so both conditions bound the index scans.
        `WITH p AS (SELECT EXISTS (SELECT 1 FROM attune_events WHERE study_id = $1
                      AND tx >= pg_snapshot_xmin(pg_current_snapshot())) AS pending),
         ev AS (SELECT tx, id, payload FROM attune_events
                 WHERE study_id = $1 AND (tx, id) > ($2::xid8, $3::bigint) AND tx < pg_snapshot_xmin(pg_current_snapshot())
                 ORDER BY tx, id LIMIT $4)
         SELECT p.pending, ev.tx::text AS tx, ev.id::text AS id, ev.payload FROM p LEFT JOIN ev ON true
          ORDER BY ev.tx, ev.id`,
        [this.studyId, pos.tx, pos.id, limit],
      );
      const events: EventRow[] = [];
      let pending = false;
      for (const row of r.rows) {
        pending = row.pending;
        if (row.tx !== null) events.push({ tx: row.tx, id: row.id, payload: row.payload });
      }
      return { events, pending };
    });
  }

  /**
   * Append one event; a trial may be refused ("full": no slot left under the limit; "taken": already retried). Then
   * tell live readers (without waiting: a lost notification only delays them until their next timed read).
   */
  async append(
    e: StudyEvent,
    limit?: number,
    onId?: (id: string) => void,
  ): Promise<"ok" | "full" | "taken" | "dropped"> {
    const r = await this.insert(e, limit);
    if (r.id) {
      onId?.(r.id);
      this.notify(r.id);
    }
    return r.status;
  }

  /** NOTIFY the study's listeners of an event id, in a transaction of its own that writes nothing. */
  notify(id: string): void {
    this.pool.query("SELECT pg_notify($1, $2)", [`attune_study_${this.studyId}`, id]).catch(() => {});
  }

  private async insert(
    e: StudyEvent,
    limit?: number,
  ): Promise<{ status: "ok" | "full" | "taken" | "dropped"; id?: string }> {
    return this.retry("recording an event", async () => {
      if (e.op === "trial") {
        const retryOf = typeof e.attrs?.retryOf === "number" ? e.attrs.retryOf : null;
        const r = await this.pool.query<{ s: string }>("SELECT attune_add_trial($1, $2, $3, $4, $5) AS s", [
          this.studyId,
          e.uid,
          e,
          retryOf === null ? (limit ?? null) : null,
          retryOf,
        ]);
        const s = r.rows[0].s;
        return s.startsWith("ok") ? { status: "ok", id: s.slice(3) || undefined } : { status: s as "full" | "taken" };
      }
      if (e.op === "finish" && e.state !== ("paused" as string)) {
        const r = await this.pool.query<{ id: string | null }>("SELECT attune_finish($1, $2, $3)::text AS id", [
          this.studyId,
          e.trial,
          e,
        ]);
        const id = r.rows[0].id;
        return id ? { status: "ok", id } : { status: "dropped" };
      }
      const trial = "trial" in e && typeof e.trial === "number" ? e.trial : null;
      const r = await this.pool.query<{ id: string }>(
        "INSERT INTO attune_events (study_id, kind, trial, payload) VALUES ($1, $2, $3, $4) RETURNING id::text AS id",
        [this.studyId, e.op, trial, e],
      );
      return { status: "ok", id: r.rows[0].id };
    });
  }

  /** Append many events in one transaction (import): all or nothing. */
  async appendAll(events: readonly StudyEvent[]): Promise<void> {
    await this.retry("importing events", () =>
      this.transaction(async (c) => {
        for (let i = 0; i < events.length; i += 1000) {
          const chunk = events.slice(i, i + 1000);
          const kinds = chunk.map((e) => e.op);
          const trials = chunk.map((e) => ("trial" in e && typeof e.trial === "number" ? e.trial : null));
          const uids = chunk.map((e) => (e.op === "trial" ? e.uid : null));
          const retries = chunk.map((e) =>
            e.op === "trial" && typeof e.attrs?.retryOf === "number" ? e.attrs.retryOf : null,
          );
          await c.query(
            `INSERT INTO attune_events (study_id, kind, trial, uid, retry_of, payload)
             SELECT $1, k, t, u, r, p FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::jsonb[])
               WITH ORDINALITY AS x(k, t, u, r, p, o) ORDER BY o`,
            [this.studyId, kinds, trials, uids, retries, chunk.map((e) => JSON.stringify(e))],
          );
        }
        await c.query(
          `INSERT INTO attune_claims SELECT $1, 'finish', trial FROM attune_events
            WHERE study_id = $1 AND kind = 'finish' AND payload->>'state' <> 'paused' ON CONFLICT DO NOTHING`,
          [this.studyId],
        );
        await c.query(
          `INSERT INTO attune_claims SELECT $1, 'retry', retry_of FROM attune_events
            WHERE study_id = $1 AND retry_of IS NOT NULL ON CONFLICT DO NOTHING`,
          [this.studyId],
        );
        await c.query(
          `INSERT INTO attune_claims SELECT DISTINCT $1::int, 'baseline', 0 FROM attune_events
            WHERE study_id = $1 AND kind = 'trial' AND retry_of IS NULL AND payload->'attrs'->>'baseline' = 'true'
            ON CONFLICT DO NOTHING`,
          [this.studyId],
        );
        await c.query(
          `INSERT INTO attune_claims SELECT DISTINCT $1::int, 'promotion', (payload->'attrs'->>'promotedFrom')::int
             FROM attune_events WHERE study_id = $1 AND kind = 'trial' AND retry_of IS NULL
              AND payload->'attrs'->>'promotedFrom' IS NOT NULL
            ON CONFLICT DO NOTHING`,
          [this.studyId],
        );
      }),
    );
    this.notify("import");
  }

  /** fn in one transaction on one pooled connection: all or nothing. */
  private async transaction<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      const r = await fn(c);
      await c.query("COMMIT");
      return r;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  async heartbeat(host: string, pid: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO attune_workers (study_id, host, pid) VALUES ($1, $2, $3)
       ON CONFLICT (study_id, host, pid) DO UPDATE SET beat_at = now()`,
      [this.studyId, host, pid],
    );
  }

  async leave(host: string, pid: number): Promise<void> {
    await this.pool.query("DELETE FROM attune_workers WHERE study_id = $1 AND host = $2 AND pid = $3", [
      this.studyId,
      host,
      pid,
    ]);
  }

  async workers(): Promise<WorkerRow[]> {
    return this.retry("reading heartbeats", async () => {
      const r = await this.pool.query<{ host: string; pid: number; age: number }>(
        `SELECT host, pid, extract(epoch FROM now() - beat_at)::float8 AS age FROM attune_workers WHERE study_id = $1`,
        [this.studyId],
      );
      return r.rows;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool.end().catch(() => {});
  }
}

export { sleep };
