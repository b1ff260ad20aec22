// Literal text ⇄ value, in each language's own syntax. Decoding and formatting are exact inverses for every value
// formatLiteral can produce, so `apply` followed by a new parse reads back exactly the values that were written.
import type { Literal, Scalar } from "../types";
import type { Language } from "./types";

const NUMBER_RE = /^(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;

/** Value of a number literal (sign and `_` separators allowed), or undefined (complex, BigInt, malformed). */
export function parseNumber(text: string): number | undefined {
  let t = text.replace(/\s+/g, "");
  let sign = 1;
  if (t.startsWith("-")) {
    sign = -1;
    t = t.slice(1);
  } else if (t.startsWith("+")) t = t.slice(1);
  if (t.includes("_")) {
    if (/^_|_$|__|_\.|\._|_[eE]|[eE]_/.test(t)) return undefined;
    t = t.replace(/_/g, "");
  }
  if (!NUMBER_RE.test(t)) return undefined;
  return sign * Number(t);
}

/** Does this number text denote a float (kept a float when rewritten)? */
function looksFloat(text: string): boolean {
  return !/^[-+\s]*0[xXoObB]/.test(text) && /[.eE]/.test(text);
}

// ---- strings ----

const PY_STRING = /^([rRuU]?)('''|"""|'|")([\s\S]*)\2$/;

/** Value of a string literal token, or undefined when it is not a plain string (f-string, bytes, template with ${}). */
export function decodeString(text: string, language: Language): string | undefined {
  if (language === "python") {
    const m = PY_STRING.exec(text);
    if (!m) return undefined;
    if (m[2].length === 1 && m[3].includes(m[2]) && !balancedEscapes(m[3], m[2])) return undefined;
    return m[1] === "r" || m[1] === "R" ? m[3] : unescapeC(m[3], "python");
  }
  if (language === "yaml") {
    if (text.length >= 2 && text[0] === "'" && text.endsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
    if (text.length >= 2 && text[0] === '"' && text.endsWith('"')) return unescapeC(text.slice(1, -1), "yaml");
    return undefined;
  }
  const q = text[0];
  if (text.length < 2 || (q !== "'" && q !== '"' && q !== "`") || text[text.length - 1] !== q) return undefined;
  const body = text.slice(1, -1);
  if (q === "`" && /(^|[^\\])(\\\\)*\$\{/.test(body)) return undefined;
  return unescapeC(body, "javascript");
}

/** Every occurrence of `q` in a single-quoted body is escaped (the token really ends at the last quote). */
function balancedEscapes(body: string, q: string): boolean {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\") i++;
    else if (body[i] === q) return false;
  }
  return true;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", v: "\v", "0": "\0" };

function unescapeC(s: string, lang: "python" | "javascript" | "yaml"): string {
  if (!s.includes("\\")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i];
    if (n in SIMPLE_ESCAPES && !(n === "0" && /[0-7]/.test(s[i + 1] ?? ""))) out += SIMPLE_ESCAPES[n];
    else if (n === "a" && lang !== "javascript") out += "\x07";
    else if (n === "e" && lang === "yaml") out += "\x1b";
    else if (n === "x" && /^[0-9a-fA-F]{2}/.test(s.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (n === "u" && lang === "javascript" && s[i + 1] === "{") {
      const close = s.indexOf("}", i);
      const cp = close > 0 ? parseInt(s.slice(i + 2, close), 16) : NaN;
      if (Number.isFinite(cp) && cp <= 0x10ffff) {
        out += String.fromCodePoint(cp);
        i = close;
      } else out += "u";
    } else if (n === "u" && /^[0-9a-fA-F]{4}/.test(s.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (n === "U" && lang !== "javascript" && /^[0-9a-fA-F]{8}/.test(s.slice(i + 1, i + 9))) {
      const cp = parseInt(s.slice(i + 1, i + 9), 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : s.slice(i - 1, i + 9);
      i += 8;
    } else if (n === "\n" || n === "\r") {
      if (n === "\r" && s[i + 1] === "\n") i++; // line continuation
    } else if (lang === "python" && !"\\'\"".includes(n))
      out += "\\" + n; // Python keeps unknown escapes
    else out += n;
  }
  return out;
}

/** Escape `s` for a C-like string delimited by `quote` (one or three characters). */
function escapeC(s: string, quote: string, lang: "python" | "javascript"): string {
  const q = quote[0];
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += "\\" + q;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += "\\x" + code.toString(16).padStart(2, "0");
    else if (
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0x85 ||
      (code >= 0xd800 && code <= 0xdfff && !isPairedSurrogate(s, i))
    )
      out += "\\u" + code.toString(16).padStart(4, "0");
    else if (q === "`" && ch === "$" && s[i + 1] === "{") out += "\\$";
    else out += ch;
  }
  void lang;
  return out;
}

function isPairedSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff;
  }
  const p = s.charCodeAt(i - 1);
  return p >= 0xd800 && p <= 0xdbff;
}

function formatString(value: string, language: Language, original: string): string {
  if (language === "yaml") {
    const q = original[0];
    const plainOk = !/['"]/.test(q ?? "") && isSafeYamlPlain(value);
    if (plainOk) return value;
    if (q === "'" && !/[\x00-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]/.test(value))
      return "'" + value.replace(/'/g, "''") + "'";
    return yamlDouble(value);
  }
  if (language === "python") {
    const m = /^([rRuU]?)('''|"""|'|")/.exec(original);
    const prefix = m ? m[1] : "";
    const quote = m ? m[2] : '"';
    if (
      (prefix === "r" || prefix === "R") &&
      !/[\\\x00-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]/.test(value) &&
      !value.includes(quote[0])
    )
      return prefix + quote + value + quote;
    const keep = prefix === "u" || prefix === "U" ? prefix : "";
    return keep + quote + escapeC(value, quote, "python") + quote;
  }
  const q = original[0] === "'" || original[0] === "`" || original[0] === '"' ? original[0] : '"';
  return q + escapeC(value, q, "javascript") + q;
}

/** A YAML plain scalar that every YAML reader (1.1 and 1.2) reads back as this same string. */
function isSafeYamlPlain(v: string): boolean {
  if (!/^[A-Za-z_][A-Za-z0-9_./-]*$/.test(v)) return false;
  if (/^(y|n|yes|no|on|off|true|false|null|~)$/i.test(v)) return false;
  return parseYamlPlain(v) === v;
}

function yamlDouble(v: string): string {
  let out = "";
  for (let i = 0; i < v.length; i++) {
    const ch = v[i];
    const code = v.charCodeAt(i);
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (
      code < 0x20 ||
      code === 0x7f ||
      code === 0x85 ||
      code === 0x2028 ||
      code === 0x2029 ||
      (code >= 0xd800 && code <= 0xdfff && !isPairedSurrogate(v, i))
    )
      out += "\\u" + code.toString(16).padStart(4, "0");
    else out += ch;
  }
  return '"' + out + '"';
}

/** Value of a YAML plain (unquoted) scalar under the YAML 1.2 core schema. */
export function parseYamlPlain(text: string): Scalar {
  const t = text.trim();
  if (/^(null|Null|NULL|~)?$/.test(t)) return null;
  if (/^(true|True|TRUE)$/.test(t)) return true;
  if (/^(false|False|FALSE)$/.test(t)) return false;
  if (
    /^[-+]?(\.[0-9][0-9_]*|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/.test(t) ||
    /^0x[0-9a-fA-F]+$|^0o[0-7]+$/.test(t)
  ) {
    const n = parseNumber(t);
    if (n !== undefined) return n;
  }
  return t;
}

// ---- numbers ----

function formatNumber(v: number, language: Language, original: string): string {
  if (Number.isNaN(v)) return language === "python" ? 'float("nan")' : language === "yaml" ? ".nan" : "NaN";
  if (!Number.isFinite(v)) {
    const neg = v < 0 ? "-" : "";
    return language === "python" ? `float("${neg}inf")` : language === "yaml" ? `${neg}.inf` : `${neg}Infinity`;
  }
  const keepFloat = language !== "javascript" && language !== "typescript" && looksFloat(original);
  if (Number.isInteger(v) && Math.abs(v) < 1e16) {
    let s = String(v);
    if (original.includes("_") && !keepFloat) s = s.replace(/\B(?=(\d{3})+(?!\d))/g, "_");
    return keepFloat ? s + ".0" : s;
  }
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e16) return String(v);
  // Tiny and huge reals in 1e-5 style: shortest digits that read back as exactly this number.
  const parts = v.toExponential().split("e");
  let mant = parts[0];
  const exp = parts[1];
  if (language === "yaml") {
    // YAML 1.1 readers (PyYAML) want a dot in the mantissa and a signed exponent to see a float.
    if (!mant.includes(".")) mant += ".0";
    return `${mant}e${exp}`;
  }
  return `${mant}e${exp.replace("+", "")}`;
}

/**
 * Text of a literal in the file's own syntax: True/False/None in Python, the original quote style for strings,
 * numbers compact (ints as ints, 1e-5 style for tiny or huge reals; a Python/YAML float stays a float).
 */
export function formatLiteral(value: Literal, language: Language, originalText: string): string {
  if (Array.isArray(value)) return formatList(value, language, originalText);
  if (value === null) return language === "python" ? "None" : "null";
  if (typeof value === "boolean") return language === "python" ? (value ? "True" : "False") : value ? "true" : "false";
  if (typeof value === "number") return formatNumber(value, language, originalText);
  return formatString(String(value), language, originalText);
}

// ---- lists ----

/**
 * A list literal `[a, b]` in the original's style: its spacing after commas, and each element formatted like the
 * original element at the same position (or its last one), so quotes and float-ness carry over.
 */
function formatList(values: Scalar[], language: Language, originalText: string): string {
  const inner = originalText.trim().replace(/^\[/, "").replace(/\]$/, "");
  const parts = splitElements(inner);
  const sep = /,\s/.test(inner) || parts.length < 2 ? ", " : ",";
  const styleOf = (i: number) => (parts.length ? parts[Math.min(i, parts.length - 1)].trim() : "");
  return `[${values.map((v, i) => formatLiteral(v, language, styleOf(i))).join(sep)}]`;
}

/** Top-level comma-separated pieces of a list literal's inside (commas in quotes do not split), empty ones dropped. */
export function splitElements(inner: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quote = "";
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === ",") {
      out.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  out.push(inner.slice(start));
  return out.filter((p) => p.trim() !== "");
}
