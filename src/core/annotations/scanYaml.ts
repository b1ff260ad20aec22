// A line scanner for YAML: finds real `#` comments (not inside quoted scalars or block scalars `|`/`>`) and, for
// each, the `key: value` or `- value` on its line. Covers block mappings and sequences; flow collections, anchors
// and tags are reported as not annotatable rather than guessed at.
import { decodeString, parseYamlPlain } from "./literals";
import type { LineIndex } from "./positions";
import type { Target, TargetResult } from "./target";
import type { Scalar } from "../types";

export interface YamlComment {
  /** Offset of the `#`. */
  start: number;
  end: number;
  ownLine: boolean;
  target: TargetResult;
}

const NO_VALUE: TargetResult = {
  reason: "this key has no value on its line (a nested mapping?); annotate the line of a scalar value",
};

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t";
}

/** End (exclusive) of a quoted scalar opened at `i`, or -1 when it does not close on this line. */
function quotedEnd(text: string, i: number, le: number): number {
  const j = closingQuote(text, i + 1, le, text[i]);
  return j < 0 ? -1 : j + 1;
}

/** Index of the quote `q` closing a scalar, from `from` (a backslash escapes in "...", `''` in '...'), or -1. */
function closingQuote(text: string, from: number, le: number, q: string): number {
  for (let j = from; j < le; j++) {
    if (q === '"' && text[j] === "\\") j++;
    else if (text[j] === q) {
      if (q === "'" && text[j + 1] === "'") j++;
      else return j;
    }
  }
  return -1;
}

/** First `#` that starts a comment in a flow collection or plain scalar from `i`, or -1. */
function commentIn(text: string, i: number, le: number, quoteAware: boolean): number {
  for (let j = i; j < le; j++) {
    const c = text[j];
    if (c === "#" && (j === 0 || isSpace(text[j - 1]))) return j;
    if (quoteAware && (c === '"' || c === "'") && (j === i || /[\s[{,:]/.test(text[j - 1]))) {
      const e = quotedEnd(text, j, le);
      if (e < 0) return -1;
      j = e - 1;
    }
  }
  return -1;
}

/** Records the comment that starts at the first non-blank from `from`, if one does, on the line [ls, le). */
function addComment(
  text: string,
  out: YamlComment[],
  ls: number,
  le: number,
  from: number,
  target: TargetResult,
): void {
  let j = from;
  while (j < le && isSpace(text[j])) j++;
  if (text[j] === "#" && (j === ls || isSpace(text[j - 1]))) out.push({ start: j, end: le, ownLine: false, target });
}

/** The target of a scalar at [litStart, litEnd), named by its key (a list item has none). */
function named(
  key: { name: string; start: number; end: number } | undefined,
  litStart: number,
  litEnd: number,
  value: Target["value"],
): TargetResult {
  return {
    target: {
      name: key?.name,
      nameStart: key ? key.start : litStart,
      nameEnd: key ? key.end : litStart,
      litStart,
      litEnd,
      value,
    },
  };
}

/** A one-line flow sequence of scalars `[a, "b", 3]` opened at `i`: its values and end, or undefined. */
function flowSequence(text: string, i: number, le: number): { values: Scalar[]; end: number } | undefined {
  const values: Scalar[] = [];
  let j = i + 1;
  for (;;) {
    while (j < le && isSpace(text[j])) j++;
    if (text[j] === "]") return { values, end: j + 1 };
    if (j >= le) return undefined;
    if (text[j] === '"' || text[j] === "'") {
      const qe = quotedEnd(text, j, le);
      const v = qe < 0 ? undefined : decodeString(text.slice(j, qe), "yaml");
      if (v === undefined) return undefined;
      values.push(v);
      j = qe;
    } else {
      let e = j;
      while (e < le && text[e] !== "," && text[e] !== "]") e++;
      const raw = text.slice(j, e).trim();
      if (!raw || /[[\]{}#&*!|>]/.test(raw) || /:(\s|$)/.test(raw)) return undefined;
      values.push(parseYamlPlain(raw));
      j = e;
    }
    while (j < le && isSpace(text[j])) j++;
    if (text[j] === ",") j++;
    else if (text[j] !== "]") return undefined;
  }
}

export function scanYaml(text: string, lines: LineIndex): YamlComment[] {
  const out: YamlComment[] = [];
  const starts = lines.starts;
  let blockIndent = -1; // inside a block scalar whose parent sits at this indent
  let openQuote: string | undefined; // inside a quoted scalar continued from an earlier line
  for (let li = 0; li < starts.length; li++) {
    const ls = starts[li];
    let le = li + 1 < starts.length ? starts[li + 1] : text.length;
    while (le > ls && (text[le - 1] === "\n" || text[le - 1] === "\r")) le--;
    let i = ls;
    while (i < le && text[i] === " ") i++;
    const indent = i - ls;
    if (blockIndent >= 0) {
      if (i === le || indent > blockIndent) continue;
      blockIndent = -1;
    }
    if (openQuote) {
      const j = closingQuote(text, i, le, openQuote);
      if (j < 0) continue;
      openQuote = undefined;
      addComment(text, out, ls, le, j + 1, { reason: "a quoted value spanning several lines cannot be annotated" });
      continue;
    }
    const carry = scanLine(text, { ls, le, indent }, i, out);
    openQuote = carry.openQuote;
    blockIndent = carry.blockIndent ?? -1;
  }
  return out;
}

/** One line [ls, le) of a YAML document, its first `indent` characters spaces. */
interface Line {
  ls: number;
  le: number;
  indent: number;
}

/** What a line leaves open for the next: a quoted scalar, or a block scalar whose parent sits at an indent. */
interface Carry {
  openQuote?: string;
  blockIndent?: number;
}

interface Key {
  name: string;
  start: number;
  end: number;
}

/** A line outside block and multi-line quoted scalars, from its first non-space `i`. */
function scanLine(text: string, line: Line, i: number, out: YamlComment[]): Carry {
  const { ls, le } = line;
  while (i < le && isSpace(text[i])) i++;
  if (i === le) return {};
  if (text[i] === "#") {
    out.push({ start: i, end: le, ownLine: true, target: { reason: "" } });
    return {};
  }
  if (text[i] === "%") return {};
  if ((text.startsWith("---", i) || text.startsWith("...", i)) && (i + 3 === le || isSpace(text[i + 3]))) {
    addComment(text, out, ls, le, i + 3, { reason: "a document marker has no value to annotate" });
    return {};
  }
  while (text[i] === "-" && (i + 1 === le || isSpace(text[i + 1]))) {
    i++;
    while (i < le && isSpace(text[i])) i++;
  }
  const k = readKey(text, i, le);
  if ("openQuote" in k) return k;
  return scanValue(text, line, k.valueAt, k.key, i, out);
}

/** The `key:` of a mapping entry at `i` (plain or quoted), and where its value starts (`i` when there is no key). */
function readKey(text: string, i: number, le: number): { key?: Key; valueAt: number } | { openQuote: string } {
  if (text[i] === '"' || text[i] === "'") {
    const qe = quotedEnd(text, i, le);
    if (qe < 0) return { openQuote: text[i] };
    let j = qe;
    while (j < le && isSpace(text[j])) j++;
    if (text[j] !== ":" || !(j + 1 === le || isSpace(text[j + 1]))) return { valueAt: i };
    const name = decodeString(text.slice(i, qe), "yaml");
    return { key: name !== undefined ? { name, start: i, end: qe } : undefined, valueAt: j + 1 };
  }
  if (text[i] === "[" || text[i] === "{" || text[i] === "?") return { valueAt: i };
  for (let j = i; j < le; j++) {
    if (text[j] === "#" && isSpace(text[j - 1])) break;
    if (text[j] === ":" && (j + 1 === le || isSpace(text[j + 1]))) {
      let e = j;
      while (e > i && isSpace(text[e - 1])) e--;
      return { key: { name: text.slice(i, e), start: i, end: e }, valueAt: j + 1 };
    }
  }
  return { valueAt: i };
}

/** The value from `valueAt` and the comment after it: annotatable when it is a one-line scalar or flow sequence. */
function scanValue(
  text: string,
  line: Line,
  valueAt: number,
  key: Key | undefined,
  nodeStart: number,
  out: YamlComment[],
): Carry {
  const { ls, le } = line;
  let v = valueAt;
  while (v < le && isSpace(text[v])) v++;
  const c = text[v];
  if (v === le || (c === "#" && isSpace(text[v - 1]))) {
    addComment(text, out, ls, le, v, NO_VALUE);
  } else if (c === '"' || c === "'") {
    const qe = quotedEnd(text, v, le);
    if (qe < 0) return { openQuote: c };
    const value = decodeString(text.slice(v, qe), "yaml");
    addComment(text, out, ls, le, qe, value === undefined ? NO_VALUE : named(key, v, qe, value));
  } else if (c === "|" || c === ">") {
    if (/^[|>][-+0-9]*$/.test(text.slice(v, le).split(/\s+#/)[0].trimEnd())) {
      addComment(text, out, ls, le, v + 1, {
        reason: "a block scalar (| or >) cannot be annotated; use a one-line value",
      });
      return { blockIndent: key ? key.start - ls : Math.max(line.indent, nodeStart - ls - 1) };
    }
  } else if (c === "[" && flowSequence(text, v, le)) {
    const seq = flowSequence(text, v, le)!;
    addComment(text, out, ls, le, seq.end, named(key, v, seq.end, seq.values));
  } else if (c === "[" || c === "{") {
    notAnnotatable(text, out, v, le, FLOW_COLLECTION);
  } else if (c === "&" || c === "*" || c === "!") {
    notAnnotatable(text, out, v, le, ANCHOR_OR_TAG);
  } else {
    const h = commentIn(text, v, le, false);
    let e = h >= 0 ? h : le;
    while (e > v && isSpace(text[e - 1])) e--;
    if (h >= 0)
      out.push({ start: h, end: le, ownLine: false, target: named(key, v, e, parseYamlPlain(text.slice(v, e))) });
  }
  return {};
}

const FLOW_COLLECTION =
  "values inside a flow collection ([...] or {...}) cannot be annotated; write one `key: value` per line";
const ANCHOR_OR_TAG = "anchors, aliases and tags cannot be annotated; annotate a plain `key: value` line";

/** The comment after a value that cannot be annotated, if there is one, reports why. */
function notAnnotatable(text: string, out: YamlComment[], v: number, le: number, reason: string): void {
  const h = commentIn(text, v, le, true);
  if (h >= 0) out.push({ start: h, end: le, ownLine: false, target: { reason } });
}
