// All studies of the open workspace folders, followed live. Views (tree, panel, status bar, hovers) subscribe to one
// throttled change event; polling is fast only while a runner is alive, so an idle workspace costs next to nothing.
import { join } from "node:path";
import * as vscode from "vscode";
import { listStudies, studyDir, studyNameFor } from "../storage/studies";
import { listPgStudies, PgFeed } from "../storage/postgres/feed";
import { resolveStorage, type PgTarget } from "../storage/postgres/url";
import { readSettings } from "./settings";
import { Disposable, throttle } from "./lifecycle";
import { readTail, RUNNER_LOG, runnerFailure } from "./model/runnerFailure";
import { StudyFollower, studyKey } from "./model/studyFollower";

export interface RunnerDeath {
  follower: StudyFollower;
  trials: number[];
  reason: string;
}

const FAST_MS = 400;
const SLOW_MS = 4000;
/** Views hear about changes at most this often (≥ 4 updates a second, never a storm). */
const NOTIFY_MS = 250;
/** Journal bytes read per tick, all studies together (5–20 ms of parsing on a loaded 2-core machine): the rest waits. */
const READ_SLICE_BYTES = 256 * 1024;

export class StudyStore extends Disposable {
  private readonly followers = new Map<string, StudyFollower>();
  private readonly emitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.emitter.event;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private deadline = Infinity;
  private slowTicks = 0;
  private readonly notify = this.register(throttle(() => this.emitter.fire(), NOTIFY_MS));
  private readonly died = this.register(new vscode.EventEmitter<RunnerDeath>());
  /** A study's runner died (killed, crashed) and the trials it left running were failed with the reason. */
  readonly onRunnerDied = this.died.event;
  /** Studies whose runner's exit this window handles itself (it started them): no second report. */
  readonly watchedExits = new Set<string>();
  private scanned = false;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher("**/.attune/**/journal.jsonl"));
    const kick = () => this.schedule(50);
    this.register(watcher.onDidCreate(() => this.rescan()));
    this.register(watcher.onDidChange(kick));
    this.register(watcher.onDidDelete(() => this.rescan()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescan()));
    this.register({ dispose: () => this.timer && clearTimeout(this.timer) });
    this.register({ dispose: () => this.closeFeeds() });
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("attune.storage")) this.rescan();
      }),
    );
  }

  // ---- studies in PostgreSQL (the attune.storage setting): listed from the database, followed by LISTEN/NOTIFY ----
  private pgScan: Promise<void> | undefined;
  private pgUrl = "";
  private pgWarned = "";

  private pgTarget(): PgTarget | undefined {
    const url = readSettings().storage;
    try {
      return resolveStorage(url || undefined, {});
    } catch (e) {
      if (this.pgWarned !== url) this.log.warn(`attune.storage: ${(e as Error).message}`);
      this.pgWarned = url;
      return undefined;
    }
  }

  private closeFeeds(): void {
    for (const f of this.followers.values())
      if (f.feed) {
        void f.feed.close();
        f.feed = undefined;
      }
  }

  /** List the database's studies and follow each (in the background: the host's event loop never waits on it). */
  private rescanPg(): void {
    const target = this.pgTarget();
    if ((target?.url ?? "") !== this.pgUrl) {
      this.closeFeeds();
      for (const key of [...this.followers.keys()]) if (key.startsWith("postgresql::")) this.followers.delete(key);
      this.pgUrl = target?.url ?? "";
    }
    if (!target || this.pgScan || this.isDisposed) return;
    const root = this.roots()[0] ?? "";
    this.pgScan = (async () => {
      try {
        for (const name of await listPgStudies(target)) {
          const key = this.pgKey(root, name);
          let f = this.followers.get(key);
          if (f?.feed) continue;
          const feed = await PgFeed.open(target, name, () => this.schedule(0));
          if (!feed || this.isDisposed || this.pgUrl !== target.url) {
            void feed?.close();
            continue;
          }
          f = f ?? new StudyFollower(root, name, studyDir(root || ".", name));
          f.feed = feed;
          this.followers.set(key, f);
        }
      } catch (e) {
        if (this.pgWarned !== (e as Error).message)
          this.log.warn(`reading studies from ${target.display}: ${(e as Error).message}`);
        this.pgWarned = (e as Error).message;
      } finally {
        this.pgScan = undefined;
        this.schedule(0);
      }
    })();
  }

  /** A PostgreSQL study is found by the same key as a journal one (so hovers and Start Tuning find it by file). */
  private pgKey(root: string, name: string): string {
    return root ? studyKey(root, name) : `postgresql::${name}`;
  }

  /** Roots that may hold studies: the workspace folders. */
  roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file").map((f) => f.uri.fsPath);
  }

  all(): StudyFollower[] {
    this.ensureScanned();
    return [...this.followers.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(key: string): StudyFollower | undefined {
    this.ensureScanned();
    return this.followers.get(key);
  }

  /** The root a file belongs to (its workspace folder, else its own folder) and its default study. */
  locate(file: vscode.Uri): { root: string; name: string; dir: string } {
    const folder = vscode.workspace.getWorkspaceFolder(file);
    const root = folder?.uri.fsPath ?? vscode.Uri.joinPath(file, "..").fsPath;
    const name = studyNameFor(root, file.fsPath);
    return { root, name, dir: studyDir(root, name) };
  }

  /** The study of a file, following it (even before its journal exists, so a fresh launch shows up at once). */
  forFile(file: vscode.Uri, create = false): StudyFollower | undefined {
    const { root, name, dir } = this.locate(file);
    const key = studyKey(root, name);
    let f = this.get(key);
    if (!f && create) {
      f = new StudyFollower(root, name, dir);
      this.followers.set(key, f);
      this.schedule(50);
    }
    // A study just launched into PostgreSQL appears there in a moment: look for it.
    if (create && this.pgUrl) this.rescanPg();
    return f;
  }

  /** The follower the store has for `f`'s study, putting `f` back when a rescan dropped it (it had no journal yet). */
  follow(f: StudyFollower): StudyFollower {
    const cur = this.followers.get(f.key);
    if (cur) return cur;
    this.followers.set(f.key, f);
    this.schedule(50);
    return f;
  }

  /** Re-list studies on disk and read everything new. */
  rescan(): void {
    this.scanned = true;
    const seen = new Set<string>();
    for (const root of this.roots()) {
      let names: string[] = [];
      try {
        names = listStudies(root);
      } catch (e) {
        this.log.warn(`cannot list studies under ${root}: ${(e as Error).message}`);
      }
      for (const name of names) {
        const key = studyKey(root, name);
        seen.add(key);
        if (!this.followers.has(key)) this.followers.set(key, new StudyFollower(root, name, studyDir(root, name)));
      }
    }
    // A study with no journal yet is dropped, unless this window just launched it (its runner has not written yet).
    for (const [key, f] of this.followers)
      if (!seen.has(key) && !f.feed && !f.state.meta && !f.running && f.pendingPid === undefined)
        this.followers.delete(key);
    this.rescanPg();
    this.pollAll(true);
  }

  private ensureScanned(): void {
    if (!this.scanned) this.rescan();
  }

  private pollAll(forceNotify = false, maxBytes = READ_SLICE_BYTES): void {
    let changed = forceNotify;
    let budget = maxBytes;
    let behind = false;
    for (const f of this.followers.values()) {
      const t0 = Date.now();
      const read = f.bytesRead;
      if (f.poll(budget)) changed = true;
      budget = Math.max(0, budget - (f.bytesRead - read));
      if (!f.running && !this.watchedExits.has(f.key) && this.failOrphans(f)) changed = true;
      if (f.behind) behind = true;
      const ms = Date.now() - t0;
      if (ms > 50) this.log.warn(`reading ${f.name}'s journal took ${ms} ms`);
    }
    if (changed) this.notify();
    const anyRunning = [...this.followers.values()].some((f) => f.running);
    // A backlog (the first read of a big study) continues right after other work on the host's event loop had a turn.
    this.schedule(behind ? 0 : anyRunning ? FAST_MS : SLOW_MS);
  }

  /** Fails what a dead runner left running (found by polling, e.g. after a reload), and says so once. */
  private failOrphans(f: StudyFollower): boolean {
    let done;
    try {
      done = f.failOrphans(() => runnerFailure(readTail(join(f.dir, RUNNER_LOG))));
    } catch (e) {
      this.log.warn(`could not record ${f.name}'s orphaned trials: ${(e as Error).message}`);
      return false;
    }
    if (!done) return false;
    this.log.warn(`${f.name}: its runner is gone, trials #${done.trials.join(", #")} failed: ${done.reason}`);
    this.died.fire({ follower: f, ...done });
    return true;
  }

  /** Poll again in `ms` (sooner requests win). */
  schedule(ms: number): void {
    if (this.isDisposed) return;
    const due = Date.now() + ms;
    if (this.timer && due >= this.deadline) return;
    if (this.timer) clearTimeout(this.timer);
    this.deadline = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.deadline = Infinity;
      // Now and then list the folders again: a study started from a terminal appears without a reload.
      if (!this.scanned || ++this.slowTicks % 4 === 0) this.rescan();
      else this.pollAll();
    }, ms);
  }

  /** Read every followed journal to its end now (views hear of changes through onDidChange as usual). */
  refreshNow(): void {
    this.ensureScanned();
    // Callers read the final state right after (a study just ended): no slicing; live polling left little unread.
    this.pollAll(false, Infinity);
  }

  anyRunning(): boolean {
    for (const f of this.followers.values()) if (f.running) return true;
    return false;
  }

  /** Start following (first call lists studies on disk). */
  start(): void {
    this.ensureScanned();
  }
}
