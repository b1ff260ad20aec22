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
  const q = text[i];
  for (let j = i + 1; j < le; j++) {
    if (q === '"' && text[j] === "\\") j++;
    else if (text[j] === q) {
      if (q === "'" && text[j + 1] === "'") j++;
      else return j + 1;
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
      let j = i;
      for (; j < le; j++) {
        if (openQuote === '"' && text[j] === "\\") j++;
        else if (text[j] === openQuote) {
          if (openQuote === "'" && text[j + 1] === "'") j++;
          else break;
        }
      }
      if (j >= le) continue;
      openQuote = undefined;
      addComment(text, out, ls, le, j + 1, { reason: "a quoted value spanning several lines cannot be annotated" });
      continue;
    }
    while (i < le && isSpace(text[i])) i++;
    if (i === le) continue;
    if (text[i] === "#") {
      out.push({ start: i, end: le, ownLine: true, target: { reason: "" } });
      continue;
    }
    if (text[i] === "%") continue;
    if ((text.startsWith("---", i) || text.startsWith("...", i)) && (i + 3 === le || isSpace(text[i + 3]))) {
      addComment(text, out, ls, le, i + 3, { reason: "a document marker has no value to annotate" });
      continue;
    }
    while (text[i] === "-" && (i + 1 === le || isSpace(text[i + 1]))) {
      i++;
      while (i < le && isSpace(text[i])) i++;
    }
    const nodeStart = i;
    let key: { name: string; start: number; end: number } | undefined;
    let valueAt = i;
    if (text[i] === '"' || text[i] === "'") {
      const qe = quotedEnd(text, i, le);
      if (qe < 0) {
        openQuote = text[i];
        continue;
      }
      let j = qe;
      while (j < le && isSpace(text[j])) j++;
      if (text[j] === ":" && (j + 1 === le || isSpace(text[j + 1]))) {
        const name = decodeString(text.slice(i, qe), "yaml");
        if (name !== undefined) key = { name, start: i, end: qe };
        valueAt = j + 1;
      }
    } else if (text[i] !== "[" && text[i] !== "{" && text[i] !== "?") {
      for (let j = i; j < le; j++) {
        if (text[j] === "#" && isSpace(text[j - 1])) break;
        if (text[j] === ":" && (j + 1 === le || isSpace(text[j + 1]))) {
          let e = j;
          while (e > i && isSpace(text[e - 1])) e--;
          key = { name: text.slice(i, e), start: i, end: e };
          valueAt = j + 1;
          break;
        }
      }
    }
    let v = valueAt;
    while (v < le && isSpace(text[v])) v++;
    const c = text[v];
    if (v === le || (c === "#" && isSpace(text[v - 1]))) {
      addComment(text, out, ls, le, v, NO_VALUE);
    } else if (c === '"' || c === "'") {
      const qe = quotedEnd(text, v, le);
      if (qe < 0) {
        openQuote = c;
        continue;
      }
      const value = decodeString(text.slice(v, qe), "yaml");
      addComment(text, out, ls, le, qe, value === undefined ? NO_VALUE : named(key, v, qe, value));
    } else if (c === "|" || c === ">") {
      if (/^[|>][-+0-9]*$/.test(text.slice(v, le).split(/\s+#/)[0].trimEnd())) {
        blockIndent = key ? key.start - ls : Math.max(indent, nodeStart - ls - 1);
        addComment(text, out, ls, le, v + 1, {
          reason: "a block scalar (| or >) cannot be annotated; use a one-line value",
        });
      }
    } else if (c === "[" && flowSequence(text, v, le)) {
      const seq = flowSequence(text, v, le)!;
      addComment(text, out, ls, le, seq.end, named(key, v, seq.end, seq.values));
    } else if (c === "[" || c === "{") {
      const h = commentIn(text, v, le, true);
      if (h >= 0)
        out.push({
          start: h,
          end: le,
          ownLine: false,
          target: {
            reason:
              "values inside a flow collection ([...] or {...}) cannot be annotated; write one `key: value` per line",
          },
        });
    } else if (c === "&" || c === "*" || c === "!") {
      const h = commentIn(text, v, le, true);
      if (h >= 0)
        out.push({
          start: h,
          end: le,
          ownLine: false,
          target: { reason: "anchors, aliases and tags cannot be annotated; annotate a plain `key: value` line" },
        });
    } else {
      const h = commentIn(text, v, le, false);
      let e = h >= 0 ? h : le;
      while (e > v && isSpace(text[e - 1])) e--;
      if (h >= 0)
        out.push({ start: h, end: le, ownLine: false, target: named(key, v, e, parseYamlPlain(text.slice(v, e))) });
    }
  }
  return out;
}
