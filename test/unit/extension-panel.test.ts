// The panel host's pure parts: its HTML and CSP, and the snapshot/delta feed that keeps the webview in step.
import { strict as assert } from "node:assert";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { space } from "../../src/core/space";
import { JournalWriter, JOURNAL_FILE } from "../../src/storage/journal";
import type { StudyEvent } from "../../src/core/events";
import { HOST_TO_WEBVIEW, parseMessage } from "../../src/protocol/messages";
import { contentSecurityPolicy, makeNonce, panelHtml } from "../../src/extension/panel/html";
import { PanelFeed, type FeedInput } from "../../src/extension/model/panelFeed";
import { StudyFollower } from "../../src/extension/model/studyFollower";
import { findTrialLog } from "../../src/extension/model/trialLog";

describe("extension: panel HTML", () => {
  it("has a CSP that allows nothing by default and scripts only by nonce", () => {
    const csp = contentSecurityPolicy("https://x.vscode-cdn.net", "abc123");
    assert.match(csp, /^default-src 'none'; script-src 'nonce-abc123';/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    assert.doesNotMatch(
      csp.split(";").find((d) => d.includes("script-src"))!,
      /unsafe-inline|https:/,
    );
  });

  it("loads the bundle with the nonce into #app and escapes attribute values", () => {
    const html = panelHtml({
      cspSource: "vscode-resource:",
      nonce: "N0nce",
      scriptUri: 'vscode-resource:/dist/webview/webview.js?a=1&b="2"',
      styleUri: "vscode-resource:/dist/webview/webview.css",
      title: "Attune <trials>",
    });
    assert.match(
      html,
      /<script nonce="N0nce" src="vscode-resource:\/dist\/webview\/webview\.js\?a=1&amp;b=&quot;2&quot;"><\/script>/,
    );
    assert.match(html, /<link rel="stylesheet" href="vscode-resource:\/dist\/webview\/webview\.css">/);
    assert.match(html, /<div id="app"/);
    assert.match(html, /<title>Attune &lt;trials&gt;<\/title>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });

  it("makes fresh alphanumeric nonces", () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9]{16,}$/);
    assert.notEqual(a, makeNonce());
  });
});

type NoTime<E> = E extends unknown ? Omit<E, "t"> : never;
function writeStudy(dir: string, events: NoTime<StudyEvent>[]): JournalWriter {
  const w = new JournalWriter(join(dir, JOURNAL_FILE));
  for (const e of events) w.append({ ...e, t: 1_700_000_000_000 } as StudyEvent);
  return w;
}

const s = {
  name: "train.py",
  space: {
    params: [space.float(1e-5, 0.1, { log: true }), space.choice(["adam", "sgd"])].map((p, i) => ({
      ...p,
      name: ["lr", "opt"][i],
    })),
  },
};

describe("extension: following a journal and feeding the panel", () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "attune-feed-"));
    dir = join(root, ".attune", "train.py");
    mkdirSync(dir, { recursive: true });
  });

  it("reads appended events incrementally and bumps its version only on change", () => {
    const w = writeStudy(dir, [
      {
        op: "study",
        v: 1,
        name: "train.py",
        file: join(root, "train.py"),
        direction: "maximize",
        metric: "acc",
        algorithm: "tpe",
        seed: 1,
        space: s.space as never,
        spaceHash: "h",
      },
    ]);
    const f = new StudyFollower(root, "train.py", dir);
    assert.equal(f.poll(), true);
    assert.equal(f.version, 1);
    assert.equal(f.poll(), false);
    assert.equal(f.version, 1);
    w.append({ op: "trial", uid: "h:1:a:0", params: { lr: 0.01, opt: "adam" }, t: 1 });
    w.append({ op: "start", trial: 0, t: 2 });
    w.append({ op: "report", trial: 0, step: 1, value: 0.5, t: 3 });
    assert.equal(f.poll(), true);
    assert.equal(f.state.trials[0].state, "running");
    assert.deepEqual(f.counts(), { done: 0, running: 1, total: 1 });
    w.append({ op: "finish", trial: 0, state: "complete", value: 0.8, t: 5000 });
    f.poll();
    assert.deepEqual(f.best(), { number: 0, value: 0.8, params: { lr: 0.01, opt: "adam" } });
    assert.equal(f.running, false, "no runner recorded");
    w.close();
  });

  it("counts a recorded runner whose process lives as running, and a stopped one as not", () => {
    const w = writeStudy(dir, [
      {
        op: "study",
        v: 1,
        name: "train.py",
        direction: "maximize",
        algorithm: "tpe",
        seed: 1,
        space: s.space as never,
        spaceHash: "h",
      },
    ]);
    w.append({ op: "runner", event: "start", pid: process.pid, host: require("node:os").hostname(), t: 1 });
    const f = new StudyFollower(root, "train.py", dir);
    f.poll();
    assert.equal(f.running, true);
    assert.equal(f.stoppablePid(), process.pid);
    w.append({ op: "runner", event: "stop", pid: process.pid, host: require("node:os").hostname(), t: 2 });
    f.poll();
    assert.equal(f.running, false);
    assert.equal(f.stoppablePid(), undefined);
    w.close();
  });

  it("sends a snapshot first, then deltas with only changed rows, and a snapshot again after invalidation", () => {
    const w = writeStudy(dir, [
      {
        op: "study",
        v: 1,
        name: "train.py",
        direction: "maximize",
        metric: "acc",
        algorithm: "tpe",
        seed: 1,
        space: s.space as never,
        spaceHash: "h",
      },
    ]);
    for (let i = 0; i < 3; i++)
      w.append({ op: "trial", uid: `h:1:a:${i}`, params: { lr: 0.01 * (i + 1), opt: "adam" }, t: 1 });
    const f = new StudyFollower(root, "train.py", dir);
    f.poll();
    const feed = new PanelFeed();
    const input = (): FeedInput => ({
      key: f.key,
      name: f.name,
      state: f.state,
      running: true,
      target: 10,
      trusted: true,
      canApply: true,
    });
    const first = feed.next(input())!;
    assert.equal(first.method, "snapshot");
    assert.ok(parseMessage(JSON.parse(JSON.stringify(first)), HOST_TO_WEBVIEW).ok);
    if (first.method === "snapshot") {
      assert.equal(first.params.study?.trials.length, 3);
      assert.equal(first.params.key, f.key);
      assert.deepEqual(
        first.params.study?.params.map((p) => p.name),
        ["lr", "opt"],
      );
    }
    assert.equal(feed.next(input()), undefined, "nothing changed");
    w.append({ op: "start", trial: 1, t: 2 });
    w.append({ op: "report", trial: 1, step: 1, value: 0.4, t: 3 });
    f.poll();
    const d = feed.next(input())!;
    assert.equal(d.method, "delta");
    if (d.method === "delta" && first.method === "snapshot") {
      assert.equal(d.params.base, first.params.seq);
      assert.deepEqual(
        d.params.trials.map((t) => t.number),
        [1],
      );
      assert.deepEqual(d.params.trials[0].intermediate, [[1, 0.4]]);
    }
    assert.ok(parseMessage(JSON.parse(JSON.stringify(d)), HOST_TO_WEBVIEW).ok);
    w.append({ op: "finish", trial: 1, state: "complete", value: 0.9, t: 4 });
    f.poll();
    const d2 = feed.next(input())!;
    assert.equal(d2.method, "delta");
    if (d2.method === "delta" && d.method === "delta") {
      assert.equal(d2.params.base, d.params.seq);
      assert.deepEqual(d2.params.best, { number: 1, value: 0.9, params: { lr: 0.02, opt: "adam" } });
    }
    feed.invalidate();
    assert.equal(feed.next(input())!.method, "snapshot");
    assert.equal(feed.next({ ...input(), trusted: false })!.method, "snapshot", "trust changes need a snapshot");
    assert.equal(
      feed.next({ ...input(), trusted: false, running: false })!.method,
      "delta",
      "running flips travel in a delta",
    );
    w.close();
  });

  it("keeps 1,000-trial snapshots valid and fast to build", () => {
    const w = writeStudy(dir, [
      {
        op: "study",
        v: 1,
        name: "train.py",
        direction: "minimize",
        metric: "loss",
        algorithm: "random",
        seed: 1,
        space: s.space as never,
        spaceHash: "h",
      },
    ]);
    for (let i = 0; i < 1000; i++) {
      w.append({ op: "trial", uid: `h:1:a:${i}`, params: { lr: 1e-4 * (i + 1), opt: i % 2 ? "adam" : "sgd" }, t: 1 });
      w.append({ op: "start", trial: i, t: 2 });
      for (let step = 1; step <= 10; step++) w.append({ op: "report", trial: i, step, value: 1 / (step + i), t: 3 });
      w.append({ op: "finish", trial: i, state: "complete", value: 1 / (10 + i), t: 4 });
    }
    w.close();
    const f = new StudyFollower(root, "train.py", dir);
    const t0 = performance.now();
    f.poll();
    const m = new PanelFeed().next({
      key: f.key,
      name: f.name,
      state: f.state,
      running: false,
      trusted: true,
      canApply: true,
    })!;
    const ms = performance.now() - t0;
    assert.ok(parseMessage(JSON.parse(JSON.stringify(m)), HOST_TO_WEBVIEW).ok);
    assert.ok(ms < 1000, `took ${ms} ms`);
  });
});

describe("extension: trial logs", () => {
  it("finds the runner's output.log in trials/<n>/, else another log, else nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "attune-log-"));
    mkdirSync(join(dir, "trials", "0"), { recursive: true });
    mkdirSync(join(dir, "trials", "1"), { recursive: true });
    writeFileSync(join(dir, "trials", "0", "train.py"), "x");
    writeFileSync(join(dir, "trials", "0", "output.log"), "hello");
    writeFileSync(join(dir, "trials", "1", "train.py"), "x");
    writeFileSync(join(dir, "trials", "1", "stderr.txt"), "oops");
    assert.equal(findTrialLog(dir, 0), join(dir, "trials", "0", "output.log"));
    assert.equal(findTrialLog(dir, 1), join(dir, "trials", "1", "stderr.txt"));
    assert.equal(findTrialLog(dir, 2), undefined);
  });
});
