// A small tokenizer for Python and JavaScript/TypeScript: just enough to tell real comments from `#` or `//` inside
// strings, skip docstrings, block comments, template literals and regexes, and see the tokens of an assignment.
// It never throws: anything it does not understand becomes a one-character `other` token.

export type TokenKind = "ident" | "number" | "string" | "punct" | "comment" | "block" | "template" | "regex" | "other";

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

const IDENT = /[\p{L}\p{Nl}_$][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$\u200c\u200d]*/uy;
const NUMBER = /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[a-zA-Z_]*/y;
const PUNCT = /(?:>>>=|===|!==|\*\*=|\/\/=|>>=|<<=|\?\?=|&&=|\|\|=|\.\.\.|=>|==|!=|<=|>=|\+=|-=|\*=|\/=|%=|&=|\|=|\^=|:=|->|\*\*|\/\/|\?\?|\?\.|&&|\|\||<<|>>|[\s\S])/y;
const PY_STRING_PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;
/** After these identifiers a `/` starts a regex, not a division. */
const REGEX_AFTER = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
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
    if (c === q && (!triple || (text.charCodeAt(j + 1) === q && text.charCodeAt(j + 2) === q))) return j + (triple ? 3 : 1);
    if (!triple && isLineBreak(c)) return j;
    j++;
  }
  return text.length;
}

export function scanPython(text: string): Token[] {
  const out: Token[] = [];
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
      out.push({ kind: "comment", start: i, end: e });
      i = e;
      continue;
    }
    if (c === 39 || c === 34) {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      const e = stringEnd(text, i, triple);
      out.push({ kind: "string", start: i, end: e });
      i = e;
      continue;
    }
    if (c >= 48 && c <= 57 || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      NUMBER.lastIndex = i;
      NUMBER.exec(text);
      out.push({ kind: "number", start: i, end: NUMBER.lastIndex });
      i = NUMBER.lastIndex;
      continue;
    }
    IDENT.lastIndex = i;
    if (IDENT.exec(text)) {
      const e = IDENT.lastIndex;
      const q = text.charCodeAt(e);
      if ((q === 39 || q === 34) && e - i <= 2 && PY_STRING_PREFIX.test(text.slice(i, e))) {
        const triple = text.charCodeAt(e + 1) === q && text.charCodeAt(e + 2) === q;
        const se = stringEnd(text, e, triple);
        out.push({ kind: "string", start: i, end: se });
        i = se;
        continue;
      }
      out.push({ kind: "ident", start: i, end: e });
      i = e;
      continue;
    }
    i = punct(text, i, out);
  }
  return out;
}

export function scanJs(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  // Open template literals: for each, the depth of `{` inside its current `${ ... }`.
  const templates: number[] = [];
  let i = 0;
  let prev: Token | undefined; // last significant token, to tell a regex from a division
  if (text.startsWith("#!")) {
    const e = lineEnd(text, 0);
    out.push({ kind: "block", start: 0, end: e });
    i = e;
  }
  const push = (t: Token) => {
    out.push(t);
    if (t.kind !== "comment" && t.kind !== "block") prev = t;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || isLineBreak(c)) {
      i++;
      continue;
    }
    if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        const e = lineEnd(text, i);
        push({ kind: "comment", start: i, end: e });
        i = e;
        continue;
      }
      if (d === 42) {
        const close = text.indexOf("*/", i + 2);
        const e = close < 0 ? n : close + 2;
        push({ kind: "block", start: i, end: e });
        i = e;
        continue;
      }
      if (regexAllowed(text, prev)) {
        const e = regexEnd(text, i);
        if (e > 0) {
          push({ kind: "regex", start: i, end: e });
          i = e;
          continue;
        }
      }
    }
    if (c === 39 || c === 34) {
      const e = stringEnd(text, i, false);
      push({ kind: "string", start: i, end: e });
      i = e;
      continue;
    }
    if (c === 96 /* ` */) {
      const e = templateEnd(text, i + 1, templates);
      push({ kind: "template", start: i, end: e });
      i = e;
      continue;
    }
    if (templates.length > 0 && (c === 123 || c === 125)) {
      const top = templates.length - 1;
      if (c === 123) templates[top]++;
      else if (templates[top] > 0) templates[top]--;
      else {
        templates.pop();
        const e = templateEnd(text, i + 1, templates);
        push({ kind: "template", start: i, end: e });
        i = e;
        continue;
      }
    }
    if (c >= 48 && c <= 57 || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      NUMBER.lastIndex = i;
      NUMBER.exec(text);
      push({ kind: "number", start: i, end: NUMBER.lastIndex });
      i = NUMBER.lastIndex;
      continue;
    }
    IDENT.lastIndex = i;
    if (IDENT.exec(text)) {
      push({ kind: "ident", start: i, end: IDENT.lastIndex });
      i = IDENT.lastIndex;
      continue;
    }
    const before = out.length;
    i = punct(text, i, out);
    if (out.length > before) prev = out[out.length - 1];
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function punct(text: string, i: number, out: Token[]): number {
  PUNCT.lastIndex = i;
  PUNCT.exec(text);
  let e = PUNCT.lastIndex;
  if (e <= i) e = i + 1;
  const c = text.charCodeAt(i);
  const kind: TokenKind = c < 128 ? "punct" : "other";
  out.push({ kind, start: i, end: e });
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

function regexAllowed(text: string, prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === "punct") {
    const p = text.slice(prev.start, prev.end);
    return p !== ")" && p !== "]" && p !== "}";
  }
  if (prev.kind === "ident") return REGEX_AFTER.has(text.slice(prev.start, prev.end));
  return prev.kind === "other";
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
