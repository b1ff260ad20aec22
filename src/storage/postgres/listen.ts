// One dedicated (non-pooled) connection that LISTENs on a study's channel and reconnects with back-off whenever it is
// torn. Used by the live views (feed.ts) and by the database thread behind the store (worker.ts). Notifications sent
// while it was away are not replayed: onListening is where a caller catches up by reading from its position.
import { Client } from "pg";
import { sleep } from "./db";

export interface ListenOptions {
  url: string;
  /** The study's id: its channel is attune_study_<id> (schema.ts). */
  studyId: number;
  applicationName: string;
  /** Stop reconnecting (checked before each attempt and once connected). */
  closed(): boolean;
  onNotification(payload: string | undefined): void;
  /** LISTEN is in place on `c` (after every reconnect too). */
  onListening(c: Client): void;
  /** The connection is gone or never came up (`error` when connecting or LISTEN failed). */
  onLost(error?: unknown): void;
  /** How long to wait before reconnecting, after `attempt` failed tries in a row. */
  backoffMs(attempt: number): number;
}

export async function listenLoop(o: ListenOptions): Promise<void> {
  for (let attempt = 0; !o.closed(); attempt++) {
    const c = new Client({ connectionString: o.url, application_name: o.applicationName });
    // A connection torn at any moment (even mid-connect) is an event to recover from, never an uncaught error.
    let isTorn = false;
    let torn: () => void = () => (isTorn = true);
    c.on("error", () => torn());
    c.on("end", () => torn());
    let error: unknown;
    try {
      await c.connect();
      if (o.closed()) {
        await c.end().catch(() => {});
        return;
      }
      c.on("notification", (n) => o.onNotification(n.payload));
      await c.query(`LISTEN attune_study_${o.studyId}`);
      attempt = 0;
      o.onListening(c);
      await new Promise<void>((resolve) => (isTorn ? resolve() : (torn = resolve)));
    } catch (e) {
      error = e;
    }
    o.onLost(error);
    await c.end().catch(() => {});
    if (!o.closed()) await sleep(o.backoffMs(attempt));
  }
}
