// Parses the text of one `@tune ...` comment: an optional `(name=...)` override, then either a spec call with an
// optional condition — `int(32, 512, step=32) if num_layers >= 2` — or a directive `objective: maximize acc`.
// All positions are absolute offsets into the file. Syntax errors come back as values, never as exceptions.
import type { CompareOp } from "../space";
import type { Scalar } from "../types";
import { decodeString, parseNumber } from "./literals";
import type { DiagnosticCode, Fix } from "./types";

export interface Span {
  start: number;
  end: number;
}
export type Arg =
  | (Span & { kind: "value"; value: Scalar })
  | (Span & { kind: "flag"; name: string })
  | (Span & { kind: "kw"; name: string; value: Scalar; valueSpan: Span; bareValue?: string })
  | (Span & { kind: "spec"; spec: SpecAst });
/** One comparison `parent op value(s)` of a condition. */
export interface ComparisonAst extends Span {
  kind: "cmp";
  parent: string;
  parentSpan: Span;
  op: CompareOp | "in";
  values: Scalar[];
}
/** A condition: comparisons joined by `and`, `or`, `not` and parentheses. */
export type ConditionAst =
  ComparisonAst | (Span & { kind: "and" | "or"; terms: ConditionAst[] }) | (Span & { kind: "not"; term: ConditionAst });

/** Every comparison of a condition, left to right. */
export function comparisons(c: ConditionAst): ComparisonAst[] {
  if (c.kind === "cmp") return [c];
  if (c.kind === "not") return comparisons(c.term);
  return c.terms.flatMap(comparisons);
}
export interface SpecAst {
  name: string;
  nameSpan: Span;
  args: Arg[];
  /** Offset of the closing `)`. */
  close: number;
  condition?: ConditionAst;
}
export interface SyntaxProblem extends Span {
  code: DiagnosticCode;
  message: string;
  fix?: Fix;
}
export type ParsedComment =
  | { kind: "none" }
  | { kind: "error"; at: number; end: number; problem: SyntaxProblem }
  | { kind: "spec"; at: number; end: number; override?: { name: string } & Span; spec: SpecAst; text: string }
  | {
      kind: "directive";
      at: number;
      end: number;
      override?: { name: string } & Span;
      name: string;
      nameSpan: Span;
      value: string;
      valueSpan: Span;
    };

export const SPEC_NAMES = ["float", "uniform", "loguniform", "int", "choice", "bool", "budget", "list"] as const;

const IDENT = /[\p{L}_$][\p{L}\p{N}_$]*/uy;
const NUMBER =
  /[+-]?\s*(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)/y;
const OPS: readonly CompareOp[] = ["==", "!=", "<=", ">=", "<", ">"];
const WORD_LITERALS: Record<string, Scalar> = {
  True: true,
  False: false,
  None: null,
  true: true,
  false: false,
  null: null,
};

class Fail {
  constructor(readonly problem: SyntaxProblem) {}
}

/** Parse the comment whose body (after `#` or `//`) spans [bodyStart, end). */
export function parseComment(text: string, bodyStart: number, end: number): ParsedComment {
  let p = bodyStart;
  while (p < end && /[\s#/*]/.test(text[p])) p++;
  if (!text.startsWith("@tune", p)) return { kind: "none" };
  const at = p;
  let aend = end;
  while (aend > at && /\s/.test(text[aend - 1])) aend--;
  p += 5;
  if (p < aend && /[\p{L}\p{N}_$-]/u.test(text[p])) return { kind: "none" }; // @tuned, @tune-able: another word
  const c = new Cursor(text, p, aend);
  try {
    let override: ({ name: string } & Span) | undefined;
    if (text[c.p] === "(") override = c.nameOverride();
    c.skip();
    if (c.done())
      c.fail(
        "empty-annotation",
        at,
        aend,
        "empty @tune annotation: add a spec such as `float(0, 1)` or a directive such as `objective: maximize " +
          "accuracy`",
      );
    const nameStart = c.p;
    const name = c.ident();
    if (name === undefined)
      c.fail(
        "syntax",
        c.p,
        aend,
        `expected a spec such as \`int(1, 5)\` or a directive such as \`trials: 50\` after @tune; got ` +
          `\`${text.slice(c.p, aend)}\``,
      );
    const nameSpan = { start: nameStart, end: c.p };
    c.skip();
    if (text[c.p] === ":") {
      const v = c.p + 1;
      let vs = v;
      while (vs < aend && /\s/.test(text[vs])) vs++;
      return {
        kind: "directive",
        at,
        end: aend,
        override,
        name: name!,
        nameSpan,
        value: text.slice(vs, aend),
        valueSpan: { start: vs, end: aend },
      };
    }
    if (text[c.p] !== "(") {
      const known = (SPEC_NAMES as readonly string[]).includes(name!);
      if (known && c.done())
        c.fail(
          "syntax",
          nameStart,
          nameSpan.end,
          `\`${name}\` needs parentheses: \`${name}(${name === "bool" ? "" : "..."})\``,
          name === "bool"
            ? { title: "Add ()", edits: [{ start: nameSpan.end, end: nameSpan.end, newText: "()" }] }
            : undefined,
        );
      c.fail("syntax", nameStart, aend, `expected \`${name}(...)\` (a spec) or \`${name}: ...\` (a directive)`);
    }
    const spec = c.specRest(name!, nameSpan);
    return { kind: "spec", at, end: aend, override, spec, text: text.slice(nameStart, c.contentEnd) };
  } catch (e) {
    if (e instanceof Fail) return { kind: "error", at, end: aend, problem: e.problem };
    throw e;
  }
}

class Cursor {
  /** End of the spec's meaningful text (before a trailing remark). */
  contentEnd: number;
  constructor(
    readonly text: string,
    public p: number,
    readonly end: number,
  ) {
    this.contentEnd = end;
  }
  fail(code: DiagnosticCode, start: number, end: number, message: string, fix?: Fix): never {
    throw new Fail({ code, start, end: Math.max(end, start), message, fix });
  }
  skip(): void {
    while (this.p < this.end && /\s/.test(this.text[this.p])) this.p++;
  }
  done(): boolean {
    return this.p >= this.end;
  }
  /** A trailing remark: `# ...` or `// ...` after the annotation. */
  atRemark(): boolean {
    return this.text[this.p] === "#" || this.text.startsWith("//", this.p);
  }
  ident(): string | undefined {
    IDENT.lastIndex = this.p;
    const m = IDENT.exec(this.text);
    if (!m || IDENT.lastIndex > this.end) return undefined;
    this.p = IDENT.lastIndex;
    return m[0];
  }
  expect(ch: string, what: string): void {
    this.skip();
    if (this.text[this.p] !== ch || this.done()) {
      const got = this.done() ? "the end of the comment" : `\`${this.text[this.p]}\``;
      this.fail(
        "syntax",
        this.p,
        Math.min(this.end, this.p + 1),
        `expected \`${ch}\` ${what}; got ${got}`,
        this.done() && ch === ")"
          ? { title: "Add )", edits: [{ start: this.end, end: this.end, newText: ")" }] }
          : undefined,
      );
    }
    this.p++;
  }
  nameOverride(): { name: string } & Span {
    const start = this.p;
    this.p++;
    this.skip();
    const key = this.ident();
    if (key !== "name")
      this.fail(
        "bad-name",
        start,
        Math.min(this.end, this.p + 1),
        "the only @tune option is a name: `@tune(name=lr) float(...)`",
      );
    this.expect("=", "after `name`");
    this.skip();
    const vs = this.p;
    let name = this.ident();
    if (name === undefined && (this.text[this.p] === '"' || this.text[this.p] === "'")) {
      const lit = this.literal();
      name = typeof lit?.value === "string" ? lit.value : undefined;
    }
    if (!name) this.fail("bad-name", vs, Math.min(this.end, vs + 1), "expected a parameter name: `@tune(name=lr) ...`");
    const nameSpan = { start: vs, end: this.p };
    this.expect(")", "to close `@tune(name=...)`");
    return { name: name!, ...nameSpan };
  }
  /** A literal at the cursor (number, string, True/False/None, true/false/null), or undefined. */
  literal(): (Span & { value: Scalar }) | undefined {
    const start = this.p;
    const ch = this.text[this.p];
    if (ch === '"' || ch === "'") {
      let j = this.p + 1;
      while (j < this.end && this.text[j] !== ch) j += this.text[j] === "\\" ? 2 : 1;
      if (j >= this.end) this.fail("syntax", start, this.end, `unterminated string: add the closing ${ch}`);
      this.p = j + 1;
      const value = decodeString(this.text.slice(start, this.p), "javascript") ?? "";
      return { start, end: this.p, value };
    }
    NUMBER.lastIndex = this.p;
    const m = NUMBER.exec(this.text);
    if (m && NUMBER.lastIndex <= this.end && /\d/.test(m[0])) {
      const value = parseNumber(m[0]);
      if (value === undefined) this.fail("syntax", start, NUMBER.lastIndex, `\`${m[0]}\` is not a number`);
      this.p = NUMBER.lastIndex;
      if (/[\p{L}_]/u.test(this.text[this.p] ?? "") && this.p < this.end)
        this.fail("syntax", start, this.p + 1, `\`${m[0]}${this.text[this.p]}\` is not a number`);
      return { start, end: this.p, value: value! };
    }
    const save = this.p;
    const w = this.ident();
    if (w !== undefined && w in WORD_LITERALS) return { start, end: this.p, value: WORD_LITERALS[w] };
    this.p = save;
    return undefined;
  }
  specRest(name: string, nameSpan: Span): SpecAst {
    const spec = this.call(name, nameSpan);
    this.contentEnd = this.p;
    this.skip();
    if (this.done() || this.atRemark()) return spec;
    const kwStart = this.p;
    const kw = this.ident();
    if (kw === "if") {
      spec.condition = this.condition(kwStart);
      this.contentEnd = this.p;
      this.skip();
      if (this.done() || this.atRemark()) return spec;
      this.fail(
        "trailing-text",
        this.p,
        this.end,
        `expected \`and\`, \`or\` or the end of the condition; got \`${this.text.slice(this.p, this.end)}\``,
      );
    } else this.p = kwStart; // the stray word is part of the trailing text
    this.fail(
      "trailing-text",
      this.p,
      this.end,
      `unexpected \`${this.text.slice(this.p, this.end)}\` after the annotation; put remarks after a second comment ` +
        `marker (\`# ...\`)`,
    );
  }
  /** `name(args)` with the cursor on `(`: a spec call, possibly nested as the element of `list(...)`. */
  call(name: string, nameSpan: Span): SpecAst {
    const args: Arg[] = [];
    this.p++; // (
    for (;;) {
      this.skip();
      if (this.done())
        this.fail("syntax", nameSpan.start, this.end, `missing \`)\` to close \`${name}(\``, {
          title: "Add )",
          edits: [{ start: this.end, end: this.end, newText: ")" }],
        });
      if (this.text[this.p] === ")") break;
      args.push(this.arg(name));
      this.skip();
      if (this.text[this.p] === ",") {
        this.p++;
        continue;
      }
      if (this.text[this.p] !== ")") this.expect(")", `or \`,\` in \`${name}(...)\``);
      break;
    }
    const close = this.p;
    this.p++;
    return { name, nameSpan, args, close };
  }
  arg(specName: string): Arg {
    const start = this.p;
    if (this.text[this.p] === "[" || this.text[this.p] === "(")
      this.fail("syntax", start, start + 1, `list the values directly, without brackets: \`${specName}("a", "b")\``);
    const lit = this.literal();
    if (lit) return { kind: "value", ...lit };
    const word = this.ident();
    if (word === undefined)
      this.fail(
        "syntax",
        start,
        Math.min(this.end, start + 1),
        `unexpected \`${this.text[start]}\` in \`${specName}(...)\``,
      );
    const after = this.p;
    this.skip();
    if (this.text[this.p] === "(" && !this.done()) {
      const spec = this.call(word!, { start, end: after });
      return { kind: "spec", spec, start, end: this.p };
    }
    if (this.text[this.p] === "=" && this.text[this.p + 1] !== "=") {
      this.p++;
      this.skip();
      const vs = this.p;
      const v = this.literal();
      if (v)
        return {
          kind: "kw",
          name: word!,
          value: v.value,
          valueSpan: { start: v.start, end: v.end },
          start,
          end: v.end,
        };
      const bare = this.ident();
      if (bare === undefined)
        this.fail("syntax", vs, Math.min(this.end, vs + 1), `expected a value after \`${word}=\``);
      return {
        kind: "kw",
        name: word!,
        value: null,
        bareValue: bare,
        valueSpan: { start: vs, end: this.p },
        start,
        end: this.p,
      };
    }
    this.p = after;
    return { kind: "flag", name: word!, start, end: after };
  }
  /** `cond := or`, `or := and ("or" and)*`, `and := not ("and" not)*`, `not := "not" not | "(" or ")" | cmp`. */
  condition(ifStart: number): ConditionAst {
    const c = this.orExpr();
    return { ...c, start: Math.min(c.start, ifStart) };
  }
  /** The last keyword `eat` consumed (a dangling `and` is reported there). */
  lastWord: Span = { start: 0, end: 0 };
  /** 1-based column of an offset, as diagnostics show it. */
  column(offset: number): number {
    return offset - (this.text.lastIndexOf("\n", offset - 1) + 1) + 1;
  }
  /** The next word at the cursor, without moving it. */
  peekWord(): string | undefined {
    const save = this.p;
    this.skip();
    const w = this.ident();
    this.p = save;
    return w;
  }
  /** Consume `word` (after whitespace) when it comes next as a whole word. */
  eat(word: string): boolean {
    if (this.peekWord() !== word) return false;
    this.skip();
    this.lastWord = { start: this.p, end: this.p + word.length };
    this.p += word.length;
    return true;
  }
  orExpr(): ConditionAst {
    const first = this.andExpr();
    const terms = [first];
    while (this.eat("or")) terms.push(this.andExpr("or"));
    return terms.length === 1 ? first : { kind: "or", terms, start: first.start, end: this.p };
  }
  andExpr(after?: string): ConditionAst {
    const first = this.notExpr(after);
    const terms = [first];
    while (this.eat("and")) terms.push(this.notExpr("and"));
    return terms.length === 1 ? first : { kind: "and", terms, start: first.start, end: this.p };
  }
  notExpr(after?: string): ConditionAst {
    this.skip();
    const start = this.p;
    if (this.eat("not")) {
      const term = this.notExpr("not");
      return { kind: "not", term, start, end: this.p };
    }
    if (this.text[this.p] === "(" && !this.done()) {
      this.p++;
      const inner = this.orExpr();
      this.skip();
      if (this.text[this.p] !== ")" || this.done()) {
        const got = this.done() ? "the end of the comment" : `\`${this.text.slice(this.p, this.end)}\``;
        this.fail(
          "syntax",
          this.done() ? start : this.p,
          this.done() ? this.end : Math.min(this.end, this.p + 1),
          `expected \`)\` to close the \`(\` at column ${this.column(start)}; got ${got}`,
          this.done() ? { title: "Add )", edits: [{ start: this.end, end: this.end, newText: ")" }] } : undefined,
        );
      }
      this.p++;
      return { ...inner, start, end: this.p };
    }
    return this.comparison(after);
  }
  /** `parent op value`, `parent in (values)`, `parent not in (...)`, or a bare bool parent. */
  comparison(after?: string): ConditionAst {
    this.skip();
    const ps = this.p;
    const parent = this.comparedName(after);
    const parentSpan = { start: ps, end: this.p };
    // A bare name (`if use_bn`, `not use_bn and ...`) tests a bool: `use_bn == True`.
    const next = this.peekWord();
    this.skip();
    if (this.done() || this.atRemark() || this.text[this.p] === ")" || next === "and" || next === "or")
      return { kind: "cmp", parent, parentSpan, op: "==", values: [true], start: ps, end: parentSpan.end };
    const { op, negate } = this.comparisonOp(parent);
    this.skip();
    const values = op === "in" ? this.inList() : [this.comparedValue()];
    const cmp: ComparisonAst = { kind: "cmp", parent, parentSpan, op, values, start: ps, end: this.p };
    return negate ? { kind: "not", term: cmp, start: ps, end: this.p } : cmp;
  }
  /** The parameter a comparison tests (`after`: the keyword before it, if not `if`). */
  comparedName(after?: string): string {
    const ps = this.p;
    const parent = this.ident();
    const where = after ? `after \`${after}\`` : "after `if`";
    if (parent === undefined || parent === "and" || parent === "or")
      this.fail(
        "syntax",
        after !== undefined && this.done() ? this.lastWord.start : ps,
        after !== undefined && this.done() ? this.lastWord.end : Math.min(this.end, Math.max(ps + 1, this.p)),
        after === undefined
          ? "expected a parameter name after `if`: `if num_layers >= 2`"
          : this.done()
            ? `expected a condition ${where}, such as \`num_layers >= 2\`; got the end of the comment`
            : `expected a parameter name ${where}: \`if num_layers >= 2\`; got ` +
              `\`${this.text.slice(ps, this.end).split(/\s/)[0]}\``,
      );
    return parent!;
  }
  /** `==`, `!=`, `<`, `<=`, `>`, `>=`, `in`, or `not in` (an `in` that the caller negates). */
  comparisonOp(parent: string): { op: CompareOp | "in"; negate: boolean } {
    const os = this.p;
    const op = OPS.find((o) => this.text.startsWith(o, this.p));
    if (op) {
      this.p += op.length;
      return { op, negate: false };
    }
    const w = this.ident();
    if (w === "in") return { op: "in", negate: false };
    if (w === "not" && this.eat("in")) return { op: "in", negate: true };
    if (this.text[os] === "=")
      this.fail("syntax", os, os + 1, "use `==` to compare", {
        title: "Use ==",
        edits: [{ start: os, end: os + 1, newText: "==" }],
      });
    this.fail(
      "syntax",
      os,
      Math.min(this.end, Math.max(os + 1, this.p)),
      `expected a comparison (\`==\`, \`!=\`, \`<\`, \`<=\`, \`>\`, \`>=\`, \`in\` or \`not in\`) after ` +
        `\`${parent}\``,
    );
  }
  /** `(v1, v2, ...)` or `[v1, v2, ...]` after `in`: literal values, possibly none (reported later). */
  inList(): Scalar[] {
    const values: Scalar[] = [];
    const open = this.text[this.p];
    if (open !== "(" && open !== "[")
      this.fail("syntax", this.p, Math.min(this.end, this.p + 1), 'expected a list after `in`: `in ("adam", "sgd")`');
    const close = open === "(" ? ")" : "]";
    this.p++;
    for (;;) {
      this.skip();
      if (this.text[this.p] === close && !this.done()) break;
      const v = this.literal();
      if (!v)
        this.fail(
          "syntax",
          this.p,
          Math.min(this.end, this.p + 1),
          "expected a literal value (number, quoted string, True/False/None) in the list",
        );
      values.push(v!.value);
      this.skip();
      if (this.text[this.p] === ",") this.p++;
      else if (this.text[this.p] !== close || this.done()) this.expect(close, "to close the list");
      else break;
    }
    this.p++;
    return values;
  }
  /** The literal a `parent op value` comparison compares with. */
  comparedValue(): Scalar {
    const v = this.literal();
    if (!v)
      this.fail(
        "syntax",
        this.p,
        Math.min(this.end, Math.max(this.p + 1, this.end)),
        "expected a literal value (number, quoted string, True/False/None) to compare with",
      );
    return v!.value;
  }
}
