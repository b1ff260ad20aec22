// What choosing a TF.js backend adds to a trial's start: the time from spawning `node --require <preload> train.js`
// to the script's first line, with the preload before the webgpu work (git bfb7775: tfjs-node-gpu, tfjs-node, wasm,
// cpu) and with today's (attune-backends.cjs: the same plus the webgpu probe), alternating, median of N runs each.
// Both end on wasm here. The preload's own `chooseMs` (its backend choice alone) is reported too.
//   npx tsx bench/gpu/choose-time.ts [runs]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(__dirname, "../..");
const runs = Number(process.argv[2] ?? 7);
const dir = mkdtempSync(join(tmpdir(), "attune-choose-"));
symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
const oldPreload = join(dir, "old-preload.cjs");
writeFileSync(
  oldPreload,
  execFileSync("git", ["-C", repo, "show", "bfb7775:src/core/runner/runtime/attune-preload.cjs"], { encoding: "utf8" }),
);
const newPreload = join(repo, "src/runner/runtime/attune-preload.cjs");
const script = join(dir, "train.js");
writeFileSync(script, `const tf = require("@tensorflow/tfjs");\nconsole.log("main " + tf.getBackend());\n`);

function once(preload: string): { ms: number; chooseMs?: number; backend?: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", preload, script], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, ATTUNE_RT_ORIGINAL: script, ATTUNE_RT_PATCHED: script, ATTUNE_TFJS_BACKEND: "" },
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const meta = r.stdout.split("\n").find((l) => l.includes('"chooseMs"'));
  const main = r.stdout.split("\n").find((l) => l.startsWith("main "));
  return { ms, ...(meta ? { chooseMs: JSON.parse(meta.slice(11)).chooseMs } : {}), backend: main?.slice(5) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const before: number[] = [];
const after: number[] = [];
const choose: number[] = [];
let backends = "";
once(oldPreload); // warm the file cache
for (let i = 0; i < runs; i++) {
  before.push(once(oldPreload).ms);
  const n = once(newPreload);
  after.push(n.ms);
  if (n.chooseMs !== undefined) choose.push(n.chooseMs);
  backends = n.backend ?? "";
}
const b = median(before);
const a = median(after);
console.log(`| preload | spawn → script's first line, median of ${runs} (ms) |`);
console.log("|---|---|");
console.log(`| before webgpu (bfb7775) | ${b.toFixed(0)} |`);
console.log(
  `| today's (attune-backends.cjs) | ${a.toFixed(0)} (${a - b >= 0 ? "+" : ""}${(a - b).toFixed(0)} ms, ` +
    `${(a / b).toFixed(2)}×) |`,
);
console.log(
  `\nBackend chosen: ${backends}; today's chooseMs (the choice itself, wasm start included): median ${median(choose)} ms`,
);
