// Multi-objective benchmark: our samplers and Optuna 3.1's NSGA-II and MOTPE, side by side in one run, the same
// problems and seeds; hypervolume (fixed reference points, problems.ts) at 50/100/150 trials, feasibility after the
// first 20 trials, and ask latency. Usage: nice -n 10 npx tsx bench/multi-objective/run.ts [--seeds 10] [--jobs 2]
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { hypervolume } from "../../src/core/multi/hypervolume";
import { toMinimize } from "../../src/core/multi/pareto";
import { dataDir, problem } from "./problems";

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SEEDS = Array.from({ length: Number(flag("seeds", "10")) }, (_, i) => i);
const JOBS = Number(flag("jobs", "2"));
const TRIALS = 150;
const CHECKPOINTS = [50, 100, 150];
// Default order: the figures that matter most first (a run cut short still reports them).
const ONLY = flag("problems", "zdt1,c-branin-currin,nb201-cifar10,dtlz2,zdt2,zdt3").split(",");
const OURS = flag("ours", "bayes,tpe,nsga2").split(",");
const THEIRS = ["optuna-nsga2", "optuna-motpe"];

interface Run {
  seed: number;
  values: number[][];
  g: (number[] | null)[];
  askMs?: number[];
  askCpuMs?: number[];
}

function job(cmd: string, argv: string[], input: object): Promise<{ runs: Run[]; optuna?: string }> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, argv, { cwd: resolve(__dirname, "../.."), stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", (code) =>
      code === 0 ? res(JSON.parse(out)) : rej(new Error(`${argv.join(" ")}: exit ${code}`)),
    );
    child.stdin.end(JSON.stringify(input));
  });
}

async function pool<T>(tasks: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]();
      }
    }),
  );
  return out;
}

function hvAt(name: string, run: Run, n: number): number {
  const p = problem(name);
  const ref = toMinimize(p.ref, p.directions);
  const pts = run.values
    .slice(0, n)
    .filter((_, i) => !run.g[i] || run.g[i]!.every((v) => v <= 0))
    .map((v) => toMinimize(v, p.directions));
  return hypervolume(pts, ref);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4));

async function main(): Promise<void> {
  const began = Date.now();
  const data = dataDir();
  const methods = [...OURS, ...THEIRS];
  const byKey = new Map<string, Run[]>();
  let optunaVersion = "";
  const finished: string[] = [];
  // Problem by problem (the list's order), writing RESULTS.md after each: a run cut short keeps what it finished.
  for (const name of ONLY) {
    const tasks: { method: string; run: () => Promise<{ runs: Run[]; optuna?: string }> }[] = [];
    // One task per (method, half of the seeds) so both workers stay busy; the heaviest (bayes) first.
    const halves = [SEEDS.filter((_, i) => i % 2 === 0), SEEDS.filter((_, i) => i % 2 === 1)].filter((h) => h.length);
    for (const method of methods)
      for (const seeds of halves)
        tasks.push({
          method,
          run: () =>
            method.startsWith("optuna")
              ? job("/usr/bin/python3", [resolve(__dirname, "optuna_mo.py")], {
                  method,
                  problem: name,
                  trials: TRIALS,
                  seeds,
                  data,
                })
              : job(process.execPath, ["--import", "tsx", resolve(__dirname, "ours.ts")], {
                  problem: name,
                  algorithm: method,
                  trials: TRIALS,
                  seeds,
                }),
        });
    let done = 0;
    const results = await pool(
      tasks.map((t) => async () => {
        const r = await t.run();
        const at = ((Date.now() - began) / 1000).toFixed(0);
        process.stderr.write(`[${name} ${++done}/${tasks.length}] ${t.method} (${at} s)\n`);
        return r;
      }),
      JOBS,
    );
    tasks.forEach((t, i) => {
      const k = `${name}/${t.method}`;
      byKey.set(
        k,
        [...(byKey.get(k) ?? []), ...results[i].runs].sort((a, b) => a.seed - b.seed),
      );
      if (results[i].optuna) optunaVersion = results[i].optuna!;
    });
    finished.push(name);
    report(finished, byKey, methods, optunaVersion, began);
  }
}

function report(
  finished: string[],
  byKey: Map<string, Run[]>,
  methods: string[],
  optunaVersion: string,
  began: number,
): void {
  const table: Record<string, Record<string, { hv: number[]; feasibleAfter20?: number }>> = {};
  const lines: string[] = [];
  for (const name of finished) {
    table[name] = {};
    const p = problem(name);
    lines.push(
      `\n### ${name} ` +
        `(${p.directions.map((d, i) => `${d} f${i + 1}`).join(", ")}${p.constraints ? ", constraint g ≤ 0" : ""}; ` +
        `reference point [${p.ref.join(", ")}])\n`,
    );
    lines.push(
      `| method | HV@50 | HV@100 | HV@150 |${p.constraints ? " feasible after 20 |" : ""}`,
      `|---|---|---|---|${p.constraints ? "---|" : ""}`,
    );
    for (const m of methods) {
      const runs = byKey.get(`${name}/${m}`) ?? [];
      const hv = CHECKPOINTS.map((n) => mean(runs.map((r) => hvAt(name, r, n))));
      const entry: { hv: number[]; feasibleAfter20?: number } = { hv };
      if (p.constraints) {
        const fe = runs.flatMap((r) => r.g.slice(20).map((g) => (g && g.every((v) => v <= 0) ? 1 : 0)));
        entry.feasibleAfter20 = mean(fe);
      }
      table[name][m] = entry;
      lines.push(
        `| ${OURS.includes(m) ? `**${m}** (ours)` : m} | ${hv.map(fmt).join(" | ")} ` +
          `|${entry.feasibleAfter20 !== undefined ? ` ${(100 * entry.feasibleAfter20).toFixed(1)} % |` : ""}`,
      );
    }
  }
  // Ratios of our default (bayes) against each Optuna sampler.
  const ratioLines = [
    "| problem | bayes/NSGA-II @50 | @100 | @150 | bayes/MOTPE @50 | @100 | @150 |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const name of finished) {
    const b = table[name].bayes?.hv;
    const n = table[name]["optuna-nsga2"].hv;
    const t = table[name]["optuna-motpe"].hv;
    if (!b) continue;
    ratioLines.push(
      `| ${name} | ${b.map((v, i) => (v / n[i]).toFixed(3)).join(" | ")} | ` +
        `${b.map((v, i) => (v / t[i]).toFixed(3)).join(" | ")} |`,
    );
  }
  // Ask latency of bayes with 2 objectives at 140–150 trials (ZDT problems).
  const lat: number[] = [];
  const cpu: number[] = [];
  for (const name of finished.filter((x) => x.startsWith("zdt")))
    for (const r of byKey.get(`${name}/bayes`) ?? []) {
      lat.push(...(r.askMs ?? []).slice(140, 150));
      cpu.push(...(r.askCpuMs ?? []).slice(140, 150));
    }
  const minutes = ((Date.now() - began) / 60000).toFixed(1);
  const md = [
    "# Multi-objective search against Optuna 3.1",
    "",
    `Reproduce: \`nice -n 10 npx tsx bench/multi-objective/run.ts --seeds ${SEEDS.length} --jobs ${JOBS}\``,
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "CPU"} (shared with other work while this ran), Node ` +
      `${process.version}, ` +
      `Optuna ${optunaVersion} via /usr/bin/python3; ${new Date().toISOString().slice(0, 16)} UTC; ${JOBS} worker(s); wall ${minutes} min.`,
    "",
    `Problems finished: ` +
      `${finished.join(", ")}${finished.length < ONLY.length ? ` (of ${ONLY.join(", ")}; the run was cut short)` : ""}.`,
    "",
    `Seeds ${SEEDS[0]}–${SEEDS[SEEDS.length - 1]} (${SEEDS.length} repetitions), ${TRIALS} trials per run. Cells: ` +
      `mean hypervolume ` +
      "over seeds of the feasible trials among the first n, against the fixed reference point (our samplers and " +
      "Optuna's trials are scored by the same code, src/core/multi/hypervolume.ts). Ours: `createStudy({ directions, " +
      "algorithm })` with defaults; Optuna: `NSGAIISampler(seed)` and `TPESampler(seed)` with several directions " +
      "(its MOTPE), both with `constraints_func` on the constrained problem.",
    "",
    "## Ratios: our default (`bayes`, ParEGO + P(feasible)) over each Optuna sampler",
    "",
    ...ratioLines,
    "",
    "## Hypervolume",
    ...lines,
    "",
    "## Ask latency (`bayes`, 2 objectives, asks 140–150 of the ZDT runs)",
    "",
    `median wall ${median(lat).toFixed(1)} ms (p90 ` +
      `${[...lat].sort((a, b) => a - b)[Math.floor(lat.length * 0.9)]?.toFixed(1)} ms), ` +
      `median CPU ${median(cpu).toFixed(1)} ms, over ${lat.length} asks.`,
    "",
  ].join("\n");
  writeFileSync(
    resolve(__dirname, "results.json"),
    JSON.stringify({ table, latency: { wall: median(lat), cpu: median(cpu) } }, null, 1),
  );
  writeFileSync(resolve(__dirname, "RESULTS.md"), md);
  process.stdout.write(md);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
