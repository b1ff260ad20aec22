// docs/annotations.md malformed annotations: every mistake is a diagnostic with a line, a column, the exact text it
// points at, a message that says how to fix it and, where the edit is obvious, a quick fix that does fix it. Never a
// crash, never a silent skip, and a file with several mistakes reports all of them.
import { strict as assert } from "node:assert";
import { parseAnnotations, type Diagnostic, type Fix } from "../../src/core/annotations";

/** [severity, code, "line:col-endLine:endCol", the text the range covers] */
type Brief = [Diagnostic["severity"], Diagnostic["code"], string, string];

const OBJECTIVE = { py: "# @tune objective: max acc\n", js: "// @tune objective: max acc\n" };

function header(fileName: string): string {
  return /\.(py|ya?ml)$/.test(fileName) ? OBJECTIVE.py : OBJECTIVE.js;
}

function brief(text: string, d: Diagnostic): Brief {
  const r = d.range;
  return [d.severity, d.code, `${r.line}:${r.column}-${r.endLine}:${r.endColumn}`, text.slice(r.start, r.end)];
}

/** Apply a fix's edits (they never overlap) to `text`. */
function applyFix(text: string, fix: Fix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

interface Case {
  /** The annotated line, placed on line 2 after an objective. */
  line: string;
  file?: string;
  want: Brief[];
  /** Words the (first) message must contain: what is wrong and how to fix it. */
  says: RegExp;
  /** The line after applying the first diagnostic's quick fix; it must then parse without that error. */
  fixed?: string;
}

const CASES: Record<string, Case> = {
  "unknown spec, a typo": {
    line: "x = 1  # @tune flaot(1, 5)",
    want: [["error", "unknown-spec", "2:16-2:21", "flaot"]],
    says: /unknown spec `flaot`; did you mean `float`\? Specs: float, uniform, loguniform, int, choice, bool, budget/,
    fixed: "x = 1  # @tune float(1, 5)",
  },
  "unknown spec, another library's name": {
    line: "x = 1  # @tune categorical(1, 2)",
    want: [["error", "unknown-spec", "2:16-2:27", "categorical"]],
    says: /did you mean `choice`/,
    fixed: "x = 1  # @tune choice(1, 2)",
  },
  "unknown spec, nothing close": {
    line: "x = 1  # @tune zzz(1)",
    want: [["error", "unknown-spec", "2:16-2:19", "zzz"]],
    says: /unknown spec `zzz`\. Specs: float, uniform/,
  },
  "lo > hi": {
    line: "x = 5  # @tune int(10, 1)",
    want: [["error", "bounds-order", "2:20-2:25", "10, 1"]],
    says: /int needs lo < hi; got lo=10, hi=1/,
    fixed: "x = 5  # @tune int(1, 10)",
  },
  "lo = hi": {
    line: "x = 1.0  # @tune float(1, 1)",
    want: [["error", "bounds-order", "2:24-2:28", "1, 1"]],
    says: /float needs lo < hi; got lo = hi = 1/,
  },
  "loguniform with lo = 0 (the SPEC's own example)": {
    line: "x = 0.5  # @tune loguniform(0, 1)",
    want: [["error", "log-nonpositive", "2:29-2:30", "0"]],
    says: /^loguniform needs lo > 0; got lo=0$/,
  },
  "log with a negative lo": {
    line: "x = 1.0  # @tune float(-1, 1, log)",
    want: [["error", "log-nonpositive", "2:24-2:26", "-1"]],
    says: /float\(\.\.\., log\) needs lo > 0; got lo=-1/,
  },
  "int with real bounds": {
    line: "x = 2  # @tune int(1.5, 3)",
    want: [["error", "int-bounds", "2:20-2:26", "1.5, 3"]],
    says: /int needs integer bounds.*use float\(\.\.\.\)/,
  },
  "a step that does not fit the range": {
    line: "x = 3  # @tune int(1, 10, step=4)",
    want: [["error", "step-range", "2:23-2:33", "10, step=4"]],
    says: /step=4 does not divide the range \[1, 10\]; use hi=9/,
    fixed: "x = 3  # @tune int(1, 9, step=4)",
  },
  "a step larger than the range": {
    line: "x = 0.5  # @tune float(0, 1, step=2)",
    want: [["error", "step-range", "2:30-2:36", "step=2"]],
    says: /step=2 is larger than the range \[0, 1\]/,
  },
  "a negative step": {
    line: "x = 5  # @tune int(0, 10, step=-1)",
    want: [["error", "step-invalid", "2:27-2:34", "step=-1"]],
    says: /step must be > 0; got step=-1/,
  },
  "a real step on an int": {
    line: "x = 5  # @tune int(0, 10, step=0.5)",
    want: [["error", "step-invalid", "2:27-2:35", "step=0.5"]],
    says: /int step must be an integer/,
  },
  "a step that is not a number": {
    line: "x = 5  # @tune int(0, 10, step=big)",
    want: [["error", "step-invalid", "2:32-2:35", "big"]],
    says: /step must be a number; got big/,
  },
  "step with log": {
    line: "x = 3  # @tune int(1, 5, log, step=1)",
    want: [["error", "step-invalid", "2:31-2:37", "step=1"]],
    says: /step cannot be combined with log/,
  },
  "an option given twice": {
    line: "x = 5  # @tune int(1, 5, step=1, step=1)",
    want: [["error", "bad-arguments", "2:34-2:40", "step=1"]],
    says: /`step` is given twice/,
  },
  "a misspelt flag": {
    line: "x = 5  # @tune int(1, 10, lgo)",
    want: [["error", "bad-arguments", "2:27-2:30", "lgo"]],
    says: /unknown flag `lgo` in int\(\.\.\.\); did you mean `log`\?/,
    fixed: "x = 5  # @tune int(1, 10, log)",
  },
  "a misspelt option": {
    line: "x = 5  # @tune int(1, 10, stpe=1)",
    want: [["error", "bad-arguments", "2:27-2:33", "stpe=1"]],
    says: /has no option `stpe` \(options: log, step\); did you mean `step`\?/,
    fixed: "x = 5  # @tune int(1, 10, step=1)",
  },
  "log= with a number": {
    line: "x = 5  # @tune int(1, 10, log=1)",
    want: [["error", "bad-arguments", "2:31-2:32", "1"]],
    says: /log= takes True or False/,
  },
  "uniform with log": {
    line: "x = 3.0  # @tune uniform(1, 10, log)",
    want: [["error", "bad-arguments", "2:33-2:36", "log"]],
    says: /uniform has no `log`; use loguniform\(lo, hi\)/,
    fixed: "x = 3.0  # @tune loguniform(1, 10)",
  },
  "too few bounds": {
    line: "x = 5  # @tune int(1)",
    want: [["error", "bad-arguments", "2:16-2:22", "int(1)"]],
    says: /int needs \(lo, hi\); got 1 value$/,
  },
  "too many bounds": {
    line: "x = 5  # @tune int(1, 2, 3, 4)",
    want: [["error", "bad-arguments", "2:26-2:30", "3, 4"]],
    says: /int needs \(lo, hi\); got 4 values/,
  },
  "a bound that is not a number": {
    line: 'x = 5  # @tune float("a", 1)',
    want: [["error", "bad-arguments", "2:22-2:25", '"a"']],
    says: /float bounds must be finite numbers; got "a"/,
  },
  "choice values as bare words": {
    line: "x = 'adam'  # @tune choice(adam, sgd)",
    want: [
      ["error", "bad-arguments", "2:28-2:32", "adam"],
      ["error", "bad-arguments", "2:34-2:37", "sgd"],
    ],
    says: /choice values must be literals; quote strings: "adam"/,
    fixed: "x = 'adam'  # @tune choice(\"adam\", sgd)",
  },
  "a choice listed twice": {
    line: "x = 1  # @tune choice(1, 2, 1)",
    want: [["error", "choice-duplicate", "2:29-2:30", "1"]],
    says: /choice lists 1 twice/,
    fixed: "x = 1  # @tune choice(1, 2)",
  },
  "an empty choice": {
    line: "x = 1  # @tune choice()",
    want: [["error", "bad-arguments", "2:16-2:24", "choice()"]],
    says: /choice needs at least one value: choice\("adam", "sgd"\)/,
  },
  "choice values in brackets": {
    line: "x = 1  # @tune choice([1, 2])",
    want: [["error", "syntax", "2:23-2:24", "["]],
    says: /list the values directly, without brackets/,
  },
  "choice with an option": {
    line: "x = 'a'  # @tune choice('a', n=1)",
    want: [["error", "bad-arguments", "2:30-2:33", "n=1"]],
    says: /choice takes only values; remove `n=\.\.\.`/,
  },
  "bool with arguments": {
    line: "x = True  # @tune bool(1)",
    want: [["error", "bad-arguments", "2:24-2:25", "1"]],
    says: /bool\(\) takes no arguments/,
    fixed: "x = True  # @tune bool()",
  },
  "bool without parentheses": {
    line: "x = True  # @tune bool",
    want: [["error", "syntax", "2:19-2:23", "bool"]],
    says: /`bool` needs parentheses: `bool\(\)`/,
    fixed: "x = True  # @tune bool()",
  },
  "budget with min > max": {
    line: "x = 5  # @tune budget(81, 1)",
    want: [["error", "budget-range", "2:23-2:28", "81, 1"]],
    says: /budget needs min < max; got min=81, max=1/,
    fixed: "x = 5  # @tune budget(1, 81)",
  },
  "budget with min = max": {
    line: "x = 5  # @tune budget(3, 3)",
    want: [["error", "budget-range", "2:23-2:27", "3, 3"]],
    says: /budget needs min < max/,
  },
  "budget from 0": {
    line: "x = 5  # @tune budget(0, 81)",
    want: [["error", "budget-range", "2:23-2:24", "0"]],
    says: /budget needs min > 0; got min=0/,
  },
  "budget with log": {
    line: "x = 5  # @tune budget(1, 9, log)",
    want: [["error", "bad-arguments", "2:29-2:32", "log"]],
    says: /budget takes no `log`/,
  },
  "a default outside the range (a warning)": {
    line: "x = 30  # @tune int(1, 5)",
    want: [["warning", "default-outside", "2:5-2:7", "30"]],
    says: /default 30 is outside \[1, 5\]; the search never tries it/,
  },
  "a default that is not a choice (a warning)": {
    line: "x = 'c'  # @tune choice('a', 'b')",
    want: [["warning", "default-outside", "2:5-2:8", "'c'"]],
    says: /default "c" is not one of the choices \("a", "b"\)/,
  },
  "a default off the step grid (a warning)": {
    line: "x = 3  # @tune int(0, 64, step=16)",
    want: [["warning", "default-off-grid", "2:5-2:6", "3"]],
    says: /default 3 is not on the grid 0, 16, \.\.\. \(step=16\)/,
  },
  "a default of the wrong type (a warning)": {
    line: 'x = "a"  # @tune int(0, 5)',
    want: [["warning", "default-type", "2:5-2:8", '"a"']],
    says: /int writes a number here, but the default "a" is not a number/,
  },
  "bool() on a number (a warning)": {
    line: "x = 1  # @tune bool()",
    want: [["warning", "default-type", "2:5-2:6", "1"]],
    says: /bool\(\) writes true\/false here/,
  },
  "a wide linear range (a hint)": {
    line: "x = 0.1  # @tune uniform(1e-5, 1)",
    want: [["info", "prefer-log", "2:18-2:34", "uniform(1e-5, 1)"]],
    says: /spans 5 decades; a log scale searches it far better/,
    fixed: "x = 0.1  # @tune loguniform(1e-5, 1)",
  },
  "a wide float range (a hint)": {
    line: "x = 0.1  # @tune float(1e-4, 1)",
    want: [["info", "prefer-log", "2:18-2:32", "float(1e-4, 1)"]],
    says: /spans 4 decades/,
    fixed: "x = 0.1  # @tune float(1e-4, 1, log)",
  },
  "a missing )": {
    line: "x = 1  # @tune int(1,",
    want: [["error", "syntax", "2:16-2:22", "int(1,"]],
    says: /missing `\)` to close `int\(`/,
    fixed: "x = 1  # @tune int(1,)",
  },
  "a spec without parentheses": {
    line: "x = 1  # @tune int 1, 5",
    want: [["error", "syntax", "2:16-2:24", "int 1, 5"]],
    says: /expected `int\(\.\.\.\)` \(a spec\) or `int: \.\.\.` \(a directive\)/,
  },
  "an empty annotation": {
    line: "x = 1  # @tune",
    want: [["error", "empty-annotation", "2:10-2:15", "@tune"]],
    says: /add a spec such as `float\(0, 1\)` or a directive/,
  },
  "text after the spec": {
    line: "x = 3  # @tune int(1, 5) foo bar",
    want: [["error", "trailing-text", "2:26-2:33", "foo bar"]],
    says: /unexpected `foo bar` after the annotation; put remarks after a second comment marker/,
  },
  "if without a condition": {
    line: "x = 3  # @tune int(1, 5) if",
    want: [["error", "syntax", "2:28-2:28", ""]],
    says: /expected a parameter name after `if`: `if num_layers >= 2`/,
  },
  "= instead of ==": {
    line: "x = 3  # @tune int(1, 5) if n = 2",
    want: [["error", "syntax", "2:31-2:32", "="]],
    says: /use `==` to compare/,
    fixed: "x = 3  # @tune int(1, 5) if n == 2",
  },
  "a dangling and": {
    line: "x = 3  # @tune int(1, 5) if n == 2 and",
    want: [["error", "syntax", "2:36-2:39", "and"]],
    says: /expected a condition after `and`, such as `num_layers >= 2`; got the end of the comment/,
  },
  "an unclosed parenthesis in a condition": {
    line: "x = 3  # @tune int(1, 5) if (n == 2 or n == 3",
    want: [["error", "syntax", "2:29-2:46", "(n == 2 or n == 3"]],
    says: /expected `\)` to close the `\(` at column 29; got the end of the comment/,
  },
  "two comparisons without and/or": {
    line: "x = 3  # @tune int(1, 5) if n == 2 n == 3",
    want: [["error", "trailing-text", "2:36-2:42", "n == 3"]],
    says: /expected `and`, `or` or the end of the condition; got `n == 3`/,
  },
  "a scalar spec on a list literal": {
    line: "x = [1, 2]  # @tune int(1, 5)",
    want: [["error", "list-literal", "2:5-2:11", "[1, 2]"]],
    says: /int\(\.\.\.\) tunes one value, but this is a list; tune it with list\(\.\.\.\)/,
    fixed: "x = [1, 2]  # @tune list(int(1, 5), min=2, max=4)",
  },
  "a list spec on a scalar literal": {
    line: "x = 3  # @tune list(int(1, 5), min=1, max=3)",
    want: [["error", "list-literal", "2:5-2:6", "3"]],
    says: /list\(\.\.\.\) needs a list literal here, such as \[3\]; got 3/,
    fixed: "x = [3]  # @tune list(int(1, 5), min=1, max=3)",
  },
  "a list without max": {
    line: "x = [3]  # @tune list(int(1, 5), min=1)",
    want: [["error", "list-bounds", "2:18-2:40", "list(int(1, 5), min=1)"]],
    says: /list\(\.\.\.\) needs `max=`, the most elements/,
    fixed: "x = [3]  # @tune list(int(1, 5), min=1, max=4)",
  },
  "list bounds in the wrong order": {
    line: "x = [3]  # @tune list(int(1, 5), min=3, max=2)",
    want: [["error", "list-bounds", "2:34-2:46", "min=3, max=2"]],
    says: /list needs min <= max and max >= 1; got min=3, max=2/,
  },
  "a bad element spec inside a list": {
    line: "x = [3]  # @tune list(int(5, 1), min=1, max=2)",
    want: [["error", "bounds-order", "2:27-2:31", "5, 1"]],
    says: /int needs lo < hi/,
  },
  "a list default longer than max": {
    line: "x = [3, 3, 3]  # @tune list(int(1, 5), min=1, max=2)",
    want: [["warning", "default-outside", "2:5-2:14", "[3, 3, 3]"]],
    says: /the list has 3 elements, outside min=1, max=2/,
    fixed: "x = [3, 3, 3]  # @tune list(int(1, 5), min=1, max=3)",
  },
  "a list element outside its spec": {
    line: "x = [3, 9]  # @tune list(int(1, 5), min=1, max=2)",
    want: [["warning", "default-outside", "2:5-2:11", "[3, 9]"]],
    says: /element 1 \(9\) is not a value of int\(1, 5\)/,
  },
  "a condition on a list": {
    line: "u = [3]  # @tune list(int(1, 5), min=1, max=2)\ny = 1  # @tune int(1, 5) if u == 2",
    want: [["error", "condition-unknown", "3:29-3:30", "u"]],
    says: /"u" is a list; a condition compares a scalar parameter/,
  },
  "an unknown comparison": {
    line: "x = 5  # @tune int(1, 5) if n ~ 2",
    want: [["error", "syntax", "2:31-2:32", "~"]],
    says: /expected a comparison \(`==`, `!=`, `<`, `<=`, `>`, `>=`, `in` or `not in`\)/,
  },
  "a bare word to compare with": {
    line: "x = 5  # @tune int(1, 5) if n == foo",
    want: [["error", "syntax", "2:34-2:37", "foo"]],
    says: /expected a literal value \(number, quoted string, True\/False\/None\) to compare with/,
  },
  "in without a list": {
    line: 'x = 5  # @tune int(1, 5) if n in "a"',
    want: [["error", "syntax", "2:34-2:35", '"']],
    says: /expected a list after `in`/,
  },
  "an unclosed in-list": {
    line: "x = 5  # @tune int(1, 5) if n in (1, 2",
    want: [["error", "syntax", "2:39-2:39", ""]],
    says: /expected `\)` to close the list/,
    fixed: "x = 5  # @tune int(1, 5) if n in (1, 2)",
  },
  "an empty in-list": {
    line: "x = 3  # @tune int(1, 5) if n in ()",
    want: [
      ["error", "syntax", "2:26-2:36", "if n in ()"],
      ["error", "condition-unknown", "2:29-2:30", "n"],
    ],
    says: /`in \(\)` needs at least one value/,
  },
  "a value that is a call": {
    line: "x = f(3)  # @tune int(1, 5)",
    want: [["error", "no-literal", "2:13-2:28", "@tune int(1, 5)"]],
    says: /not a single literal; annotate a line like `name = 0.1`/,
  },
  "a tuple assignment": {
    line: "x, y = 1, 2  # @tune int(1, 5)",
    want: [["error", "no-literal", "2:16-2:31", "@tune int(1, 5)"]],
    says: /assigns a tuple.*put the tuned value on a line of its own/,
  },
  "a tuple value": {
    line: "x = 1, 2  # @tune int(1, 5)",
    want: [["error", "no-literal", "2:13-2:28", "@tune int(1, 5)"]],
    says: /assigns a tuple/,
  },
  "an augmented assignment": {
    line: "x += 1  # @tune int(1, 5)",
    want: [["error", "no-literal", "2:11-2:26", "@tune int(1, 5)"]],
    says: /no assignable literal on this line/,
  },
  "an annotation on a line of its own": {
    line: "# @tune int(1, 5)",
    want: [["error", "no-literal", "2:3-2:18", "@tune int(1, 5)"]],
    says: /on a line of its own; put it at the end of the line it tunes/,
  },
  "a misspelt @tune option": {
    line: "x = 1  # @tune(nam=y) int(1, 5)",
    want: [["error", "bad-name", "2:15-2:20", "(nam="]],
    says: /the only @tune option is a name: `@tune\(name=lr\)/,
  },
  "an empty name": {
    line: "x = 1  # @tune(name=) int(1, 5)",
    want: [["error", "bad-name", "2:21-2:22", ")"]],
    says: /expected a parameter name/,
  },
  "a directive with a name": {
    line: "# @tune(name=y) trials: 5",
    want: [["error", "bad-name", "2:14-2:15", "y"]],
    says: /a directive takes no \(name=\.\.\.\)/,
  },
  "a directive after code (a warning)": {
    line: "x = 1  # @tune trials: 5",
    want: [["warning", "directive-placement", "2:10-2:25", "@tune trials: 5"]],
    says: /put the `trials:` directive on a comment line of its own/,
  },
  "a misspelt directive": {
    line: "# @tune trails: 5",
    want: [["error", "unknown-directive", "2:9-2:15", "trails"]],
    says: /unknown directive `trails:`; did you mean `trials:`\?/,
    fixed: "# @tune trials: 5",
  },
  "another library's directive name": {
    line: "# @tune n_trials: 5",
    want: [["error", "unknown-directive", "2:9-2:17", "n_trials"]],
    says: /did you mean `trials:`/,
    fixed: "# @tune trials: 5",
  },
  "trials: 0": {
    line: "# @tune trials: 0",
    want: [["error", "bad-directive", "2:17-2:18", "0"]],
    says: /trials needs a whole number ≥ 1; got `0`/,
  },
  "parallel: a word": {
    line: "# @tune parallel: two",
    want: [["error", "bad-directive", "2:19-2:22", "two"]],
    says: /parallel needs a whole number ≥ 1; got `two`/,
  },
  "an algorithm's long name": {
    line: "# @tune algorithm: bayesian",
    want: [["error", "bad-directive", "2:20-2:28", "bayesian"]],
    says: /unknown algorithm `bayesian`; did you mean `bayes`\? Algorithms: bayes, tpe, random, grid, hyperband, asha, evolution/,
    fixed: "# @tune algorithm: bayes",
  },
  "a misspelt algorithm": {
    line: "# @tune algorithm: tpf",
    want: [["error", "bad-directive", "2:20-2:23", "tpf"]],
    says: /did you mean `tpe`/,
    fixed: "# @tune algorithm: tpe",
  },
  "a timeout that is not a duration": {
    line: "# @tune timeout: soon",
    want: [["error", "bad-directive", "2:18-2:22", "soon"]],
    says: /timeout needs a duration such as `90s`, `10m` or `1\.5h`; got `soon`/,
  },
  "a baseline switch that is neither on nor off": {
    line: "# @tune baseline: maybe",
    want: [["error", "bad-directive", "2:19-2:24", "maybe"]],
    says: /baseline takes `on` \(run the file's own values as trial 0, the default\) or `off`; got `maybe`/,
  },
  "run without a command": {
    line: "# @tune run:",
    want: [["error", "bad-directive", "2:9-2:13", "run:"]],
    says: /run needs a command: `run: python train\.py --config \{file\}`/,
  },
  "a second objective": {
    line: "# @tune objective: min loss",
    want: [["error", "duplicate-directive", "2:9-2:28", "objective: min loss"]],
    says: /`objective:` is already set on line 1; keep one/,
  },
  "an annotation in a block comment (a warning)": {
    file: "a.ts",
    line: "/* @tune int(1, 10) */ const x = 5;",
    want: [["warning", "syntax", "2:4-2:20", "@tune int(1, 10)"]],
    says: /in a block comment .* is not read; write it as a line comment/,
  },
  "a TS expression, not a literal": {
    file: "a.ts",
    line: "const x = 5 as const; // @tune int(1, 10)",
    want: [["error", "no-literal", "2:26-2:42", "@tune int(1, 10)"]],
    says: /not a single literal/,
  },
  "a YAML list item without a name": {
    file: "a.yaml",
    line: "- 0.5  # @tune float(0, 1)",
    want: [["error", "no-name", "2:10-2:27", "@tune float(0, 1)"]],
    says: /this value has no name; give it one with `@tune\(name=\.\.\.\)`/,
  },
  "a YAML flow collection": {
    file: "a.yaml",
    line: "a: {x: 1}  # @tune int(1, 2)",
    want: [["error", "no-literal", "2:14-2:29", "@tune int(1, 2)"]],
    says: /flow collection .* write one `key: value` per line/,
  },
  "a YAML anchor": {
    file: "a.yaml",
    line: "b: &x 5  # @tune int(1, 9)",
    want: [["error", "no-literal", "2:12-2:27", "@tune int(1, 9)"]],
    says: /anchors, aliases and tags cannot be annotated/,
  },
  "a YAML block scalar": {
    file: "a.yaml",
    line: "c: |  # @tune int(1, 2)",
    want: [["error", "no-literal", "2:9-2:24", "@tune int(1, 2)"]],
    says: /block scalar .* use a one-line value/,
  },
  "a YAML key without a value": {
    file: "a.yaml",
    line: "d:  # @tune int(1, 2)",
    want: [["error", "no-literal", "2:7-2:22", "@tune int(1, 2)"]],
    says: /no value on its line/,
  },
};

describe("annotations: each malformed annotation", () => {
  for (const [title, c] of Object.entries(CASES)) {
    it(title, () => {
      const file = c.file ?? "a.py";
      const text = header(file) + c.line + "\n";
      const f = parseAnnotations(text, file);
      assert.deepEqual(
        f.diagnostics.map((d) => brief(text, d)),
        c.want,
      );
      const d = f.diagnostics[0];
      assert.match(d.message, c.says);
      if (c.fixed === undefined) return;
      assert.ok(d.fix, "a quick fix");
      const after = applyFix(text, d.fix);
      assert.equal(after, header(file) + c.fixed + "\n");
      const again = parseAnnotations(after, file);
      assert.ok(
        !again.diagnostics.some((x) => x.code === d.code && x.range.start === d.range.start),
        `the fix removes the ${d.code}`,
      );
    });
  }
});

describe("annotations: cross-parameter problems", () => {
  const diags = (text: string, file = "a.py") => parseAnnotations(text, file).diagnostics.map((d) => brief(text, d));
  it("a duplicate name, pointing at the second, with the line of the first", () => {
    const text = "# @tune objective: max a\nx = 3  # @tune int(1, 5)\nx = 4  # @tune int(1, 5)\n";
    const f = parseAnnotations(text, "a.py");
    assert.deepEqual(diags(text), [["error", "duplicate-name", "3:1-3:2", "x"]]);
    assert.match(
      f.diagnostics[0].message,
      /"x" is already tuned on line 2; rename one with `@tune\(name=other\) \.\.\.`/,
    );
    assert.deepEqual(
      f.space.params.map((p) => p.name),
      ["x"],
    );
  });
  it("a duplicate name given by @tune(name=...), pointing at the override", () => {
    const text = "# @tune objective: max a\nx = 3  # @tune int(1, 5)\ny = 4  # @tune(name=x) int(1, 5)\n";
    assert.deepEqual(diags(text), [["error", "duplicate-name", "3:21-3:22", "x"]]);
  });
  it("two budgets", () => {
    const text = "# @tune objective: max a\ne = 3  # @tune budget(1, 81)\ns = 3  # @tune budget(1, 9)\n";
    const f = parseAnnotations(text, "a.py");
    assert.deepEqual(diags(text), [["error", "duplicate-budget", "3:10-3:28", "@tune budget(1, 9)"]]);
    assert.match(f.diagnostics[0].message, /only one budget per file; "e" on line 2 is already the budget/);
    assert.deepEqual(f.space.budget, { name: "e", min: 1, max: 81 });
  });
  it("a conditional budget", () => {
    const text = "# @tune objective: max a\nn = 3  # @tune int(1, 5)\ne = 3  # @tune budget(1, 81) if n > 1\n";
    assert.deepEqual(diags(text), [["error", "bad-arguments", "3:30-3:38", "if n > 1"]]);
  });
  it("a condition on an unknown name, with a suggestion and its fix", () => {
    const text = "# @tune objective: max a\nn = 1  # @tune int(1, 2)\nx = 3  # @tune int(1, 5) if nn > 1\n";
    const f = parseAnnotations(text, "a.py");
    assert.deepEqual(diags(text), [["error", "condition-unknown", "3:29-3:31", "nn"]]);
    assert.match(f.diagnostics[0].message, /unknown parameter "nn" in the condition; did you mean "n"\?/);
    const fixed = applyFix(text, f.diagnostics[0].fix!);
    assert.ok(fixed.endsWith("if n > 1\n"));
    assert.deepEqual(parseAnnotations(fixed, "a.py").diagnostics, []);
  });
  it("a condition on an unknown name, listing the earlier parameters", () => {
    const text = "# @tune objective: max a\nn = 1  # @tune int(1, 2)\nx = 3  # @tune int(1, 5) if depth > 1\n";
    assert.match(
      parseAnnotations(text, "a.py").diagnostics[0].message,
      /unknown parameter "depth" in the condition \(earlier parameters: n\)/,
    );
  });
  it("a condition on a later parameter", () => {
    const text = "# @tune objective: max a\nx = 3  # @tune int(1, 5) if y == 1\ny = 4  # @tune int(1, 5)\n";
    const f = parseAnnotations(text, "a.py");
    assert.deepEqual(diags(text), [["error", "condition-later", "2:29-2:30", "y"]]);
    assert.match(f.diagnostics[0].message, /"y" is defined later \(line 3\); .* move that line above this one/);
    assert.deepEqual(
      f.space.params.map((p) => p.name),
      ["y"],
    );
  });
  it("a condition on itself", () => {
    const text = "# @tune objective: max a\nx = 3  # @tune int(1, 5) if x > 1\n";
    assert.deepEqual(diags(text), [["error", "condition-later", "2:29-2:30", "x"]]);
  });
  it("a condition on the budget", () => {
    const text = "# @tune objective: max a\ne = 5  # @tune budget(1, 9)\nx = 5  # @tune int(1, 5) if e > 2\n";
    const f = parseAnnotations(text, "a.py");
    assert.deepEqual(diags(text), [["error", "condition-unknown", "3:29-3:30", "e"]]);
    assert.match(f.diagnostics[0].message, /is the budget, which is set by the scheduler/);
  });
  it("a condition that can never hold (a warning)", () => {
    const text =
      '# @tune objective: max a\nopt = "a"  # @tune choice("a", "b")\ny = 4  # @tune int(1, 5) if opt == "c"\n';
    const f = parseAnnotations(text, "a.py");
    assert.deepEqual(diags(text), [["warning", "condition-never", "3:29-3:39", 'opt == "c"']]);
    assert.match(f.diagnostics[0].message, /this condition never holds: "opt" takes "a", "b"/);
  });
  it("no objective: an error at the first annotation", () => {
    const text = "x = 1\nlr = 0.1  # @tune float(0, 1)\n";
    const f = parseAnnotations(text, "a.py");
    assert.deepEqual(diags(text), [["error", "missing-objective", "2:13-2:30", "@tune float(0, 1)"]]);
    assert.match(f.diagnostics[0].message, /add a comment line `@tune objective: maximize <metric>`/);
  });
  it("objective problems: swapped words (with a fix), a typo (with a fix), no metric, a metric with spaces", () => {
    const swapped = "# @tune objective: acc maximize\n";
    const f = parseAnnotations(swapped, "a.py");
    const d = f.diagnostics.find((x) => x.code === "bad-directive")!;
    assert.deepEqual(brief(swapped, d), ["error", "bad-directive", "1:20-1:32", "acc maximize"]);
    assert.match(d.message, /write the direction first: `objective: maximize acc`/);
    assert.equal(applyFix(swapped, d.fix!), "# @tune objective: maximize acc\n");
    const typo = "# @tune objective: maxmize acc\n";
    const t = parseAnnotations(typo, "a.py").diagnostics.find((x) => x.code === "bad-directive")!;
    assert.match(t.message, /did you mean `maximize`/);
    assert.equal(applyFix(typo, t.fix!), "# @tune objective: maximize acc\n");
    assert.match(
      parseAnnotations("# @tune objective: maximize\n", "a.py").diagnostics[1].message,
      /objective needs a metric name/,
    );
    assert.match(
      parseAnnotations("# @tune objective: minimize a b\n", "a.py").diagnostics[1].message,
      /a metric name has no spaces; got `a b`/,
    );
  });
  it("an unsupported file type", () => {
    const f = parseAnnotations("x = 1  # @tune int(1, 5)\n", "train.rb");
    assert.equal(f.diagnostics.length, 1);
    assert.equal(f.diagnostics[0].code, "unsupported-file");
    assert.match(f.diagnostics[0].message, /\.py, \.js.*\.ts.*\.yaml\/\.yml files; got train\.rb/);
    assert.equal(f.diagnostics[0].range.line, 1);
  });
});

describe("annotations: a file with many mistakes reports all of them", () => {
  it("Python", () => {
    const text = [
      "import torch", //                                             1
      "lr = 0.1  # @tune loguniform(0, 1)", //                       2 log-nonpositive
      "n = 5  # @tune int(10, 1)", //                                3 bounds-order
      "opt = 'adam'  # @tune choice(adam, 'sgd')", //                4 bad-arguments
      "bs = 32  # @tune randint(16, 64)", //                         5 unknown-spec
      "drop = 0.9  # @tune uniform(0, 0.5)", //                      6 default-outside (warning)
      "u = 3  # @tune int(1, 10, step=4)", //                        7 step-range
      "k = f(2)  # @tune int(1, 3)", //                              8 no-literal
      "lr = 0.2  # @tune float(0, 1)", //                            9 duplicate-name
      "w = 1  # @tune int(1, 5) if depth > 2", //                    10 condition-unknown
      "# @tune trails: 20", //                                       11 unknown-directive
      "# @tune algorithm: bayesian", //                              12 bad-directive
      "x = 1  # @tune int(1, 5", //                                  13 syntax: no )
      "",
    ].join("\n");
    const f = parseAnnotations(text, "train.py");
    assert.deepEqual(
      f.diagnostics.map((d) => [d.severity, d.code, d.range.line, d.range.column]),
      [
        ["error", "missing-objective", 2, 13],
        ["error", "log-nonpositive", 2, 30],
        ["error", "bounds-order", 3, 20],
        ["error", "bad-arguments", 4, 30],
        ["error", "unknown-spec", 5, 18],
        ["warning", "default-outside", 6, 8],
        ["error", "step-range", 7, 23],
        ["error", "no-literal", 8, 13],
        ["error", "duplicate-name", 9, 1],
        ["error", "condition-unknown", 10, 29],
        ["error", "unknown-directive", 11, 9],
        ["error", "bad-directive", 12, 20],
        ["error", "syntax", 13, 24],
      ],
    );
    for (const d of f.diagnostics) assert.ok(d.message.length > 15, d.message);
  });
  it("TypeScript", () => {
    const text = [
      "// @tune objective: maximize acc",
      "const lr = 1e-3; // @tune loguniform(1e-1, 1e-5)",
      "const opt = 'adam'; // @tune choice('adam', 'adam')",
      "const n = 3; // @tune int(1, 5) if opt = 'sgd'",
      "const b = true; // @tune bool(1)",
      "// @tune trials: many",
      "// @tune parallel: 0",
      "",
    ].join("\n");
    const f = parseAnnotations(text, "train.ts");
    assert.deepEqual(
      f.diagnostics.map((d) => [d.severity, d.code, d.range.line]),
      [
        ["error", "bounds-order", 2],
        ["error", "choice-duplicate", 3],
        ["error", "syntax", 4],
        ["error", "bad-arguments", 5],
        ["error", "bad-directive", 6],
        ["error", "bad-directive", 7],
      ],
    );
  });
  it("YAML", () => {
    const text = [
      "# @tune objective: minimize loss",
      "lr: 0.001  # @tune loguniform(0, 0.1)",
      "layers: [64, 32]  # @tune int(8, 64)",
      "- 5  # @tune int(1, 9)",
      "opt: adam  # @tune choice(adam, sgd)",
      "# @tune timeout: forever",
      "",
    ].join("\n");
    const f = parseAnnotations(text, "c.yaml");
    assert.deepEqual(
      f.diagnostics.map((d) => [d.severity, d.code, d.range.line]),
      [
        ["error", "log-nonpositive", 2],
        ["error", "list-literal", 3],
        ["error", "no-name", 4],
        ["error", "bad-arguments", 5],
        ["error", "bad-arguments", 5],
        ["error", "bad-directive", 6],
      ],
    );
  });
  it("keeps the valid parameters of a file with errors in the space", () => {
    const text =
      "# @tune objective: max a\na = 1  # @tune int(1, 5)\nb = 1  # @tune int(5, 1)\nc = 0.5  # @tune float(0, 1)\n";
    const f = parseAnnotations(text, "a.py");
    assert.deepEqual(
      f.space.params.map((p) => p.name),
      ["a", "c"],
    );
    assert.deepEqual(
      f.params.map((p) => [p.name, p.param !== undefined]),
      [
        ["a", true],
        ["b", false],
        ["c", true],
      ],
    );
  });
});
