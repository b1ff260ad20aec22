// A study that other machines work on too (PostgreSQL storage): what the run loop asks of it. Defined in the engine so
// that the runner (which drives it) and the storage (which implements it) both depend downward (docs/studies.md).

/** A study other machines work on too: trial slots, retries and dead machines are settled study-wide. */
export interface SharedStudy {
  /** Fail the trials of workers whose heartbeats stopped (each once, study-wide); messages for the user. */
  failStale(): string[];
  /** Why the storage gave up (the database stayed away): the run stops; finished trials are kept. */
  failure(): string | undefined;
  /** How often to look at other machines' progress while waiting for them. */
  readonly pollMs: number;
}
