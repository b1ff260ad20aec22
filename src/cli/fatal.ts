// An error nothing else handled, as ONE line a person can act on: `attune: error: <what happened>; <what to do>`.
// The VS Code extension shows that line (never a stack frame); the stack follows it only with ATTUNE_DEBUG=1, or in
// the runner.log of a study VS Code started, where "Show Output" leads.
export const FATAL_PREFIX = "attune: error: ";

export function fatalLine(e: unknown): string {
  return FATAL_PREFIX + describe(e);
}

export function fatalDetails(e: unknown, env: NodeJS.ProcessEnv): string | undefined {
  if (!env.ATTUNE_DEBUG && env.ATTUNE_LAUNCHED_BY !== "vscode") return undefined;
  const stack = (e as Error)?.stack;
  return stack ? stack.replace(/^/gm, "  ") : undefined;
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException | undefined;
  const first = String(err?.message ?? e)
    .split("\n")[0]
    .trim();
  const where = err?.path ? ` (${err.path})` : "";
  switch (err?.code) {
    case "ENOSPC":
      return `the disk is full${where}; free some space, then run the same command to resume the study`;
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return `no permission to write${where}; make the folder writable, then run the same command to resume`;
    case "EMFILE":
    case "ENFILE":
      return `too many open files; lower --parallel or raise the limit (ulimit -n), then run the same command`;
  }
  return `${first.replace(/[.;]\s*$/, "")}; this is unexpected: rerun with ATTUNE_DEBUG=1 for details, and report it`;
}

const lastWords = new Set<(why: string) => void>();

/** Something to do before the process dies of an unhandled error (a running study records its trials failed). */
export function onFatal(fn: (why: string) => void): () => void {
  lastWords.add(fn);
  return () => lastWords.delete(fn);
}

export function runLastWords(e: unknown): void {
  const why = String((e as Error)?.message ?? e).split("\n")[0];
  for (const fn of lastWords) {
    try {
      fn(why);
    } catch {
      // dying anyway: the next `tune` recovers what this could not record
    }
  }
}
