// `--storage URL` / ATTUNE_STORAGE for the commands that read or write a study (docs/studies.md, docs/cli.md).
import { PostgresStore } from "../storage/postgres/store";
import { resolveStorage, StorageUrlError, type PgTarget } from "../storage/postgres/url";
import { duration, UsageError, type ParsedArgs } from "./args";
import type { CliContext } from "./context";
import { DEFAULT_HEARTBEAT, type HeartbeatOptions } from "../storage/postgres/shared";

/** The PostgreSQL storage the command was given, or undefined for the journal. A malformed URL is a usage error. */
export function storageTarget(ctx: CliContext, args: ParsedArgs): PgTarget | undefined {
  try {
    return resolveStorage(args.flags.get("storage"), ctx.env);
  } catch (e) {
    if (e instanceof StorageUrlError) throw new UsageError(e.message);
    throw e;
  }
}

/** --heartbeat / --heartbeat-grace (or ATTUNE_HEARTBEAT / ATTUNE_HEARTBEAT_GRACE), e.g. 2s and 10s. */
export function heartbeatOptions(ctx: CliContext, args: ParsedArgs): HeartbeatOptions {
  const intervalMs =
    duration("heartbeat", args.flags.get("heartbeat") ?? ctx.env.ATTUNE_HEARTBEAT) ?? DEFAULT_HEARTBEAT.intervalMs;
  const graceMs =
    duration("heartbeat-grace", args.flags.get("heartbeat-grace") ?? ctx.env.ATTUNE_HEARTBEAT_GRACE) ??
    Math.max(DEFAULT_HEARTBEAT.graceMs, 3 * intervalMs);
  if (graceMs < 2 * intervalMs)
    throw new UsageError(
      `--heartbeat-grace must be at least twice --heartbeat (a worker is dead after missing two beats); ` +
        `got ${graceMs / 1000} s and ${intervalMs / 1000} s`,
    );
  return { intervalMs, graceMs };
}

/** Open a study in PostgreSQL for reading (show, apply): a missing study is a usage error that lists the others. */
export function readPgStudy(target: PgTarget, name: string | undefined): { name: string; store: PostgresStore } {
  if (name === undefined) {
    const names = PostgresStore.list(target);
    if (names.length !== 1)
      throw new UsageError(
        names.length
          ? `name a file or --study; studies in ${target.display}: ${names.join(", ")}`
          : `no studies in ${target.display} yet; run \`attune tune <file> --storage ...\` first`,
      );
    name = names[0];
  }
  const store = new PostgresStore(target, name, { create: false });
  if (!store.exists) {
    store.close();
    const names = PostgresStore.list(target);
    throw new UsageError(
      `no study "${name}" in ${target.display}${names.length ? `; studies there: ${names.join(", ")}` : ""}`,
    );
  }
  return { name, store };
}
