// Short, stable renderings of values for trees, hovers and the status bar. Pure.
import type { Literal } from "../../core/types";

/** A number with ~4 significant digits, in exponent form when tiny or huge. */
export function formatNumber(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return "—";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e7) return String(x);
  if (a >= 1e-3 && a < 1e6) return String(Number(x.toPrecision(4)));
  return x.toExponential(2).replace(/\.?0+e/, "e");
}

export function formatLiteralValue(v: Literal | undefined): string {
  if (v === undefined) return "—";
  if (Array.isArray(v)) return `[${v.map((x) => formatLiteralValue(x)).join(", ")}]`;
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

/** 0.4 s, 12 s, 3m 05s, 1h 02m. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "—";
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m ${String(Math.round(seconds - m * 60)).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m - h * 60).padStart(2, "0")}m`;
}
