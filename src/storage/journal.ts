// The append-only JSON-lines journal of a study (docs/studies.md). Several processes may append at once: each event is
// one write() of one whole line with O_APPEND, so lines never interleave; trial numbers come from replay order, so
// writers need no lock. Writers never repair anything: a reader cannot tell a line torn by a killed writer from one
// still being written (Linux grows the file page by page during one write()), so an opening writer that "repaired"
// a torn-looking tail with "\n" added a blank line after another writer's whole line. Instead the reader recovers an
// event glued onto a torn line; torn and corrupt lines are skipped with a warning, never fatal.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { applyEvent, emptyState, isEvent, type StudyEvent, type StudyState } from "../core/events";

export const JOURNAL_FILE = "journal.jsonl";

/** Limits on one poll, so a big journal can be read in slices that never hold up the caller's event loop for long. */
export interface PollLimits {
  /** Read at most this many new bytes (0: only look at the file's size); the rest waits for the next poll. */
  maxBytes?: number;
}

/** The journal is shorter than what was already read: it was replaced (a study deleted and run afresh), not
 * appended to. */
export class JournalShrankError extends Error {
  constructor(path: string) {
    super(`${path} shrank while being read: a journal must only be appended to`);
  }
}

/** Reads a journal incrementally: each poll() parses only the bytes appended since the last one. */
export class JournalReader {
  readonly state: StudyState = emptyState();
  private offset = 0;
  private lineNo = 0;
  /** Bytes read after the last complete line: a line still being written, or one a limited poll cut short. */
  private pending = Buffer.alloc(0);
  private size = 0;

  constructor(readonly path: string) {}

  /**
   * Read new complete lines; returns true when anything changed. With `maxBytes`, a big journal is read over several
   * polls (`behind` says whether more is there); the state after the last one is the same as after one unlimited poll.
   */
  poll(limits: PollLimits = {}): boolean {
    if (!existsSync(this.path)) return false;
    const fd = openSync(this.path, "r");
    let changed = false;
    try {
      this.size = fstatSync(fd).size;
      if (this.size < this.offset) throw new JournalShrankError(this.path);
      const budget = limits.maxBytes === undefined ? Infinity : Math.max(0, Math.floor(limits.maxBytes) || 0);
      const end = Math.min(this.size, this.offset + budget);
      while (this.offset < end) {
        const chunk = Buffer.alloc(Math.min(1 << 20, end - this.offset));
        const n = readSync(fd, chunk, 0, chunk.length, this.offset);
        if (n <= 0) break;
        this.offset += n;
        // Only the new bytes can hold the newline that ends the pending line.
        const from = this.pending.length;
        this.pending = from ? Buffer.concat([this.pending, chunk.subarray(0, n)]) : chunk.subarray(0, n);
        let start = 0;
        for (let i = this.pending.indexOf(0x0a, from); i >= 0; i = this.pending.indexOf(0x0a, start)) {
          this.consume(this.pending.toString("utf8", start, i));
          start = i + 1;
          changed = true;
        }
        this.pending = start === 0 ? this.pending : Buffer.from(this.pending.subarray(start));
      }
    } finally {
      closeSync(fd);
    }
    return changed;
  }

  /** The last poll stopped short of the end of the file (a limited poll): poll again for the rest. */
  get behind(): boolean {
    return this.offset < this.size;
  }

  /** Bytes of the journal read so far. */
  get bytesRead(): number {
    return this.offset;
  }

  /** A last line without its newline: torn if the writer died, or still being written. */
  get hasTornTail(): boolean {
    return this.pending.length > 0 && !this.behind;
  }

  private consume(line: string): void {
    this.lineNo++;
    const { event, problem } = parseJournalLine(line);
    if (problem) this.state.warnings.push(`${this.path}:${this.lineNo}: ${problem}`);
    if (event) applyEvent(this.state, event, `${this.path}:${this.lineNo}: `);
  }
}

/** One journal line: its event (when one can be had) and what was wrong with it; a blank line is nothing. */
export function parseJournalLine(line: string): { event?: StudyEvent; problem?: string } {
  if (!line.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    const glued = gluedEvent(line);
    if (glued) return { event: glued.event, problem: `torn line skipped (${preview(glued.torn)})` };
    return { problem: `unreadable line skipped (${preview(line)})` };
  }
  if (!isEvent(parsed)) return { problem: `not a journal event, skipped (${preview(line)})` };
  return { event: parsed };
}

/** Appends events, each as one whole line in one write(); opening the file writes nothing. */
export class JournalWriter {
  private fd: number | undefined;

  constructor(readonly path: string) {}

  /** Open the file now (the first append otherwise does). */
  open(): this {
    if (this.fd !== undefined) return this;
    mkdirSync(dirname(this.path), { recursive: true });
    this.fd = openSync(this.path, "a");
    return this;
  }

  append(event: StudyEvent): void {
    this.open();
    // `op` first: a reader finds an event glued onto a torn line by its opening `{"op":`.
    const { op, ...rest } = event;
    writeSync(this.fd!, JSON.stringify({ op, ...rest }) + "\n");
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Read a whole journal once. */
export function readJournal(studyDir: string): StudyState {
  const r = new JournalReader(join(studyDir, JOURNAL_FILE));
  r.poll();
  if (r.hasTornTail) r.state.warnings.push(`${r.path}: last line is incomplete (torn write); ignored`);
  return r.state;
}

/**
 * A writer killed mid-line leaves a line without its newline; the next event appended (one whole line) then follows
 * it on the same line. That event starts at an `{"op":` (writers put `op` first) and runs to the end of the line; an
 * `{"op":` inside the torn part cannot start a JSON value that ends exactly there, so the first that parses is it.
 */
function gluedEvent(line: string): { torn: string; event: StudyEvent } | undefined {
  for (let k = line.indexOf('{"op":', 1); k > 0; k = line.indexOf('{"op":', k + 1)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.slice(k));
    } catch {
      continue;
    }
    if (isEvent(parsed)) return { torn: line.slice(0, k), event: parsed };
  }
  return undefined;
}

function preview(line: string): string {
  return JSON.stringify(line.length > 60 ? line.slice(0, 60) + "…" : line);
}
