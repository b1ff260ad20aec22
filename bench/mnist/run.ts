// The README's main job, measured: `attune tune examples/mnist-mlp/train.ts` with the file's own directives, once per
// study seed. Trial 0 of each study is the baseline — the script with the values written in it, seeded like every
// trial — so each row compares the best trial with the user's own values from the same run, on the same backend.
// Run: npm run build && npx tsx bench/mnist/run.ts [seeds...]   (default seeds 1 2 3; writes bench/mnist/RESULTS.md
// after each seed; ~3 min per seed on 2 idle cores)
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";

const root = resolve(__dirname, "../..");
const file = "examples/mnist-mlp/train.ts";
const seeds = process.argv.slice(2).map(Number);
if (!seeds.length) seeds.push(1, 2, 3);
const TARGET_POINTS = 0.5;

interface TrialJson {
  number: number;
  state: string;
  value: number | null;
  duration_s: number | null;
  backend?: string;
  baseline?: true;
  params: Record<string, unknown>;
}

interface Row {
  seed: number;
  baseline?: TrialJson;
  best?: TrialJson;
  trials: TrialJson[];
  wall: number;
  load: string;
  progress: string[];
  summary: string;
}

const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(1)).join(" / ");
const rows: Row[] = [];

for (const seed of seeds) {
  const study = `bench-mnist-seed${seed}`;
  rmSync(resolve(root, ".attune", study), { recursive: true, force: true });
  const load0 = loadavg();
  const t0 = Date.now();
  const tune = spawnSync(process.execPath, ["bin/attune.js", "tune", file, "--seed", String(seed), "--study", study], {
    cwd: root,
    encoding: "utf8",
  });
  const wall = (Date.now() - t0) / 1000;
  if (tune.status !== 0) throw new Error(`attune tune failed (seed ${seed}):\n${tune.stderr}`);
  const shown = spawnSync(process.execPath, ["bin/attune.js", "show", "--study", study, "--json"], {
    cwd: root,
    encoding: "utf8",
  });
  const trials = (JSON.parse(shown.stdout) as { trials: TrialJson[] }).trials;
  const best = trials
    .filter((t) => t.state === "complete" && t.value !== null)
    .sort((a, b) => b.value! - a.value! || a.number - b.number)[0];
  rows.push({
    seed,
    baseline: trials.find((t) => t.baseline),
    best,
    trials,
    wall,
    load: `${fmtLoad(load0)} → ${fmtLoad(loadavg())}`,
    progress: tune.stderr.split("\n").filter((l) => l.startsWith("trial #")),
    summary: tune.stdout.split("\n").find((l) => l.startsWith("best: ")) ?? "",
  });
  write();
}

function write(): void {
  const met = rows.filter((r) => r.best && r.baseline && gain(r) >= TARGET_POINTS - 1e-9).length;
  const lines = [
    "# The MNIST main job",
    "",
    `Command: \`npm run build && npx tsx bench/mnist/run.ts ${seeds.join(" ")}\` — runs the README's`,
    "`node bin/attune.js tune examples/mnist-mlp/train.ts` (the file's own directives: its trials, parallelism,",
    "algorithm and budget) once per study seed (`--seed S`). Trial 0 of each study is the baseline: the script with",
    "the values written in it, seeded and run like every other trial, so best and baseline come from the same run.",
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, shared with other jobs: the load average (1 / 5 / 15 ` +
      `min)`,
    "before → after each run is in the table; anything above 2 means the trials got a fraction of the two cores, and",
    `the wall times grow with it. ${new Date().toISOString().slice(0, 16)}Z.`,
    "",
    "| study seed | baseline (trial 0) | best (trial) | gain | trials (pruned) | wall time | load before → after | " +
      "backend |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => {
      const pruned = r.trials.filter((t) => t.state === "pruned").length;
      const backends = [...new Set(r.trials.map((t) => t.backend ?? "?"))].join(", ");
      return (
        `| ${r.seed} | ${r.baseline?.value?.toFixed(4) ?? "none"} | **${r.best?.value?.toFixed(4) ?? "none"}** ` +
        `(#${r.best?.number ?? "-"}) | ` +
        `${r.best && r.baseline ? `${gain(r) >= 0 ? "+" : ""}${gain(r).toFixed(2)} points` : "-"} ` +
        `| ${r.trials.length} (${pruned}) | ${fmtWall(r.wall)} | ${r.load} | ${backends} |`
      );
    }),
    "",
    `Target: best ≥ baseline + ${TARGET_POINTS} points on every seed — ${met} of ${rows.length} ${
      met === rows.length ? "✓" : "✗"
    }.`,
    "",
    "Baseline values: `" + JSON.stringify(rows[0]?.baseline?.params ?? {}) + "` (5 epochs, the budget's max).",
    "",
    ...rows.flatMap((r) => [
      `## Seed ${r.seed}`,
      "",
      `Best trial's values: \`${JSON.stringify(r.best?.params ?? {})}\`. The CLI's summary: \`${r.summary}\``,
      "",
      "```",
      ...r.progress,
      "```",
      "",
    ]),
  ];
  writeFileSync(resolve(__dirname, "RESULTS.md"), lines.join("\n"));
}

function gain(r: Row): number {
  return 100 * ((r.best?.value ?? 0) - (r.baseline?.value ?? 0));
}

function fmtWall(s: number): string {
  return s >= 90 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${s.toFixed(0)} s`;
}
