// `--parallel 2` vs `--parallel 1` on a batch of CPU-bound trials (pure-Python loops, one core each).
// Figure to reach on a 2-core machine: ≥ 1.8× faster. Run: npx tsx bench/parallel/run.ts [--trials 8]
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const trials = Number(process.argv[process.argv.indexOf("--trials") + 1]) || 8;
const CLI = resolve(process.cwd(), "bin/attune.js");
const python = process.env.PYTHON ?? "python3";
const SCRIPT = `x = 3  # @tune int(1, 1000)
# @tune objective: minimize loss
s = 0
for i in range(20_000_000):
    s += (i * x) % 7
print(f"loss: {s % 1000}")
`;

function timeRun(parallel: number): number {
  const ws = mkdtempSync(join(tmpdir(), "attune-bench-par-"));
  writeFileSync(join(ws, "cpu.py"), SCRIPT);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, "tune", "cpu.py", "--algorithm", "random", "--trials", String(trials), "--parallel", String(parallel), "--json", "--python", python], { cwd: ws, encoding: "utf8" });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(r.stderr);
  return s;
}

const one = timeRun(1);
const two = timeRun(2);
const lines = [
  "# `--parallel 2` vs `--parallel 1`",
  "",
  `Command: \`npx tsx bench/parallel/run.ts --trials ${trials}\` (after \`npm run build\`)`,
  `Machine: ${process.env.BENCH_CPUS ?? cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${new Date().toISOString().slice(0, 10)}`,
  "",
  `${trials} CPU-bound Python trials (~1 core each):`,
  "",
  "| parallel | wall time (s) |",
  "|---|---|",
  `| 1 | ${one.toFixed(2)} |`,
  `| 2 | ${two.toFixed(2)} |`,
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
