// The one way Attune shows numbers, parameter values and durations to people: the CLI, the VS Code tree, hovers,
// status bar and notifications, and the panel all use these, so one value reads the same everywhere. Pure (the
// webview bundles it too). Machine-readable output (--json, CSV export) and source literals do not come through here.
import type { Literal, Scalar } from "./types";

/** What a missing value shows as, unless the caller wants something else (the panel's table: an empty cell). */
export const MISSING = "—";

/**
 * Four significant digits, but never fewer than the integer digits (123456.7 → 123457, 0.93125 → 0.9313); exponent
 * form below 0.001 and from 1e9 on (2.5e-5, 1.23e9); integers below 1e9 exactly. `-` for negatives (copyable), ∞ for
 * infinities, "NaN" for NaN; undefined or null → `missing`.
 */
export function formatNumber(x: number | undefined | null, missing = MISSING): string {
  if (x === undefined || x === null) return missing;
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e9) {
    if (Number.isInteger(x)) return String(x);
    const intDigits = a >= 1 ? Math.floor(Math.log10(a)) + 1 : 0;
    const shown = Number(x.toPrecision(Math.max(4, intDigits)));
    // Rounding can carry into the exponent range (999999999.7 → 1e9): only then fall through.
    if (Math.abs(shown) < 1e9) return String(shown);
  }
  return exponent(x);
}

/** 1.2345e-5 → "1.23e-5", 1e9 → "1e9": three significant digits, no "+" and no trailing zeros. */
function exponent(x: number): string {
  const [m, e] = x.toExponential(2).split("e");
  return `${m.includes(".") ? m.replace(/\.?0+$/, "") : m}e${e.replace("+", "")}`;
}

/**
 * A parameter's value: numbers as formatNumber, booleans and null as written, strings bare — or in double quotes with
 * `quote` (where the text must read as a literal, e.g. a hover's "Best: "adam"").
 */
export function formatLiteral(v: Literal | undefined, opts: { quote?: boolean; missing?: string } = {}): string {
  if (v === undefined) return opts.missing ?? MISSING;
  if (Array.isArray(v)) return `[${v.map((x) => formatLiteral(x, opts)).join(", ")}]`;
  if (typeof v === "number") return formatNumber(v, opts.missing);
  if (typeof v === "string") return opts.quote ? JSON.stringify(v) : v;
  return String(v);
}

/**
 * A duration in seconds: 40ms, 4.3s, 42s, 2m 05s, 1h 02m. Each unit is rounded before it is split, so 119.6 s is
 * 2m 00s (never 1m 60s) and 3599.6 s is 1h 00m. Negative, NaN, infinite or undefined → `missing`.
 */
export function formatDuration(seconds: number | undefined | null, missing = MISSING): string {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds) || seconds < 0) return missing;
  const ms = Math.round(seconds * 1000);
  if (ms < 100) return `${ms}ms`;
  const tenths = Math.round(seconds * 10);
  if (tenths < 100) return `${(tenths / 10).toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad2(s % 60)}s`;
  const m = Math.round(seconds / 60);
  return `${Math.floor(m / 60)}h ${pad2(m % 60)}m`;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** What a study optimizes, every objective with its direction: `maximize accuracy, minimize latency`. */
export function objectivesText(o: {
  direction: "minimize" | "maximize";
  metric?: string | undefined;
  directions?: readonly ("minimize" | "maximize")[] | undefined;
  metrics?: readonly string[] | undefined;
}): string {
  if (!o.directions || o.directions.length < 2) return `${o.direction} ${o.metric ?? "value"}`;
  return o.directions.map((d, i) => `${d} ${o.metrics?.[i] ?? `objective ${i + 1}`}`).join(", ");
}

/** Constraints as people read them: `latency ≤ 50, params ≤ 1e6`; empty without any. */
export function constraintsText(cs: readonly { metric: string; op: "<=" | ">="; bound: number }[] | undefined): string {
  return (cs ?? []).map((c) => `${c.metric} ${c.op === "<=" ? "≤" : "≥"} ${formatNumber(c.bound)}`).join(", ");
}

/** A list parameter's value with its length, so it reads as one list: `[256, 128, 64] (3 items)`. */
export function formatList(v: readonly Scalar[], opts: { quote?: boolean } = {}): string {
  return `${formatLiteral([...v], opts)} (${v.length} item${v.length === 1 ? "" : "s"})`;
}

/** Any parameter value for people: lists with their length (formatList), the rest as formatLiteral. */
export function formatParamValue(v: Literal | undefined, opts: { quote?: boolean } = {}): string {
  return Array.isArray(v) ? formatList(v, opts) : formatLiteral(v, opts);
}
