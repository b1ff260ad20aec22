// Browser side of the panel bench: plays the extension host for dist/webview/webview.js. It sets the theme
// variables as VS Code does (CSSOM on <html>), stubs acquireVsCodeApi, answers `ready` with a snapshot of a
// generated study, streams deltas on demand, and records when each update reached the screen.
import { Rng } from "../../src/core/rng";
import type { TrialRow } from "../../src/protocol/messages";
import { curveAt, makeStudy, makeTrial } from "./fixture";
import { THEMES, type ThemeName } from "./themes";

interface Render {
  seq: number;
  rows: number;
  /** After the render's frame has been presented (a task queued from the render runs after paint). */
  painted: number;
}
const q = new URLSearchParams(location.search);
const n = Number(q.get("n") ?? 1000);
const theme = (q.get("theme") ?? "dark") as ThemeName;
const initialState = q.get("state") ? JSON.parse(q.get("state")!) : undefined;
const nonce = (document.currentScript as HTMLScriptElement).nonce;

const bench = {
  violations: [] as string[],
  readyAt: [] as number[],
  renders: [] as Render[],
  sentAt: new Map<number, number>(),
  inputLatency: [] as { type: string; ms: number }[],
  longEvents: [] as { name: string; duration: number }[],
  posted: [] as unknown[],
  state: initialState as unknown,
  scriptLoaded: 0,
  startLive: (_rate: number, _ms: number) => Promise.resolve(0),
};
(window as unknown as { __bench: typeof bench }).__bench = bench;
document.addEventListener("securitypolicyviolation", (e) =>
  bench.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
);

const t = THEMES[theme];
document.body.className = t.bodyClass;
for (const [k, v] of Object.entries(t.vars)) document.documentElement.style.setProperty(k, v);

const afterPaint = (cb: (t: number) => void) => {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => cb(performance.now());
  ch.port2.postMessage(0);
};
window.addEventListener("attune:rendered", (e) => {
  const d = (e as CustomEvent<{ seq: number; rows: number }>).detail;
  afterPaint((painted) => bench.renders.push({ seq: d.seq, rows: d.rows, painted }));
});
for (const type of ["keydown", "pointermove"]) {
  window.addEventListener(
    type,
    (e) => {
      const t0 = e.timeStamp;
      requestAnimationFrame(() => afterPaint((t1) => bench.inputLatency.push({ type, ms: t1 - t0 })));
    },
    true,
  );
}
try {
  new PerformanceObserver((list) => {
    for (const en of list.getEntries()) bench.longEvents.push({ name: en.name, duration: en.duration });
  }).observe({ type: "event", durationThreshold: 16, buffered: true } as PerformanceObserverInit);
} catch {
  /* Event Timing missing: the rAF-based latency above still measures. */
}

const study = makeStudy(n);
let seq = 1;
const post = (m: unknown) => window.postMessage(m, "*");
(window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
  postMessage(m: { method: string }) {
    bench.posted.push(m);
    if (m.method === "ready") {
      bench.readyAt.push(performance.now());
      bench.sentAt.set(seq, performance.now());
      post({ method: "snapshot", params: { seq, key: "bench", study, trusted: true, canApply: true } });
    }
  },
  getState: () => bench.state,
  setState: (s: unknown) => void (bench.state = s),
});

/** Deltas at `rate` per second for `ms`: running trials report a step, finish or get pruned; new ones start. */
bench.startLive = (rate: number, ms: number) =>
  new Promise<number>((resolve) => {
    const rng = new Rng(99);
    let next = study.trials.length;
    const running = new Map<number, TrialRow>(
      study.trials.filter((x) => x.state === "running").map((x) => [x.number, x]),
    );
    let sent = 0;
    const timer = setInterval(() => {
      const changed: TrialRow[] = [];
      for (const tr of [...running.values()]) {
        const step = tr.intermediate.length + 1;
        const row: TrialRow = { ...tr, intermediate: [...tr.intermediate, [step, curveAt(tr.params, step, rng)]] };
        if (step >= 20 || (step >= 3 && step <= 6 && rng.random() < 0.15)) {
          row.state = step >= 20 ? "complete" : "pruned";
          row.value = row.intermediate[row.intermediate.length - 1][1];
          row.finishedAt = (row.startedAt ?? 0) + step * 1400;
          row.durationS = step * 1.4;
          running.delete(tr.number);
          const fresh = makeTrial(next++, rng, "running");
          fresh.intermediate = [];
          running.set(fresh.number, fresh);
          changed.push(fresh);
        } else running.set(tr.number, row);
        changed.push(row);
      }
      const base = seq;
      seq++;
      bench.sentAt.set(seq, performance.now());
      post({ method: "delta", params: { seq, base, trials: changed, running: true, target: n + 200 } });
      sent++;
    }, 1000 / rate);
    setTimeout(() => {
      clearInterval(timer);
      resolve(sent);
    }, ms);
  });

const s = document.createElement("script");
s.nonce = nonce;
s.src = "/dist/webview/webview.js";
s.onload = () => (bench.scriptLoaded = performance.now());
document.body.append(s);
