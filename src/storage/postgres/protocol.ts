// Messages between the synchronous store (main thread) and the database thread. The main thread blocks on a shared
// flag (Atomics.wait) and takes the reply with receiveMessageOnPort, so Study keeps its synchronous API.
import type { StudyEvent } from "../../core/events";
import type { Position, ReadResult, WorkerRow } from "./types";

export type Request =
  | {
      op: "init";
      url: string;
      display: string;
      name: string;
      create: boolean;
      retryForMs: number;
      heartbeatMs: number;
      host: string;
      pid: number;
    }
  | { op: "read"; pos: Position }
  | { op: "append"; event: StudyEvent; limit?: number; pos: Position }
  | { op: "workers" }
  | { op: "import"; events: StudyEvent[] }
  | { op: "list" }
  | { op: "close" };

export type Reply =
  | {
      ok: true;
      studyId?: number | null;
      read?: ReadResult;
      status?: string;
      workers?: WorkerRow[];
      beatStreakMs?: number;
      names?: string[];
    }
  | { ok: false; message: string; storage: boolean };

/** Slots of the shared Int32Array. */
export const FLAG = 0;
/** Notified events not yet handed to the main thread, plus one after the listener reconnects (so readers catch up). */
export const NOTIFIED = 1;
/** 1 while the LISTEN connection is up: only then may a reader skip the database when nothing was notified. */
export const LISTENING = 2;
export const SLOTS = 4;
