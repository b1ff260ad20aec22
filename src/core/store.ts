// Where a Study's events go, and who writes them: the plumbing between the ask/tell state machine and its storage.
import { applyEvent, emptyState, type StudyEvent, type StudyState } from "./events";

/** Where events go: memory only, a journal shared with other processes, or a database (storage/postgres). */
export interface Store {
  append(e: StudyEvent): void;
  /** Pick up events other processes appended. */
  refresh(): void;
  readonly state: StudyState;
  close?(): void;
  /** Claims (a trial's `limit`) are settled by replaying events in order (journal, memory); a database that decides
   * them itself (PostgreSQL, whose own limit is set on the store) leaves this unset and gets no `limit` in events. */
  readonly replayClaims?: boolean;
}

export class MemoryStore implements Store {
  readonly state = emptyState();
  readonly replayClaims = true;
  append(e: StudyEvent): void {
    applyEvent(this.state, e);
  }
  refresh(): void {}
}

/** Who records starts, segments and claims: the process and machine running this study. */
export interface StudyOwner {
  pid: number;
  host: string;
}

/**
 * A new trial the store refused (docs/studies.md), whichever store decided: the study already has its --trials
 * ("full"), or another process already added that trial ("taken": a failed trial's retry, the study's baseline).
 */
export class TrialRefused extends Error {
  constructor(
    readonly reason: "full" | "taken",
    message = reason === "full" ? "the study already has all its trials" : "another worker already added that trial",
  ) {
    super(message);
  }
}

/** enqueue() found its key (the baseline) claimed by an earlier trial: another process added it first. */
export class TrialTaken extends TrialRefused {
  constructor(readonly key: string) {
    super("taken", `another process already added the ${key === "baseline" ? "baseline trial" : key}`);
  }
}

/** ask() found the study full: its claim on a trial came after `limit` trials held their slots (docs/studies.md). */
export class TrialLimitReached extends TrialRefused {
  constructor(readonly limit: number) {
    super("full", `the study already has its ${limit} trials`);
  }
}
