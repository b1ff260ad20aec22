// Runner overhead per trial: the same tiny script run directly (spawn → exit) vs as an Attune trial (patch the
// literals, write the trial folder, spawn through the bootstrap/loader hook, parse the output, record in the
// journal). Figure to reach: ≤ 50 ms median overhead. Run: npx tsx bench/overhead/run.ts [--runs 30]
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { applyValues, parseAnnotations } from "../../src/core/annotations";
import { startTrial } from "../../src/runner";
import { Study } from "../../src/core/study";
import { RandomSampler } from "../../src/core/samplers/random";
import { openStudy } from "../../src/storage/journalStore";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 30;
const python = process.env.PYTHON ?? "python3";

const SCRIPTS = {
  "train.py": `lr = 0.1  # @tune loguniform(1e-4, 1)\n# @tune objective: minimize loss\nfor epoch in range(1, 4):\n    print(f"epoch {epoch} - loss: {lr / epoch:.5f}")\n`,
  "train.js":
    `const lr = 0.1; // @tune loguniform(1e-4, 1)\n// @tune objective: minimize loss\nfor (let e = 1; e < ` +
    `4; e++) console.log(\`epoch \${e} - loss: \${(lr / e).toFixed(5)}\`);\n`,
};

function direct(cmd: string, args: string[], cwd: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  return new Promise((res, rej) => {
    const c = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    c.stdout.resume();
    c.stderr.resume();
    c.on("close", (code) =>
      code === 0 ? res(Number(process.hrtime.bigint() - t0) / 1e6) : rej(new Error(`exit ${code}`)),
    );
  });
}

async function viaAttune(ws: string, file: string, study: Study, text: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const parsed = parseAnnotations(text, file);
  const ask = study.ask()!;
  study.start(ask.number, { pid: process.pid });
  const running = startTrial(
    {
      file: join(ws, file),
      patchedSource: applyValues(text, parsed, ask.params),
      python,
      objective: "loss",
      trialNumber: ask.number,
      params: ask.params,
      studyDir: join(ws, ".attune", file),
    },
    { onReport: (r) => r.value !== undefined && study.report(ask.number, r.step, r.value) },
  );
  const res = await running.result;
  if (res.state !== "complete") throw new Error(JSON.stringify(res.error));
  study.tell(ask.number, res.value!);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const rows: string[] = [];
  for (const [file, text] of Object.entries(SCRIPTS)) {
    const ws = mkdtempSync(join(tmpdir(), "attune-bench-ovh-"));
    writeFileSync(join(ws, file), text);
    const parsed = parseAnnotations(text, file);
    const study = openStudy({
      name: file,
      space: parsed.space,
      direction: "minimize",
      algorithm: "random",
      seed: 1,
      sampler: new RandomSampler(),
      journal: join(ws, ".attune", file, "journal.jsonl"),
    });
    const cmd = file.endsWith(".py") ? python : process.execPath;
    const args = file.endsWith(".py") ? ["-u", file] : [file];
    const d: number[] = [];
    const a: number[] = [];
    await direct(cmd, args, ws); // warm caches
    await viaAttune(ws, file, study, text);
    // Interleaved, so background load hits both sides alike.
    for (let i = 0; i < runs; i++) {
      d.push(await direct(cmd, args, ws));
      a.push(await viaAttune(ws, file, study, text));
    }
    const diffs = a.map((x, i) => x - d[i]);
    rows.push(
      `| ${file} | ${median(d).toFixed(1)} | ${median(a).toFixed(1)} | **${median(diffs).toFixed(1)}** | ` +
        `${(median(a) / median(d)).toFixed(2)}× |`,
    );
    study.close();
  }
  const lines = [
    "# Runner overhead per trial",
    "",
    `Command: \`npx tsx bench/overhead/run.ts --runs ${runs}\`${process.env.PYTHON ? ` with PYTHON=${python}` : ""}`,
    `Machine: ${process.env.BENCH_CPUS ?? cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}, ` +
      `${new Date().toISOString().slice(0, 10)}`,
    "",
    "Baseline: the same script spawned directly (`python -u train.py` / `node train.js`). Attune: ask → patch " +
      "literals →",
    "trial folder → spawn via the bootstrap / loader hook → parse reports → report + tell into the journal. Runs " +
      "interleaved.",
    "",
    "| script | direct median (ms) | as a trial median (ms) | overhead median (ms) | ratio |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    "Target: overhead ≤ 50 ms median.",
    "",
  ];
  writeFileSync(outPath(), lines.join("\n"));
  console.log(lines.join("\n"));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/** `--out FILE` (e.g. on the GPU machine, whose results come back through its $OUT), else RESULTS.md beside this. */
function outPath(): string {
  const i = process.argv.indexOf("--out");
  return i > 0 ? process.argv[i + 1] : resolve(process.cwd(), "bench/overhead/RESULTS.md");
}
