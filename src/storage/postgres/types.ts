// Plain types shared by the database thread and the main thread (no `pg` import: loading a command stays cheap).
import type { StudyEvent } from "../../core/events";

/** The database stayed away, or refused us: one sentence that says what to do. */
export class StorageError extends Error {}

/** Where a reader stands in a study's events: the last (transaction, id) it applied. */
export interface Position {
  tx: string;
  id: string;
}
export const START: Position = { tx: "0", id: "0" };

export interface EventRow {
  tx: string;
  id: string;
  payload: StudyEvent;
}

export interface ReadResult {
  events: EventRow[];
  /** Events exist that are committed or in flight but not yet readable (an older transaction still runs). */
  pending: boolean;
}

export interface WorkerRow {
  host: string;
  pid: number;
  /** Seconds since its last heartbeat, by the database's clock (machines' clocks may differ). */
  age: number;
}
