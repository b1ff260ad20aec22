// What this workspace last asked each study for (target trial count, algorithm, parallelism, the pid it started):
// the journal records trials, not targets, so a reloaded window reads these to show "7/20" and to resume alike.
import type * as vscode from "vscode";

export interface LaunchRecord {
  file: string;
  algorithm: string;
  trials: number;
  parallel: number;
  timeout?: string;
  seed?: number;
  /** The detached `attune tune` process, until the journal names its runner. */
  pid?: number;
  startedAt: number;
}

const KEY = "attune.launches";

export class LaunchRecords {
  constructor(private readonly memento: vscode.Memento) {}

  private all(): Record<string, LaunchRecord> {
    return this.memento.get<Record<string, LaunchRecord>>(KEY, {});
  }

  get(study: string): LaunchRecord | undefined {
    const r = this.all()[study];
    return r && typeof r.trials === "number" ? r : undefined;
  }

  async set(study: string, r: LaunchRecord): Promise<void> {
    await this.memento.update(KEY, { ...this.all(), [study]: r });
  }
}
