// A study kept in PostgreSQL, behind the same Store seam as the journal: the same events, replayed by the same
// reducer, read incrementally by position. A refresh costs nothing while the LISTEN connection says nothing changed.
import { hostname } from "node:os";
import { applyEvent, emptyState, isEvent, type StudyEvent, type StudyState } from "../../core/events";
import { START, StorageError, type Position, type ReadResult, type WorkerRow } from "./types";
import { SyncPg } from "./syncClient";
import type { PgTarget } from "./url";
import { TrialRefused } from "../../core/store";

/**
 * Without news a refresh reads anyway after this long: a writer that died between its commit and its NOTIFY (sent
 * after the commit, see schema.ts) delays the others by at most this.
 */
const MAX_QUIET_MS = 1000;

export interface PgStoreOptions {
  /** Create the study when it does not exist (tune, createStudy); readers (show, apply) do not. */
  create: boolean;
  /** Keep retrying an unreachable database this long before giving up (ms). */
  retryForMs?: number;
  /** Heartbeat interval (ms); 0: no heartbeat (readers). */
  heartbeatMs?: number;
  /**
   * The database stayed away: without this, appends throw the one-sentence StorageError (library use); with it, the
   * error is handed here once and later writes are dropped, so a run can stop cleanly (its finished trials are kept).
   */
  onFailure?(e: StorageError): void;
}

// The database refuses new trials with the engine's TrialRefused, as a journal does.
export { TrialRefused };

export class PostgresStore {
  readonly state: StudyState = emptyState();
  readonly studyId: number | undefined;
  /** Fresh trials are refused once the study has this many (`--trials N` is the study's total). */
  limit: number | undefined;
  private readonly pg: SyncPg;
  private pos: Position = START;
  private lastRead = 0;
  /** The last read found events not readable yet (an older transaction in flight): read again next time. */
  private pendingAtRead = true;
  /** Set when the database is gone for good: the run stops, nothing more is written. */
  failure: StorageError | undefined;
  private closed = false;
  /** How the last append went: "dropped" when a trial's final state was already recorded by another worker. */
  lastStatus: string | undefined;

  constructor(
    readonly target: PgTarget,
    readonly name: string,
    private readonly opts: PgStoreOptions,
  ) {
    this.pg = new SyncPg(hostname(), process.pid);
    try {
      const r = this.pg.call(initRequest(target, name, opts.create, opts.retryForMs ?? 60_000, opts.heartbeatMs ?? 0));
      this.studyId = r.studyId ?? undefined;
    } catch (e) {
      this.pg.close();
      throw e;
    }
    if (this.studyId !== undefined) this.refresh(true);
    if (this.failure) {
      this.pg.close();
      throw this.failure;
    }
  }

  /** Names of the studies in a database. */
  static list(target: PgTarget): string[] {
    const pg = new SyncPg(hostname(), process.pid);
    try {
      pg.call({ ...initRequest(target, "", false, 60_000, 0) });
      return pg.call({ op: "list" }).names ?? [];
    } finally {
      pg.close();
    }
  }

  get exists(): boolean {
    return this.studyId !== undefined && this.state.meta !== undefined;
  }

  append(e: StudyEvent): void {
    // After a failure nothing is written; a new trial cannot be had (the run is stopping).
    if (this.failure) {
      if (e.op === "trial") throw this.failure;
      return;
    }
    let r;
    try {
      r = this.pg.call({
        op: "append",
        event: e,
        ...(this.limit !== undefined ? { limit: this.limit } : {}),
        pos: this.pos,
      });
    } catch (err) {
      this.fail(err);
      if (e.op === "trial") throw this.failure;
      return;
    }
    this.apply(r.read!);
    this.pendingAtRead = r.read!.pending;
    this.lastStatus = r.status;
    if (r.status === "full" || r.status === "taken") throw new TrialRefused(r.status);
    // Our own event may wait behind an older transaction still in flight elsewhere: read until it is in.
    if (e.op === "trial") for (let i = 0; !this.state.uids.has(e.uid) && i < 2000; i++) this.refresh(true, 2);
  }

  refresh(force = false, sleepMs = 0): void {
    if (this.failure || this.closed) return;
    const fresh = Date.now() - this.lastRead < MAX_QUIET_MS;
    if (!force && fresh && this.pg.listening && this.pg.notified === 0 && !this.pendingAtRead) return;
    if (sleepMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, sleepMs);
    try {
      const r = this.pg.call({ op: "read", pos: this.pos }).read!;
      this.apply(r);
      this.pendingAtRead = r.pending;
    } catch (err) {
      this.fail(err);
    }
  }

  /** Heartbeats of every worker on this study, and how long our own have been going without a gap. */
  workers(): { workers: WorkerRow[]; streakMs: number } {
    const r = this.pg.call({ op: "workers" });
    return { workers: r.workers ?? [], streakMs: r.beatStreakMs ?? 0 };
  }

  /** Every event of the study, in order (export to a journal). */
  exportEvents(): StudyEvent[] {
    const r = this.pg.call({ op: "read", pos: START }).read!;
    return r.events.map((e) => e.payload);
  }

  /** Add a whole study's events in one transaction (import from a journal); the study must be empty. */
  importEvents(events: StudyEvent[]): void {
    if (this.state.meta || this.state.trials.length)
      throw new StorageError(
        `the study "${this.name}" already exists in ${this.target.display}; import into a new name`,
      );
    this.pg.call({ op: "import", events });
    this.refresh(true);
    for (let i = 0; this.state.trials.length < events.filter((e) => e.op === "trial").length && i < 100; i++)
      this.refresh(true, 20);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pg.close();
  }

  /** Events read from the database so far, and reads made (incremental reading is tested by these). */
  eventsRead = 0;
  reads = 0;

  private apply(r: ReadResult): void {
    this.lastRead = Date.now();
    this.reads++;
    this.eventsRead += r.events.length;
    for (const row of r.events) {
      if (isEvent(row.payload)) applyEvent(this.state, row.payload, `event ${row.id}: `);
      else this.state.warnings.push(`event ${row.id}: not a study event, skipped`);
      this.pos = { tx: row.tx, id: row.id };
    }
  }

  private fail(err: unknown): void {
    const e = err instanceof StorageError ? err : new StorageError((err as Error)?.message ?? String(err));
    if (!this.opts.onFailure) throw e;
    if (!this.failure) {
      this.failure = e;
      this.opts.onFailure(e);
    }
  }
}

function initRequest(target: PgTarget, name: string, create: boolean, retryForMs: number, heartbeatMs: number) {
  return {
    op: "init" as const,
    url: target.url,
    display: target.display,
    name,
    create,
    retryForMs,
    heartbeatMs,
    host: hostname(),
    pid: process.pid,
  };
}
