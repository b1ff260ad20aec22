// A small tokenizer for Python and JavaScript/TypeScript: just enough to tell real comments from `#` or `//` inside
// strings, skip docstrings, block comments, template literals and regexes, and see the tokens of an assignment.
// It never throws: anything it does not understand becomes a one-character `other` token.

export type TokenKind = "ident" | "number" | "string" | "punct" | "comment" | "block" | "template" | "regex" | "other";

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

/** Token kinds as the small numbers TokenList stores: `K.comment`, ... */
export const K = {
  ident: 0,
  number: 1,
  string: 2,
  punct: 3,
  comment: 4,
  block: 5,
  template: 6,
  regex: 7,
  other: 8,
} as const;
const KINDS = Object.keys(K) as TokenKind[];

/**
 * Tokens packed in typed arrays. A 5,000-line file has ~65k tokens; as objects they all survive to the old
 * generation and the garbage collector costs ten times the scan itself. Objects are made only for the few lines
 * the parser looks at (`at`).
 */
export class TokenList {
  private kinds: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  length = 0;
  /** Indices of the comment and block-comment tokens, in order: all the parser walks. */
  readonly comments: number[] = [];

  /** `capacity`: a guess at the token count (growing is cheap, but not free). */
  constructor(capacity = 256) {
    const n = Math.max(16, Math.ceil(capacity));
    this.kinds = new Uint8Array(n);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
  }

  /** `code`: one of K. */
  add(code: number, start: number, end: number): void {
    if (this.length === this.kinds.length) {
      const grow = <T extends Uint8Array | Int32Array>(a: T, b: T): T => (b.set(a), b);
      const n = this.length * 2;
      this.kinds = grow(this.kinds, new Uint8Array(n));
      this.starts = grow(this.starts, new Int32Array(n));
      this.ends = grow(this.ends, new Int32Array(n));
    }
    if (code === K.comment || code === K.block) this.comments.push(this.length);
    this.kinds[this.length] = code;
    this.starts[this.length] = start;
    this.ends[this.length++] = end;
  }
  kind(i: number): TokenKind {
    return KINDS[this.kinds[i]];
  }
  start(i: number): number {
    return this.starts[i];
  }
  end(i: number): number {
    return this.ends[i];
  }
  at(i: number): Token {
    return { kind: this.kind(i), start: this.starts[i], end: this.ends[i] };
  }
  toArray(): Token[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}

const IDENT = /[\p{L}\p{Nl}_$][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$\u200c\u200d]*/uy;
const NUMBER =
  /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[a-zA-Z_]*/y;
const PUNCT =
  /(?:>>>=|===|!==|\*\*=|\/\/=|>>=|<<=|\?\?=|&&=|\|\|=|\.\.\.|=>|==|!=|<=|>=|\+=|-=|\*=|\/=|%=|&=|\|=|\^=|:=|->|\*\*|\/\/|\?\?|\?\.|&&|\|\||<<|>>|[\s\S])/y;
const PY_STRING_PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;
/** After these identifiers a `/` starts a regex, not a division. */
const REGEX_AFTER = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

function isSpace(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 11 ||
    c === 12 ||
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x3000 ||
    (c >= 0x2000 && c <= 0x200a)
  );
}

function lineEnd(text: string, i: number): number {
  while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
  return i;
}

/** End of a quoted string starting at `i` (the opening quote). Single-line strings stop at a line break. */
function stringEnd(text: string, i: number, triple: boolean): number {
  const q = text.charCodeAt(i);
  let j = i + (triple ? 3 : 1);
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 92) {
      j += 2;
      continue;
    }
    if (c === q && (!triple || (text.charCodeAt(j + 1) === q && text.charCodeAt(j + 2) === q)))
      return j + (triple ? 3 : 1);
    if (!triple && isLineBreak(c)) return j;
    j++;
  }
  return text.length;
}

export function scanPython(text: string): TokenList {
  const out = new TokenList(text.length / 3);
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || isLineBreak(c)) {
      i++;
      continue;
    }
    if (c === 35 /* # */) {
      const e = lineEnd(text, i);
      out.add(K.comment, i, e);
      i = e;
      continue;
    }
    if (c === 39 || c === 34) {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      const e = stringEnd(text, i, triple);
      out.add(K.string, i, e);
      i = e;
      continue;
    }
    if (startsNumber(text, i)) {
      const e = numberEnd(text, i);
      out.add(K.number, i, e);
      i = e;
      continue;
    }
    const e = identEnd(text, i);
    if (e > i) {
      const q = text.charCodeAt(e);
      if ((q === 39 || q === 34) && e - i <= 2 && PY_STRING_PREFIX.test(text.slice(i, e))) {
        const triple = text.charCodeAt(e + 1) === q && text.charCodeAt(e + 2) === q;
        const se = stringEnd(text, e, triple);
        out.add(K.string, i, se);
        i = se;
        continue;
      }
      out.add(K.ident, i, e);
      i = e;
      continue;
    }
    i = punct(text, i, out);
  }
  return out;
}

export function scanJs(text: string): TokenList {
  const out = new TokenList(text.length / 3);
  const n = text.length;
  // Open template literals: for each, the depth of `{` inside its current `${ ... }`.
  const templates: number[] = [];
  let i = 0;
  let prev = -1; // index of the last significant token, to tell a regex from a division
  if (text.startsWith("#!")) {
    const e = lineEnd(text, 0);
    out.add(K.block, 0, e);
    i = e;
  }
  const push = (code: number, start: number, end: number) => {
    out.add(code, start, end);
    if (code !== K.comment && code !== K.block) prev = out.length - 1;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || isLineBreak(c)) {
      i++;
      continue;
    }
    if (c === 47 /* / */) {
      const slash = slashToken(text, i, out, prev);
      if (slash) {
        push(slash.kind, i, slash.end);
        i = slash.end;
        continue;
      }
    }
    if (c === 39 || c === 34) {
      const e = stringEnd(text, i, false);
      push(K.string, i, e);
      i = e;
      continue;
    }
    if (c === 96 /* ` */) {
      const e = templateEnd(text, i + 1, templates);
      push(K.template, i, e);
      i = e;
      continue;
    }
    if (templates.length > 0 && (c === 123 || c === 125)) {
      const e = templateBrace(text, i, templates);
      if (e > 0) {
        push(K.template, i, e);
        i = e;
        continue;
      }
    }
    if (startsNumber(text, i)) {
      const e = numberEnd(text, i);
      push(K.number, i, e);
      i = e;
      continue;
    }
    const ie = identEnd(text, i);
    if (ie > i) {
      push(K.ident, i, ie);
      i = ie;
      continue;
    }
    i = punct(text, i, out);
    prev = out.length - 1;
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A digit, or a `.` before one. */
function startsNumber(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)));
}

function numberEnd(text: string, i: number): number {
  NUMBER.lastIndex = i;
  NUMBER.test(text);
  return NUMBER.lastIndex;
}

/** The `//` comment, block comment or regex literal starting at the `/` at `i`; undefined for a division. */
function slashToken(text: string, i: number, toks: TokenList, prev: number): { kind: number; end: number } | undefined {
  const d = text.charCodeAt(i + 1);
  if (d === 47) return { kind: K.comment, end: lineEnd(text, i) };
  if (d === 42) {
    const close = text.indexOf("*/", i + 2);
    return { kind: K.block, end: close < 0 ? text.length : close + 2 };
  }
  if (!regexAllowed(text, toks, prev)) return undefined;
  const e = regexEnd(text, i);
  return e > 0 ? { kind: K.regex, end: e } : undefined;
}

/**
 * A brace inside the `${ ... }` of an open template literal: counted, unless it closes the substitution; then the
 * template's text resumes, and its end (the closing backtick or the next `${`) is returned. -1 otherwise.
 */
function templateBrace(text: string, i: number, templates: number[]): number {
  const top = templates.length - 1;
  if (text.charCodeAt(i) === 123) templates[top]++;
  else if (templates[top] > 0) templates[top]--;
  else {
    templates.pop();
    return templateEnd(text, i + 1, templates);
  }
  return -1;
}

function isAsciiIdent(c: number, first: boolean): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || (!first && c >= 48 && c <= 57);
}

/** End of the identifier starting at `i`, or `i` when none starts there. ASCII is scanned by hand: the Unicode
 * regex costs more than the rest of the scan put together on a large file. */
function identEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && isAsciiIdent(text.charCodeAt(j), j === i)) j++;
  if (j < text.length && text.charCodeAt(j) >= 128) {
    IDENT.lastIndex = i;
    return IDENT.test(text) ? IDENT.lastIndex : i;
  }
  return j;
}

/** Punctuation that never starts a longer operator. */
const SINGLE_PUNCT = new Set("()[]{},;~@#\\".split("").map((ch) => ch.charCodeAt(0)));

function punct(text: string, i: number, out: TokenList): number {
  const c = text.charCodeAt(i);
  let e = i + 1;
  if (!SINGLE_PUNCT.has(c)) {
    PUNCT.lastIndex = i;
    PUNCT.test(text);
    e = Math.max(PUNCT.lastIndex, i + 1);
  }
  out.add(c < 128 ? K.punct : K.other, i, e);
  return e;
}

/** Scan template text from `i` (just after a backtick or a closing `}`) to the closing backtick or a `${`. */
function templateEnd(text: string, i: number, templates: number[]): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c === 96) return i + 1;
    if (c === 36 && text.charCodeAt(i + 1) === 123) {
      templates.push(0);
      return i + 2;
    }
    i++;
  }
  return text.length;
}

function regexAllowed(text: string, toks: TokenList, prev: number): boolean {
  if (prev < 0) return true;
  const kind = toks.kind(prev);
  if (kind === "punct") {
    const p = text.slice(toks.start(prev), toks.end(prev));
    return p !== ")" && p !== "]" && p !== "}";
  }
  if (kind === "ident") return REGEX_AFTER.has(text.slice(toks.start(prev), toks.end(prev)));
  return kind === "other";
}

/** End of a regex literal starting at `i`, or -1 when it is not one (no closing `/` on the line). */
function regexEnd(text: string, i: number): number {
  let inClass = false;
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (isLineBreak(c)) return -1;
    if (c === 92) {
      j++;
      continue;
    }
    if (c === 91) inClass = true;
    else if (c === 93) inClass = false;
    else if (c === 47 && !inClass) {
      IDENT.lastIndex = j + 1;
      return IDENT.exec(text) ? IDENT.lastIndex : j + 1;
    }
  }
  return -1;
}
