// What a command needs from its surroundings; tests and the CLI entry provide it.
export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Standard output (results). */
  out(line: string): void;
  /** Standard error (progress, warnings). */
  err(line: string): void;
  /** Is stderr a terminal (live progress line)? */
  isTTY: boolean;
  /** Register a handler for Ctrl+C / SIGTERM; returns an unregister function. */
  onInterrupt(handler: () => void): () => void;
}
