// `attune export` / `attune import`: move a study between PostgreSQL and the journal in .attune/. Both hold the same
// events, so a study moves whole (trials, reports, failures, space changes) and reads the same on either side.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { grantedEvents, type StudyEvent } from "../../core/events";
import { JOURNAL_FILE, JournalWriter, parseJournalLine } from "../../storage/journal";
import { PostgresStore } from "../../storage/postgres/store";
import { studyDir } from "../../storage/studies";
import { UsageError, type ParsedArgs } from "../args";
import type { CliContext } from "../context";
import { readPgStudy, storageTarget } from "../storage";

export const TRANSFER_FLAGS = { values: ["study", "storage", "as"], switches: [] };

function targetAndName(ctx: CliContext, args: ParsedArgs, verb: string) {
  const target = storageTarget(ctx, args);
  if (!target) throw new UsageError(`${verb} needs --storage postgresql://… (or ATTUNE_STORAGE)`);
  const name = args.flags.get("study");
  if (!name) throw new UsageError(`${verb} needs --study NAME`);
  return { target, name, as: args.flags.get("as") ?? name };
}

/** PostgreSQL → .attune/<name>/journal.jsonl (refuses to overwrite a journal). */
export function exportStudy(ctx: CliContext, args: ParsedArgs): number {
  const { target, name, as } = targetAndName(ctx, args, "export");
  const path = join(studyDir(ctx.cwd, as), JOURNAL_FILE);
  if (existsSync(path))
    throw new UsageError(`${path} already exists; export under another name with --as NAME, or move it away first`);
  const { store } = readPgStudy(target, name);
  let events: StudyEvent[];
  try {
    events = store.exportEvents();
  } finally {
    store.close();
  }
  const w = new JournalWriter(path);
  for (const e of events) w.append(e);
  w.close();
  ctx.out(`exported ${events.length} events of "${name}" (${store.state.trials.length} trials) to ${path}`);
  return 0;
}

/** .attune/<name>/journal.jsonl → PostgreSQL (refuses a study that already exists there). */
export function importStudy(ctx: CliContext, args: ParsedArgs): number {
  const { target, name, as } = targetAndName(ctx, args, "import");
  const path = join(studyDir(ctx.cwd, name), JOURNAL_FILE);
  if (!existsSync(path)) throw new UsageError(`no journal at ${path}; name a study under .attune/ with --study`);
  const events: StudyEvent[] = [];
  let skipped = 0;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    // As replay reads it: an event glued onto a line torn by a killed writer is kept, the torn part skipped.
    const { event, problem } = parseJournalLine(line);
    if (event) events.push(event);
    if (problem) skipped++;
  }
  if (!events.some((e) => e.op === "study")) throw new UsageError(`${path} has no study header; nothing to import`);
  // A claim the journal refused (beyond --trials, a second baseline) is no trial: the database would count it as one.
  const granted = grantedEvents(events);
  const store = new PostgresStore(target, as, { create: true });
  try {
    store.importEvents(granted);
  } finally {
    store.close();
  }
  ctx.out(
    `imported ${granted.length} events (${store.state.trials.length} trials) into "${as}" in ${target.display}` +
      (skipped ? `; ${skipped} unreadable line(s) skipped` : ""),
  );
  return 0;
}
