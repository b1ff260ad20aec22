// A study whose events live in a journal file that other processes may append to (docs/studies.md), and the one
// place that opens a Study with this process as its owner.
import { hostname } from "node:os";
import type { StudyEvent, StudyState } from "../core/events";
import { Study, type Store, type StudyConfig, type StudyOwner } from "../core/study";
import { JournalReader, JournalWriter } from "./journal";

export class JournalStore implements Store {
  private readonly reader: JournalReader;
  private readonly writer: JournalWriter;
  readonly replayClaims = true;
  constructor(path: string) {
    this.reader = new JournalReader(path);
    this.writer = new JournalWriter(path);
    this.reader.poll();
  }
  get state(): StudyState {
    return this.reader.state;
  }
  append(e: StudyEvent): void {
    this.writer.append(e);
    this.reader.poll();
  }
  refresh(): void {
    this.reader.poll();
  }
  close(): void {
    this.writer.close();
  }
}

/** This process on this machine: what starts, segments and claims are recorded under. */
export function thisProcess(): StudyOwner {
  return { pid: process.pid, host: hostname() };
}

/** A study owned by this process: in a journal at `journal`, in `store` (PostgreSQL), or in memory. */
export function openStudy(cfg: StudyConfig & { journal?: string }): Study {
  const { journal, ...rest } = cfg;
  const store = rest.store ?? (journal !== undefined ? new JournalStore(journal) : undefined);
  return new Study({ owner: thisProcess(), ...rest, ...(store ? { store } : {}) });
}
