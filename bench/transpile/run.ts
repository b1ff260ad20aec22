// Which TypeScript transpiler a .vsix should carry for trials: size in the package, time to transpile a trial's file
// (the first call, which includes loading the transpiler, and warm calls), and line fidelity (do statements stay on
// their line with no source map?). Native esbuild (the project's, when it has one) is the baseline of the ratios.
// Candidates: sucrase (bundled by scripts/build.mjs), esbuild-wasm, TypeScript's transpileModule.
// esbuild-wasm is not a dependency: `npm i --no-save esbuild-wasm@0.28.2` first, or point ESBUILD_WASM at a copy.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const repo = resolve(__dirname, "../..");
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 15;

/** A realistic trial script (the MNIST example) repeated to `copies` × its size, with one marker per line. */
function sample(copies: number): { code: string; markers: Map<string, number> } {
  const base = readFileSync(join(repo, "examples/mnist-mlp/train.ts"), "utf8").replace(/^import .*$/gm, "");
  const parts: string[] = [];
  // A block per copy (not a namespace: sucrase drops those, see RESULTS.md).
  for (let i = 0; i < copies; i++) parts.push(`{\n${base}\n}`);
  // Types and blank lines around markers: what a transpiler may drop or move.
  const lines =
    `declare function __m(id: string): void;\ninterface Cfg { lr: number; units: number[] }\n${parts.join("\n")}`.split(
      "\n",
    );
  const markers = new Map<string, number>();
  const out = lines.map((l, i) => {
    // A call after each statement that ends a line (before its comment): kept by every transpiler, easy to find.
    const m = /^(.*;)(\s*\/\/.*)?$/.exec(l);
    if (!m || /^\s*(import|export|interface|type|declare)\b/.test(l)) return l;
    const id = `__L${i + 1}`;
    markers.set(id, i + 1);
    return `${m[1]} __m("${id}");${m[2] ?? ""}`;
  });
  return { code: out.join("\n"), markers };
}

interface Candidate {
  name: string;
  /** Files the package would carry, for the size column. */
  files: () => string[];
  load: () => (code: string) => string;
}

const esbuildDir = join(repo, "node_modules/esbuild");
const wasmDir = process.env.ESBUILD_WASM ?? join(repo, "node_modules/esbuild-wasm");
const candidates: Candidate[] = [
  {
    name: "esbuild (native, the project's; baseline)",
    // The JS API and this platform's native binary (a .vsix would need one per platform).
    files: () => [
      join(esbuildDir, "lib/main.js"),
      join(repo, `node_modules/@esbuild/${process.platform}-${process.arch}/bin/esbuild`),
    ],
    load: () => {
      const e = require(esbuildDir) as typeof import("esbuild");
      return (code) => e.transformSync(code, { loader: "ts", format: "cjs", target: "node20" }).code;
    },
  },
  {
    name: "sucrase (carried: dist/runtime/attune-sucrase.cjs)",
    files: () => [join(repo, "dist/runtime/attune-sucrase.cjs")],
    load: () => {
      const s = require(join(repo, "dist/runtime/attune-sucrase.cjs")) as typeof import("sucrase");
      return (code) => s.transform(code, { transforms: ["typescript", "imports"], disableESTransforms: true }).code;
    },
  },
  {
    name: "esbuild-wasm",
    files: () => [join(wasmDir, "esbuild.wasm"), join(wasmDir, "lib/main.js")],
    load: () => {
      const e = require(wasmDir) as typeof import("esbuild");
      return (code) => e.transformSync(code, { loader: "ts", format: "cjs", target: "node20" }).code;
    },
  },
  {
    name: "typescript transpileModule",
    files: () => [join(repo, "node_modules/typescript/lib/typescript.js")],
    load: () => {
      const ts = require(join(repo, "node_modules/typescript")) as typeof import("typescript");
      return (code) =>
        ts.transpileModule(code, {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
        }).outputText;
    },
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Share of markers found on their own line in the output (no source map involved). */
function fidelity(out: string, markers: Map<string, number>): number {
  const at = new Map<string, number>();
  out.split("\n").forEach((l, i) => {
    for (const m of l.matchAll(/["'](__L\d+)["']/g)) at.set(m[1], i + 1);
  });
  let same = 0;
  for (const [id, line] of markers) if (at.get(id) === line) same++;
  return same / markers.size;
}

const small = sample(1);
const big = sample(10);
// The child process that times one first call.
if (process.argv.includes("--cold")) {
  const c = candidates[Number(process.argv[process.argv.indexOf("--cold") + 1])];
  const t = performance.now();
  c.load()(small.code);
  process.stdout.write(String(performance.now() - t));
  process.exit(0);
}

const rows: string[] = [];
let baseWarm = 0;
let baseBig = 0;
for (const c of candidates) {
  if (!c.files().every((f) => existsSync(f))) {
    rows.push(`| ${c.name} | not installed | | | | | | |`);
    continue;
  }
  const bytes = c.files().reduce((n, f) => n + statSync(f).size, 0);
  const gz = c.files().reduce((n, f) => n + gzipSync(readFileSync(f)).length, 0);
  // First call in a fresh process: load + init + one transpile (what a trial's first .ts costs).
  const cold = Number(
    execFileSync(process.execPath, ["--import", "tsx", __filename, "--cold", String(candidates.indexOf(c))]).toString(),
  );
  const fn = c.load();
  fn(small.code);
  const warm: number[] = [];
  const warmBig: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    fn(small.code);
    warm.push(performance.now() - t);
    if (i < Math.max(5, runs / 5)) {
      t = performance.now();
      fn(big.code);
      warmBig.push(performance.now() - t);
    }
  }
  const w = median(warm);
  const wb = median(warmBig);
  if (!baseWarm) [baseWarm, baseBig] = [w, wb];
  const fid = fidelity(fn(big.code), big.markers);
  rows.push(
    `| ${c.name} | ${(bytes / 1024).toFixed(0)} KiB | ${(gz / 1024).toFixed(0)} KiB | ${cold.toFixed(0)} ms | ` +
      `${w.toFixed(2)} ms (${(w / baseWarm).toFixed(1)}×) | ${wb.toFixed(1)} ms (${(wb / baseBig).toFixed(1)}×) | ` +
      `${(100 * fid).toFixed(1)} % |`,
  );
}

console.log(
  `files: ${small.code.split("\n").length} lines (examples/mnist-mlp/train.ts) and ${big.code.split("\n").length} ` +
    `lines (10 copies); ${runs} warm runs, median; Node ${process.version}\n`,
);
console.log("| transpiler | size | gzip | first call (fresh process) | warm, small | warm, 10× | lines kept |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
