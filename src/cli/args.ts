// A small, strict argv parser: unknown flags and missing values are usage errors (exit 2) that say what to type.

export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags that take a value. */
  values: string[];
  /** Flags that are switches. */
  switches: string[];
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string>;
  switches: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith("--") || a === "-") {
      if (a.startsWith("-") && a.length > 1) throw new UsageError(`unknown option ${a}`);
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (spec.switches.includes(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      out.switches.add(name);
    } else if (spec.values.includes(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      out.flags.set(name, value);
    } else {
      const all = [...spec.values, ...spec.switches].map((f) => `--${f}`).join(", ");
      throw new UsageError(`unknown option --${name}${all ? ` (options: ${all})` : ""}`);
    }
  }
  return out;
}

export function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a whole number ≥ 1; got ${JSON.stringify(text)}`);
  return n;
}

export function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} must be a whole number; got ${JSON.stringify(text)}`);
  return n;
}

/** "90s", "10m", "1.5h", "500ms", or bare seconds → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? "s";
  const ms = unit === "ms" ? n : unit === "s" ? n * 1e3 : unit === "m" ? n * 60e3 : n * 3600e3;
  return ms > 0 ? ms : undefined;
}

export function duration(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new UsageError(`--${name} must be a duration like 90s, 10m or 1.5h; got ${JSON.stringify(text)}`);
  return ms;
}
