// Checks across the parameters of one file, once each has been read on its own: duplicate names, a second budget,
// and conditions, which must refer to an earlier tuned parameter and be able to hold.
import { changeTo, Report, type Problem } from "./problems";
import { closest } from "./suggest";
import { comparisons, type ComparisonAst, type ConditionAst, type Span } from "./syntax";
import type { AnnotatedParam } from "./types";

/** What the cross-checks need besides the parameter: where its name is written, and its condition. */
export interface ParamSite {
  /** Where the parameter's name is written (the target, or the `name=` override). */
  nameSpan: Span;
  condition?: ConditionAst;
}

/** Problems go to `problems`; a parameter at fault loses its `param` (and `budget`), so the space leaves it out. */
export function crossCheck(params: AnnotatedParam[], sites: ParamSite[], problems: Problem[]): void {
  const report = new Report(problems);
  const budgetAt = checkNamesAndBudgets(params, sites, report);
  const budgetName = budgetAt >= 0 ? params[budgetAt].name : undefined;
  params.forEach((p, i) => {
    const condition = sites[i].condition;
    for (const c of condition ? comparisons(condition) : []) checkComparison(params, i, c, budgetName, report);
  });
}

/** Each name tuned once, one budget per file; returns the budget's index, or -1. */
function checkNamesAndBudgets(params: AnnotatedParam[], sites: ParamSite[], report: Report): number {
  const firstByName = new Map<string, number>();
  let budgetAt = -1;
  params.forEach((p, i) => {
    const prev = firstByName.get(p.name);
    if (prev !== undefined) {
      report.error(
        "duplicate-name",
        sites[i].nameSpan,
        `"${p.name}" is already tuned on line ${params[prev].literal.line}; rename one with ` +
          `\`@tune(name=other) ...\``,
      );
      delete p.param;
      delete p.budget;
    } else firstByName.set(p.name, i);
    if (!p.budget) return;
    if (budgetAt < 0) {
      budgetAt = i;
      return;
    }
    report.error(
      "duplicate-budget",
      p.annotation,
      `only one budget per file; "${params[budgetAt].name}" on line ${params[budgetAt].literal.line} is ` +
        `already the budget`,
    );
    delete p.budget;
  });
  return budgetAt;
}

/** One comparison of parameter i's condition: its parent is an earlier scalar parameter, and it can hold. */
function checkComparison(
  params: AnnotatedParam[],
  i: number,
  c: ComparisonAst,
  budgetName: string | undefined,
  report: Report,
): void {
  const p = params[i];
  const err = (code: Problem["code"], message: string, fix?: Problem["fix"]) => {
    report.error(code, c.parentSpan, message, fix);
    delete p.param;
  };
  const parentIdx = params.findIndex((q) => q.name === c.parent);
  if (c.parent === p.name) return err("condition-later", `"${p.name}" cannot be conditioned on itself`);
  if (c.parent === budgetName)
    return err(
      "condition-unknown",
      `"${c.parent}" is the budget, which is set by the scheduler; condition on a tuned parameter`,
    );
  if (parentIdx < 0) {
    const earlierNames = params
      .slice(0, i)
      .filter((q) => !q.budget && q.name !== budgetName)
      .map((q) => q.name);
    const s = closest(c.parent, earlierNames);
    return err(
      "condition-unknown",
      `unknown parameter "${c.parent}" in the ` +
        `condition${s ? `; did you mean "${s}"?` : earlierNames.length ? ` (earlier parameters: ${earlierNames.join(", ")})` : ""}`,
      changeTo(s, c.parentSpan),
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
    report.warn(
      "condition-never",
      { start: c.parentSpan.start, end: c.end },
      `this condition never holds: "${c.parent}" takes ${possible.map((v) => JSON.stringify(v)).join(", ")}`,
    );
}
