// NAS-Bench-201 (CIFAR-10): our random, evolution, rl, tpe and bayes through the library, against Optuna 3.1's TPE
// and random search, side by side in one run. Each run searches the 6-edge cell space by validation accuracy
// (val_acc_200) and reports the test accuracy (test_acc_200) of the best-by-validation architecture after each query.
//
//   nice -n 10 npx tsx bench/nasbench201/run.ts [--reps 20] [--queries 200] [--bayes-queries 100] [--workers 2]
//
// Writes bench/nasbench201/results.json (mean curves over queries, per-run finals, suggestion latency) and prints
// the table that RESULTS.md holds. Repetitions run in `workers` child processes (bayes, the slow one, one per run).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { dataDir } from "./table";
import type { RunResult } from "./ours";

const OURS = ["random", "evolution", "rl", "tpe", "bayes"];
const OPTUNA = ["optuna-tpe", "optuna-random"];

interface Job {
  method: string;
  seeds: number[];
  queries: number;
}

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

function runJob(job: Job): Promise<RunResult[]> {
  const here = __dirname;
  const [cmd, args] = job.method.startsWith("optuna")
    ? [
        "/usr/bin/python3",
        [
          path.join(here, "optuna_nb201.py"),
          job.method,
          String(job.queries),
          path.join(dataDir(), "nb201_cifar10.json"),
          ...job.seeds.map(String),
        ],
      ]
    : [
        process.execPath,
        [
          "--import",
          "tsx",
          path.join(here, "ours.ts"),
          String(job.queries),
          ...job.seeds.map((s) => `${job.method}:${s}`),
        ],
      ];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args as string[], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(
            out
              .trim()
              .split("\n")
              .map((l) => JSON.parse(l) as RunResult),
          )
        : reject(new Error(`${job.method} exited with ${code}`)),
    );
  });
}

async function pool(jobs: Job[], workers: number): Promise<RunResult[]> {
  const results: RunResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const t0 = Date.now();
      results.push(...(await runJob(job)));
      process.stderr.write(`${job.method} seeds ${job.seeds.join(",")}: ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sem = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)) / Math.max(1, xs.length - 1));
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function main(): Promise<void> {
  const reps = arg("reps", 20);
  const queries = arg("queries", 200);
  const bayesQueries = arg("bayes-queries", 100);
  const workers = arg("workers", 2);
  const seeds = Array.from({ length: reps }, (_, i) => i + 1);
  // Longest first: bayes one job per run, then the others one job per method.
  const jobs: Job[] = [
    ...seeds.map((s) => ({ method: "bayes", seeds: [s], queries: bayesQueries })),
    ...OURS.filter((m) => m !== "bayes").map((method) => ({ method, seeds, queries })),
    ...OPTUNA.map((method) => ({ method, seeds, queries })),
  ];
  const t0 = Date.now();
  const runs = await pool(jobs, workers);
  const methods = [...OURS, ...OPTUNA];
  const summary = methods.map((method) => {
    const rs = runs.filter((r) => r.method === method).sort((a, b) => a.seed - b.seed);
    const q = rs[0].test.length;
    const curve = Array.from({ length: q }, (_, i) => mean(rs.map((r) => r.test[i])));
    const at = (n: number) => (n <= q ? rs.map((r) => r.test[n - 1]) : undefined);
    const ms = rs.flatMap((r) => r.askMs);
    return {
      method,
      runs: rs.length,
      queries: q,
      curve: curve.map((x) => Number(x.toFixed(4))),
      at: Object.fromEntries(
        [25, 50, 100, 150, 200].flatMap((n) => {
          const v = at(n);
          return v ? [[n, { mean: Number(mean(v).toFixed(4)), sem: Number(sem(v).toFixed(4)) }]] : [];
        }),
      ),
      finals: rs.map((r) => ({ seed: r.seed, at100: r.test[Math.min(q, 100) - 1], last: r.test[q - 1] })),
      askMs: {
        median: Number(quantile(ms, 0.5).toFixed(3)),
        p95: Number(quantile(ms, 0.95).toFixed(3)),
        max: Number(Math.max(...ms).toFixed(3)),
      },
    };
  });
  const out = {
    benchmark: "NAS-Bench-201 CIFAR-10: test_acc_200 of the best-by-val_acc_200 architecture",
    optimum: 94.3733,
    reps,
    queries,
    bayesQueries,
    seconds: Math.round((Date.now() - t0) / 1000),
    methods: summary,
  };
  fs.writeFileSync(path.join(__dirname, "results.json"), JSON.stringify(out, null, 1) + "\n");
  const random = summary.find((s) => s.method === "random")!;
  const cell = (s: (typeof summary)[number], n: number) =>
    s.at[n] ? `${s.at[n].mean.toFixed(2)} ± ${s.at[n].sem.toFixed(2)}` : "—";
  const lines = [
    "| method | @50 | @100 | @200 | @100 − random | ask median / p95 (ms) |",
    "|---|---|---|---|---|---|",
    ...summary.map(
      (s) =>
        `| ${s.method} | ${cell(s, 50)} | ${cell(s, 100)} | ${cell(s, 200)} | ` +
        `${s.at[100] ? (s.at[100].mean - random.at[100].mean >= 0 ? "+" : "") + (s.at[100].mean - random.at[100].mean).toFixed(2) : "—"} | ` +
        `${s.askMs.median.toFixed(2)} / ${s.askMs.p95.toFixed(2)} |`,
    ),
  ];
  console.log(lines.join("\n"));
  console.log(`\n${reps} runs each, ${out.seconds} s wall on ${workers} workers`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
