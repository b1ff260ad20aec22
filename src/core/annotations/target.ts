// Finds what an end-of-line annotation refers to: the LAST literal on the line (before the comment) that stands in
// an assignable position — `name = lit`, `obj.x = lit`, `d["x"] = lit`, `const x: T = lit`, `f(key=lit)` or an
// object/dict key `key: lit` — and the name of its target.
import type { Literal, Scalar } from "../types";
import { decodeString, parseNumber } from "./literals";
import type { Token } from "./scanCode";
import type { Language } from "./types";

export interface Target {
  /** Target's last identifier or key; undefined for a bare value (YAML list item), which needs @tune(name=...). */
  name?: string;
  nameStart: number;
  nameEnd: number;
  litStart: number;
  litEnd: number;
  value: Literal;
}

export type TargetResult = { target: Target; reason?: undefined } | { target?: undefined; reason: string };

const MODIFIERS = new Set([
  "const",
  "let",
  "var",
  "export",
  "declare",
  "public",
  "private",
  "protected",
  "readonly",
  "static",
  "override",
  "accessor",
  "global",
  "nonlocal",
]);
const FOLLOWERS = new Set([",", ";", ")", "]", "}"]);
const UNARY_AFTER = new Set(["=", ":", "(", "[", ",", "{"]);

/**
 * `lineTokens`: the code tokens on the annotation's line, before its comment. `openAtLineStart`: brackets still open
 * where the line begins (Python: inside them a line is a continuation, where `a=1,` is a keyword argument, not a tuple).
 */
export function findTarget(text: string, language: Language, lineTokens: Token[], openAtLineStart = 0): TargetResult {
  const tx = (t: Token | undefined) => (t ? text.slice(t.start, t.end) : "");
  const isP = (t: Token | undefined, p: string) => !!t && t.kind === "punct" && text.slice(t.start, t.end) === p;
  /** Python: is lineTokens[i] at statement level, outside every bracket? */
  const topLevel = (i: number) => {
    if (language !== "python") return false;
    let depth = openAtLineStart;
    for (let j = 0; j < i; j++) {
      const p = lineTokens[j].kind === "punct" ? tx(lineTokens[j]) : "";
      if (p === "(" || p === "[" || p === "{") depth++;
      else if ((p === ")" || p === "]" || p === "}") && depth > 0) depth--;
    }
    return depth === 0;
  };
  let sawAssign = false;
  let sawTuple = false;
  for (let k = lineTokens.length - 1; k >= 0; k--) {
    // A list literal `[256, 128]` ending here: its `[` and values, then the same target rules as for a scalar.
    const list = isP(lineTokens[k], "]") ? listLiteral(text, language, lineTokens, k) : undefined;
    const value = list ? list.value : literalValue(text, language, lineTokens[k]);
    if (value === undefined) {
      if (isP(lineTokens[k], "=") || isP(lineTokens[k], ":")) sawAssign = true;
      continue;
    }
    const next = lineTokens[k + 1];
    if (next) {
      const p = next.kind === "punct" ? tx(next) : "";
      const lastColon = language === "python" && p === ":" && k + 2 === lineTokens.length;
      if (!FOLLOWERS.has(p) && !lastColon) continue;
    }
    let s = list ? list.open : k;
    let v = value;
    if (typeof v === "number" && (isP(lineTokens[k - 1], "-") || isP(lineTokens[k - 1], "+"))) {
      const before = lineTokens[k - 2];
      if (!before || (before.kind === "punct" && UNARY_AFTER.has(tx(before)))) {
        s = k - 1;
        if (isP(lineTokens[k - 1], "-")) v = -v;
      }
    }
    const lit = { litStart: lineTokens[s].start, litEnd: lineTokens[k].end, value: v };
    const op = lineTokens[s - 1];
    if (isP(op, "=")) {
      // `a = 1, 2` and `a, b = 1, 2` assign tuples: which element is meant is anyone's guess.
      if (topLevel(s) && (isP(next, ",") || hasTopComma(text, lineTokens, s - 1))) {
        sawTuple = true;
        continue;
      }
      const name = assignTarget(text, language, lineTokens, s - 1);
      if (name) return { target: { ...name, ...lit } };
    } else if (isP(op, ":")) {
      const key = lineTokens[s - 2];
      const before = lineTokens[s - 3];
      if (key && (!before || isP(before, "{") || isP(before, ","))) {
        const name = keyName(text, language, key);
        if (name !== undefined) return { target: { name, nameStart: key.start, nameEnd: key.end, ...lit } };
      }
    }
  }
  if (sawTuple)
    return {
      reason:
        "this line assigns a tuple (`a, b = 1, 2` or `a = 1, 2`); put the tuned value on a line of its own: `a = 1`",
    };
  return {
    reason: sawAssign
      ? "the value assigned on this line is not a single literal; annotate a line like `name = 0.1` or `key: 0.1`"
      : "no assignable literal on this line; an annotation goes at the end of a line like `name = 0.1` or `key: 0.1`",
  };
}

/** Python: does the assignment target before lineTokens[eq] (an `=`) list several names, `a, b = ...`? */
function hasTopComma(text: string, toks: Token[], eq: number): boolean {
  let depth = 0;
  for (let i = eq - 1; i >= 0; i--) {
    const p = toks[i].kind === "punct" ? text.slice(toks[i].start, toks[i].end) : "";
    if (p === ")" || p === "]" || p === "}") depth++;
    else if (p === "(" || p === "[" || p === "{") {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && (p === "=" || p === ";")) return false;
    else if (depth === 0 && p === ",") return true;
  }
  return false;
}

/**
 * The list literal whose `]` is toks[close]: `[` then scalar literals (a number may carry a sign) separated by commas,
 * a trailing comma allowed. Undefined when anything else is inside (nested lists, names, calls).
 */
function listLiteral(
  text: string,
  language: Language,
  toks: Token[],
  close: number,
): { open: number; value: Scalar[] } | undefined {
  const tx = (t: Token) => (t.kind === "punct" ? text.slice(t.start, t.end) : "");
  const values: Scalar[] = [];
  let i = close - 1;
  if (i >= 0 && tx(toks[i]) === ",") i--; // trailing comma
  for (; i >= 0;) {
    if (tx(toks[i]) === "[" && values.length === 0) return { open: i, value: values };
    let v = literalValue(text, language, toks[i]);
    if (v === undefined) return undefined;
    const sign = i > 0 ? tx(toks[i - 1]) : "";
    if (typeof v === "number" && (sign === "-" || sign === "+")) {
      if (sign === "-") v = -v;
      i--;
    }
    values.unshift(v as Scalar);
    i--;
    if (i < 0) return undefined;
    const p = tx(toks[i]);
    if (p === "[") return { open: i, value: values };
    if (p !== ",") return undefined;
    i--;
  }
  return undefined;
}

/** The value of a literal token in this language, or undefined when the token is not a literal. */
function literalValue(text: string, language: Language, t: Token): Literal | undefined {
  const s = text.slice(t.start, t.end);
  switch (t.kind) {
    case "number":
      return parseNumber(s);
    case "string":
    case "template":
      return decodeString(s, language);
    case "ident":
      if (language === "python") return s === "True" ? true : s === "False" ? false : s === "None" ? null : undefined;
      return s === "true" ? true : s === "false" ? false : s === "null" ? null : undefined;
    default:
      return undefined;
  }
}

function keyName(text: string, language: Language, t: Token): string | undefined {
  if (t.kind === "ident") return text.slice(t.start, t.end);
  if (t.kind === "string") return decodeString(text.slice(t.start, t.end), language);
  return undefined;
}

/** Name of the assignment target ending just before lineTokens[eq] (an `=`), or undefined. */
function assignTarget(
  text: string,
  language: Language,
  toks: Token[],
  eq: number,
): { name: string; nameStart: number; nameEnd: number } | undefined {
  const tx = (t: Token) => text.slice(t.start, t.end);
  // Walk back to the start of this assignment: an unmatched opener, a `,` `;` or `=` outside brackets.
  let depth = 0;
  let start = eq;
  while (start > 0) {
    const t = toks[start - 1];
    if (t.kind === "punct") {
      const p = tx(t);
      if (p === ")" || p === "]" || p === "}") depth++;
      else if (p === "(" || p === "[" || p === "{") {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (p === "," || p === ";" || p === "=")) break;
    }
    start--;
  }
  let p = start;
  while (p + 1 < eq && toks[p].kind === "ident" && MODIFIERS.has(tx(toks[p])) && toks[p + 1].kind === "ident") p++;
  if (p < eq && toks[p].kind === "punct" && tx(toks[p]) === "#" && language !== "python") p++; // #private field
  if (p >= eq || toks[p].kind !== "ident") return undefined;
  let nameTok = toks[p++];
  let name: string | undefined = tx(nameTok);
  while (p < eq) {
    const t = toks[p];
    const s = t.kind === "punct" ? tx(t) : "";
    if ((s === "." || s === "?.") && toks[p + 1]?.kind === "ident" && p + 1 < eq) {
      nameTok = toks[p + 1];
      name = tx(nameTok);
      p += 2;
    } else if (
      s === "[" &&
      p + 2 < eq &&
      toks[p + 1].kind === "string" &&
      toks[p + 2].kind === "punct" &&
      tx(toks[p + 2]) === "]"
    ) {
      nameTok = toks[p + 1];
      name = decodeString(tx(nameTok), language);
      p += 3;
    } else break;
  }
  if (name === undefined) return undefined;
  if (p < eq) {
    // A type annotation: `x: int = 5`, `lr: number = 1e-3`, `x?: number = 1`, `x!: number = 1`.
    const s = tx(toks[p]);
    const colonAt = s === ":" ? p : (s === "?" || s === "!") && p + 1 < eq && tx(toks[p + 1]) === ":" ? p + 1 : -1;
    if (colonAt < 0 || colonAt + 1 >= eq) return undefined;
  }
  return { name, nameStart: nameTok.start, nameEnd: nameTok.end };
}
