// The main job's example with and without continuing from checkpoints, side by side (issue: freeze-thaw that pays).
// For each study seed, `attune tune examples/mnist-mlp/train.ts` runs twice with the file's own directives:
//   - `--algorithm bayes`: bayes proposals, hyperband stops poor trials; nothing is ever continued, a stopped trial's
//     epochs are simply lost (what a script without checkpoints gets);
//   - `--algorithm freeze-thaw`: trials pause at their segment's end and are continued from the checkpoint the TF.js
//     preload saved, the model choosing what to continue and what to start.
// Then, from each study's journal: the epochs trained and the wall time until some trial first reached the target
// accuracy (the lower of the two runs' best, so both reach it), and where each run ended.
// Run alone on a quiet machine: npm run build && npx tsx bench/mnist/checkpoints.ts [seeds...]   (default 1 2)
// Writes bench/mnist/RESULTS-checkpoints.md after each seed.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";

const root = resolve(__dirname, "../..");
const file = "examples/mnist-mlp/train.ts";
const seeds = process.argv.slice(2).map(Number);
if (!seeds.length) seeds.push(1, 2);
const METHODS = ["bayes", "freeze-thaw"] as const;
type Method = (typeof METHODS)[number];

/** One objective report in a journal: which trial, which epoch, the value, when. */
interface Report {
  trial: number;
  step: number;
  value: number;
  t: number;
}

interface Run {
  method: Method;
  reports: Report[];
  began: number;
  wall: number;
  best: number;
  trials: number;
  continued: string;
  load: string;
}

const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(2)).join(" / ");

function runStudy(method: Method, seed: number): Run {
  const study = `bench-mnist-${method}-seed${seed}`;
  const dir = resolve(root, ".attune", study);
  rmSync(dir, { recursive: true, force: true });
  const load0 = loadavg();
  const began = Date.now();
  const args = ["bin/attune.js", "tune", file, "--seed", String(seed), "--study", study, "--algorithm", method];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  const wall = (Date.now() - began) / 1000;
  if (r.status !== 0) throw new Error(`attune tune --algorithm ${method} failed (seed ${seed}):\n${r.stderr}`);
  const events = readFileSync(resolve(dir, "journal.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const reports = events
    .filter((e) => e.op === "report" && typeof e.value === "number" && typeof e.step === "number")
    .map((e) => ({ trial: e.trial as number, step: e.step as number, value: e.value as number, t: e.t as number }));
  const trials = events.filter((e) => e.op === "trial").length;
  return {
    method,
    reports,
    began,
    wall,
    best: Math.max(...reports.map((x) => x.value)),
    trials,
    continued: r.stderr.match(/attune: (\d+ continued)/)?.[1] ?? "0 continued",
    load: `${fmtLoad(load0)} → ${fmtLoad(loadavg())}`,
  };
}

/** Epochs trained (reports seen) and seconds since the start when a report first reached `target`. */
function toTarget(run: Run, target: number): { epochs: number; seconds: number } | undefined {
  const sorted = [...run.reports].sort((a, b) => a.t - b.t);
  const i = sorted.findIndex((x) => x.value >= target);
  return i < 0 ? undefined : { epochs: i + 1, seconds: (sorted[i].t - run.began) / 1000 };
}

const rows: { seed: number; runs: Run[]; target: number }[] = [];
for (const seed of seeds) {
  const runs = METHODS.map((m) => runStudy(m, seed));
  rows.push({ seed, runs, target: Math.min(...runs.map((r) => r.best)) });
  write();
}

function write(): void {
  const lines = [
    "# MNIST: continuing from checkpoints (freeze-thaw) vs stopping and starting over (bayes + hyperband)",
    "",
    `Command: \`npm run build && npx tsx bench/mnist/checkpoints.ts ${seeds.join(" ")}\` — the README's main job`,
    "(`examples/mnist-mlp/train.ts`, its own directives: 12 trials, 2 at once, budget 1–5 epochs) with",
    "`--algorithm bayes` and with `--algorithm freeze-thaw`, same study seed. Target: the lower of the two runs' best",
    "validation accuracy; *to target* counts the epochs trained (objective reports in the journal, every trial) and the",
    "seconds from the start until some trial first reached it.",
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}; load average (1 / 5 / 15 min) before → after each run.`,
    `${new Date().toISOString().slice(0, 16)}Z.`,
    "",
    "| seed | method | best | trials | epochs in all | wall time | to target: epochs | to target: time | continued |" +
      " load |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows.flatMap((row) =>
      row.runs.map((r) => {
        const hit = toTarget(r, row.target);
        return (
          `| ${row.seed} | ${r.method} | ${r.best.toFixed(4)} | ${r.trials} | ${r.reports.length} | ` +
          `${r.wall.toFixed(0)} s | ${hit?.epochs ?? "—"} | ${hit ? `${hit.seconds.toFixed(0)} s` : "—"} | ` +
          `${r.continued} | ${r.load} |`
        );
      }),
    ),
    "",
    ...rows.map((row) => {
      const [a, b] = row.runs.map((r) => toTarget(r, row.target));
      const ratio = (x?: number, y?: number) => (x && y ? `${(x / y).toFixed(2)}×` : "—");
      return (
        `Seed ${row.seed}, target ${row.target.toFixed(4)}: bayes + hyperband needed ${ratio(a?.epochs, b?.epochs)} ` +
        `the epochs and ${ratio(a?.seconds, b?.seconds)} the time freeze-thaw needed to reach it.`
      );
    }),
    "",
  ];
  writeFileSync(resolve(__dirname, "RESULTS-checkpoints.md"), lines.join("\n"));
}
