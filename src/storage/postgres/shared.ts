// What a worker needs beyond the store when other machines work on the same PostgreSQL study: noticing dead workers
// by their heartbeats (their trials are failed once, then retried once by whoever claims the retry), telling "the
// study is full" apart from real errors, and the failure that ends a run when the database stays away.
import { hostname } from "node:os";
import type { SharedStudy } from "../../core/shared";
import type { Study } from "../../core/study";
import { PostgresStore } from "./store";

export interface HeartbeatOptions {
  /** How often each worker beats (ms). */
  intervalMs: number;
  /** A worker silent this long (ms) is taken for dead. */
  graceMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatOptions = { intervalMs: 2000, graceMs: 10_000 };

export class PgSharedStudy implements SharedStudy {
  private lastCheck = 0;
  /** Unfinished trials whose owner never beat: when we first saw them (they get the same grace). */
  private readonly unowned = new Map<number, number>();

  constructor(
    private readonly store: PostgresStore,
    private readonly study: Study,
    private readonly hb: HeartbeatOptions,
  ) {}

  get pollMs(): number {
    return Math.min(1000, this.hb.intervalMs);
  }

  failure(): string | undefined {
    return this.store.failure?.message;
  }

  failStale(): string[] {
    const now = Date.now();
    if (now - this.lastCheck < this.hb.intervalMs || this.store.failure) return [];
    this.lastCheck = now;
    const { workers, streakMs } = this.store.workers();
    // Only a worker whose own heartbeat has been steady for a whole grace judges others: after a database restart
    // everyone's last beat is old, and each must first have had the chance to beat again.
    if (streakMs < this.hb.graceMs) return [];
    const age = new Map(workers.map((w) => [`${w.host}:${w.pid}`, w.age * 1000]));
    const me = `${hostname()}:${process.pid}`;
    const out: string[] = [];
    const s = this.store.state;
    for (const t of s.trials) {
      if (t.state !== "running" && t.state !== "queued") {
        this.unowned.delete(t.number);
        continue;
      }
      const o = s.owners.get(t.number);
      const key = o?.host !== undefined && o.pid !== undefined ? `${o.host}:${o.pid}` : undefined;
      if (key === me) continue;
      let silentMs = key !== undefined ? age.get(key) : undefined;
      if (silentMs === undefined) {
        const first = this.unowned.get(t.number) ?? now;
        this.unowned.set(t.number, first);
        silentMs = now - first;
      }
      if (silentMs < this.hb.graceMs) continue;
      this.unowned.delete(t.number);
      const who = key ?? "an unknown worker";
      this.study.tell(t.number, {
        state: "failed",
        error: {
          message:
            `the worker running this trial (${who}) sent no heartbeat for ${Math.round(silentMs / 1000)} s ` +
            "(machine or process gone); another worker runs it again",
          retriable: true,
        },
      });
      out.push(
        `trial #${t.number} of ${who}: no heartbeat for ${Math.round(silentMs / 1000)} s; marked failed, run again`,
      );
    }
    return out;
  }
}
