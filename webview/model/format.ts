// Number, duration and literal formatting for the panel: short, stable widths, no locale surprises. Pure.
import type { TrialRow } from "../../src/protocol/messages";

type Lit = TrialRow["params"][string];

/** Four significant digits; exponent form for very large or small magnitudes (learning rates). */
export function formatNumber(x: number | undefined | null): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return "";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e7) return String(x);
  if (a >= 1e5 || a < 1e-3) return trimExp(x.toExponential(2));
  return String(Number(x.toPrecision(4)));
}

function trimExp(s: string): string {
  // 1.00e-5 → 1e-5, 1.20e-5 → 1.2e-5, and drop the "+" in e+7
  const [m, e] = s.split("e");
  return `${m.replace(/\.?0+$/, "")}e${e.replace("+", "")}`;
}

export function formatLiteral(v: Lit | undefined): string {
  if (v === undefined) return "";
  if (v === null) return "null";
  if (typeof v === "number") return formatNumber(v);
  return String(v);
}

/** 0.4s, 12.3s, 4m 05s, 2h 03m. */
export function formatDuration(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s) || s < 0) return "";
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)}s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    return `${m}m ${String(Math.floor(s - m * 60)).padStart(2, "0")}s`;
  }
  const h = Math.floor(s / 3600);
  return `${h}h ${String(Math.floor((s - h * 3600) / 60)).padStart(2, "0")}m`;
}

/** A running trial's duration counts up to `now`; finished trials use what the host measured. */
export function trialDuration(t: TrialRow, now: number): number | undefined {
  if (t.durationS !== undefined) return t.durationS;
  if (t.startedAt !== undefined && t.finishedAt !== undefined) return (t.finishedAt - t.startedAt) / 1000;
  if (t.state === "running" && t.startedAt !== undefined) return Math.max(0, (now - t.startedAt) / 1000);
  return undefined;
}

/** The last step a trial reported (its progress), or undefined before the first report. */
export function lastStep(t: TrialRow): number | undefined {
  const last = t.intermediate[t.intermediate.length - 1];
  return last ? last[0] : undefined;
}
