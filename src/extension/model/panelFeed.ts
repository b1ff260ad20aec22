// What the panel is sent, and when: a full snapshot when the webview says `ready`, when it becomes visible again, or
// when the study changes; otherwise deltas carrying only the trials whose row changed. Pure: the host feeds it the
// study's state and posts what it returns.
import type { StudyState } from "../../core/events";
import { bestTrial } from "../../core/study";
import { viewParams } from "../../core/structure";
import { Delta, makeMessage, Snapshot, type HostMessage, type ModelSearchInfo } from "../../protocol/messages";
import { changedRows, frontInfo, rowKey, studyView } from "./studyView";

export interface FeedInput {
  key: string | undefined;
  name: string;
  state: StudyState | undefined;
  running: boolean;
  target?: number;
  trusted: boolean;
  canApply: boolean;
  /** The study is a model search (`attune auto`): what it was asked and its report. */
  modelSearch?: ModelSearchInfo;
}

export class PanelFeed {
  private seq = 0;
  /** The seq of the last message the webview got, or undefined when it needs a snapshot. */
  private sent: number | undefined;
  private readonly seen = new Map<number, string>();
  private lastKey: string | undefined;
  private lastFlags = "";

  /** Forget what the webview has (it reloaded, was hidden, or asked again). */
  invalidate(): void {
    this.sent = undefined;
  }

  snapshot(i: FeedInput): HostMessage {
    const seq = ++this.seq;
    this.seen.clear();
    for (const t of i.state?.trials ?? []) this.seen.set(t.number, rowKey(t));
    this.sent = seq;
    this.lastKey = i.key;
    this.lastFlags = flags(i);
    this.lastRunning = i.running;
    this.lastTarget = i.target;
    const view = i.state ? studyView(i.name, i.state, i.running, i.target) : null;
    return makeMessage(Snapshot, {
      seq,
      ...(i.key !== undefined ? { key: i.key } : {}),
      study: view,
      trusted: i.trusted,
      canApply: i.canApply,
      ...(i.modelSearch ? { modelSearch: i.modelSearch } : {}),
    });
  }

  /** The next message after the study changed: a delta when the webview is in step, else a snapshot; undefined when nothing changed. */
  next(i: FeedInput): HostMessage | undefined {
    if (this.sent === undefined || i.key !== this.lastKey || !i.state?.meta || flags(i) !== this.lastFlags)
      return this.snapshot(i);
    const rows = changedRows(i.state.trials, this.seen);
    if (!rows.length && !this.runningChanged(i)) return undefined;
    const base = this.sent;
    const seq = ++this.seq;
    this.sent = seq;
    const front = frontInfo(i.state);
    const best = front ? undefined : bestTrial(i.state.trials, i.state.meta.direction);
    return makeMessage(Delta, {
      seq,
      base,
      trials: rows,
      ...(best ? { best: { ...best, params: viewParams(best.params) } } : {}),
      ...(front ? { front } : {}),
      running: i.running,
      ...(i.target !== undefined ? { target: i.target } : {}),
    });
  }

  private lastRunning: boolean | undefined;
  private lastTarget: number | undefined;
  private runningChanged(i: FeedInput): boolean {
    const changed = i.running !== this.lastRunning || i.target !== this.lastTarget;
    this.lastRunning = i.running;
    this.lastTarget = i.target;
    return changed;
  }
}

function flags(i: FeedInput): string {
  // Things only a snapshot carries: trust, whether Apply can work, the search space (new columns), and a model
  // search's files (its report.json appears once, as it ends).
  return (
    `${i.trusted}|${i.canApply}|${i.state?.meta?.spaceHash ?? ""}|${i.state?.warnings.length ?? 0}|` +
    JSON.stringify(i.modelSearch ?? null)
  );
}
