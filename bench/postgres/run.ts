// PostgreSQL storage benchmark: bookkeeping throughput of 1, 4 and 16 workers on one study (near-zero-time trials)
// against the file journal and Optuna 3.1's RDBStorage on the same PostgreSQL server, and ask() latency with 1,000
// and 10,000 trials in the database vs the journal. Prints a Markdown report.
// npm run build && npx tsx bench/postgres/run.ts [--seconds 10] [--workers 1,4,16] [--settings synchronous_commit=off]
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
// The built bundle (its database thread is dist/pgWorker.js), typed by the source it is built from.
const { createStudy, space } = require("../../dist/index.js") as typeof import("../../src/index");
import { JournalWriter } from "../../src/storage/journal";
import type { StudyEvent } from "../../src/core/events";
import { PostgresStore } from "../../src/storage/postgres/store";
import { parsePgUrl } from "../../src/storage/postgres/url";
import { spaceFromObject } from "../../src/core/space";
import { PgServer } from "../../test/pg/server";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const SECONDS = Number(arg("seconds", "10"));
const WORKERS = arg("workers", "1,4,16").split(",").map(Number);
const SIZES = arg("sizes", "1000,10000").split(",").map(Number);
const SETTINGS = Object.fromEntries(
  arg("settings", "")
    .split(",")
    .filter(Boolean)
    .map((kv) => kv.split("=")),
) as Record<string, string>;
const PYTHON = "/usr/bin/python3";
const WARMUP = 5;
const ASKS = Number(arg("asks", "30"));
const here = __dirname;

interface Proc {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<{ trials: number }>;
}

function startWorker(cmd: string, args: string[]): Proc {
  const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  let readyResolve: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const result = new Promise<{ trials: number }>((res, rej) => {
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("ready\n")) readyResolve();
    });
    child.on("close", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code === 0 && last.startsWith("{")) res(JSON.parse(last) as { trials: number });
      else rej(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${out.slice(-300)}`));
    });
  });
  return { child, ready, result };
}

async function throughput(kind: "pg" | "journal" | "optuna", workers: number, where: string, name: string) {
  const procs: Proc[] = [];
  for (let i = 0; i < workers; i++)
    procs.push(
      kind === "optuna"
        ? startWorker(PYTHON, [join(here, "optuna_worker.py"), where, name, String(SECONDS)])
        : startWorker(process.execPath, [
            "--import",
            "tsx",
            join(here, "worker.ts"),
            kind,
            where,
            name,
            String(SECONDS),
          ]),
    );
  await Promise.all(procs.map((p) => p.ready));
  const t0 = Date.now();
  for (const p of procs) p.child.stdin!.write("go\n");
  const results = await Promise.all(procs.map((p) => p.result));
  const wall = (Date.now() - t0) / 1000;
  const trials = results.reduce((s, r) => s + r.trials, 0);
  return { trials, perSecond: trials / Math.max(wall, SECONDS) };
}

/** Events of a finished study with n trials (random params), to load into both storages. */
function studyEvents(n: number): StudyEvent[] {
  const sp = spaceFromObject({ x: space.float(-5, 5), n: space.int(1, 4) });
  const t = Date.now();
  const ev: StudyEvent[] = [
    { op: "study", v: 1, name: "ask", direction: "minimize", algorithm: "tpe", seed: 1, space: sp, spaceHash: "", t },
  ];
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < n; i++) {
    const x = rnd() * 10 - 5;
    const k = 1 + Math.floor(rnd() * 4);
    ev.push({ op: "trial", uid: `bench:1:${i}`, params: { x, n: k }, t });
    ev.push({ op: "finish", trial: i, state: "complete", value: x * x + k, t });
  }
  return ev;
}

function askLatency(kind: "pg" | "journal", where: string, name: string, algorithm: string, asks: number) {
  const study = createStudy({
    space: { x: space.float(-5, 5), n: space.int(1, 4) },
    direction: "minimize",
    algorithm,
    name,
    seed: 1,
    ...(kind === "pg" ? { storage: where } : { journal: where }),
  });
  const times: number[] = [];
  // The first asks warm the JIT and the connection; only the later ones are timed.
  for (let i = 0; i < asks + WARMUP; i++) {
    const t0 = process.hrtime.bigint();
    const t = study.ask()!;
    if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    study.tell(t.number, (t.params.x as number) ** 2);
  }
  study.close();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function main(): Promise<void> {
  const server = await PgServer.start({ settings: SETTINGS });
  const tmp = mkdtempSync(join(tmpdir(), "attune-bench-pg-"));
  const lines: string[] = [];
  const log = (s: string) => {
    lines.push(s);
    console.error(s);
  };
  try {
    log(
      `Load average before: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(" / ")}; ${cpus().length} cores`,
    );
    log(
      `PostgreSQL settings: ${Object.keys(SETTINGS).length ? JSON.stringify(SETTINGS) : "defaults (durable commits)"}`,
    );
    log("");
    log(`## Throughput: trials/s over ${SECONDS} s, near-zero-time trials, random sampler, one study`);
    log("");
    log("| workers | Attune + PostgreSQL | Attune + journal | Optuna 3.1 RDBStorage | PostgreSQL / Optuna |");
    log("|---|---|---|---|---|");
    for (const w of WORKERS) {
      const db = `w${w}`;
      const url = server.createDb(db);
      const pg = await throughput("pg", w, url, "tp");
      const journal = await throughput("journal", w, join(tmp, `j${w}`, "journal.jsonl"), "tp");
      const ourl = server.createDb(`o${w}`).replace("postgresql://", "postgresql+psycopg2://");
      const c = spawnSync(PYTHON, [join(here, "optuna_create.py"), ourl, "tp"], { encoding: "utf8" });
      if (c.status !== 0) throw new Error(c.stderr);
      const optuna = await throughput("optuna", w, ourl, "tp");
      log(
        `| ${w} | ${pg.perSecond.toFixed(1)} | ${journal.perSecond.toFixed(1)} | ${optuna.perSecond.toFixed(1)} | ` +
          `${(pg.perSecond / optuna.perSecond).toFixed(2)}× |`,
      );
    }
    log("");
    log(`## ask() latency: median of ${ASKS} asks (each told at once) after ${WARMUP} warm-up asks, one process;`);
    log("the better of two alternating runs of each");
    log("");
    log("| trials in the study | sampler | PostgreSQL (ms) | journal (ms) | PostgreSQL / journal |");
    log("|---|---|---|---|---|");
    for (const n of SIZES) {
      const events = studyEvents(n);
      const url = server.createDb(`ask${n}`);
      const store = new PostgresStore(parsePgUrl(url), "ask", { create: true });
      store.importEvents(events);
      store.close();
      const jdir = join(tmp, `ask${n}`);
      const w = new JournalWriter(join(jdir, "journal.jsonl"));
      for (const e of events) w.append(e);
      w.close();
      for (const algorithm of ["random", "tpe"]) {
        // Alternate the two, twice, so that machine load hits both alike; the median of each pair of runs.
        const pgRuns: number[] = [];
        const jRuns: number[] = [];
        for (let r = 0; r < 2; r++) {
          pgRuns.push(askLatency("pg", url, "ask", algorithm, ASKS));
          jRuns.push(askLatency("journal", join(jdir, "journal.jsonl"), "ask", algorithm, ASKS));
        }
        const pgMs = Math.min(...pgRuns);
        const jMs = Math.min(...jRuns);
        log(`| ${n} | ${algorithm} | ${pgMs.toFixed(2)} | ${jMs.toFixed(2)} | ${(pgMs / jMs).toFixed(2)}× |`);
      }
    }
    log("");
    log(
      `Load average after: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(" / ")}`,
    );
  } finally {
    server.destroy();
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(lines.join("\n"));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
