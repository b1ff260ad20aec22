// The study's own bookkeeping per ask/tell as the study grows: median time of one `study.ask()` and of one
// ask + tell at 100, 1,000 and 10,000 trials, for random (no model: pure bookkeeping) and tpe, in memory and on a
// journal, for this tree ("after") and for the study code of an earlier commit ("before", extracted with
// `git archive` into a temp folder), measured in the same process, taking turns ask by ask.
// History: trials queued with seeded random params on [0,1]^6 (enqueue + tell, which costs the same in both trees) and
// valued by Hartmann-6; then one uncounted warm-up ask + tell and `asks` timed ones, each told before the next.
// Run: npx tsx bench/ask-overhead/run.ts [--sizes 100,1000,10000] [--asks 21] [--before <commit>] [--out FILE]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const SIZES = arg("sizes", "100,1000,10000").split(",").map(Number);
const ASKS = Number(arg("asks", "21"));
/** The last commit before the study's bookkeeping became incremental. */
const BEFORE = arg("before", "bfb7775");
const SAMPLERS = ["random", "tpe"] as const;
const STORES = ["memory", "journal"] as const;
const REPO = resolve(__dirname, "../..");

interface Case {
  roots: string[];
  sampler: string;
  store: string;
  sizes: number[];
  asks: number;
}
/** Median ms per size, per root. */
type Timing = Record<number, { ask: number; askTell: number }>[];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

type Lib = typeof import("../../src/index");

/**
 * Runs in a child process per case. Both trees' studies live in that process and take turns ask by ask, so a
 * change in the machine's load (it is shared) falls on both alike.
 */
async function worker(c: Case): Promise<Timing> {
  const libs = await Promise.all(c.roots.map(async (r) => (await import(join(r, "src/index.ts"))) as Lib));
  const { Rng } = (await import(join(c.roots[0], "src/core/rng.ts"))) as typeof import("../../src/core/rng");
  const { FUNCTIONS } = await import("../functions/functions");
  const f = FUNCTIONS.hartmann6.f;
  const names = Array.from({ length: 6 }, (_, i) => `x${i}`);
  const value = (p: Record<string, unknown>) => f(names.map((k) => p[k] as number));
  const out: Timing = c.roots.map(() => ({}));
  for (const n of c.sizes) {
    const dir = mkdtempSync(join(tmpdir(), "attune-ask-"));
    const studies = libs.map((lib, j) => {
      const study = lib.createStudy({
        space: Object.fromEntries(names.map((k) => [k, lib.space.float(0, 1)])),
        algorithm: c.sampler,
        direction: "minimize",
        seed: 1,
        ...(c.store === "journal" ? { journal: join(dir, `${j}.jsonl`) } : {}),
      });
      const rng = new Rng(`ask-overhead/${n}`);
      for (let i = 0; i < n; i++) {
        const params = Object.fromEntries(names.map((k) => [k, rng.random()]));
        study.tell(study.enqueue(params).number, value(params));
      }
      return study;
    });
    const ask: number[][] = studies.map(() => []);
    const askTell: number[][] = studies.map(() => []);
    for (let k = 0; k <= c.asks; k++)
      // Alternate who goes first, so neither tree always runs right after the other.
      (k % 2 ? [...studies.keys()].reverse() : [...studies.keys()]).forEach((j) => {
        const study = studies[j];
        const t0 = performance.now();
        const a = study.ask()!;
        const t1 = performance.now();
        study.tell(a.number, value(a.params));
        const t2 = performance.now();
        if (k === 0) return; // warm-up
        ask[j].push(t1 - t0);
        askTell[j].push(t2 - t0);
      });
    for (const s of studies) s.close();
    rmSync(dir, { recursive: true, force: true });
    studies.forEach((_, j) => (out[j][n] = { ask: median(ask[j]), askTell: median(askTell[j]) }));
  }
  return out;
}

function runCase(c: Case): Timing {
  const r = spawnSync(process.execPath, ["--import", "tsx", __filename, "--worker", JSON.stringify(c)], {
    cwd: REPO,
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`worker failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Timing;
}

const fmt = (ms: number) => (ms < 0.1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
const ratio = (before: number, after: number) => `${(before / after).toFixed(before / after >= 10 ? 0 : 2)}×`;

function main(): void {
  const beforeRoot = mkdtempSync(join(tmpdir(), "attune-before-"));
  try {
    const tar = execFileSync("git", ["-C", REPO, "archive", BEFORE, "src"], { maxBuffer: 1 << 28 });
    execFileSync("tar", ["-x", "-C", beforeRoot], { input: tar });
    const load0 = loadavg()[0];
    const rows: string[] = [];
    for (const sampler of SAMPLERS)
      for (const store of STORES) {
        const [before, after] = runCase({ sampler, store, sizes: SIZES, asks: ASKS, roots: [beforeRoot, REPO] });
        for (const n of SIZES) {
          const b = before[n];
          const a = after[n];
          const row =
            `| ${sampler} | ${store} | ${n.toLocaleString("en-US")} | ${fmt(b.ask)} | ${fmt(a.ask)} | ` +
            `${ratio(b.ask, a.ask)} | ${fmt(b.askTell)} | ${fmt(a.askTell)} | ${ratio(b.askTell, a.askTell)} |`;
          rows.push(row);
          console.error(row);
        }
      }
    // This tree's random study alone in its process (no second tree's heap or turns): the issue's own measurement.
    const lone = runCase({ sampler: "random", store: "memory", sizes: SIZES, asks: 51, roots: [REPO] })[0];
    const commit = execFileSync("git", ["-C", REPO, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const md = [
      "# Study bookkeeping per ask/tell as the study grows",
      "",
      `Command: \`npx tsx bench/ask-overhead/run.ts --sizes ${SIZES.join(",")} --asks ${ASKS} --before ${BEFORE}\``,
      `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, ` +
        `${new Date().toISOString().slice(0, 10)}; 1-min load average ${load0.toFixed(1)} at the start, ` +
        `${loadavg()[0].toFixed(1)} at the end (shared machine).`,
      "",
      `"before" is the study code of commit ${BEFORE} (\`git archive\` into a temp folder); "after" is this tree ` +
        `(${commit}). Each case runs in its own process, where the two trees' studies take turns ask by ask ` +
        "(who goes first alternates).",
      "Median over " +
        `${ASKS} asks after one uncounted warm-up, each told before the next; history: n trials with seeded ` +
        "random params on [0,1]^6 valued by Hartmann-6.",
      "",
      "| sampler | storage | trials | ask before | ask after | speed-up | ask+tell before | ask+tell after | speed-up |",
      "|---|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
      "This tree's random study alone in its process (in memory, median of 51 asks; target ≤ 0.05 ms at 10,000):",
      "",
      `| trials | ${SIZES.map((n) => n.toLocaleString("en-US")).join(" | ")} |`,
      `|---|${SIZES.map(() => "---").join("|")}|`,
      `| random ask | ` +
        `${SIZES.map((n) => `${fmt(lone[n].ask)}${n === 10000 ? (lone[n].ask <= 0.05 ? " ✓" : " ✗") : ""}`).join(" | ")} |`,
      "",
    ].join("\n");
    const out = arg("out", "");
    if (out) writeFileSync(out, md);
    console.log(md);
  } finally {
    rmSync(beforeRoot, { recursive: true, force: true });
  }
}

const w = process.argv.indexOf("--worker");
if (w >= 0)
  void worker(JSON.parse(process.argv[w + 1]) as Case).then((t) => process.stdout.write(JSON.stringify(t) + "\n"));
else main();
