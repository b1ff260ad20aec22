// The webview's copy of the study: a full snapshot, then deltas that replace or add trials by number. A delta that
// does not extend the snapshot we hold (a hidden webview drops messages) asks for a fresh snapshot. Pure.
import type { Delta, ModelSearchInfo, Snapshot, StudyView, TrialRow } from "../../src/protocol/messages";
import type { Infer } from "../../src/protocol/schema";

export type SnapshotParams = Infer<(typeof Snapshot)["params"]>;
export type DeltaParams = Infer<(typeof Delta)["params"]>;

export class StudyStore {
  seq = -1;
  key: string | undefined;
  study: StudyView | null = null;
  trusted = false;
  canApply = false;
  /** Set when the study is a model search (`attune auto`). */
  modelSearch: ModelSearchInfo | undefined;
  /** Bumped on every change, so views can skip work when nothing moved. */
  version = 0;
  private index = new Map<number, number>();

  applySnapshot(p: SnapshotParams): void {
    this.seq = p.seq;
    this.key = p.key;
    this.trusted = p.trusted;
    this.canApply = p.canApply;
    this.modelSearch = p.modelSearch;
    this.study = p.study ? { ...p.study, trials: p.study.trials.slice().sort((a, b) => a.number - b.number) } : null;
    this.reindex();
    this.version++;
  }

  /** "applied", or "stale" when the delta's base is not what we hold: the caller asks for a snapshot. */
  applyDelta(p: DeltaParams): "applied" | "stale" {
    if (p.base !== this.seq || !this.study) return "stale";
    this.seq = p.seq;
    const s = this.study;
    let appended = false;
    for (const row of p.trials) {
      const i = this.index.get(row.number);
      if (i !== undefined) s.trials[i] = row;
      else {
        if (s.trials.length > 0 && row.number < s.trials[s.trials.length - 1].number) appended = true;
        this.index.set(row.number, s.trials.length);
        s.trials.push(row);
      }
    }
    if (appended) {
      s.trials.sort((a, b) => a.number - b.number);
      this.reindex();
    }
    if (p.best) s.best = p.best;
    if (p.front) s.front = p.front;
    s.running = p.running;
    if (p.target !== undefined) s.target = p.target;
    else delete s.target;
    this.version++;
    return "applied";
  }

  trial(number: number): TrialRow | undefined {
    const i = this.index.get(number);
    return i === undefined ? undefined : this.study?.trials[i];
  }

  private reindex(): void {
    this.index.clear();
    this.study?.trials.forEach((t, i) => this.index.set(t.number, i));
  }
}

export interface Counts {
  total: number;
  queued: number;
  running: number;
  paused: number;
  complete: number;
  pruned: number;
  failed: number;
}

export function counts(trials: readonly TrialRow[]): Counts {
  const c: Counts = { total: trials.length, queued: 0, running: 0, paused: 0, complete: 0, pruned: 0, failed: 0 };
  for (const t of trials) c[t.state]++;
  return c;
}
