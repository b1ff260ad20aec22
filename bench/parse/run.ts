// Parse time of a large annotated file (target: ≤ 20 ms for 5,000 lines with 50 annotations), next to a baseline
// timed the same way in the same run: split the text into lines and run one `@tune` comment regex on each line.
// That baseline is the least work any line-based finder does; it does not know strings, docstrings, template
// literals or regexes (so it would misread `"a # @tune"`), builds no search space and reports no positions.
// The ratio parse / baseline is the figure that survives a busy machine; the absolute times do not.
// Files are generated (deterministic): realistic code with strings holding `#` and `//`, docstrings, comments on
// most lines, f-strings / template literals and regexes, and one annotation every 100 lines.
// Run: npx tsx bench/parse/run.ts [--runs 50] [--warmup 20]   (prints the table that bench/parse/RESULTS.md records)
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { hasErrors, parseAnnotations } from "../../src/core/annotations";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg("runs", "50"));
const WARMUP = Number(arg("warmup", "20"));
const LINES = 5000;
const ANNOTATIONS = 50;
const TARGET_MS = 20;

const PY_SPECS = [
  "float(1e-5, 1e-1, log)",
  "int(1, 8)",
  "int(32, 512, step=32)",
  'choice("adam", "sgd", "rmsprop")',
  "bool()",
  "uniform(0.0, 0.5)",
];
const PY_VALUES = ["1e-3", "4", "128", '"adam"', "False", "0.25"];
const PY_CODE = [
  "def step_{k}(model, batch, scale=1.0):",
  '    """Run one step. Notes: a # in a docstring, and // too, and even @tune in prose."""',
  '    label = "loss # not a comment"  # the real comment',
  '    out = model(batch["x"]) * scale  # forward',
  "    cfg = {'a': 1, \"b\": [1, 2, 3], 'c': (4, 5)}",
  '    msg = f"step {scale:.3f} // {batch!r}"',
  "    if out.mean() > 0.5 and not cfg['a']:  # rare",
  "        return out.sum() / len(batch)",
  "    for i, v in enumerate(range(10)):",
  "        scale = scale * 0.99 + i ** 2 - v // 3",
  "    # plain comment line with @tuned and other words",
  "    return out",
  "",
];
const TS_SPECS = [
  "loguniform(1e-5, 1e-1)",
  "int(1, 8)",
  "int(32, 512, step=32)",
  'choice("adam", "sgd", "rmsprop")',
  "bool()",
  "uniform(0, 0.5)",
];
const TS_VALUES = ["1e-3", "4", "128", '"adam"', "false", "0.25"];
const TS_CODE = [
  "export function step{k}(model: Model, batch: Batch, scale = 1.0): number {",
  "  /* a block comment with // and # inside */",
  '  const label = "loss // not a comment"; // the real comment',
  "  const out = model.apply(batch.x).mul(scale); // forward",
  "  const cfg = { a: 1, b: [1, 2, 3], c: { d: 'e' } };",
  "  const msg = `step ${scale.toFixed(3)} // ${JSON.stringify(batch)}`;",
  "  const re = /\\/\\/ *(\\d+)/g; const half = out.size / 2;",
  "  if (out.mean() > 0.5 && !cfg.a) return out.sum() / batch.length; // rare",
  "  for (let i = 0; i < 10; i++) scale = scale * 0.99 + i ** 2;",
  "  // plain comment line with @tuned and other words",
  "  return out.sum();",
  "}",
  "",
];
const YAML_CODE = [
  "block_{k}:",
  "  name: run-{k}  # a comment",
  '  label: "loss # not a comment"',
  "  url: http://example.com/a#b",
  "  list:",
  "    - 1",
  "    - two  # comment",
  "  text: |",
  "    a block scalar with # and @tune int(1, 2) inside",
  "  flow: [1, 2, {a: b}]",
  "",
];

/** A file of `LINES` lines: the objective on line 1, then code, with an annotated line every LINES/ANNOTATIONS lines. */
function generate(lang: "python" | "typescript" | "yaml"): string {
  const every = LINES / ANNOTATIONS;
  const marker = lang === "typescript" ? "//" : "#";
  const out = [`${marker} @tune objective: maximize val_accuracy`];
  const code = lang === "python" ? PY_CODE : lang === "typescript" ? TS_CODE : YAML_CODE;
  let k = 0;
  for (let i = 1; i < LINES; i++) {
    if (i % every === every / 2) {
      const a = (i - every / 2) / every;
      const j = a % 6;
      if (lang === "python") out.push(`p${a} = ${PY_VALUES[j]}  # @tune ${PY_SPECS[j]}`);
      else if (lang === "typescript") out.push(`const p${a} = ${TS_VALUES[j]}; // @tune ${TS_SPECS[j]}`);
      else out.push(`p${a}: ${TS_VALUES[j].replace(/"/g, "")}  # @tune ${TS_SPECS[j]}`);
    } else {
      const line = code[(i - 1) % code.length];
      if (line.includes("{k}")) k++;
      out.push(line.replace(/\{k\}/g, String(k)));
    }
  }
  return out.join("\n") + "\n";
}

const BASELINE_RE = /(?:#|\/\/)\s*@tune\b(.*)$/;
/** The baseline: a line split and one regex per line; returns the number of annotation comments it saw. */
function baseline(text: string): number {
  let n = 0;
  for (const line of text.split(/\r\n|\r|\n/)) if (BASELINE_RE.exec(line)) n++;
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

interface Row {
  file: string;
  lines: number;
  kb: number;
  params: number;
  parse: number;
  parseMin: number;
  parseP90: number;
  base: number;
}

/** Interleaves parse and baseline runs so that load changes hit both alike. */
function measure(file: string, text: string): Row {
  const f = parseAnnotations(text, file);
  if (f.params.length !== ANNOTATIONS || hasErrors(f) || f.space.params.length !== ANNOTATIONS)
    throw new Error(
      `${file}: expected ${ANNOTATIONS} valid parameters, got ${f.params.length}: ` +
        `${f.diagnostics.map((d) => d.message).join("; ")}`,
    );
  for (let i = 0; i < WARMUP; i++) {
    parseAnnotations(text, file);
    baseline(text);
  }
  const parse: number[] = [];
  const base: number[] = [];
  let sink = 0;
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    sink += parseAnnotations(text, file).params.length;
    parse.push(performance.now() - t);
    t = performance.now();
    sink += baseline(text);
    base.push(performance.now() - t);
  }
  if (sink === 0) throw new Error("unreachable");
  return {
    file,
    lines: text.split("\n").length - 1,
    kb: text.length / 1024,
    params: f.params.length,
    parse: median(parse),
    parseMin: Math.min(...parse),
    parseP90: quantile(parse, 0.9),
    base: median(base),
  };
}

const load0 = loadavg();
const rows = [
  measure("train.py", generate("python")),
  measure("train.ts", generate("typescript")),
  measure("config.yaml", generate("yaml")),
];
const load1 = loadavg();

const ms = (x: number) => (x >= 10 ? x.toFixed(1) : x.toFixed(2));
const table = [
  "| file | lines | size | annotations | parse, median | parse, min | parse, p90 | baseline, median | parse / " +
    "baseline | target ≤ 20 ms |",
  "|---|---|---|---|---|---|---|---|---|---|",
  ...rows.map(
    (r) =>
      `| ${r.file} | ${r.lines} | ${r.kb.toFixed(0)} KiB | ${r.params} | ${ms(r.parse)} ms | ${ms(r.parseMin)} ms | ` +
      `${ms(r.parseP90)} ms | ${ms(r.base)} ms | ${(r.parse / r.base).toFixed(1)}× | ` +
      `${r.parse <= TARGET_MS ? "✓" : "✗"} |`,
  ),
].join("\n");
const machine =
  `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, ` +
  `${new Date().toISOString().slice(0, 10)}`;
const load =
  `1-min load average ${load0[0].toFixed(1)} at the start, ${load1[0].toFixed(1)} at the end (on ` +
  `${cpus().length} cores, a load of L stretches CPU-bound times by up to ~L/${cpus().length}×)`;
console.log(`${machine}; ${load}\n${RUNS} timed runs after ${WARMUP} warm-up runs\n\n${table}`);
