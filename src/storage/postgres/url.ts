// Which storage a command uses: `--storage URL`, else ATTUNE_STORAGE, else the journal. A PostgreSQL URL is checked
// here, before anything connects, so a typo is one sentence that says what to fix; passwords and TLS come from the
// URL (`?sslmode=require`) or the standard PG* variables, which the `pg` client reads itself.

export interface PgTarget {
  /** The URL as given (it may hold a password: show `display` instead). */
  url: string;
  /** The URL with any password replaced by ***, for messages. */
  display: string;
}

export class StorageUrlError extends Error {}

/** The PostgreSQL storage to use, or undefined for the file journal. */
export function resolveStorage(flag: string | undefined, env: NodeJS.ProcessEnv): PgTarget | undefined {
  const raw = (flag ?? env.ATTUNE_STORAGE ?? "").trim();
  if (!raw || raw === "journal" || raw === "file") return undefined;
  return parsePgUrl(raw, flag !== undefined ? "--storage" : "ATTUNE_STORAGE");
}

export function parsePgUrl(raw: string, source = "--storage"): PgTarget {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new StorageUrlError(
      `${source} ${JSON.stringify(redactText(raw))} is not a URL; use ` +
        `postgresql://user[:password]@host[:port]/database`,
    );
  }
  if (u.protocol !== "postgresql:" && u.protocol !== "postgres:")
    throw new StorageUrlError(
      `${source} must be a postgresql:// URL (or "journal" for files); got the scheme ` +
        `"${u.protocol.replace(/:$/, "")}"`,
    );
  if (u.port && !/^\d+$/.test(u.port)) throw new StorageUrlError(`${source}: the port must be a number`);
  const display = redact(u);
  return { url: raw, display };
}

function redact(u: URL): string {
  if (!u.password) return u.toString();
  const c = new URL(u.toString());
  c.password = "***";
  return c.toString();
}

function redactText(s: string): string {
  return s.replace(/(\/\/[^:/@]*:)[^@]*@/, "$1***@");
}
