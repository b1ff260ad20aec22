// Follows one study's journal: reads only appended bytes on each poll, and knows whether a live runner process
// (the `attune tune` the extension or a terminal started) is working on it. Plain Node: tested without VS Code.
import { hostname } from "node:os";
import { join } from "node:path";
import { JOURNAL_FILE, JournalReader, JournalShrankError, JournalWriter } from "../../storage/journal";
import type { RunnerInfo, StudyState } from "../../core/events";
import { orphanedTrials, orphanFinish } from "../../core/orphans";
import { pidAlive } from "../../runner/kill";
import { bestTrial } from "../../core/study";
import type { PgFeed } from "../../storage/postgres/feed";
import { paretoTrials } from "../../core/multi/pareto";
import { summarizeFront, type FrontSummary } from "../../core/multi/summary";
import type { Trial } from "../../core/types";

export class StudyFollower {
  private reader: JournalReader;
  /** Bumped whenever anything the views show changed. */
  version = 0;
  private lastRunning = false;
  /** A runner this window just started, counted as running until the journal names it (or it exits). */
  pendingPid: number | undefined;

  constructor(
    readonly root: string,
    readonly name: string,
    readonly dir: string,
    /** Set for a study in PostgreSQL: the feed reads it live (LISTEN/NOTIFY) instead of the journal. */
    public feed?: PgFeed,
  ) {
    this.reader = new JournalReader(join(dir, JOURNAL_FILE));
  }

  get key(): string {
    return studyKey(this.root, this.name);
  }
  get state(): StudyState {
    return this.feed ? this.feed.state : this.reader.state;
  }

  /** Read new lines (at most `maxBytes` of them: see `behind`) and re-check the runner; true when something changed. */
  poll(maxBytes?: number): boolean {
    const limits = maxBytes === undefined ? {} : { maxBytes };
    let changed = this.feed ? this.feed.takeChanged() : false;
    for (let attempt = 0; attempt < 2 && !this.feed; attempt++) {
      try {
        changed = this.reader.poll(limits) || changed;
        break;
      } catch (e) {
        if (e instanceof JournalShrankError && attempt === 0) {
          // Replaced (the study deleted and run afresh), which a window following it for hours will see: start over.
          this.reader = new JournalReader(join(this.dir, JOURNAL_FILE));
          changed = true;
          continue;
        }
        this.reader.state.warnings.push(String((e as Error)?.message ?? e));
        break;
      }
    }
    const live = this.liveRunner();
    if (this.pendingPid !== undefined && (live?.pid === this.pendingPid || !pidAlive(this.pendingPid)))
      this.pendingPid = undefined;
    // A shared study runs while any machine has trials running (runners elsewhere cannot be checked from here).
    const elsewhere = !!this.feed && this.state.trials.some((t) => t.state === "running");
    const running = live !== undefined || this.pendingPid !== undefined || elsewhere;
    if (running !== this.lastRunning) {
      this.lastRunning = running;
      changed = true;
    }
    if (changed) this.version++;
    return changed;
  }

  /** A limited poll left part of the journal unread. */
  get behind(): boolean {
    return this.reader.behind;
  }
  get bytesRead(): number {
    return this.reader.bytesRead;
  }

  get running(): boolean {
    return this.lastRunning;
  }

  /** The newest runner on this machine that has not recorded its stop and whose process is still there. */
  liveRunner(): RunnerInfo | undefined {
    const host = hostname();
    for (let i = this.state.runners.length - 1; i >= 0; i--) {
      const r = this.state.runners[i];
      if (r.stoppedAt !== undefined || r.host !== host) continue;
      if (pidAlive(r.pid)) return r;
    }
    return undefined;
  }

  /** The pid to signal to stop this study on this machine: its recorded runner, else the one just launched. */
  stoppablePid(): number | undefined {
    return (
      this.liveRunner()?.pid ??
      (this.pendingPid !== undefined && pidAlive(this.pendingPid) ? this.pendingPid : undefined)
    );
  }

  /**
   * Fails the trials a dead runner on this machine left `running` or `queued` (killed, crashed, out of memory), with
   * the reason `why()` gives, so no view shows a trial running for a study nobody runs. Retriable: Resume runs them
   * again. Does nothing while a runner is alive or part of the journal is unread. Returns the trials it failed.
   */
  failOrphans(why: () => string): { trials: number[]; reason: string } | undefined {
    if (this.lastRunning || this.behind) return undefined;
    const trials = orphanedTrials(this.state, hostname(), pidAlive);
    if (!trials.length) return undefined;
    const reason = why();
    const message = `the study's runner stopped before this trial finished: ${reason}`;
    const w = new JournalWriter(join(this.dir, JOURNAL_FILE));
    try {
      for (const n of trials) w.append(orphanFinish(n, message));
    } finally {
      w.close();
    }
    this.poll();
    return { trials, reason };
  }

  /** Runners on other machines that have not recorded a stop (we cannot signal those). */
  remoteRunners(): RunnerInfo[] {
    const host = hostname();
    return this.state.runners.filter((r) => r.stoppedAt === undefined && r.host !== host);
  }

  counts(): { done: number; running: number; total: number } {
    let done = 0,
      running = 0;
    for (const t of this.state.trials) {
      if (t.state === "running") running++;
      else if (t.state !== "queued") done++;
    }
    return { done, running, total: this.state.trials.length };
  }

  /** The best trial; undefined for several objectives (see pareto()). */
  best() {
    const m = this.state.meta;
    if (!m || (m.directions?.length ?? 1) > 1) return undefined;
    return bestTrial(this.state.trials, m.direction);
  }

  private frontCache: { version: number; summary: FrontSummary | undefined } | undefined;
  /** Several objectives: the front and its hypervolume (undefined for one objective), computed once per change. */
  front(): FrontSummary | undefined {
    if (this.frontCache?.version !== this.version) {
      const dirs = this.state.meta?.directions;
      this.frontCache = {
        version: this.version,
        summary: dirs && dirs.length > 1 ? summarizeFront(this.state.trials, dirs) : undefined,
      };
    }
    return this.frontCache.summary;
  }

  /** Several objectives: the feasible non-dominated trials (empty for one objective). */
  pareto(): Trial[] {
    const dirs = this.state.meta?.directions;
    return dirs && dirs.length > 1 ? paretoTrials(this.state.trials, dirs) : [];
  }
}

export function studyKey(root: string, name: string): string {
  return `${root}::${name}`;
}
