// Panel bench: first paint of a 1,000-trial study and live updates at 10/s with input, in headless Chromium
// (Debian's /usr/bin/chromium via playwright-core), on the real production bundle dist/webview/webview.js under the
// strict CSP the host uses. Also saves screenshots of the harness page in light, dark and high-contrast variables.
// Run: npx tsx bench/panel/run.ts   → bench/panel/RESULTS.md, media/screenshots/panel-harness-*.png
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, tmpdir, totalmem } from "node:os";
import { extname, join, resolve } from "node:path";
import { chromium, type Page } from "playwright-core";

const ROOT = resolve(__dirname, "../..");
const RUNS = Number(process.env.RUNS ?? 9);
const N = 1000;
const LIVE_RATE = 10;
const LIVE_MS = 8000;

function buildBundles(dir: string): void {
  // The production webview bundle exactly as the extension ships it (scripts/build.mjs --production). If other
  // entry points of the build are broken mid-change, build just the webview with the same options.
  try {
    execFileSync(process.execPath, ["scripts/build.mjs", "--production"], { cwd: ROOT, stdio: "pipe" });
  } catch {
    execFileSync(
      process.execPath,
      [
        "-e",
        `require("esbuild").buildSync({entryPoints:["webview/main.ts"],outfile:"dist/webview/webview.js",bundle:true,minify:true,platform:"browser",format:"iife",target:"es2022",logLevel:"warning"})`,
      ],
      { cwd: ROOT, stdio: "inherit" },
    );
  }
  return void dir;
}

const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".css": "text/css",
  ".html": "text/html",
  ".map": "application/json",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
};

async function serve(harnessJs: string): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const origin = `http://${req.headers.host}`;
    if (u.pathname === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    if (u.pathname === "/") {
      const nonce = randomBytes(16).toString("base64");
      // The same policy the extension host sets (GUIDE: default-src 'none', scripts by nonce, no unsafe-inline).
      const csp =
        `default-src 'none'; img-src ${origin} data:; style-src ${origin}; font-src ${origin}; script-src ` +
        `'nonce-${nonce}';`;
      res.writeHead(200, { "content-type": "text/html" });
      res.end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" ` +
          `content="${csp}"><meta name="viewport" content="width=device-width, initial-scale=1"><link ` +
          `rel="stylesheet" href="/dist/webview/webview.css"><title>Attune panel bench</title></head><body><div ` +
          `id="app"></div><script nonce="${nonce}" src="/harness.js"></script></body></html>`,
      );
      return;
    }
    const file =
      u.pathname === "/harness.js"
        ? harnessJs
        : u.pathname.startsWith("/dist/webview/")
          ? join(ROOT, u.pathname)
          : undefined;
    try {
      if (!file) throw new Error("not found");
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}`, close: () => server.close() };
}

interface BenchState {
  readyAt: number[];
  renders: { seq: number; rows: number; painted: number }[];
  violations: string[];
  scriptLoaded: number;
}

const q = (xs: number[], p: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))] : NaN;
};
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");

async function firstPaint(
  page: Page,
  base: string,
  query: string,
): Promise<{ total: number; snapshot: number; script: number; violations: string[] }> {
  await page.goto(`${base}/?${query}`);
  await page.waitForFunction(
    () => (window as unknown as { __bench: BenchState }).__bench.renders.some((r) => r.rows > 0),
    undefined,
    { timeout: 30_000 },
  );
  const b = await page.evaluate(() => {
    const x = (window as unknown as { __bench: BenchState }).__bench;
    return { readyAt: x.readyAt, renders: x.renders, violations: x.violations, scriptLoaded: x.scriptLoaded };
  });
  const painted = b.renders.find((r) => r.rows > 0)!.painted;
  return { total: painted, snapshot: painted - b.readyAt[0], script: b.scriptLoaded, violations: b.violations };
}

interface LiveResult {
  tab: string;
  sent: number;
  applied: number;
  perSecond: number;
  updateLatencyP50: number;
  updateLatencyP95: number;
  inputs: number;
  inputP50: number;
  inputP95: number;
  inputMax: number;
  longEvents: number;
  maxEvent: number;
  kept: string;
}

async function live(page: Page, base: string, tab: string): Promise<LiveResult> {
  const state = encodeURIComponent(
    JSON.stringify({ v: 1, sort: { key: "value", dir: "desc" }, filter: "", hidden: [], tab }),
  );
  await page.goto(`${base}/?n=${N}&theme=dark&state=${state}`);
  await page.waitForFunction(() =>
    (window as unknown as { __bench: BenchState }).__bench.renders.some((r) => r.rows > 0),
  );
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    const b = (window as unknown as { __bench: BenchState & { inputLatency: unknown[]; longEvents: unknown[] } })
      .__bench;
    b.renders.length = 0;
    b.inputLatency.length = 0;
    b.longEvents.length = 0;
  });
  const t0 = Date.now();
  const livePromise = page.evaluate(
    ([rate, ms]) =>
      (window as unknown as { __bench: { startLive(r: number, m: number): Promise<number> } }).__bench.startLive(
        rate,
        ms,
      ),
    [LIVE_RATE, LIVE_MS] as const,
  );
  let typed: string | undefined;
  let kept: string | undefined;
  if (tab === "trials") {
    // Type into the filter while updates stream in; then arrow through the grid.
    const field = page.locator("vscode-textfield.filter input");
    await field.click();
    typed = "optimizer:adam lr<0.01";
    await page.keyboard.type(typed, { delay: 110 });
    await page.locator(".grid").focus();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press("ArrowDown");
      await page.waitForTimeout(90);
    }
    const value = await field.inputValue();
    const hint = (await page.locator(".filter-hint").textContent()) ?? "";
    const selected = await page.evaluate(
      () => (window as unknown as { __bench: { state: { selected?: number } } }).__bench.state?.selected,
    );
    kept =
      value === typed && / of /.test(hint) && selected !== undefined
        ? `all ${typed.length} keys kept; filter "${value}" shows ${hint.trim()}; 20 ArrowDowns moved the selection`
        : `LOST INPUT: value "${value}", hint "${hint}", selected ${selected}`;
  } else {
    // Move the pointer across the chart (uPlot cursor / SVG hover) while updates stream in.
    const box = await page.locator(tab === "curves" ? ".curves-chart" : ".parallel-holder").boundingBox();
    if (box)
      for (let i = 0; i < 60 && Date.now() - t0 < LIVE_MS - 500; i++) {
        await page.mouse.move(
          box.x + 20 + ((i * 37) % Math.max(1, box.width - 40)),
          box.y + 20 + ((i * 53) % Math.max(1, box.height - 40)),
        );
        await page.waitForTimeout(100);
      }
    kept = "pointer moves only";
  }
  const sent = await livePromise;
  await page.waitForTimeout(600);
  const r = await page.evaluate(() => {
    const b = (
      window as unknown as {
        __bench: BenchState & {
          sentAt: Map<number, number>;
          inputLatency: { type: string; ms: number }[];
          longEvents: { duration: number }[];
        };
      }
    ).__bench;
    return {
      renders: b.renders,
      sentAt: [...b.sentAt.entries()],
      input: b.inputLatency,
      longEvents: b.longEvents.map((e) => e.duration),
    };
  });
  const sentAt = new Map(r.sentAt);
  // An update is applied when a painted frame shows its seq (or a later one); count frames that showed new data.
  const seen = new Set<number>();
  const latencies: number[] = [];
  let lastSeq = 1;
  const sorted = r.renders.slice().sort((a, b) => a.painted - b.painted);
  for (const x of sorted) {
    if (x.seq > lastSeq) {
      seen.add(x.seq);
      for (let s = lastSeq + 1; s <= x.seq; s++) if (sentAt.has(s)) latencies.push(x.painted - sentAt.get(s)!);
      lastSeq = x.seq;
    }
  }
  const ms = r.input.map((i) => i.ms);
  return {
    tab,
    sent,
    applied: seen.size,
    perSecond: seen.size / (LIVE_MS / 1000),
    updateLatencyP50: q(latencies, 0.5),
    updateLatencyP95: q(latencies, 0.95),
    inputs: ms.length,
    inputP50: q(ms, 0.5),
    inputP95: q(ms, 0.95),
    inputMax: Math.max(...ms),
    longEvents: r.longEvents.filter((d) => d > 50).length,
    maxEvent: Math.max(0, ...r.longEvents),
    kept,
  };
}

async function screenshot(page: Page, base: string, theme: string, tab: string, out: string, n = 240): Promise<void> {
  const state = encodeURIComponent(JSON.stringify({ v: 1, sort: null, filter: "", hidden: [], tab, selected: 3 }));
  await page.goto(`${base}/?n=${n}&theme=${theme}&state=${state}`);
  await page.waitForFunction(() =>
    (window as unknown as { __bench: BenchState }).__bench.renders.some((r) => r.rows > 0),
  );
  await page.waitForTimeout(400);
  await page.screenshot({ path: out });
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "attune-panel-bench-"));
  buildBundles(work);
  const harnessJs = join(work, "harness.js");
  await build({
    entryPoints: [join(__dirname, "harness.ts")],
    outfile: harnessJs,
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    logLevel: "warning",
  });
  const { url, close } = await serve(harnessJs);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox"],
  });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

    // Warm the browser's caches once (as a reopened panel would be), then measure fresh page loads.
    await firstPaint(page, url, `n=${N}`);
    const fp: { total: number; snapshot: number; script: number; violations: string[] }[] = [];
    for (let i = 0; i < RUNS; i++) fp.push(await firstPaint(page, url, `n=${N}&theme=${i % 2 ? "light" : "dark"}`));
    const violations = [...new Set(fp.flatMap((x) => x.violations))];

    const lives: LiveResult[] = [];
    for (const tab of ["trials", "curves", "parallel"]) lives.push(await live(page, url, tab));

    const shots = join(ROOT, "media/screenshots");
    mkdirSync(shots, { recursive: true });
    await screenshot(page, url, "light", "trials", join(shots, "panel-harness-light.png"));
    await screenshot(page, url, "dark", "trials", join(shots, "panel-harness-dark.png"));
    await screenshot(page, url, "hc", "trials", join(shots, "panel-harness-hc.png"));
    await screenshot(page, url, "dark", "parallel", join(shots, "panel-harness-parallel-dark.png"));
    await screenshot(page, url, "light", "curves", join(shots, "panel-harness-curves-light.png"));

    const js = statSync(join(ROOT, "dist/webview/webview.js")).size;
    const css = statSync(join(ROOT, "dist/webview/webview.css")).size;
    const chromiumVersion = browser.version();
    const med = (k: "total" | "snapshot" | "script") =>
      q(
        fp.map((x) => x[k]),
        0.5,
      );
    const p95 = (k: "total" | "snapshot" | "script") =>
      q(
        fp.map((x) => x[k]),
        0.95,
      );
    const liveRows = lives
      .map(
        (l) =>
          `| ${l.tab} | ${l.sent} | ${l.applied} | **${l.perSecond.toFixed(1)}** | ${f1(l.updateLatencyP50)} / ` +
          `${f1(l.updateLatencyP95)} | ${l.inputs} | ${f1(l.inputP50)} / ${f1(l.inputP95)} / ${f1(l.inputMax)} | ` +
          `${l.longEvents} / ${f1(l.maxEvent)} |`,
      )
      .join("\n");
    const md = `# Panel bench — first paint and live updates

Headless Chromium ${chromiumVersion} (Debian \`/usr/bin/chromium\`, driven by playwright-core), 1280×900, on the
production bundle \`dist/webview/webview.js\` (${(js / 1024).toFixed(0)} KiB) + \`webview.css\` (${(css / 1024).toFixed(0)} KiB) under the host's CSP
(\`default-src 'none'; script-src 'nonce-…'; style-src <origin>\` — no \`unsafe-inline\`, no \`unsafe-eval\`).
A harness page (\`bench/panel/harness.ts\`) plays the extension host: it stubs \`acquireVsCodeApi\`, answers
\`ready\` with a snapshot of a generated ${N}-trial study (6 parameters, 20-step learning curves, pruned/failed/running
trials; \`bench/panel/fixture.ts\`, seeded), and streams \`delta\` messages. "Painted" = a task queued from the render
ran, i.e. after the frame that shows the data.

## First paint of a ${N}-trial study (${RUNS} fresh page loads, after one warm-up)

| | median | p95 | target |
|---|---:|---:|---:|
| \`ready\` → snapshot received, validated, table + best card + history chart painted | **${f1(med("snapshot"))} ms** | ${f1(p95("snapshot"))} ms | ≤ 300 ms |
| page navigation → painted (includes loading and parsing the bundle) | ${f1(med("total"))} ms | ${f1(p95("total"))} ms | |
| page navigation → bundle loaded | ${f1(med("script"))} ms | ${f1(p95("script"))} ms | |

CSP violations reported by the page: ${violations.length === 0 ? "**none**" : violations.map((v) => `\`${v}\``).join(", ")}.
Page errors: ${
      errors.length === 0
        ? "none"
        : errors
            .slice(0, 5)
            .map((e) => `\`${e.slice(0, 200)}\``)
            .join(", ")
    }.

## Live updates at ${LIVE_RATE}/s for ${LIVE_MS / 1000} s with input (${N} trials, 4 running; dark theme)

Each delta carries the running trials' new learning-curve step; trials complete or get pruned and new ones start.
"Applied" counts painted frames that showed a newer \`seq\` (several deltas arriving within one frame are painted
together). Update latency: delta posted → painted. Input latency: \`keydown\`/\`pointermove\` → the next painted frame
(rAF + queued task). Events > 50 ms: Event Timing entries (input delay + handlers + next paint) over 50 ms, the
threshold at which an interaction feels sluggish.

| tab in view | deltas sent | frames applied | applied / s (target ≥ 4) | update latency p50 / p95 ms | inputs | input latency p50 / p95 / max ms | events > 50 ms / longest ms |
|---|---:|---:|---:|---:|---:|---:|---:|
${liveRows}

Input kept: ${lives.map((l) => `${l.tab}: ${l.kept}`).join("; ")}.

While a study runs, learning curves redraw at most every 500 ms, parallel coordinates and importance at most every
1.5 s and only when a trial finished;
the table, header, best card and history chart follow every update (one render per animation frame).

## Reproduce

\`\`\`
npx tsx bench/panel/run.ts          # RUNS=9 by default
\`\`\`

Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, shared with other jobs (numbers are noisy; the
medians are what we compare). Screenshots of the harness page: \`media/screenshots/panel-harness-{light,dark,hc}.png\`,
\`panel-harness-parallel-dark.png\`, \`panel-harness-curves-light.png\` (theme variables copied from VS Code's default
Light/Dark Modern and High Contrast themes; not a real VS Code window).
`;
    writeFileSync(join(__dirname, "RESULTS.md"), md);
    console.log(md);
  } finally {
    await browser.close();
    close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
