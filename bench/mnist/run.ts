// The README's main job, measured: `attune tune examples/mnist-mlp/train.ts` with the file's own directives (its
// default budget), next to the baseline of running the script once with its hand-picked values.
// Run: npm run build && npx tsx bench/mnist/run.ts   (writes bench/mnist/RESULTS.md; ~5 min on 2 cores)
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";

const root = resolve(__dirname, "../..");
const file = "examples/mnist-mlp/train.ts";
const study = "bench-mnist";
const load0 = loadavg();

// Baseline: the script alone with its defaults, on the same TF.js backend Attune picks (its preload), via tsx.
const t0 = Date.now();
const base = spawnSync(
  process.execPath,
  ["--require", resolve(root, "dist/runtime/attune-preload.cjs"), "--import", "tsx", file],
  { cwd: root, encoding: "utf8" },
);
const baseWall = (Date.now() - t0) / 1000;
if (base.status !== 0) throw new Error(`baseline run failed:\n${base.stderr}`);
const baseLine = base.stdout.split("\n").find((l) => l.startsWith("trained ")) ?? "";
const baseAcc = Number(/validation accuracy ([\d.]+)%/.exec(baseLine)?.[1]) / 100;
const baseBackend = / on (\w+) in /.exec(baseLine)?.[1] ?? "?";

// The study, exactly as the README runs it (plus a study name so an earlier run is not resumed).
rmSync(resolve(root, ".attune", study), { recursive: true, force: true });
const t1 = Date.now();
const tune = spawnSync(process.execPath, ["bin/attune.js", "tune", file, "--study", study], {
  cwd: root,
  encoding: "utf8",
});
const tuneWall = (Date.now() - t1) / 1000;
if (tune.status !== 0) throw new Error(`attune tune failed:\n${tune.stderr}`);
const shown = spawnSync(process.execPath, ["bin/attune.js", "show", "--study", study, "--json"], {
  cwd: root,
  encoding: "utf8",
});
const result = JSON.parse(shown.stdout) as {
  trials: {
    number: number;
    state: string;
    value?: number;
    duration_s?: number;
    backend?: string;
    params: Record<string, unknown>;
    intermediate?: unknown[];
  }[];
};
const trials = result.trials;
const done = trials.filter((t) => t.state === "complete" || t.state === "pruned");
const best = trials
  .filter((t) => t.state === "complete" && t.value !== undefined)
  .sort((a, b) => b.value! - a.value!)[0];
const durations = done.map((t) => t.duration_s ?? 0).sort((a, b) => a - b);
const median = durations[Math.floor(durations.length / 2)] ?? 0;
const backends = [...new Set(trials.map((t) => t.backend ?? "?"))].join(", ");
const progressLines = tune.stderr.split("\n").filter((l) => l.startsWith("trial #"));

const lines = [
  "# The MNIST main job",
  "",
  "Command: `npm run build && npx tsx bench/mnist/run.ts` — runs the README's `node bin/attune.js tune examples/mnist-mlp/train.ts`",
  "(the file's own directives: its trials, parallelism, algorithm and budget) and, before it, the script alone with its",
  "hand-picked values on the same TF.js backend.",
  "",
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}; load average before ${load0.map((x) => x.toFixed(2)).join(" / ")}, after ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ")}; ${new Date().toISOString().slice(0, 16)}Z.`,
  "",
  "| run | best validation accuracy | wall time | backend |",
  "|---|---|---|---|",
  `| baseline: the script alone, defaults (${baseLine.replace(/^trained /, "").replace(/ on \w+ in .*/, "")}) | ${baseAcc.toFixed(4)} | ${baseWall.toFixed(0)} s | ${baseBackend} |`,
  `| \`attune tune\`, ${trials.length} trials (${done.filter((t) => t.state === "pruned").length} pruned) | **${best?.value?.toFixed(4) ?? "none"}** (trial ${best?.number ?? "-"}) | ${tuneWall.toFixed(0)} s (${(tuneWall / baseWall).toFixed(1)}× the baseline) | ${backends} |`,
  "",
  `Target: best ≥ 0.93 — ${best && best.value! >= 0.93 ? "met ✓" : "missed ✗"}. Median time per finished trial ${median.toFixed(1)} s.`,
  "",
  "Best trial's values: `" + JSON.stringify(best?.params ?? {}) + "`",
  "",
  "The CLI's per-trial lines (time per trial, budget, backend):",
  "",
  "```",
  ...progressLines,
  "```",
  "",
];
const out = resolve(__dirname, "RESULTS.md");
writeFileSync(out, lines.join("\n"));
console.log(readFileSync(out, "utf8"));
