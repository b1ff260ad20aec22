// Source text → search space, directives and diagnostics, with exact source ranges. Pure, total: every input
// (truncated, binary, half-typed) gives a result; problems become diagnostics, never exceptions.
import { conditionParents, validateSpace, type Param, type Space } from "../space";
import { applyDirective } from "./directives";
import { languageOf } from "./language";
import { LineIndex } from "./positions";
import { scanJs, scanPython, type Token } from "./scanCode";
import { scanYaml } from "./scanYaml";
import type { Problem } from "./problems";
import { buildSpec, conditionOf } from "./specs";
import { closest } from "./suggest";
import { comparisons, parseComment, type ComparisonAst, type ConditionAst, type Span } from "./syntax";
import { findTarget, type TargetResult } from "./target";
import type { AnnotatedFile, AnnotatedParam, Diagnostic, Directives, Language } from "./types";

interface Meta {
  /** Where the parameter's name is written (the target, or the `name=` override). */
  nameSpan: Span;
  condition?: ConditionAst;
}

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
  const lines = new LineIndex(text);
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
          range: lines.range(0, 0),
        },
      ],
    };
  }
  const empty: AnnotatedFile = { language, params: [], space: { params: [] }, directives: {}, diagnostics: [] };
  if (!text.includes("@tune")) return empty;
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

function analyse(text: string, language: Language, lines: LineIndex, sites: CommentSite[]): AnnotatedFile {
  const problems: Problem[] = [];
  const params: AnnotatedParam[] = [];
  const directives: Directives = {};
  const seenDirectives = new Map<string, number>();
  /** Per param entry: the span of its name (for duplicate and condition diagnostics) and its condition. */
  const meta: Meta[] = [];
  let firstAnnotation: { start: number; end: number } | undefined;
  const lineOf = (o: number) => lines.lineOf(o);

  for (const site of sites) {
    const parsed = parseComment(text, site.bodyStart, site.end);
    if (parsed.kind === "none") continue;
    const annSpan = { start: parsed.at, end: parsed.end };
    if (site.block) {
      problems.push({
        severity: "warning",
        code: "syntax",
        ...annSpan,
        message:
          "an annotation in a block comment (/* ... */) is not read; write it as a line comment at the end of the " +
          "line it tunes: `const x = 5; // @tune int(1, 10)`",
      });
      continue;
    }
    firstAnnotation ??= annSpan;
    if (parsed.kind === "error") {
      problems.push({ severity: "error", ...parsed.problem });
      continue;
    }
    if (parsed.kind === "directive") {
      if (parsed.override)
        problems.push({
          severity: "error",
          code: "bad-name",
          message: "a directive takes no (name=...)",
          start: parsed.override.start,
          end: parsed.override.end,
        });
      if (!site.ownLine)
        problems.push({
          severity: "warning",
          code: "directive-placement",
          message: `put the \`${parsed.name}:\` directive on a comment line of its own`,
          ...annSpan,
        });
      applyDirective(parsed, directives, seenDirectives, problems, lineOf);
      continue;
    }
    if (site.ownLine) {
      problems.push({
        severity: "error",
        code: "no-literal",
        ...annSpan,
        message:
          "this annotation is on a line of its own; put it at the end of the line it tunes: `lr = 0.001  # @tune ...`",
      });
      continue;
    }
    const found = site.target();
    if (!found.target) {
      problems.push({ severity: "error", code: "no-literal", ...annSpan, message: found.reason });
      continue;
    }
    const t = found.target;
    const name = parsed.override?.name ?? t.name;
    if (name === undefined || name === "") {
      problems.push({
        severity: "error",
        code: "no-name",
        ...annSpan,
        message: "this value has no name; give it one with `@tune(name=...)`",
      });
      continue;
    }
    const litSpan = { start: t.litStart, end: t.litEnd };
    const built = buildSpec(text, parsed.spec, name, t.value, litSpan);
    problems.push(...built.problems);
    const hasError = built.problems.some((p) => p.severity === "error");
    let param: Param | undefined = hasError ? undefined : built.param;
    if (param && parsed.spec.condition) {
      const empty = comparisons(parsed.spec.condition).find((c) => c.op === "in" && c.values.length === 0);
      if (empty) {
        problems.push({
          severity: "error",
          code: "syntax",
          message: "`in ()` needs at least one value",
          start: empty.start,
          end: empty.end,
        });
        param = undefined;
      } else param = { ...param, condition: conditionOf(parsed.spec.condition) };
    }
    if (built.budget && parsed.spec.condition) {
      problems.push({
        severity: "error",
        code: "bad-arguments",
        message: "a budget cannot be conditional",
        start: parsed.spec.condition.start,
        end: parsed.spec.condition.end,
      });
    }
    const budget = hasError || parsed.spec.condition ? undefined : built.budget;
    params.push({
      name,
      ...(param ? { param } : {}),
      ...(budget ? { budget } : {}),
      literal: { ...lines.range(t.litStart, t.litEnd), text: text.slice(t.litStart, t.litEnd), value: t.value },
      annotation: lines.range(parsed.at, parsed.end),
      spec: parsed.text,
    });
    meta.push({
      nameSpan: parsed.override ? parsed.override : { start: t.nameStart, end: t.nameEnd },
      condition: parsed.spec.condition,
    });
  }

  crossCheck(params, meta, problems);
  const space = assembleSpace(params);
  for (const msg of validateSpace(space))
    problems.push({ severity: "error", code: "invalid-spec", message: msg, start: 0, end: 0 });
  if (firstAnnotation && !directives.objective)
    problems.push({
      severity: "error",
      code: "missing-objective",
      message:
        "no objective: add a comment line `@tune objective: maximize <metric>` (or minimize) naming the metric your " +
        "script prints",
      ...firstAnnotation,
    });
  const diagnostics: Diagnostic[] = problems
    .map((p) => ({
      severity: p.severity,
      code: p.code,
      message: p.message,
      range: lines.range(p.start, p.end),
      ...(p.fix ? { fix: p.fix } : {}),
    }))
    .sort((a, b) => a.range.start - b.range.start);
  return { language, params, space, directives, diagnostics };
}

/** Duplicate names, second budgets, and conditions that must refer to an earlier parameter. */
function crossCheck(params: AnnotatedParam[], meta: Meta[], problems: Problem[]): void {
  const firstByName = new Map<string, number>();
  let budgetAt = -1;
  params.forEach((p, i) => {
    const span = meta[i].nameSpan;
    const prev = firstByName.get(p.name);
    if (prev !== undefined) {
      problems.push({
        severity: "error",
        code: "duplicate-name",
        message:
          `"${p.name}" is already tuned on line ${params[prev].literal.line}; rename one with ` +
          `\`@tune(name=other) ...\``,
        ...span,
      });
      delete p.param;
      delete p.budget;
    } else firstByName.set(p.name, i);
    if (p.budget) {
      if (budgetAt >= 0) {
        problems.push({
          severity: "error",
          code: "duplicate-budget",
          message:
            `only one budget per file; "${params[budgetAt].name}" on line ${params[budgetAt].literal.line} is ` +
            `already the budget`,
          start: p.annotation.start,
          end: p.annotation.end,
        });
        delete p.budget;
      } else budgetAt = i;
    }
  });
  const budgetName = budgetAt >= 0 ? params[budgetAt].name : undefined;
  params.forEach((p, i) => {
    for (const c of meta[i].condition ? comparisons(meta[i].condition) : []) checkComparison(p, i, c);
  });
  function checkComparison(p: AnnotatedParam, i: number, c: ComparisonAst): void {
    const parentIdx = params.findIndex((q) => q.name === c.parent);
    const earlierNames = params
      .slice(0, i)
      .filter((q) => !q.budget && q.name !== budgetName)
      .map((q) => q.name);
    const err = (code: Problem["code"], message: string, fix?: Problem["fix"]) => {
      problems.push({ severity: "error", code, message, ...c.parentSpan, ...(fix ? { fix } : {}) });
      delete p.param;
    };
    if (c.parent === p.name) return err("condition-later", `"${p.name}" cannot be conditioned on itself`);
    if (c.parent === budgetName)
      return err(
        "condition-unknown",
        `"${c.parent}" is the budget, which is set by the scheduler; condition on a tuned parameter`,
      );
    if (parentIdx < 0) {
      const s = closest(c.parent, earlierNames);
      return err(
        "condition-unknown",
        `unknown parameter "${c.parent}" in the ` +
          `condition${s ? `; did you mean "${s}"?` : earlierNames.length ? ` (earlier parameters: ${earlierNames.join(", ")})` : ""}`,
        s
          ? { title: `Change to ${s}`, edits: [{ start: c.parentSpan.start, end: c.parentSpan.end, newText: s }] }
          : undefined,
      );
    }
    if (parentIdx > i)
      return err(
        "condition-later",
        `"${c.parent}" is defined later (line ${params[parentIdx].literal.line}); a condition can only refer to an ` +
          `earlier parameter — move that line above this one`,
      );
    const parent = params[parentIdx].param;
    if (parent?.kind === "list")
      return err(
        "condition-unknown",
        `"${c.parent}" is a list; a condition compares a scalar parameter (add an int for the count and condition on ` +
          `it)`,
      );
    if (!parent || !p.param) return;
    const possible = parent.kind === "choice" ? parent.values : parent.kind === "bool" ? [true, false] : undefined;
    if (possible && (c.op === "in" || c.op === "==") && !c.values.some((v) => possible.some((x) => x === v)))
      problems.push({
        severity: "warning",
        code: "condition-never",
        message: `this condition never holds: "${c.parent}" takes ${possible.map((v) => JSON.stringify(v)).join(", ")}`,
        start: c.parentSpan.start,
        end: c.end,
      });
  }
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
