// `attune auto --strategy oneshot` against `attune auto`'s default search and scikit-learn on the digits image folder,
// and how well the supernet ranks architectures (docs/model-search.md#one-shot-search):
//   1. scikit-learn baselines (bench/auto/baselines.py) on the same train / test split;
//   2. `attune auto train --strategy oneshot`, then `attune auto train` (default search: 20 trials), each scored by
//      `attune predict` on the test folder it never saw, wall time from start to the saved model;
//   3. Kendall τ between one-shot estimates (validation accuracy with the supernet's inherited weights, α fixed to the
//      architecture) and stand-alone accuracy (the same architecture trained alone from fresh weights, a few epochs,
//      same validation images) over `--samples` architectures drawn uniformly from the space.
//
// Run alone on a quiet machine: npm run build && nice -n 10 npx tsx bench/oneshot/run.ts [--samples 24]
//   [--alone-epochs 6] [--skip-auto]; appending to RESULTS.md: [--oneshot-only] (one more oneshot row) or
//   [--tau-only --weights path] (τ for weights trained on sampled paths). Data in /tmp/attune-bench-oneshot (bench/auto/make_data.py). Writes RESULTS.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { kendallTau, namedPicks, sampleCandidates } from "../../src/core/oneshot";
import { Rng } from "../../src/core/rng";
import { planImages } from "../../src/cli/auto/describe";
import { build, IMAGE } from "../../src/cli/auto/oneshot";
import { score, trainAlone, trainSupernet } from "../../src/cli/auto/oneshotTrain";
import { imageSupernet } from "../../src/cli/auto/supernet";
import { loadTrainingTf } from "../../src/cli/auto/trainingTf";

const root = resolve(__dirname, "../..");
const CLI = join(root, "bin", "attune.js");
const PYTHON = process.env.ATTUNE_BENCH_PYTHON ?? "/usr/bin/python3";
const args = process.argv.slice(2);
const flag = (name: string, def: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const SAMPLES = Number(flag("--samples", "24"));
const ALONE_EPOCHS = Number(flag("--alone-epochs", "6"));
const WEIGHTS = flag("--weights", "mixture") as "mixture" | "path";
const TAU_ONLY = args.includes("--tau-only");
const work = join(tmpdir(), "attune-bench-oneshot");
const digits = join(work, "digits");
const load = () =>
  `${loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ")}`;
/** RESULTS.md's parts: the comparison table, the architectures, the τ section. */
const table: string[] = ["| method | test accuracy | seconds | load before → after |", "|---|---:|---:|---|"];
const archs: string[] = [];
const lines: string[] = [];
const note = (l: string, to = lines) => {
  to.push(l);
  console.error(l);
};

function timedAuto(
  name: string,
  extra: string[],
): { accuracy: number; seconds: number; report: Record<string, unknown> } {
  const out = join(work, name);
  // A fresh search each run: auto goes on from a study left in the same place (its study lives in work/.attune).
  for (const dir of [out, join(work, ".attune", name)]) rmSync(dir, { recursive: true, force: true });
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, "auto", join(digits, "train"), "--out", out, ...extra], {
    cwd: work,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const seconds = (Date.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`attune auto ${extra.join(" ")} failed`);
  const p = spawnSync(process.execPath, [CLI, "predict", out, join(digits, "test")], { encoding: "utf8" });
  const rows = p.stdout.trim().split("\n").slice(1);
  const ok = rows.filter((l) => {
    const [path, label] = l.split(",");
    return path.split("/").at(-2) === label;
  }).length;
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Record<string, unknown>;
  return { accuracy: ok / rows.length, seconds, report };
}

async function tau(): Promise<void> {
  const { tf, backend } = await loadTrainingTf([root]);
  const plan = planImages(join(digits, "train"), "digits/train", { out: work, validation: 0.2, seed: 0 });
  const i = { data: join(digits, "train"), plan, validation: 0.2, seed: 0 };
  const { net, data } = build(tf, i, true, IMAGE.dropout);
  const t0 = Date.now();
  await trainSupernet(tf, net, data, {
    epochs: IMAGE.epochs,
    warmup: Math.round(IMAGE.epochs / 3),
    batchSize: IMAGE.batchSize,
    learningRate: IMAGE.learningRate,
    alphaLearningRate: 0.05,
    seed: 0,
    weights: WEIGHTS,
  });
  const supernetSeconds = (Date.now() - t0) / 1000;
  const archs = sampleCandidates(net.space, SAMPLES, new Rng("bench-tau"));
  const rows: { arch: string; oneshot: number; alone: number }[] = [];
  const t1 = Date.now();
  for (const [k, picks] of archs.entries()) {
    const oneshot = score(tf, net, data, picks);
    const fresh = imageSupernet(tf, 8, 1, 10, { seed: 1000 + k, dropout: IMAGE.dropout });
    const alone = await trainAlone(tf, fresh, data, picks, { ...IMAGE, epochs: ALONE_EPOCHS, seed: k });
    fresh.weights.forEach((w) => w.dispose());
    const arch = Object.entries(namedPicks(net.space, picks))
      .map(([n, v]) => `${n}=${v}`)
      .join(" ");
    rows.push({ arch, oneshot, alone });
    console.error(`${k + 1}/${archs.length} ${arch}: one-shot ${oneshot.toFixed(4)}, alone ${alone.toFixed(4)}`);
  }
  const t = kendallTau(
    rows.map((r) => r.oneshot),
    rows.map((r) => r.alone),
  );
  note(
    `\n### Kendall τ (${backend}, weights trained on the ${WEIGHTS === "path" ? "sampled paths" : "α mixture"}): ` +
      `**τ = ${t.toFixed(3)}** over ${rows.length} architectures drawn uniformly ` +
      `(supernet ${supernetSeconds.toFixed(0)} s; ${rows.length} stand-alone runs of ${ALONE_EPOCHS} epochs, ` +
      `${((Date.now() - t1) / 1000).toFixed(0)} s)\n`,
  );
  note("| architecture | one-shot estimate | stand-alone |\n|---|---:|---:|");
  for (const r of rows.sort((a, b) => b.alone - a.alone))
    note(`| ${r.arch} | ${(100 * r.oneshot).toFixed(1)} % | ${(100 * r.alone).toFixed(1)} % |`);
}

function write(): void {
  const head = [
    "# `attune auto --strategy oneshot` on digits",
    "",
    "Command: `npm run build && nice -n 10 npx tsx bench/oneshot/run.ts` (data: bench/auto/make_data.py, 1,437 train /",
    "360 test 8×8 images). Test accuracy by `attune predict` on the test folder; seconds from start to the saved model.",
    "A figure taken at a load average above 2 is not a clean measurement (2 cores shared).",
    "",
  ];
  if (lines[0]?.startsWith("Load")) head.push(lines[0], "");
  const written = archs.length ? ["", "Architectures written into train.ts:", "", ...archs] : [];
  const rest = lines.filter((l) => !l.startsWith("Load average (1"));
  writeFileSync(join(__dirname, "RESULTS.md"), [...head, ...table, ...written, ...rest, ""].join("\n"));
}

async function main(): Promise<void> {
  mkdirSync(work, { recursive: true });
  if (args.includes("--oneshot-only")) {
    // One more oneshot row appended to RESULTS.md (after a change to it), the rest kept.
    const before = load();
    const r = timedAuto("oneshot", ["--strategy", "oneshot"]);
    const row =
      `| attune auto --strategy oneshot (re-run alone, ${new Date().toISOString().slice(0, 16)}Z) | ` +
      `${(100 * r.accuracy).toFixed(2)} % | ${r.seconds.toFixed(1)} | ${before} → ${load()} |`;
    const arch = `\n\`${JSON.stringify(r.report.architecture)}\` — ${JSON.stringify((r.report.oneshot as { learningRates?: unknown }).learningRates)}`;
    const file = join(__dirname, "RESULTS.md");
    writeFileSync(file, readFileSync(file, "utf8") + `\n${table.slice(0, 2).join("\n")}\n${row}\n${arch}\n`);
    return;
  }
  if (TAU_ONLY) {
    // Another τ section appended to RESULTS.md (e.g. --weights path), the rest of it kept.
    const before = load();
    await tau();
    note(`\nLoad during this τ measurement: ${before} → ${load()}`);
    const file = join(__dirname, "RESULTS.md");
    writeFileSync(file, readFileSync(file, "utf8") + lines.join("\n") + "\n");
    return;
  }
  if (!existsSync(digits)) spawnSync(PYTHON, [join(root, "bench/auto/make_data.py"), work], { stdio: "inherit" });
  const start = `Load average (1 / 5 / 15 min) at start: ${load()} (${new Date().toISOString().slice(0, 16)}Z).`;
  note(start);
  const px = (f: string) => join(digits, f);
  const base = spawnSync(
    PYTHON,
    [join(root, "bench/auto/baselines.py"), "pixels", px("train-pixels.csv"), px("test-pixels.csv")],
    {
      encoding: "utf8",
    },
  );
  const sk = JSON.parse(base.stdout) as Record<string, { accuracy: number; seconds: number }>;
  for (const [m, b] of Object.entries(sk))
    note(`| scikit-learn ${m} | ${(100 * b.accuracy).toFixed(2)} % | ${b.seconds.toFixed(1)} | |`, table);
  const beforeTau = load();
  await tau();
  note(`\nLoad during the τ measurement: ${beforeTau} → ${load()}`);
  write();
  const runs: [string, string[]][] = [["attune auto --strategy oneshot", ["--strategy", "oneshot"]]];
  if (!args.includes("--skip-auto")) runs.push(["attune auto (default search, 20 trials)", []]);
  for (const [name, extra] of runs) {
    const before = load();
    const r = timedAuto(extra.length ? "oneshot" : "search", extra);
    const arch = JSON.stringify(r.report.architecture);
    note(`| ${name} | ${(100 * r.accuracy).toFixed(2)} % | ${r.seconds.toFixed(1)} | ${before} → ${load()} |`, table);
    archs.push(`- ${name}: \`${arch}\``);
    write();
  }
  note(`\nLoad average at the end: ${load()}.`);
  write();
}

void main();
