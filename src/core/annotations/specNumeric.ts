// The numeric specs — float, uniform, loguniform, int and budget: their options (log, step), their bounds, and the
// default literal checked against them.
import type { Param } from "../space";
import { changeTo, type Report } from "./problems";
import {
  num,
  show,
  type BuiltSpec,
  type FlagArg,
  type KwArg,
  type SpecArgs,
  type SpecInput,
  type ValueArg,
} from "./specCommon";
import { closest } from "./suggest";
import type { Arg, SpecAst } from "./syntax";
import type { Fix } from "./types";

interface NumericOptions {
  log: boolean;
  step?: number;
  /** The `step=` argument, when one is given (even if its value is not a number). */
  stepArg?: KwArg;
}

interface Bounds {
  lo: number;
  hi: number;
  loA: ValueArg;
  hiA: ValueArg;
  /** Both bounds: where an error about the pair points. */
  span: { start: number; end: number };
  /** The fix that swaps lo and hi. */
  swap: Fix;
}

export function buildNumeric(input: SpecInput, args: SpecArgs, report: Report): BuiltSpec {
  const { problems } = report;
  const opts = numericOptions(input, args.flags, args.kws, report);
  const b = readBounds(input, args.positional, report);
  if (!b) return { problems };
  if (input.kind === "budget") return buildBudget(input, b, report);
  checkRange(input, b, opts, report);
  if (report.failed) return { problems };
  suggestLog(input, b, opts, report);
  const { name } = input;
  const { lo, hi } = b;
  const { log, step } = opts;
  const param: Param =
    input.kind === "int"
      ? { name, kind: "int", lo, hi, log, ...(step !== undefined ? { step } : {}) }
      : { name, kind: "float", lo, hi, log, ...(step !== undefined ? { step } : {}) };
  checkDefault(input, b, step, report);
  return { problems, param };
}

/** `log` (as a flag or `log=`) and `step=`, where the kind takes them; anything else is reported. */
function numericOptions(input: SpecInput, flags: FlagArg[], kws: KwArg[], report: Report): NumericOptions {
  const { kind } = input;
  const allowFlags = kind === "float" || kind === "int";
  const allowStep = kind === "float" || kind === "int" || kind === "uniform";
  const o: NumericOptions = { log: kind === "loguniform" };
  for (const f of flags) {
    if (f.name === "log" && allowFlags) o.log = true;
    else badFlag(input, f, allowFlags, report);
  }
  for (const k of kws) {
    if (k.name === "log" && allowFlags) {
      if (typeof k.value !== "boolean") report.error("bad-arguments", k.valueSpan, "log= takes True or False");
      else o.log = k.value;
    } else if (k.name === "step" && allowStep) {
      o.stepArg = k;
      if (typeof k.value !== "number")
        report.error("step-invalid", k.valueSpan, `step must be a number; got ${k.bareValue ?? show(k.value)}`);
      else o.step = k.value;
    } else {
      const known = [...(allowFlags ? ["log"] : []), ...(allowStep ? ["step"] : [])];
      const s = closest(k.name, known);
      const typo = s !== undefined && s !== k.name;
      report.error(
        "bad-arguments",
        k,
        `${kind}(...) has no option ` +
          `\`${k.name}\`${known.length ? ` (options: ${known.join(", ")})` : ""}${typo ? `; did you mean \`${s}\`?` : ""}`,
        changeTo(typo ? s : undefined, { start: k.start, end: k.start + k.name.length }),
      );
    }
  }
  return o;
}

/** A flag the kind does not take: `log` on uniform (use loguniform) or budget, or an unknown word. */
function badFlag({ kind, spec }: SpecInput, f: FlagArg, allowFlags: boolean, report: Report): void {
  if (f.name === "log") {
    report.error(
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
    return;
  }
  const s = closest(f.name, allowFlags ? ["log"] : []);
  report.error(
    "bad-arguments",
    f,
    `unknown flag \`${f.name}\` in ${kind}(...)${s ? `; did you mean \`${s}\`?` : ""}`,
    changeTo(s, f),
  );
}

/** Exactly two finite numbers, or undefined once anything so far is an error. */
function readBounds(input: SpecInput, positional: ValueArg[], report: Report): Bounds | undefined {
  const { kind, text } = input;
  if (positional.length !== 2) {
    const span =
      positional.length > 2
        ? { start: positional[2].start, end: positional[positional.length - 1].end }
        : input.specSpan;
    const words = kind === "budget" ? "(min, max)" : "(lo, hi)";
    const got = `${positional.length} value${positional.length === 1 ? "" : "s"}`;
    report.error("bad-arguments", span, `${kind} needs ${words}; got ${got}`);
    return undefined;
  }
  for (const a of positional)
    if (typeof a.value !== "number" || !Number.isFinite(a.value))
      report.error("bad-arguments", a, `${kind} bounds must be finite numbers; got ${show(a.value)}`);
  if (report.failed) return undefined;
  const [loA, hiA] = positional;
  const swap: Fix = {
    title: "Swap the bounds",
    edits: [
      { start: loA.start, end: loA.end, newText: text.slice(hiA.start, hiA.end) },
      { start: hiA.start, end: hiA.end, newText: text.slice(loA.start, loA.end) },
    ],
  };
  return { lo: loA.value as number, hi: hiA.value as number, loA, hiA, span: { start: loA.start, end: hiA.end }, swap };
}

/** `budget(min, max)`: 0 < min < max, and a default inside. */
function buildBudget({ name, defaultValue, literalSpan }: SpecInput, b: Bounds, report: Report): BuiltSpec {
  const { lo, hi } = b;
  if (lo > hi)
    report.error("budget-range", b.span, `budget needs min < max; got min=${num(lo)}, max=${num(hi)}`, b.swap);
  else if (lo === hi) report.error("budget-range", b.span, `budget needs min < max; got min = max = ${num(lo)}`);
  if (lo <= 0 && hi > 0) report.error("budget-range", b.loA, `budget needs min > 0; got min=${num(lo)}`);
  if (report.problems.length) return { problems: report.problems };
  if (typeof defaultValue !== "number")
    report.warn(
      "default-type",
      literalSpan,
      `budget writes a number here, but the default ${show(defaultValue)} is not a number`,
    );
  else if (defaultValue < lo || defaultValue > hi)
    report.warn(
      "default-outside",
      literalSpan,
      `default ${show(defaultValue)} is outside the budget range [${num(lo)}, ${num(hi)}]`,
    );
  return { problems: report.problems, budget: { name, min: lo, max: hi } };
}

/** lo < hi; lo > 0 on a log scale; integer bounds for int; a step that fits. */
function checkRange({ kind }: SpecInput, b: Bounds, o: NumericOptions, report: Report): void {
  const { lo, hi } = b;
  if (lo > hi) report.error("bounds-order", b.span, `${kind} needs lo < hi; got lo=${num(lo)}, hi=${num(hi)}`, b.swap);
  else if (lo === hi)
    report.error(
      "bounds-order",
      b.span,
      `${kind} needs lo < hi; got lo = hi = ${num(lo)} (a fixed value needs no annotation)`,
    );
  const label = o.log && kind !== "loguniform" ? `${kind}(..., log)` : kind;
  if (o.log && lo <= 0) report.error("log-nonpositive", b.loA, `${label} needs lo > 0; got lo=${num(lo)}`);
  if (kind === "int" && (!Number.isInteger(lo) || !Number.isInteger(hi)))
    report.error(
      "int-bounds",
      b.span,
      `int needs integer bounds; got (${num(lo)}, ${num(hi)}); use float(...) for real values`,
    );
  if (o.stepArg && o.step !== undefined) checkStep(kind, b, o.step, o.stepArg, o.log, report);
}

/** A step is positive, whole for int, not combined with log, and divides the range (else: the hi that fits). */
function checkStep(kind: string, b: Bounds, step: number, stepArg: KwArg, log: boolean, report: Report): void {
  const { lo, hi, hiA } = b;
  if (!(step > 0) || !Number.isFinite(step))
    report.error("step-invalid", stepArg, `step must be > 0; got step=${num(step)}`);
  else if (kind === "int" && !Number.isInteger(step))
    report.error("step-invalid", stepArg, `int step must be an integer; got step=${num(step)}`);
  else if (log) report.error("step-invalid", stepArg, "step cannot be combined with log: choose one");
  else if (lo < hi) {
    const n = (hi - lo) / step;
    const k = Math.floor(n + 1e-9);
    if (Math.abs(n - Math.round(n)) <= 1e-9 * Math.max(1, n)) return;
    if (k < 1) {
      report.error("step-range", stepArg, `step=${num(step)} is larger than the range [${num(lo)}, ${num(hi)}]`);
      return;
    }
    const newHi = num(lo + k * step);
    report.error(
      "step-range",
      { start: hiA.start, end: stepArg.end },
      `step=${num(step)} does not divide the range [${num(lo)}, ${num(hi)}]; use hi=${newHi} (hi = lo + k·step)`,
      { title: `Change hi to ${newHi}`, edits: [{ start: hiA.start, end: hiA.end, newText: newHi }] },
    );
  }
}

/** Spans of 3+ decades are almost always meant on a log scale (learning rates, weight decay). */
function suggestLog({ kind, spec, specSpan }: SpecInput, b: Bounds, o: NumericOptions, report: Report): void {
  const { lo, hi } = b;
  if (o.log || o.step !== undefined || !(lo > 0) || !(hi / lo >= 1000)) return;
  const fix: Fix =
    kind === "uniform"
      ? {
          title: "Use loguniform",
          edits: [{ start: spec.nameSpan.start, end: spec.nameSpan.end, newText: "loguniform" }],
        }
      : { title: "Add log", edits: [{ start: b.hiA.end, end: b.hiA.end, newText: ", log" }] };
  report.add(
    "info",
    "prefer-log",
    specSpan,
    `[${num(lo)}, ${num(hi)}] spans ${Math.floor(Math.log10(hi / lo))} decades; a log scale searches it far better`,
    fix,
  );
}

/** The default literal: a number, inside the bounds, whole for int, on the step's grid. */
function checkDefault(
  { kind, defaultValue, literalSpan }: SpecInput,
  b: Bounds,
  step: number | undefined,
  report: Report,
) {
  const { lo, hi } = b;
  if (typeof defaultValue !== "number")
    report.warn(
      "default-type",
      literalSpan,
      `${kind} writes a number here, but the default ${show(defaultValue)} is not a number`,
    );
  else if (defaultValue < lo || defaultValue > hi)
    report.warn(
      "default-outside",
      literalSpan,
      `default ${show(defaultValue)} is outside [${num(lo)}, ${num(hi)}]; the search never tries it`,
    );
  else if (kind === "int" && !Number.isInteger(defaultValue))
    report.warn(
      "default-type",
      literalSpan,
      `int writes integers here, but the default ${show(defaultValue)} is not one`,
    );
  else if (step !== undefined) {
    const k = (defaultValue - lo) / step;
    if (Math.abs(k - Math.round(k)) > 1e-6)
      report.warn(
        "default-off-grid",
        literalSpan,
        `default ${show(defaultValue)} is not on the grid ${num(lo)}, ${num(lo + step)}, ... (step=${num(step)})`,
      );
  }
}

/** Where to delete an argument from, so that its preceding comma goes too. */
function removalStart(spec: SpecAst, a: Arg): number {
  const i = spec.args.indexOf(a);
  return i > 0 ? spec.args[i - 1].end : a.start;
}
