// Source text → search space, directives and diagnostics, with exact source ranges. Pure, total: every input
// (truncated, binary, half-typed) gives a result; problems become diagnostics, never exceptions.
import { conditionParents, validateSpace, type Budget, type Param, type Space } from "../space";
import { applyDirective } from "./directives";
import { languageOf } from "./language";
import { LineIndex } from "./positions";
import { scanJs, scanPython, type Token } from "./scanCode";
import { scanYaml } from "./scanYaml";
import type { Problem } from "./problems";
import { buildSpec, conditionOf } from "./specs";
import { crossCheck, type ParamSite } from "./crossCheck";
import { comparisons, parseComment, type ConditionAst, type ParsedComment, type SpecAst } from "./syntax";
import { findTarget, type Target, type TargetResult } from "./target";
import type { AnnotatedFile, AnnotatedParam, Diagnostic, Directives, Language } from "./types";

/** A real line comment: where its body starts and whether code precedes it on its line. */
interface CommentSite {
  bodyStart: number;
  end: number;
  ownLine: boolean;
  /** A JS/TS block comment: an annotation there is reported, not read. */
  block?: boolean;
  target: () => TargetResult;
}

export function parseAnnotations(text: string, fileName: string): AnnotatedFile {
  const language = languageOf(fileName);
  if (!language) {
    return {
      language: "python",
      params: [],
      space: { params: [] },
      directives: {},
      diagnostics: [
        {
          severity: "error",
          code: "unsupported-file",
          message: `Attune reads annotations in .py, .js/.cjs/.mjs/.jsx, .ts/.tsx/.mts/.cts and .yaml/.yml files; got ${fileName}`,
          range: new LineIndex(text).range(0, 0),
        },
      ],
    };
  }
  const empty: AnnotatedFile = { language, params: [], space: { params: [] }, directives: {}, diagnostics: [] };
  // Most files the editor parses on every keystroke have no annotation: index their lines only when one does.
  if (!text.includes("@tune")) return empty;
  const lines = new LineIndex(text);
  return analyse(text, language, lines, commentSites(text, language, lines));
}

function commentSites(text: string, language: Language, lines: LineIndex): CommentSite[] {
  if (language === "yaml")
    return scanYaml(text, lines).map((c) => ({
      bodyStart: c.start + 1,
      end: c.end,
      ownLine: c.ownLine,
      target: () => c.target,
    }));
  const tokens = language === "python" ? scanPython(text) : scanJs(text);
  const marker = language === "python" ? 1 : 2;
  const sites: CommentSite[] = [];
  // Next `@tune` at or after the current comment: one forward search for the whole file, not one per comment.
  let nextTune = -1;
  // Brackets open before token `scanned` (Python continuation lines), advanced as the comments go forward.
  let scanned = 0;
  let open = 0;
  const openBefore = (offset: number) => {
    for (; scanned < tokens.length && tokens.start(scanned) < offset; scanned++) {
      if (tokens.kind(scanned) !== "punct") continue;
      const c = text[tokens.start(scanned)];
      if (c === "(" || c === "[" || c === "{") open++;
      else if ((c === ")" || c === "]" || c === "}") && open > 0) open--;
    }
    return open;
  };
  for (const k of tokens.comments) {
    const kind = tokens.kind(k);
    const start = tokens.start(k);
    const end = tokens.end(k);
    if (nextTune < start) nextTune = text.indexOf("@tune", start);
    if (nextTune < 0) break;
    if (nextTune >= end) continue;
    if (kind === "block") {
      const closed = end - start >= 4 && text.startsWith("*/", end - 2);
      sites.push({
        bodyStart: start + 2,
        end: closed ? end - 2 : end,
        ownLine: false,
        block: true,
        target: () => ({ reason: "" }),
      });
      continue;
    }
    const lineStart = lines.starts[lines.lineOf(start)];
    const lineTokens: Token[] = [];
    let j = k - 1;
    let straddles = false; // a multi-line string or block comment ends on this line
    for (; j >= 0 && tokens.start(j) >= lineStart; j--) if (tokens.kind(j) !== "block") lineTokens.push(tokens.at(j));
    if (j >= 0 && tokens.end(j) > lineStart && tokens.kind(j) !== "block") straddles = true;
    lineTokens.reverse();
    const openAtLineStart = language === "python" ? openBefore(lineStart) : 0;
    sites.push({
      bodyStart: start + marker,
      end,
      ownLine: lineTokens.length === 0 && !straddles,
      target: () => findTarget(text, language, lineTokens, openAtLineStart),
    });
  }
  return sites;
}

/** What reading a file's comments gathers, site by site. */
interface Analysis {
  text: string;
  lines: LineIndex;
  problems: Problem[];
  params: AnnotatedParam[];
  /** Per param entry: the span of its name (for duplicate and condition diagnostics) and its condition. */
  sites: ParamSite[];
  directives: Directives;
  seenDirectives: Map<string, number>;
  /** The first annotation read: where a missing objective is reported. */
  firstAnnotation?: { start: number; end: number };
}

function analyse(text: string, language: Language, lines: LineIndex, sites: CommentSite[]): AnnotatedFile {
  const a: Analysis = {
    text,
    lines,
    problems: [],
    params: [],
    sites: [],
    directives: {},
    seenDirectives: new Map(),
  };
  for (const site of sites) readSite(a, site);
  crossCheck(a.params, a.sites, a.problems);
  const { problems, params, directives } = a;
  const space = assembleSpace(params);
  for (const msg of validateSpace(space))
    problems.push({ severity: "error", code: "invalid-spec", message: msg, start: 0, end: 0 });
  if (a.firstAnnotation && !directives.objective)
    problems.push({
      severity: "error",
      code: "missing-objective",
      message:
        "no objective: add a comment line `@tune objective: maximize <metric>` (or minimize) naming the metric your " +
        "script prints",
      ...a.firstAnnotation,
    });
  const diagnostics: Diagnostic[] = problems
    .map((p) => ({
      severity: p.severity,
      code: p.code,
      message: p.message,
      range: lines.range(p.start, p.end),
      ...(p.fix ? { fix: p.fix } : {}),
    }))
    .sort((x, y) => x.range.start - y.range.start);
  return { language, params, space, directives, diagnostics };
}

/** One comment: nothing, a misplaced annotation, a syntax error, a directive, or a parameter on its line. */
function readSite(a: Analysis, site: CommentSite): void {
  const parsed = parseComment(a.text, site.bodyStart, site.end);
  if (parsed.kind === "none") return;
  const annSpan = { start: parsed.at, end: parsed.end };
  if (site.block) {
    a.problems.push({
      severity: "warning",
      code: "syntax",
      ...annSpan,
      message:
        "an annotation in a block comment (/* ... */) is not read; write it as a line comment at the end of the " +
        "line it tunes: `const x = 5; // @tune int(1, 10)`",
    });
    return;
  }
  a.firstAnnotation ??= annSpan;
  if (parsed.kind === "error") a.problems.push({ severity: "error", ...parsed.problem });
  else if (parsed.kind === "directive") readDirective(a, parsed, site.ownLine);
  else if (site.ownLine)
    a.problems.push({
      severity: "error",
      code: "no-literal",
      ...annSpan,
      message:
        "this annotation is on a line of its own; put it at the end of the line it tunes: `lr = 0.001  # @tune ...`",
    });
  else readParam(a, parsed, site.target());
}

function readDirective(a: Analysis, parsed: Extract<ParsedComment, { kind: "directive" }>, ownLine: boolean): void {
  if (parsed.override)
    a.problems.push({
      severity: "error",
      code: "bad-name",
      message: "a directive takes no (name=...)",
      start: parsed.override.start,
      end: parsed.override.end,
    });
  if (!ownLine)
    a.problems.push({
      severity: "warning",
      code: "directive-placement",
      message: `put the \`${parsed.name}:\` directive on a comment line of its own`,
      start: parsed.at,
      end: parsed.end,
    });
  applyDirective(parsed, a.directives, a.seenDirectives, a.problems, (o) => a.lines.lineOf(o));
}

/** A spec at the end of a line: the literal it tunes and the parameter's name come from the code before it. */
function readParam(a: Analysis, parsed: Extract<ParsedComment, { kind: "spec" }>, found: TargetResult): void {
  const annSpan = { start: parsed.at, end: parsed.end };
  if (!found.target) {
    a.problems.push({ severity: "error", code: "no-literal", ...annSpan, message: found.reason });
    return;
  }
  const t = found.target;
  const name = parsed.override?.name ?? t.name;
  if (name === undefined || name === "") {
    a.problems.push({
      severity: "error",
      code: "no-name",
      ...annSpan,
      message: "this value has no name; give it one with `@tune(name=...)`",
    });
    return;
  }
  const { param, budget } = buildParam(a, parsed.spec, name, t);
  const { text, lines } = a;
  a.params.push({
    name,
    ...(param ? { param } : {}),
    ...(budget ? { budget } : {}),
    literal: { ...lines.range(t.litStart, t.litEnd), text: text.slice(t.litStart, t.litEnd), value: t.value },
    annotation: lines.range(parsed.at, parsed.end),
    spec: parsed.text,
  });
  a.sites.push({
    nameSpan: parsed.override ? parsed.override : { start: t.nameStart, end: t.nameEnd },
    condition: parsed.spec.condition,
  });
}

/** The spec built against the literal, with its condition; a budget cannot be conditional. */
function buildParam(a: Analysis, spec: SpecAst, name: string, t: Target): { param?: Param; budget?: Budget } {
  const built = buildSpec(a.text, spec, name, t.value, { start: t.litStart, end: t.litEnd });
  a.problems.push(...built.problems);
  const hasError = built.problems.some((p) => p.severity === "error");
  let param: Param | undefined = hasError ? undefined : built.param;
  if (param && spec.condition) param = withCondition(param, spec.condition, a.problems);
  if (built.budget && spec.condition) {
    a.problems.push({
      severity: "error",
      code: "bad-arguments",
      message: "a budget cannot be conditional",
      start: spec.condition.start,
      end: spec.condition.end,
    });
  }
  const budget = hasError || spec.condition ? undefined : built.budget;
  return { param, budget };
}

/** `param` with its condition, or undefined when the condition has an empty `in ()`. */
function withCondition(param: Param, condition: ConditionAst, problems: Problem[]): Param | undefined {
  const empty = comparisons(condition).find((c) => c.op === "in" && c.values.length === 0);
  if (!empty) return { ...param, condition: conditionOf(condition) };
  problems.push({
    severity: "error",
    code: "syntax",
    message: "`in ()` needs at least one value",
    start: empty.start,
    end: empty.end,
  });
  return undefined;
}

/** Valid parameters in declaration order (children of a dropped parent are dropped too), and the budget. */
function assembleSpace(params: AnnotatedParam[]): Space {
  const out: Param[] = [];
  const included = new Set<string>();
  for (const p of params) {
    if (!p.param) continue;
    if (p.param.condition && !conditionParents(p.param.condition).every((n) => included.has(n))) continue;
    out.push(p.param);
    included.add(p.name);
  }
  const b = params.find((p) => p.budget)?.budget;
  return { params: out, ...(b && !included.has(b.name) ? { budget: b } : {}) };
}
