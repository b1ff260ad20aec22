// A throwaway PostgreSQL server for tests and benchmarks: Debian's binaries, initdb in a temp folder, a free port,
// torn down after. The server refuses to run as root, so as root it runs as the `postgres` user (runuser).
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN_DIRS = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"];

export function pgBinDir(): string | undefined {
  if (process.env.ATTUNE_PG_BIN) return process.env.ATTUNE_PG_BIN;
  return BIN_DIRS.find((d) => existsSync(join(d, "initdb")) && existsSync(join(d, "pg_ctl")));
}

/**
 * Why PostgreSQL tests cannot run here, or undefined when they can. Without the binaries they skip locally with
 * this message; in CI (CI set) they must run, so the caller fails instead.
 */
export function pgUnavailable(): string | undefined {
  if (pgBinDir()) return undefined;
  return "PostgreSQL server binaries not found (apt-get install postgresql, or set ATTUNE_PG_BIN)";
}

/** CI (or the README's test command, scripts/test-ci.sh) must run the PostgreSQL tests, never skip them. */
export function inCi(): boolean {
  return !!process.env.CI || !!process.env.ATTUNE_REQUIRE_PG;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface PgServerOptions {
  /** Server settings (-c name=value), e.g. fsync=off for fast tests. */
  settings?: Record<string, string>;
}

export class PgServer {
  readonly dir: string;
  readonly data: string;
  port = 0;
  private readonly bin: string;
  private readonly asPostgres: boolean;

  private constructor(private readonly opts: PgServerOptions) {
    this.bin = pgBinDir()!;
    this.dir = mkdtempSync(join(tmpdir(), "attune-pg-"));
    this.data = join(this.dir, "data");
    this.asPostgres = process.getuid?.() === 0;
    if (this.asPostgres) {
      chmodSync(this.dir, 0o777);
      execFileSync("chown", ["postgres", this.dir]);
    }
  }

  static async start(opts: PgServerOptions = {}): Promise<PgServer> {
    const s = new PgServer(opts);
    s.run("initdb", ["-D", s.data, "-U", "attune", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    s.port = await freePort();
    s.startServer();
    s.run("createdb", ["-h", s.dir, "-p", String(s.port), "-U", "attune", "attune"]);
    return s;
  }

  get url(): string {
    return `postgresql://attune@127.0.0.1:${this.port}/attune`;
  }

  /** Create another database on this server (a clean slate per test). */
  createDb(name: string): string {
    this.run("createdb", ["-h", this.dir, "-p", String(this.port), "-U", "attune", name]);
    return `postgresql://attune@127.0.0.1:${this.port}/${name}`;
  }

  private startServer(): void {
    const opts = [`-p ${this.port}`, `-k ${this.dir}`, "-c listen_addresses=127.0.0.1"];
    for (const [k, v] of Object.entries(this.opts.settings ?? {})) opts.push(`-c ${k}=${v}`);
    this.run("pg_ctl", ["-D", this.data, "-o", opts.join(" "), "-l", join(this.dir, "log"), "-w", "-t", "60", "start"]);
  }

  /** Crash-stop (as a power cut would, minus the disk): clients see their connections torn. */
  stop(): void {
    this.run("pg_ctl", ["-D", this.data, "-m", "immediate", "-w", "stop"], true);
  }

  start(): void {
    this.startServer();
  }

  /** Kill every client connection's server process (a torn connection, as from a network cut). */
  terminateClients(): void {
    this.run("psql", [
      "-h",
      this.dir,
      "-p",
      String(this.port),
      "-U",
      "attune",
      "-d",
      "attune",
      "-Atc",
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'",
    ]);
  }

  psql(db: string, sql: string): string {
    return this.run("psql", ["-h", this.dir, "-p", String(this.port), "-U", "attune", "-d", db, "-Atc", sql]);
  }

  destroy(): void {
    this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private run(cmd: string, args: string[], ignoreFailure = false): string {
    const file = join(this.bin, cmd);
    const r = this.asPostgres
      ? spawnSync("runuser", ["-u", "postgres", "--", file, ...args], { encoding: "utf8", cwd: this.dir })
      : spawnSync(file, args, { encoding: "utf8", cwd: this.dir });
    if (r.status !== 0 && !ignoreFailure)
      throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr || r.stdout || r.error}`);
    return (r.stdout ?? "").trim();
  }
}

/** mocha: start one server for a describe block, or skip it (locally) / fail (in CI) when PostgreSQL is missing. */
export function usePgServer(ctx: Mocha.Suite, opts: PgServerOptions = {}): () => PgServer {
  let server: PgServer | undefined;
  ctx.beforeAll(async function () {
    this.timeout(120_000);
    const why = pgUnavailable();
    if (why) {
      if (inCi()) throw new Error(`${why}; CI must run the PostgreSQL tests`);
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    server = await PgServer.start(opts);
  });
  ctx.afterAll(() => server?.destroy());
  return () => server!;
}
