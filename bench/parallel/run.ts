// `--parallel 2` vs `--parallel 1` on a batch of CPU-bound trials (pure-Python loops, one core each).
// Figure to reach on a 2-core machine: ≥ 1.8× faster. Run: npx tsx bench/parallel/run.ts [--trials 8]
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const trials = Number(process.argv[process.argv.indexOf("--trials") + 1]) || 8;
const CLI = resolve(process.cwd(), "bin/attune.js");
const python = process.env.PYTHON ?? "python3";
const SCRIPT = `x = 3  # @tune int(1, 1000)
# @tune objective: minimize loss
# The same work whatever x is (i * x would leave small-int range for large x and make trials unequal).
s = 0
for i in range(20_000_000):
    s += i % 7
print(f"loss: {(s + x) % 1000}")
`;

function timeRun(parallel: number): number {
  const ws = mkdtempSync(join(tmpdir(), "attune-bench-par-"));
  writeFileSync(join(ws, "cpu.py"), SCRIPT);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [
      CLI,
      "tune",
      "cpu.py",
      "--algorithm",
      "random",
      "--trials",
      String(trials),
      "--parallel",
      String(parallel),
      "--json",
      "--python",
      python,
    ],
    { cwd: ws, encoding: "utf8" },
  );
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(r.stderr);
  return s;
}

// Interleaved repeats, so a burst of other load on the machine hits both settings alike; medians compared.
const repeats = Number(process.argv[process.argv.indexOf("--repeats") + 1]) || 3;
const ones: number[] = [];
const twos: number[] = [];
const load0 = loadavg();
for (let r = 0; r < repeats; r++) {
  ones.push(timeRun(1));
  twos.push(timeRun(2));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const one = median(ones);
const two = median(twos);
const lines = [
  "# `--parallel 2` vs `--parallel 1`",
  "",
  `Command: \`npx tsx bench/parallel/run.ts --trials ${trials} --repeats ${repeats}\` (after \`npm run build\`)`,
  `Machine: ${process.env.BENCH_CPUS ?? cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ` +
    `${new Date().toISOString().slice(0, 10)}`,
  "",
  `${trials} CPU-bound Python trials (~1 core each):`,
  "",
  `Load average before: ${load0.map((x) => x.toFixed(2)).join(" / ")}; after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ")}.`,
  "",
  "| parallel | wall time, median (s) | runs (s) |",
  "|---|---|---|",
  `| 1 | ${one.toFixed(2)} | ${ones.map((x) => x.toFixed(2)).join(", ")} |`,
  `| 2 | ${two.toFixed(2)} | ${twos.map((x) => x.toFixed(2)).join(", ")} |`,
  "",
  `Speed-up: **${(one / two).toFixed(2)}×** (target ≥ 1.8×).`,
  "",
];
writeFileSync(outPath(), lines.join("\n"));
console.log(lines.join("\n"));

/** `--out FILE` (e.g. on the GPU machine, whose results come back through its $OUT), else RESULTS.md beside this. */
function outPath(): string {
  const i = process.argv.indexOf("--out");
  return i > 0 ? process.argv[i + 1] : resolve(process.cwd(), "bench/parallel/RESULTS.md");
}
