// Turns a parsed spec (`float(1e-5, 1e-1, log)`, `choice(...)`, `budget(1, 81)`) into a Param or Budget, checking
// its arguments and the default literal against it. Problems are collected, each pointing at the argument at fault,
// with a quick fix where the right edit is obvious. The numeric specs are built in specNumeric.ts, lists in
// specList.ts.
import { validateParam, type Condition } from "../space";
import type { Literal, Scalar } from "../types";
import { changeTo, Report } from "./problems";
import { argsOf, show, specInput, type BuiltSpec, type SpecArgs, type SpecInput } from "./specCommon";
import { buildList } from "./specList";
import { buildNumeric } from "./specNumeric";
import { closest } from "./suggest";
import type { ConditionAst, SpecAst, Span } from "./syntax";
import { SPEC_NAMES } from "./syntax";

export type { BuiltSpec } from "./specCommon";

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

export function buildSpec(
  text: string,
  spec: SpecAst,
  name: string,
  defaultValue: Literal,
  literalSpan: Span,
): BuiltSpec {
  const input = specInput(text, spec, name, defaultValue, literalSpan);
  const report = new Report();
  const { problems } = report;
  const kind = input.kind;
  if (!(SPEC_NAMES as readonly string[]).includes(kind)) {
    const s = closest(kind, SPEC_NAMES, SYNONYMS);
    report.error(
      "unknown-spec",
      spec.nameSpan,
      `unknown spec \`${kind}\`${s ? `; did you mean \`${s}\`?` : "."} Specs: ${SPEC_NAMES.join(", ")}`,
      changeTo(s, spec.nameSpan),
    );
    return { problems };
  }
  if (kind === "list") return buildList(input, report, (elem) => buildSpec(text, elem, name, null, literalSpan));
  checkOneValue(input, report);
  if (report.failed) return { problems };
  const args = argsOf(spec);
  const seenKw = new Set<string>();
  for (const k of args.kws) {
    if (seenKw.has(k.name)) report.error("bad-arguments", k, `\`${k.name}\` is given twice`);
    seenKw.add(k.name);
  }
  const result =
    kind === "choice"
      ? buildChoice(input, args, report)
      : kind === "bool"
        ? buildBool(input, report)
        : buildNumeric(input, args, report);
  // Catch-all: whatever the space's own validation still finds is an error too.
  if (result.param && !report.failed) {
    const msg = validateParam(result.param);
    if (msg) {
      report.error("invalid-spec", input.specSpan, `${kind}: ${msg}`);
      result.param = undefined;
    }
  }
  if (report.failed) return { problems };
  return result;
}

/** A scalar spec takes literal arguments (only list(...) nests a spec) and annotates a scalar, not a list literal. */
function checkOneValue({ spec, kind, defaultValue, literalSpan }: SpecInput, report: Report): void {
  for (const a of spec.args)
    if (a.kind === "spec")
      report.error(
        "bad-arguments",
        a,
        `${kind}(...) takes literal values, not \`${a.spec.name}(...)\`; only list(...) nests a spec`,
      );
  if (Array.isArray(defaultValue)) {
    const len = Math.max(1, defaultValue.length);
    report.error(
      "list-literal",
      literalSpan,
      `${kind}(...) tunes one value, but this is a list; tune it with list(...)`,
      {
        title: "Tune it as a list",
        edits: [
          { start: spec.nameSpan.start, end: spec.nameSpan.start, newText: "list(" },
          { start: spec.close + 1, end: spec.close + 1, newText: `, min=${len}, max=${Math.max(len, 4)})` },
        ],
      },
    );
  }
}

/** `choice(v1, v2, ...)`: distinct literal values (a bare word is a string to quote), the default among them. */
function buildChoice(
  { spec, name, defaultValue, literalSpan, specSpan }: SpecInput,
  args: SpecArgs,
  report: Report,
): BuiltSpec {
  const { problems } = report;
  for (const f of args.flags)
    report.error("bad-arguments", f, `choice values must be literals; quote strings: "${f.name}"`, {
      title: `Quote "${f.name}"`,
      edits: [{ start: f.start, end: f.end, newText: JSON.stringify(f.name) }],
    });
  for (const k of args.kws) report.error("bad-arguments", k, `choice takes only values; remove \`${k.name}=...\``);
  if (spec.args.length === 0)
    report.error("bad-arguments", specSpan, 'choice needs at least one value: choice("adam", "sgd")');
  const values: Scalar[] = [];
  args.positional.forEach((a, i) => {
    if (values.some((v) => v === a.value)) {
      const prevEnd = args.positional[i - 1].end;
      report.error("choice-duplicate", a, `choice lists ${show(a.value)} twice`, {
        title: `Remove the second ${show(a.value)}`,
        edits: [{ start: prevEnd, end: a.end, newText: "" }],
      });
    } else values.push(a.value);
  });
  if (problems.length) return { problems };
  if (!values.some((v) => v === defaultValue))
    report.warn(
      "default-outside",
      literalSpan,
      `default ${show(defaultValue)} is not one of the choices (${values.map(show).join(", ")}); the search never tries it`,
    );
  return { problems, param: { name, kind: "choice", values } };
}

/** `bool()`: no arguments, and a boolean default. */
function buildBool({ spec, name, defaultValue, literalSpan }: SpecInput, report: Report): BuiltSpec {
  const { problems } = report;
  if (spec.args.length)
    report.error(
      "bad-arguments",
      { start: spec.args[0].start, end: spec.args[spec.args.length - 1].end },
      "bool() takes no arguments",
      {
        title: "Remove the arguments",
        edits: [{ start: spec.nameSpan.end + 1, end: spec.close, newText: "" }],
      },
    );
  if (problems.length) return { problems };
  if (typeof defaultValue !== "boolean")
    report.warn(
      "default-type",
      literalSpan,
      `bool() writes true/false here, but the default ${show(defaultValue)} is not a boolean`,
    );
  return { problems, param: { name, kind: "bool" } };
}

/** The Condition a parsed `if ...` describes. */
export function conditionOf(c: ConditionAst): Condition {
  if (c.kind === "not") return { op: "not", term: conditionOf(c.term) };
  if (c.kind !== "cmp") return { op: c.kind, terms: c.terms.map(conditionOf) };
  return c.op === "in"
    ? { parent: c.parent, op: "in", values: c.values }
    : { parent: c.parent, op: c.op, value: c.values[0] };
}
