// `@tune objective: ...`, `run:`, `trials:`, `algorithm:`, `parallel:`, `timeout:`, `time:`, `baseline:` — file-level run
// settings.
import { changeTo, Report, type Problem } from "./problems";
import { closest } from "./suggest";
import type { Span } from "./syntax";
import type { Directives } from "./types";
import type { Constraint, Direction } from "../types";
import { ALGORITHMS } from "../algorithmNames";

export const DIRECTIVE_NAMES = [
  "objective",
  "constraint",
  "run",
  "trials",
  "algorithm",
  "parallel",
  "timeout",
  "time",
  "baseline",
] as const;
// The names only (docs/algorithms.md): the parser never loads the samplers.
export { ALGORITHMS };
/** Most objectives a study may have (a front in more dimensions is hard to see or choose from). */
export const MAX_OBJECTIVES = 3;

const DIRECTIVE_SYNONYMS: Record<string, string> = {
  metric: "objective",
  objectives: "objective",
  constraints: "constraint",
  subject_to: "constraint",
  maximize: "objective",
  minimize: "objective",
  command: "run",
  cmd: "run",
  n_trials: "trials",
  ntrials: "trials",
  sampler: "algorithm",
  algo: "algorithm",
  jobs: "parallel",
  n_jobs: "parallel",
  time_limit: "time",
  time_budget: "time",
  workers: "parallel",
  concurrency: "parallel",
};

const BASELINE_WORDS = new Map([
  ["on", true],
  ["off", false],
  ["true", true],
  ["false", false],
  ["yes", true],
  ["no", false],
]);

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds in `10m`, `90s`, `1.5h`, `1h30m`, `500ms`; a bare number is seconds. Undefined if malformed. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  if (!/^(\d+(\.\d+)?\s*(ms|s|m|h)\s*)+$/.test(t)) return undefined;
  let ms = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h)/g)) ms += Number(m[1]) * UNIT_MS[m[2]];
  return ms;
}

/** Value text without a trailing `# remark` / `// remark` (kept for `run:`, where `#` may be part of the command). */
function stripRemark(v: string): string {
  return v.replace(/\s+(#|\/\/).*$/, "").trim();
}

export interface DirectiveInput {
  name: string;
  nameSpan: Span;
  value: string;
  valueSpan: Span;
}

/** Apply one directive to `d`; problems go to `out`. `seen` remembers where each directive was first set. */
export function applyDirective(
  x: DirectiveInput,
  d: Directives,
  seen: Map<string, number>,
  out: Problem[],
  lineOf: (offset: number) => number,
): void {
  const report = new Report(out);
  const name = x.name;
  const whole = { start: x.nameSpan.start, end: x.valueSpan.end };
  if (!isDirectiveName(name)) {
    const s = closest(name, DIRECTIVE_NAMES, DIRECTIVE_SYNONYMS);
    report.error(
      "unknown-directive",
      x.nameSpan,
      `unknown directive \`${name}:\`${s ? `; did you mean \`${s}:\`?` : "."} Directives: ` +
        `${DIRECTIVE_NAMES.join(", ")}`,
      changeTo(s, x.nameSpan),
    );
    return;
  }
  if (seen.has(name) && name !== "constraint") {
    report.error(
      "duplicate-directive",
      whole,
      `\`${name}:\` is already set on line ${lineOf(seen.get(name)!) + 1}; keep one`,
    );
    return;
  }
  const raw = name === "run" ? x.value.trim() : stripRemark(x.value);
  const vspan = { start: x.valueSpan.start, end: x.valueSpan.start + Math.max(raw.length, 0) };
  if (READERS[name]({ name, raw, vspan, at: raw ? vspan : whole }, d, report)) seen.set(name, x.nameSpan.start);
}

type DirectiveName = (typeof DIRECTIVE_NAMES)[number];

function isDirectiveName(name: string): name is DirectiveName {
  return (DIRECTIVE_NAMES as readonly string[]).includes(name);
}

/** A directive's value as its reader sees it. */
interface DirectiveValue {
  name: DirectiveName;
  /** The value text, without a trailing remark except for `run:`. */
  raw: string;
  /** Where `raw` is written; quick fixes edit there. */
  vspan: Span;
  /** Where a problem with the value points: `vspan`, or the whole directive when the value is empty. */
  at: Span;
}

/** Reads one directive's value into `d`, or reports why not; true when it was set. */
type Reader = (v: DirectiveValue, d: Directives, report: Report) => boolean;

const READERS: Record<DirectiveName, Reader> = {
  objective: readObjective,
  constraint: ({ raw, at }, d, report) => {
    const c = parseConstraint(raw);
    if (typeof c === "string") return fail(report, at, c);
    (d.constraints ??= []).push(c);
    return true;
  },
  run: ({ raw, at }, d, report) => {
    if (!raw) return fail(report, at, "run needs a command: `run: python train.py --config {file}`");
    d.run = raw;
    return true;
  },
  trials: readCount,
  parallel: readCount,
  algorithm: readAlgorithm,
  timeout: ({ raw, at }, d, report) => {
    const ms = parseDuration(raw);
    if (ms === undefined || !(ms > 0))
      return fail(report, at, `timeout needs a duration such as \`90s\`, \`10m\` or \`1.5h\`; got \`${raw}\``);
    d.timeoutMs = ms;
    return true;
  },
  time: ({ raw, at }, d, report) => {
    const ms = parseDuration(raw);
    if (ms === undefined || !(ms > 0))
      return fail(report, at, `time needs a duration such as \`30m\` or \`2h\` for the whole study; got \`${raw}\``);
    d.timeMs = ms;
    return true;
  },
  baseline: ({ raw, at }, d, report) => {
    const on = BASELINE_WORDS.get(raw.toLowerCase());
    if (on === undefined)
      return fail(
        report,
        at,
        `baseline takes \`on\` (run the file's own values as trial 0, the default) or \`off\`; got \`${raw}\``,
      );
    d.baseline = on;
    return true;
  },
};

/** Report a `bad-directive` error; false, so that a reader can `return fail(...)`. */
function fail(report: Report, at: Span, message: string, fix?: Problem["fix"]): false {
  report.error("bad-directive", at, message, fix);
  return false;
}

function readCount({ name, raw, at }: DirectiveValue, d: Directives, report: Report): boolean {
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    return fail(report, at, `${name} needs a whole number ≥ 1; got \`${raw}\``);
  d[name as "trials" | "parallel"] = Number(raw);
  return true;
}

function readAlgorithm({ raw, vspan, at }: DirectiveValue, d: Directives, report: Report): boolean {
  const a = raw.toLowerCase();
  if (!(ALGORITHMS as readonly string[]).includes(a)) {
    const s = closest(a, ALGORITHMS, {
      bayesian: "bayes",
      gp: "bayes",
      bo: "bayes",
      sha: "asha",
      "random-search": "random",
      evolutionary: "evolution",
      regularized_evolution: "evolution",
      reinforce: "rl",
    });
    return fail(
      report,
      at,
      `unknown algorithm \`${raw}\`${s ? `; did you mean \`${s}\`?` : "."} Algorithms: ${ALGORITHMS.join(", ")}`,
      changeTo(s, vspan),
    );
  }
  d.algorithm = a;
  return true;
}

/** `maximize <metric>`, or several comma-separated. */
function readObjective({ raw, vspan, at }: DirectiveValue, d: Directives, report: Report): boolean {
  const parts = raw.split(",").map((p) => p.trim());
  if (parts.length > 1) {
    const objectives = parseObjectives(parts);
    if (typeof objectives === "string") return fail(report, at, objectives);
    d.objectives = objectives;
    d.objective = objectives[0];
    return true;
  }
  const words = raw.split(/\s+/).filter(Boolean);
  const direction = directionOf(words[0]);
  if (!direction) return fail(report, at, ...missingDirection(raw, words, vspan));
  if (words.length !== 2)
    return fail(
      report,
      at,
      words.length < 2
        ? `objective needs a metric name: \`objective: ${direction} val_accuracy\``
        : `a metric name has no spaces; got \`${words.slice(1).join(" ")}\``,
    );
  d.objective = { direction, metric: words[1] };
  return true;
}

/** What to say (and fix) when an objective does not start with its direction: swapped words, or a typo. */
function missingDirection(raw: string, words: string[], vspan: Span): [string, Problem["fix"]] {
  const dir = words[0]?.toLowerCase();
  const other = words[1]?.toLowerCase();
  if (other && /^(max|min)(imi[sz]e)?$/.test(other))
    return [
      `write the direction first: \`objective: ${words[1]} ${words[0]}\``,
      {
        title: "Put the direction first",
        edits: [{ start: vspan.start, end: vspan.end, newText: `${words[1]} ${words[0]}` }],
      },
    ];
  const s = dir ? closest(dir, ["maximize", "minimize"]) : undefined;
  return [
    `objective needs \`maximize <metric>\` or \`minimize <metric>\`; got ` +
      `\`${raw}\`${s ? `; did you mean \`${s}\`?` : ""}`,
    words.length === 2 ? changeTo(s, { start: vspan.start, end: vspan.start + words[0].length }) : undefined,
  ];
}

function directionOf(word: string | undefined): Direction | undefined {
  const w = word?.toLowerCase();
  if (w === "maximize" || w === "maximise" || w === "max") return "maximize";
  if (w === "minimize" || w === "minimise" || w === "min") return "minimize";
  return undefined;
}

/** `maximize val_accuracy, minimize params` → the objectives, or a message saying what to fix. */
function parseObjectives(parts: string[]): { direction: Direction; metric: string }[] | string {
  if (parts.length > MAX_OBJECTIVES)
    return (
      `at most ${MAX_OBJECTIVES} objectives; got ${parts.length} — make the others constraints (\`@tune ` +
      `constraint: params <= 1e6\`)`
    );
  const out: { direction: Direction; metric: string }[] = [];
  for (const p of parts) {
    const words = p.split(/\s+/).filter(Boolean);
    const direction = directionOf(words[0]);
    if (!direction || words.length !== 2)
      return `each objective is \`maximize <metric>\` or \`minimize <metric>\`, comma-separated; got \`${p}\``;
    if (out.some((o) => o.metric === words[1])) return `the metric \`${words[1]}\` is named twice; keep one`;
    out.push({ direction, metric: words[1] });
  }
  return out;
}

/** `latency_ms <= 10` → a constraint, or a message saying what to fix. */
export function parseConstraint(raw: string): Constraint | string {
  const m = /^([A-Za-z_][\w./-]*)\s*(<=|>=|≤|≥|<|>)\s*(\S+)$/.exec(raw.trim());
  const example = "`constraint: latency_ms <= 10` (or `>=`)";
  if (!m)
    return `a constraint is \`<metric> <= <number>\` or \`<metric> >= <number>\`, e.g. ${example}; got \`${raw}\``;
  const op = m[2] === "<" || m[2] === "≤" || m[2] === "<=" ? "<=" : ">=";
  const bound = Number(m[3].replace(/_/g, ""));
  if (!Number.isFinite(bound)) return `the bound of a constraint must be a finite number; got \`${m[3]}\``;
  return { metric: m[1], op, bound };
}
