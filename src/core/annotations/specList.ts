// `list(<spec>, min=a, max=b)`: the element spec is built like any other (its own problems reported at its own
// arguments); the literal must be a list whose length is in [min, max] and whose elements fit the element spec.
import { contains, MAX_LIST_LENGTH, type ElementSpec, type Param } from "../space";
import type { Scalar } from "../types";
import type { Report } from "./problems";
import { argsOf, show, type BuiltSpec, type KwArg, type SpecInput } from "./specCommon";
import { closest } from "./suggest";
import type { SpecAst } from "./syntax";

const USAGE = "list(int(32, 512, step=32), min=1, max=4)";

/** `buildElement` builds the element spec (buildSpec; passed in so that the two modules do not import each other). */
export function buildList(input: SpecInput, report: Report, buildElement: (elem: SpecAst) => BuiltSpec): BuiltSpec {
  const { problems } = report;
  const { defaultValue } = input;
  const elem = elementSpec(input, report);
  if (!elem) return { problems };
  const { kws } = argsOf(input.spec);
  const bounds = lengthBounds(input, kws, report);
  // The element's own problems (bad bounds, unknown spec...), its default checks left to checkDefault.
  const built = buildElement(elem);
  for (const p of built.problems) if (!p.code.startsWith("default-")) problems.push(p);
  if (report.failed || !built.param) return { problems };
  const { min, max } = bounds as { min: number; max: number };
  const maxArg = kws.find((k) => k.name === "max")!;
  const minArg = kws.find((k) => k.name === "min")!;
  if (max < Math.max(1, min))
    report.error(
      "list-bounds",
      { start: Math.min(minArg.start, maxArg.start), end: Math.max(minArg.end, maxArg.end) },
      `list needs min <= max and max >= 1; got min=${min}, max=${max}`,
    );
  else if (max > MAX_LIST_LENGTH)
    report.error(
      "list-bounds",
      maxArg.valueSpan,
      `list allows at most max=${MAX_LIST_LENGTH} elements; got max=${max}`,
    );
  if (report.failed) return { problems };
  if (!Array.isArray(defaultValue)) {
    notAList(input, report);
    return { problems };
  }
  const elementText = input.text.slice(elem.nameSpan.start, elem.close + 1);
  checkDefault(input, defaultValue, { param: built.param, text: elementText }, { min, max, minArg, maxArg }, report);
  const { name: _n, ...element } = built.param;
  void _n;
  return { problems, param: { name: input.name, kind: "list", element: element as ElementSpec, min, max } };
}

/** The one element spec, first; values and flags are not list arguments, and lists and budgets are no elements. */
function elementSpec({ spec, specSpan }: SpecInput, report: Report): SpecAst | undefined {
  const inner = argsOf(spec).specs;
  for (const a of spec.args)
    if (a.kind === "value" || a.kind === "flag")
      report.error("bad-arguments", a, `list(...) takes an element spec and min=, max=: \`${USAGE}\``);
  if (inner.length !== 1) {
    report.error(
      "bad-arguments",
      inner.length > 1 ? { start: inner[1].start, end: inner[inner.length - 1].end } : specSpan,
      `list(...) needs exactly one element spec first: \`${USAGE}\``,
    );
    return undefined;
  }
  const elem = inner[0].spec;
  if (elem.name === "list" || elem.name === "budget") {
    report.error(
      "bad-arguments",
      inner[0],
      elem.name === "list" ? "lists of lists are not supported" : "a budget cannot be a list element",
    );
    return undefined;
  }
  return elem;
}

/** `min=` and `max=` (whole numbers ≥ 0), each required; other options are reported. */
function lengthBounds({ spec, specSpan, defaultValue }: SpecInput, kws: KwArg[], report: Report) {
  const bounds: Record<string, number> = {};
  for (const k of kws) {
    if (k.name !== "min" && k.name !== "max") {
      const s = closest(k.name, ["min", "max"]);
      report.error(
        "bad-arguments",
        k,
        `list(...) has no option \`${k.name}\` (options: min, ` +
          `max)${s && s !== k.name ? `; did you mean \`${s}\`?` : ""}`,
      );
    } else if (typeof k.value !== "number" || !Number.isInteger(k.value) || k.value < 0)
      report.error(
        "list-bounds",
        k.valueSpan,
        `${k.name} must be a whole number >= 0; got ${k.bareValue ?? show(k.value)}`,
      );
    else bounds[k.name] = k.value;
  }
  const len = Array.isArray(defaultValue) ? defaultValue.length : 1;
  for (const key of ["min", "max"] as const)
    if (!kws.some((k) => k.name === key))
      report.error(
        "list-bounds",
        specSpan,
        `list(...) needs \`${key}=\`, the ${key === "min" ? "fewest" : "most"} elements`,
        {
          title: `Add ${key}=`,
          edits: [{ start: spec.close, end: spec.close, newText: `, ${key}=${key === "min" ? 1 : Math.max(len, 4)}` }],
        },
      );
  return bounds;
}

/** A scalar literal under list(...): the fix wraps it in brackets. */
function notAList({ text, defaultValue, literalSpan }: SpecInput, report: Report): void {
  report.error(
    "list-literal",
    literalSpan,
    `list(...) needs a list literal here, such as [${show(defaultValue)}]; got ${show(defaultValue)}`,
    {
      title: "Make it a list",
      edits: [{ ...literalSpan, newText: `[${text.slice(literalSpan.start, literalSpan.end)}]` }],
    },
  );
}

/** The default list's length within [min, max] (the fix widens them to it), and each element a value of the spec. */
function checkDefault(
  { literalSpan }: SpecInput,
  list: readonly Scalar[],
  element: { param: Param; text: string },
  b: { min: number; max: number; minArg: KwArg; maxArg: KwArg },
  report: Report,
): void {
  const { min, max } = b;
  const len = list.length;
  if (len < min || len > max)
    report.warn(
      "default-outside",
      literalSpan,
      `the list has ${len} element${len === 1 ? "" : "s"}, outside min=${min}, max=${max}; the search never tries it`,
      {
        title: `Change to min=${Math.min(min, len)}, max=${Math.max(max, len)}`,
        edits: [
          { ...b.minArg.valueSpan, newText: String(Math.min(min, len)) },
          { ...b.maxArg.valueSpan, newText: String(Math.max(max, len)) },
        ].sort((x, y) => x.start - y.start),
      },
    );
  const bad = list.findIndex((v) => !contains(element.param, v));
  if (bad >= 0)
    report.warn(
      "default-outside",
      literalSpan,
      `element ${bad} (${show(list[bad])}) is not a value of ${element.text}`,
    );
}
