// `@tune objective: ...`, `run:`, `trials:`, `algorithm:`, `parallel:`, `timeout:`, `baseline:` — file-level run
// settings.
import type { Problem } from "./specs";
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
  const err = (span: Span, code: Problem["code"], message: string, fix?: Problem["fix"]): void => {
    out.push({ severity: "error", code, message, start: span.start, end: span.end, fix });
  };
  const name = x.name;
  const whole = { start: x.nameSpan.start, end: x.valueSpan.end };
  if (!(DIRECTIVE_NAMES as readonly string[]).includes(name)) {
    const s = closest(name, DIRECTIVE_NAMES, DIRECTIVE_SYNONYMS);
    err(
      x.nameSpan,
      "unknown-directive",
      `unknown directive \`${name}:\`${s ? `; did you mean \`${s}:\`?` : "."} Directives: ` +
        `${DIRECTIVE_NAMES.join(", ")}`,
      s
        ? { title: `Change to ${s}`, edits: [{ start: x.nameSpan.start, end: x.nameSpan.end, newText: s }] }
        : undefined,
    );
    return;
  }
  if (seen.has(name) && name !== "constraint") {
    err(whole, "duplicate-directive", `\`${name}:\` is already set on line ${lineOf(seen.get(name)!) + 1}; keep one`);
    return;
  }
  const raw = name === "run" ? x.value.trim() : stripRemark(x.value);
  const vspan = { start: x.valueSpan.start, end: x.valueSpan.start + Math.max(raw.length, 0) };
  const at = raw ? vspan : whole;
  switch (name) {
    case "constraint": {
      const c = parseConstraint(raw);
      if (typeof c === "string") return err(at, "bad-directive", c);
      (d.constraints ??= []).push(c);
      break;
    }
    case "objective": {
      const parts = raw.split(",").map((p) => p.trim());
      if (parts.length > 1) {
        const objectives = parseObjectives(parts);
        if (typeof objectives === "string") return err(at, "bad-directive", objectives);
        d.objectives = objectives;
        d.objective = objectives[0];
        break;
      }
      const words = raw.split(/\s+/).filter(Boolean);
      const dir = words[0]?.toLowerCase();
      const direction =
        dir === "maximize" || dir === "maximise" || dir === "max"
          ? "maximize"
          : dir === "minimize" || dir === "minimise" || dir === "min"
            ? "minimize"
            : undefined;
      if (!direction) {
        const other = words[1]?.toLowerCase();
        const swapped = other && /^(max|min)(imi[sz]e)?$/.test(other);
        const s = dir ? closest(dir, ["maximize", "minimize"]) : undefined;
        err(
          at,
          "bad-directive",
          swapped
            ? `write the direction first: \`objective: ${words[1]} ${words[0]}\``
            : `objective needs \`maximize <metric>\` or \`minimize <metric>\`; got ` +
                `\`${raw}\`${s ? `; did you mean \`${s}\`?` : ""}`,
          swapped
            ? {
                title: "Put the direction first",
                edits: [{ start: vspan.start, end: vspan.end, newText: `${words[1]} ${words[0]}` }],
              }
            : s && words.length === 2
              ? {
                  title: `Change to ${s}`,
                  edits: [{ start: vspan.start, end: vspan.start + words[0].length, newText: s }],
                }
              : undefined,
        );
        return;
      }
      if (words.length !== 2) {
        err(
          at,
          "bad-directive",
          words.length < 2
            ? `objective needs a metric name: \`objective: ${direction} val_accuracy\``
            : `a metric name has no spaces; got \`${words.slice(1).join(" ")}\``,
        );
        return;
      }
      d.objective = { direction, metric: words[1] };
      break;
    }
    case "run":
      if (!raw) return err(whole, "bad-directive", "run needs a command: `run: python train.py --config {file}`");
      d.run = raw;
      break;
    case "trials":
    case "parallel": {
      if (!/^\d+$/.test(raw) || Number(raw) < 1)
        return err(at, "bad-directive", `${name} needs a whole number ≥ 1; got \`${raw}\``);
      d[name] = Number(raw);
      break;
    }
    case "algorithm": {
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
        return err(
          at,
          "bad-directive",
          `unknown algorithm \`${raw}\`${s ? `; did you mean \`${s}\`?` : "."} Algorithms: ${ALGORITHMS.join(", ")}`,
          s ? { title: `Change to ${s}`, edits: [{ start: vspan.start, end: vspan.end, newText: s }] } : undefined,
        );
      }
      d.algorithm = a;
      break;
    }
    case "timeout": {
      const ms = parseDuration(raw);
      if (ms === undefined || !(ms > 0))
        return err(
          at,
          "bad-directive",
          `timeout needs a duration such as \`90s\`, \`10m\` or \`1.5h\`; got \`${raw}\``,
        );
      d.timeoutMs = ms;
      break;
    }
    case "baseline": {
      const on = BASELINE_WORDS.get(raw.toLowerCase());
      if (on === undefined)
        return err(
          at,
          "bad-directive",
          `baseline takes \`on\` (run the file's own values as trial 0, the default) or \`off\`; got \`${raw}\``,
        );
      d.baseline = on;
      break;
    }
  }
  seen.set(name, x.nameSpan.start);
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
