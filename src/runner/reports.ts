// Metric reports in a trial's output (docs/trials.md): `@tune {json}` protocol lines, `@tune-meta {json}` facts about
// the run, and plain `name: number` / `name=number` text such as Keras progress lines. Pure: no I/O.

export interface ParsedReport {
  step?: number;
  metrics: Record<string, number>;
}

export interface ParsedLine {
  kind: "protocol" | "plain" | "meta";
  step?: number;
  metrics: Record<string, number>;
  meta?: Record<string, unknown>;
}

const PROTOCOL = /@tune(-meta)?\s*(\{.*\})\s*$/;

// `name: 1.5`, `name=1e-3`, `'name': 0.3` (Python dict repr), `"name": 2` (JSON-ish logs).
// The name must start where no other name character precedes it, so `accuracy` never matches inside
// `val_accuracy`; the number must end where no word follows (`10ms`, `1.2.3` are not metrics), nor a clock's or a
// list's next part (`ETA: 1:05`, `1,234.5`, `0,5`: taking the first digits would report a wrong value).
const NUMBER = String.raw`[-+]?(?:(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|NaN|NAN|inf|Inf|INF|infinity|Infinity)`;
// Names may hold any letters (`précision`): a name starting after `é` would be the tail of another word.
const PLAIN = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.\-/'"])(['"]?)([\p{L}_][\p{L}\p{N}_.\-/]*)\1\s*[:=]\s*(${NUMBER})(?![\p{L}\p{N}_.]*[\p{L}\p{N}_])(?![:,]\d)`,
  "gu",
);

// Terminal escape sequences (colours, bold: Keras 3's progress bar, coloured loggers) are not part of the text.
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;

/** Parses one complete output line (already free of `\r` redraws and backspaces). */
export function parseLine(line: string): ParsedLine | undefined {
  if (line.includes("\x1b")) line = line.replace(ANSI, "");
  if (line.includes("@tune")) {
    const m = PROTOCOL.exec(line);
    if (m) {
      const obj = parseLooseJson(m[2]);
      if (obj !== undefined) {
        if (m[1]) return { kind: "meta", metrics: {}, meta: obj };
        return { kind: "protocol", ...metricsOf(obj) };
      }
    }
  }
  const metrics: Record<string, number> = {};
  let found = false;
  PLAIN.lastIndex = 0;
  for (let m = PLAIN.exec(line); m; m = PLAIN.exec(line)) {
    metrics[m[2]] = toNumber(m[3]);
    found = true;
  }
  if (!found) return undefined;
  let step: number | undefined;
  if (Number.isFinite(metrics.step)) {
    step = metrics.step;
    delete metrics.step;
  } else if (Number.isFinite(metrics.epoch)) {
    step = metrics.epoch;
  }
  return { kind: "plain", step, metrics };
}

/**
 * docs/trials.md report parsing of one line: a protocol line or plain `metric: number` text. Meta lines are not
 * reports.
 */
export function parseReportLine(line: string): ParsedReport | undefined {
  const p = parseLine(line);
  if (!p || p.kind === "meta") return undefined;
  return p.step === undefined ? { metrics: p.metrics } : { step: p.step, metrics: p.metrics };
}

function metricsOf(obj: Record<string, unknown>): ParsedReport {
  const metrics: Record<string, number> = {};
  let step: number | undefined;
  for (const [k, v] of Object.entries(obj)) {
    const n = typeof v === "number" ? v : typeof v === "string" && NON_FINITE.has(v) ? NON_FINITE.get(v)! : undefined;
    if (n === undefined) continue;
    if (k === "step") {
      if (Number.isFinite(n)) step = n;
    } else metrics[k] = n;
  }
  return step === undefined ? { metrics } : { step, metrics };
}

const NON_FINITE = new Map<string, number>([
  ["\u0000NaN", NaN],
  ["\u0000Infinity", Infinity],
  ["\u0000-Infinity", -Infinity],
]);

/** JSON.parse that also takes Python's `json.dumps` output for NaN and ±Infinity. */
function parseLooseJson(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const patched = text.replace(/("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)/g, (all, str, bare) =>
      str ? all : JSON.stringify("\u0000" + bare),
    );
    try {
      value = JSON.parse(patched);
    } catch {
      return undefined;
    }
  }
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function toNumber(text: string): number {
  const t = text.replace(/_/g, "");
  const lower = t.toLowerCase().replace(/^\+/, "");
  if (lower === "nan" || lower === "-nan") return NaN;
  if (lower === "inf" || lower === "infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  return Number(t);
}
