// Several processes appending to one journal at once, and several processes asking for trials on one journal under
// one limit: the scenarios of the journal tests and of the soak runner (bench/soak), so both exercise the same thing.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { StudyEvent } from "../../src/core/events";
import { JournalWriter, readJournal } from "../../src/storage/journal";
import { JournalStore } from "../../src/storage/journalStore";
import { Study, TrialLimitReached } from "../../src/core/study";
import { createAlgorithm } from "../../src/core/algorithms";
import { spaceFromObject } from "../../src/core/space";
import { space } from "../../src/index";

export const WRITERS = 4;
export const EVENTS = 400;
/** Every 10th event is larger than a page (4 KiB): a write that spans pages is seen growing by concurrent readers. */
export const padOf = (i: number): number => (i % 10 === 0 ? 20000 : i % 50);

// Each child waits for the go file, so that all of them open and append at the same time.
const CHILD = `
  const { JournalWriter } = require(${JSON.stringify(resolve(__dirname, "../../src/storage/journal.ts"))});
  const { existsSync } = require("node:fs");
  const [go, path, id, n] = process.argv.slice(1);
  const w = new JournalWriter(path);
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  process.stdout.write("ready\\n");
  while (!existsSync(go)) Atomics.wait(sleep, 0, 0, 1);
  const pad = (i) => (i % 10 === 0 ? 20000 : i % 50);
  for (let i = 0; i < Number(n); i++)
    w.append({ op: "trial", uid: id + ":" + i, params: { id: Number(id), i, pad: "x".repeat(pad(i)) }, t: Date.now() });
  w.close();`;

/** A study header, then `writers` processes appending `events` trials each, all at once. */
export async function appendConcurrently(dir: string, path: string, writers = WRITERS, events = EVENTS): Promise<void> {
  writeHeader(path);
  await runAtOnce(dir, CHILD, writers, (id) => [path, String(id), String(events)]);
}

function writeHeader(path: string): void {
  new JournalWriter(path).append({
    op: "study",
    v: 1,
    name: "train.py",
    direction: "maximize",
    algorithm: "random",
    seed: 1,
    space: { params: [] },
    spaceHash: "h0",
    t: 1,
  } as StudyEvent);
}

/** Start `n` children running `code` (argv: go file, then `args(id)`), let them all go at once, wait for them. */
async function runAtOnce(dir: string, code: string, n: number, args: (id: number) => string[]): Promise<string[]> {
  const go = join(dir, "go");
  const ready: Promise<void>[] = [];
  const procs = Array.from({ length: n }, (_, id) => {
    const p = spawn(process.execPath, ["--import", "tsx", "-e", code, go, ...args(id)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    ready.push(new Promise((res) => p.stdout.once("data", () => res())));
    p.stdout.on("data", (c) => (out += c));
    let err = "";
    p.stderr.on("data", (c) => (err += c));
    return new Promise<string>((res, rej) =>
      p.on("close", (code) => (code === 0 ? res(out) : rej(new Error(`child ${id} exited ${code}: ${err}`)))),
    );
  });
  await Promise.race([Promise.all(ready), Promise.all(procs)]);
  writeFileSync(go, "");
  return Promise.all(procs);
}

/** What must hold afterwards: one line per event, nothing lost, interleaved or reordered; throws what is wrong. */
export function checkConcurrentJournal(dir: string, path: string, writers = WRITERS, events = EVENTS): void {
  const lines = readFileSync(path, "utf8").split("\n");
  if (lines.pop() !== "") throw new Error("the journal does not end with a newline");
  if (lines.length !== 1 + writers * events) {
    // Say what the extra lines are: blank ones (and after which line) point at who wrote them.
    const odd = lines.flatMap((l, i) => (l.startsWith('{"op":') && l.endsWith("}") ? [] : [i + 1]));
    const about = odd.map(
      (n) => `line ${n} ${JSON.stringify(lines[n - 1].slice(0, 40))} after ${lines[n - 2]?.length} chars`,
    );
    throw new Error(`${lines.length} lines, not ${1 + writers * events}: ${about.join("; ")}`);
  }
  const s = readJournal(dir);
  if (s.warnings.length) throw new Error(`warnings: ${s.warnings.join("; ")}`);
  if (s.trials.length !== writers * events) throw new Error(`${s.trials.length} trials, not ${writers * events}`);
  for (let id = 0; id < writers; id++) {
    // Each writer's events are all there, in the order it wrote them, with their payload intact.
    const mine = s.trials.filter((t) => t.params.id === id);
    mine.forEach((t, k) => {
      if (t.params.i !== k) throw new Error(`writer ${id}: event ${String(t.params.i)} where ${k} belongs`);
      if ((t.params.pad as string).length !== padOf(k)) throw new Error(`writer ${id}: event ${k} lost payload`);
    });
    if (mine.length !== events) throw new Error(`writer ${id}: ${mine.length} events, not ${events}`);
  }
  // Trial numbers come from replay order: distinct and dense.
  s.trials.forEach((t, k) => {
    if (t.number !== k) throw new Error(`trial numbers are not dense: #${t.number} at ${k}`);
  });
}

export const ASKERS = 3;
export const LIMIT = 40;

/** A one-parameter random-search study, as every asking process of these scenarios opens it. */
export function randomStudyConfig() {
  return {
    name: "train.py",
    space: spaceFromObject({ x: space.float(0, 1) }),
    direction: "minimize" as const,
    algorithm: "random",
    seed: 1,
    ...createAlgorithm("random", {}),
  };
}

/** The study each asking process opens (and the parent first, so that its header is written once). */
export function askerStudy(path: string, id: number, limit: number): Study {
  const study = new Study({
    ...randomStudyConfig(),
    store: new JournalStore(path),
    owner: { pid: 1000 + id, host: "soak" },
    rngSalt: String(id),
  });
  study.trialLimit = limit;
  return study;
}

/** A run loop without scripts: ask and tell until the journal refuses a claim (the study is full); returns how many
 * trials it ran. */
export function askUntilFull(study: Study): number {
  let ran = 0;
  for (;;) {
    let t;
    try {
      t = study.ask()!;
    } catch (e) {
      if (e instanceof TrialLimitReached) return ran;
      throw e;
    }
    study.tell(t.number, t.params.x as number);
    ran++;
  }
}

const ASKER = `
  const { askerStudy, askUntilFull } = require(${JSON.stringify(__filename)});
  const { existsSync } = require("node:fs");
  const [go, path, id, limit] = process.argv.slice(1);
  const study = askerStudy(path, Number(id), Number(limit));
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  process.stdout.write("ready\\n");
  while (!existsSync(go)) Atomics.wait(sleep, 0, 0, 1);
  const ran = askUntilFull(study);
  study.close();
  process.stdout.write(ran + "\\n");`;

/** `askers` processes ask and tell on one journal under one limit at once; returns the trials each one ran. */
export async function askConcurrently(dir: string, path: string, askers = ASKERS, limit = LIMIT): Promise<number[]> {
  askerStudy(path, askers, limit).close();
  const outs = await runAtOnce(dir, ASKER, askers, (id) => [path, String(id), String(limit)]);
  return outs.map((o) => Number(o.trim().split("\n").pop()));
}

/** Exactly `limit` trials, all complete, numbered densely, and each process ran the ones it was granted. */
export function checkClaims(dir: string, ran: number[], limit = LIMIT): void {
  const s = readJournal(dir);
  if (s.warnings.length) throw new Error(`warnings: ${s.warnings.join("; ")}`);
  const complete = s.trials.filter((t) => t.state === "complete").length;
  if (s.trials.length !== limit || complete !== limit)
    throw new Error(`${s.trials.length} trials (${complete} complete), not ${limit}; ${s.refused.size} refused`);
  const sum = ran.reduce((a, b) => a + b, 0);
  if (sum !== limit) throw new Error(`the processes ran ${ran.join(" + ")} = ${sum} trials, not ${limit}`);
}
