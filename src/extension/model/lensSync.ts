// Keeps the CodeLens in step with its study. VS Code's CodeLens controller debounces onDidChangeCodeLenses: every
// event restarts a timer (at least 250 ms, longer when the provider is slow), and a refresh still pending when the
// editor loses focus (a click into the panel) is dropped until the editor has the focus again. So an event that
// changes nothing only delays the refresh that matters, and the last event of a study can be lost: the CodeLens
// then lags the panel, or says "Running" after the study ended. Here each document remembers what its CodeLens was
// last given; an event fires only when a visible document's lens would read differently, and a check after each
// event fires again, a few times at most, while VS Code has not asked since. Pure: the editor feeds it signatures.
import { bestLensTitle, type Progressish } from "./summaryText";

/** Everything the CodeLens row shows for a study's progress: equal signatures read the same. */
export function lensSignature(p: Progressish | undefined): string {
  return [p?.live ? "stop" : "start", bestLensTitle(p), p?.best ? `apply#${p.best.number}` : ""].join("|");
}

export class LensSync {
  private readonly given = new Map<string, string>();
  private retries = 0;

  constructor(private readonly maxRetries = 5) {}

  /** provideCodeLenses answered `doc` with lenses whose signature is `signature`. */
  provided(doc: string, signature: string): void {
    this.given.set(doc, signature);
  }

  forget(doc: string): void {
    this.given.delete(doc);
  }

  /** The documents (of `current`: visible document → its signature now) whose lens reads otherwise. */
  stale(current: ReadonlyMap<string, string>): string[] {
    return [...current].filter(([doc, sig]) => this.given.get(doc) !== sig).map(([doc]) => doc);
  }

  /** The studies changed: fire when a visible lens is out of date. */
  onChange(current: ReadonlyMap<string, string>): boolean {
    this.retries = 0;
    return this.stale(current).length > 0;
  }

  /** A while after firing: fire again when a lens is still out of date (VS Code dropped the refresh), up to a limit. */
  onCheck(current: ReadonlyMap<string, string>): boolean {
    if (this.stale(current).length === 0) {
      this.retries = 0;
      return false;
    }
    return ++this.retries <= this.maxRetries;
  }
}
