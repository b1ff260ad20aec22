// What a failing e2e leaves behind so the failure can be read without re-running it: a screenshot of the window,
// the tail of code-server's log, and the extension's own log files from the user-data dir.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Session } from "./harness";
import type { Workspace } from "./workspace";

export const resultsDir = path.resolve(__dirname, "../../test-results/e2e");

function slug(s: string): string {
  return s
    .replace(/[^a-z0-9]+/gi, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 80);
}

/** Every log file under the user-data dir whose path mentions attune (the extension's LogOutputChannel). */
export function extensionLogs(userDataDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // Match below logs/ only: the temp workspace's own path contains "attune" too.
      else if (/attune/i.test(path.relative(userDataDir, p)) && e.name.endsWith(".log")) out.push(p);
    }
  };
  walk(path.join(userDataDir, "logs"));
  return out;
}

/** The extension-host log(s): activation, errors thrown by the extension. */
export function extensionHostLogs(userDataDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "exthost.log" || e.name === "remoteexthost.log") out.push(p);
    }
  };
  walk(path.join(userDataDir, "logs"));
  return out;
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(unreadable)";
  }
}

/** Saves a screenshot and prints the logs that explain a failure. Never throws. */
export async function recordFailure(session: Session | undefined, title: string): Promise<void> {
  if (!session) return;
  fs.mkdirSync(resultsDir, { recursive: true });
  const shot = path.join(resultsDir, `${slug(title)}.png`);
  try {
    await session.page?.screenshot({ path: shot, timeout: 10_000 });
    console.log(`    screenshot: ${path.relative(process.cwd(), shot)}`);
  } catch {
    /* the page may be gone */
  }
  console.log(`    --- code-server log (tail) ---\n${session.logTail(25)}`);
  for (const f of [...extensionHostLogs(session.ws.userDataDir), ...extensionLogs(session.ws.userDataDir)]) {
    console.log(`    --- ${path.relative(session.ws.root, f)} (tail) ---\n${tail(f, 25)}`);
  }
}

/**
 * The end every e2e suite shares: a failed test (or start-up, run through `startUp`) records its evidence, and the
 * suite's session stops; its workspace is removed only when nothing failed, else kept and named for inspection.
 * Construct it inside the suite's `describe`: it registers the suite's afterEach and after hooks.
 */
export class SuiteEvidence {
  private failed = false;

  constructor(private readonly current: () => { session?: Session; ws?: Workspace }) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- mocha hands hooks their own `this`
    const suite = this;
    afterEach(async function () {
      if (this.currentTest?.state === "failed") await suite.failure(this.currentTest.fullTitle());
    });
    after(async function () {
      this.timeout(60_000);
      const { session, ws } = suite.current();
      await session?.stop();
      if (ws && !suite.failed) fs.rmSync(ws.root, { recursive: true, force: true });
      else if (ws) console.log(`    kept the workspace for inspection: ${ws.root}`);
    });
  }

  /** Runs the suite's start-up; a failure there is recorded as `what`, then thrown on. */
  async startUp(what: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (e) {
      await this.failure(what);
      throw e;
    }
  }

  private async failure(title: string): Promise<void> {
    this.failed = true;
    await recordFailure(this.current().session, title);
  }
}
