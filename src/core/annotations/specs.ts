// Turns a parsed spec (`float(1e-5, 1e-1, log)`, `choice(...)`, `budget(1, 81)`) into a Param or Budget, checking
// its arguments and the default literal against it. Problems are collected, each pointing at the argument at fault,
// with a quick fix where the right edit is obvious.
import {
  contains,
  validateParam,
  MAX_LIST_LENGTH,
  type Budget,
  type Condition,
  type ElementSpec,
  type Param,
} from "../space";
import type { Literal, Scalar } from "../types";
import { closest } from "./suggest";
import type { Arg, ConditionAst, SpecAst, Span } from "./syntax";
import { SPEC_NAMES } from "./syntax";
import type { DiagnosticCode, Fix, Severity } from "./types";

export interface Problem extends Span {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  fix?: Fix;
}

export interface BuiltSpec {
  param?: Param;
  budget?: Budget;
  problems: Problem[];
}

const SYNONYMS: Record<string, string> = {
  categorical: "choice",
  choices: "choice",
  oneof: "choice",
  one_of: "choice",
  randint: "int",
  integer: "int",
  discrete: "int",
  real: "float",
  double: "float",
  boolean: "bool",
  log_uniform: "loguniform",
  logunif: "loguniform",
  reciprocal: "loguniform",
  suggest_float: "float",
  suggest_int: "int",
  suggest_categorical: "choice",
  epochs: "budget",
  resource: "budget",
  fidelity: "budget",
};

/** Default literal as it reads in messages. */
function show(v: Literal): string {
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

function num(x: number): string {
  return String(Number(x.toPrecision(12)));
}

export function buildSpec(
  text: string,
  spec: SpecAst,
  name: string,
  defaultValue: Literal,
  literalSpan: Span,
): BuiltSpec {
  const problems: Problem[] = [];
  const err = (code: DiagnosticCode, span: Span, message: string, fix?: Fix) =>
    problems.push({ severity: "error", code, message, start: span.start, end: span.end, fix });
  const warn = (code: DiagnosticCode, span: Span, message: string, severity: Severity = "warning", fix?: Fix) =>
    problems.push({ severity, code, message, start: span.start, end: span.end, fix });
  const specSpan = { start: spec.nameSpan.start, end: spec.close + 1 };
  const kind = spec.name;

  if (!(SPEC_NAMES as readonly string[]).includes(kind)) {
    const s = closest(kind, SPEC_NAMES, SYNONYMS);
    err(
      "unknown-spec",
      spec.nameSpan,
      `unknown spec \`${kind}\`${s ? `; did you mean \`${s}\`?` : "."} Specs: ${SPEC_NAMES.join(", ")}`,
      s
        ? { title: `Change to ${s}`, edits: [{ start: spec.nameSpan.start, end: spec.nameSpan.end, newText: s }] }
        : undefined,
    );
    return { problems };
  }

  if (kind === "list") return buildList(text, spec, name, defaultValue, literalSpan, problems);
  for (const a of spec.args)
    if (a.kind === "spec")
      err(
        "bad-arguments",
        a,
        `${kind}(...) takes literal values, not \`${a.spec.name}(...)\`; only list(...) nests a spec`,
      );
  if (Array.isArray(defaultValue)) {
    const len = Math.max(1, defaultValue.length);
    err("list-literal", literalSpan, `${kind}(...) tunes one value, but this is a list; tune it with list(...)`, {
      title: "Tune it as a list",
      edits: [
        { start: spec.nameSpan.start, end: spec.nameSpan.start, newText: "list(" },
        { start: spec.close + 1, end: spec.close + 1, newText: `, min=${len}, max=${Math.max(len, 4)})` },
      ],
    });
  }
  if (problems.some((p) => p.severity === "error")) return { problems };
  const positional = spec.args.filter((a): a is Extract<Arg, { kind: "value" }> => a.kind === "value");
  const flags = spec.args.filter((a): a is Extract<Arg, { kind: "flag" }> => a.kind === "flag");
  const kws = spec.args.filter((a): a is Extract<Arg, { kind: "kw" }> => a.kind === "kw");
  const seenKw = new Set<string>();
  for (const k of kws) {
    if (seenKw.has(k.name)) err("bad-arguments", k, `\`${k.name}\` is given twice`);
    seenKw.add(k.name);
  }

  let result: BuiltSpec = { problems };
  if (kind === "choice") {
    for (const f of flags)
      err("bad-arguments", f, `choice values must be literals; quote strings: "${f.name}"`, {
        title: `Quote "${f.name}"`,
        edits: [{ start: f.start, end: f.end, newText: JSON.stringify(f.name) }],
      });
    for (const k of kws) err("bad-arguments", k, `choice takes only values; remove \`${k.name}=...\``);
    if (spec.args.length === 0)
      err("bad-arguments", specSpan, 'choice needs at least one value: choice("adam", "sgd")');
    const values: Scalar[] = [];
    positional.forEach((a, i) => {
      if (values.some((v) => v === a.value)) {
        const prevEnd = positional[i - 1].end;
        err("choice-duplicate", a, `choice lists ${show(a.value)} twice`, {
          title: `Remove the second ${show(a.value)}`,
          edits: [{ start: prevEnd, end: a.end, newText: "" }],
        });
      } else values.push(a.value);
    });
    if (!problems.length) {
      result.param = { name, kind: "choice", values };
      if (!values.some((v) => v === defaultValue))
        warn(
          "default-outside",
          literalSpan,
          `default ${show(defaultValue)} is not one of the choices (${values.map(show).join(", ")}); the search never tries it`,
        );
    }
  } else if (kind === "bool") {
    if (spec.args.length)
      err(
        "bad-arguments",
        { start: spec.args[0].start, end: spec.args[spec.args.length - 1].end },
        "bool() takes no arguments",
        {
          title: "Remove the arguments",
          edits: [{ start: spec.nameSpan.end + 1, end: spec.close, newText: "" }],
        },
      );
    if (!problems.length) {
      result.param = { name, kind: "bool" };
      if (typeof defaultValue !== "boolean")
        warn(
          "default-type",
          literalSpan,
          `bool() writes true/false here, but the default ${show(defaultValue)} is not a boolean`,
        );
    }
  } else {
    result = numeric(text, spec, kind, name, defaultValue, literalSpan, positional, flags, kws, problems, err, warn);
  }
  // Catch-all: whatever the space's own validation still finds is an error too.
  if (result.param && !problems.some((p) => p.severity === "error")) {
    const msg = validateParam(result.param);
    if (msg) {
      err("invalid-spec", specSpan, `${kind}: ${msg}`);
      result.param = undefined;
    }
  }
  if (problems.some((p) => p.severity === "error")) return { problems };
  return result;
}

type Err = (code: DiagnosticCode, span: Span, message: string, fix?: Fix) => void;
type Warn = (code: DiagnosticCode, span: Span, message: string, severity?: Severity, fix?: Fix) => void;

function numeric(
  text: string,
  spec: SpecAst,
  kind: string,
  name: string,
  defaultValue: Literal,
  literalSpan: Span,
  positional: Extract<Arg, { kind: "value" }>[],
  flags: Extract<Arg, { kind: "flag" }>[],
  kws: Extract<Arg, { kind: "kw" }>[],
  problems: Problem[],
  err: Err,
  warn: Warn,
): BuiltSpec {
  const specSpan = { start: spec.nameSpan.start, end: spec.close + 1 };
  const isBudget = kind === "budget";
  const isInt = kind === "int";
  const words = isBudget ? "(min, max)" : "(lo, hi)";
  const allowFlags = kind === "float" || kind === "int";
  const allowStep = kind === "float" || kind === "int" || kind === "uniform";
  let log = kind === "loguniform";
  let step: number | undefined;
  let stepArg: Arg | undefined;
  for (const f of flags) {
    if (f.name === "log" && allowFlags) log = true;
    else if (f.name === "log")
      err(
        "bad-arguments",
        f,
        kind === "uniform" ? "uniform has no `log`; use loguniform(lo, hi)" : `${kind} takes no \`log\``,
        kind === "uniform"
          ? {
              title: "Use loguniform",
              edits: [
                { start: spec.nameSpan.start, end: spec.nameSpan.end, newText: "loguniform" },
                { start: removalStart(spec, f), end: f.end, newText: "" },
              ],
            }
          : undefined,
      );
    else {
      const s = closest(f.name, allowFlags ? ["log"] : []);
      err(
        "bad-arguments",
        f,
        `unknown flag \`${f.name}\` in ${kind}(...)${s ? `; did you mean \`${s}\`?` : ""}`,
        s ? { title: `Change to ${s}`, edits: [{ start: f.start, end: f.end, newText: s }] } : undefined,
      );
    }
  }
  for (const k of kws) {
    if (k.name === "log" && allowFlags) {
      if (typeof k.value !== "boolean") err("bad-arguments", k.valueSpan, "log= takes True or False");
      else log = k.value;
    } else if (k.name === "step" && allowStep) {
      stepArg = k;
      if (typeof k.value !== "number")
        err("step-invalid", k.valueSpan, `step must be a number; got ${k.bareValue ?? show(k.value)}`);
      else step = k.value;
    } else {
      const known = [...(allowFlags ? ["log"] : []), ...(allowStep ? ["step"] : [])];
      const s = closest(k.name, known);
      const typo = s !== undefined && s !== k.name;
      err(
        "bad-arguments",
        k,
        `${kind}(...) has no option ` +
          `\`${k.name}\`${known.length ? ` (options: ${known.join(", ")})` : ""}${typo ? `; did you mean \`${s}\`?` : ""}`,
        typo
          ? { title: `Change to ${s}`, edits: [{ start: k.start, end: k.start + k.name.length, newText: s }] }
          : undefined,
      );
    }
  }
  if (positional.length !== 2) {
    const span =
      positional.length > 2 ? { start: positional[2].start, end: positional[positional.length - 1].end } : specSpan;
    err(
      "bad-arguments",
      span,
      `${kind} needs ${words}; got ${positional.length} value${positional.length === 1 ? "" : "s"}`,
    );
    return { problems };
  }
  const [loA, hiA] = positional;
  for (const a of positional)
    if (typeof a.value !== "number" || !Number.isFinite(a.value))
      err("bad-arguments", a, `${kind} bounds must be finite numbers; got ${show(a.value)}`);
  if (problems.some((p) => p.severity === "error")) return { problems };
  const lo = loA.value as number;
  const hi = hiA.value as number;
  const label = log && kind !== "loguniform" ? `${kind}(..., log)` : kind;
  const swap: Fix = {
    title: "Swap the bounds",
    edits: [
      { start: loA.start, end: loA.end, newText: text.slice(hiA.start, hiA.end) },
      { start: hiA.start, end: hiA.end, newText: text.slice(loA.start, loA.end) },
    ],
  };
  const bounds = { start: loA.start, end: hiA.end };
  if (isBudget) {
    if (lo > hi) err("budget-range", bounds, `budget needs min < max; got min=${num(lo)}, max=${num(hi)}`, swap);
    else if (lo === hi) err("budget-range", bounds, `budget needs min < max; got min = max = ${num(lo)}`);
    if (lo <= 0 && hi > 0) err("budget-range", loA, `budget needs min > 0; got min=${num(lo)}`);
    if (problems.length) return { problems };
    if (typeof defaultValue !== "number")
      warn(
        "default-type",
        literalSpan,
        `budget writes a number here, but the default ${show(defaultValue)} is not a number`,
      );
    else if (defaultValue < lo || defaultValue > hi)
      warn(
        "default-outside",
        literalSpan,
        `default ${show(defaultValue)} is outside the budget range [${num(lo)}, ${num(hi)}]`,
      );
    return { problems, budget: { name, min: lo, max: hi } };
  }
  if (lo > hi) err("bounds-order", bounds, `${kind} needs lo < hi; got lo=${num(lo)}, hi=${num(hi)}`, swap);
  else if (lo === hi)
    err("bounds-order", bounds, `${kind} needs lo < hi; got lo = hi = ${num(lo)} (a fixed value needs no annotation)`);
  if (log && lo <= 0) err("log-nonpositive", loA, `${label} needs lo > 0; got lo=${num(lo)}`);
  if (isInt && (!Number.isInteger(lo) || !Number.isInteger(hi)))
    err("int-bounds", bounds, `int needs integer bounds; got (${num(lo)}, ${num(hi)}); use float(...) for real values`);
  if (stepArg && step !== undefined) {
    if (!(step > 0) || !Number.isFinite(step)) err("step-invalid", stepArg, `step must be > 0; got step=${num(step)}`);
    else if (isInt && !Number.isInteger(step))
      err("step-invalid", stepArg, `int step must be an integer; got step=${num(step)}`);
    else if (log) err("step-invalid", stepArg, "step cannot be combined with log: choose one");
    else if (lo < hi) {
      const n = (hi - lo) / step;
      const k = Math.floor(n + 1e-9);
      if (Math.abs(n - Math.round(n)) > 1e-9 * Math.max(1, n)) {
        if (k < 1) err("step-range", stepArg, `step=${num(step)} is larger than the range [${num(lo)}, ${num(hi)}]`);
        else {
          const newHi = num(lo + k * step);
          err(
            "step-range",
            { start: hiA.start, end: stepArg.end },
            `step=${num(step)} does not divide the range [${num(lo)}, ${num(hi)}]; use hi=${newHi} (hi = lo + k·step)`,
            {
              title: `Change hi to ${newHi}`,
              edits: [{ start: hiA.start, end: hiA.end, newText: newHi }],
            },
          );
        }
      }
    }
  }
  if (problems.some((p) => p.severity === "error")) return { problems };
  // Spans of 3+ decades are almost always meant on a log scale (learning rates, weight decay).
  if (!log && step === undefined && lo > 0 && hi / lo >= 1000) {
    const fix: Fix =
      kind === "uniform"
        ? {
            title: "Use loguniform",
            edits: [{ start: spec.nameSpan.start, end: spec.nameSpan.end, newText: "loguniform" }],
          }
        : { title: "Add log", edits: [{ start: hiA.end, end: hiA.end, newText: ", log" }] };
    warn(
      "prefer-log",
      specSpan,
      `[${num(lo)}, ${num(hi)}] spans ${Math.floor(Math.log10(hi / lo))} decades; a log scale searches it far better`,
      "info",
      fix,
    );
  }
  const param: Param = isInt
    ? { name, kind: "int", lo, hi, log, ...(step !== undefined ? { step } : {}) }
    : { name, kind: "float", lo, hi, log, ...(step !== undefined ? { step } : {}) };
  if (typeof defaultValue !== "number")
    warn(
      "default-type",
      literalSpan,
      `${kind} writes a number here, but the default ${show(defaultValue)} is not a number`,
    );
  else if (defaultValue < lo || defaultValue > hi)
    warn(
      "default-outside",
      literalSpan,
      `default ${show(defaultValue)} is outside [${num(lo)}, ${num(hi)}]; the search never tries it`,
    );
  else if (isInt && !Number.isInteger(defaultValue))
    warn("default-type", literalSpan, `int writes integers here, but the default ${show(defaultValue)} is not one`);
  else if (step !== undefined) {
    const k = (defaultValue - lo) / step;
    if (Math.abs(k - Math.round(k)) > 1e-6)
      warn(
        "default-off-grid",
        literalSpan,
        `default ${show(defaultValue)} is not on the grid ${num(lo)}, ${num(lo + step)}, ... (step=${num(step)})`,
      );
  }
  return { problems, param };
}

/**
 * `list(<spec>, min=a, max=b)`: the element spec is built like any other (its own problems reported at its own
 * arguments); the literal must be a list whose length is in [min, max] and whose elements fit the element spec.
 */
function buildList(
  text: string,
  spec: SpecAst,
  name: string,
  defaultValue: Literal,
  literalSpan: Span,
  problems: Problem[],
): BuiltSpec {
  const specSpan = { start: spec.nameSpan.start, end: spec.close + 1 };
  const err = (code: DiagnosticCode, span: Span, message: string, fix?: Fix) =>
    problems.push({ severity: "error", code, message, start: span.start, end: span.end, fix });
  const warn = (code: DiagnosticCode, span: Span, message: string, fix?: Fix) =>
    problems.push({ severity: "warning", code, message, start: span.start, end: span.end, fix });
  const usage = "list(int(32, 512, step=32), min=1, max=4)";
  const inner = spec.args.filter((a): a is Extract<Arg, { kind: "spec" }> => a.kind === "spec");
  const kws = spec.args.filter((a): a is Extract<Arg, { kind: "kw" }> => a.kind === "kw");
  for (const a of spec.args)
    if (a.kind === "value" || a.kind === "flag")
      err("bad-arguments", a, `list(...) takes an element spec and min=, max=: \`${usage}\``);
  if (inner.length !== 1) {
    err(
      "bad-arguments",
      inner.length > 1 ? { start: inner[1].start, end: inner[inner.length - 1].end } : specSpan,
      `list(...) needs exactly one element spec first: \`${usage}\``,
    );
    return { problems };
  }
  const elem = inner[0].spec;
  if (elem.name === "list" || elem.name === "budget") {
    err(
      "bad-arguments",
      inner[0],
      elem.name === "list" ? "lists of lists are not supported" : "a budget cannot be a list element",
    );
    return { problems };
  }
  const bounds: Record<string, number> = {};
  for (const k of kws) {
    if (k.name !== "min" && k.name !== "max") {
      const s = closest(k.name, ["min", "max"]);
      err(
        "bad-arguments",
        k,
        `list(...) has no option \`${k.name}\` (options: min, ` +
          `max)${s && s !== k.name ? `; did you mean \`${s}\`?` : ""}`,
      );
    } else if (typeof k.value !== "number" || !Number.isInteger(k.value) || k.value < 0)
      err("list-bounds", k.valueSpan, `${k.name} must be a whole number >= 0; got ${k.bareValue ?? show(k.value)}`);
    else bounds[k.name] = k.value;
  }
  const len = Array.isArray(defaultValue) ? defaultValue.length : 1;
  for (const key of ["min", "max"] as const)
    if (!kws.some((k) => k.name === key))
      err("list-bounds", specSpan, `list(...) needs \`${key}=\`, the ${key === "min" ? "fewest" : "most"} elements`, {
        title: `Add ${key}=`,
        edits: [{ start: spec.close, end: spec.close, newText: `, ${key}=${key === "min" ? 1 : Math.max(len, 4)}` }],
      });
  // The element's own problems (bad bounds, unknown spec...), its default checks left to the loop below.
  const built = buildSpec(text, elem, name, null, literalSpan);
  for (const p of built.problems) if (!p.code.startsWith("default-")) problems.push(p);
  if (problems.some((p) => p.severity === "error") || !built.param) return { problems };
  const { min, max } = bounds as { min: number; max: number };
  const maxArg = kws.find((k) => k.name === "max")!;
  const minArg = kws.find((k) => k.name === "min")!;
  if (max < Math.max(1, min))
    err(
      "list-bounds",
      { start: Math.min(minArg.start, maxArg.start), end: Math.max(minArg.end, maxArg.end) },
      `list needs min <= max and max >= 1; got min=${min}, max=${max}`,
    );
  else if (max > MAX_LIST_LENGTH)
    err("list-bounds", maxArg.valueSpan, `list allows at most max=${MAX_LIST_LENGTH} elements; got max=${max}`);
  if (problems.some((p) => p.severity === "error")) return { problems };
  const { name: _n, ...element } = built.param;
  void _n;
  if (!Array.isArray(defaultValue)) {
    err(
      "list-literal",
      literalSpan,
      `list(...) needs a list literal here, such as [${show(defaultValue)}]; got ${show(defaultValue)}`,
      {
        title: "Make it a list",
        edits: [{ ...literalSpan, newText: `[${text.slice(literalSpan.start, literalSpan.end)}]` }],
      },
    );
    return { problems };
  }
  if (len < min || len > max)
    warn(
      "default-outside",
      literalSpan,
      `the list has ${len} element${len === 1 ? "" : "s"}, outside min=${min}, max=${max}; the search never tries it`,
      {
        title: `Change to min=${Math.min(min, len)}, max=${Math.max(max, len)}`,
        edits: [
          { ...minArg.valueSpan, newText: String(Math.min(min, len)) },
          { ...maxArg.valueSpan, newText: String(Math.max(max, len)) },
        ].sort((a, b) => a.start - b.start),
      },
    );
  const bad = defaultValue.findIndex((v) => !contains(built.param!, v));
  if (bad >= 0)
    warn(
      "default-outside",
      literalSpan,
      `element ${bad} (${show(defaultValue[bad])}) is not a value of ` +
        `${text.slice(elem.nameSpan.start, elem.close + 1)}`,
    );
  return { problems, param: { name, kind: "list", element: element as ElementSpec, min, max } };
}

/** Where to delete an argument from, so that its preceding comma goes too. */
function removalStart(spec: SpecAst, a: Arg): number {
  const i = spec.args.indexOf(a);
  return i > 0 ? spec.args[i - 1].end : a.start;
}

/** The Condition a parsed `if ...` describes. */
export function conditionOf(c: ConditionAst): Condition {
  if (c.kind === "not") return { op: "not", term: conditionOf(c.term) };
  if (c.kind !== "cmp") return { op: c.kind, terms: c.terms.map(conditionOf) };
  return c.op === "in"
    ? { parent: c.parent, op: "in", values: c.values }
    : { parent: c.parent, op: c.op, value: c.values[0] };
}
