// What Start Tuning proposes: the file's `@tune` directives win over settings, settings over built-in defaults; and
// the checks on what the user types. Pure.
import { parseDuration } from "../../core/annotations/directives";
import type { Directives } from "../../core/annotations/types";
import { gridCoverage } from "../../core/samplers/grid";

// The quick pick lists every algorithm, with the same descriptions as the setting (docs/editor.md).
export { ALGORITHM_INFO } from "../../core/algorithmNames";

export interface StartDefaults {
  algorithm: string;
  trials: number;
  parallel: number;
  /** A duration such as `10m`; undefined: none (or the file's directive, which the CLI reads itself). */
  timeout?: string;
  /** Where each value came from, for the quick pick's hints. */
  from: { algorithm: Source; trials: Source; parallel: Source };
  /** The count was set by the file's directive or the user's settings (not the built-in default): a grid obeys it. */
  trialsSet: boolean;
}
export type Source = "file" | "settings" | "study";

export interface SettingsLike {
  defaultAlgorithm: string;
  trials: number;
  parallel: number;
  timeout: string;
  /** The user set `attune.trials` (at any level); false when it is only the built-in default. */
  trialsSet?: boolean;
}

/**
 * Prefill for a file. `done` is how many trials its study already counts: `--trials` is the study's total, so a
 * second Start Tuning proposes that many more instead of a number the study has already reached.
 */
export function startDefaults(d: Directives, s: SettingsLike, done = 0): StartDefaults {
  const algorithm = d.algorithm ?? s.defaultAlgorithm;
  const per = d.trials ?? s.trials;
  return {
    algorithm,
    trials: done > 0 ? done + per : per,
    parallel: d.parallel ?? s.parallel,
    ...(s.timeout ? { timeout: s.timeout } : {}),
    from: {
      algorithm: d.algorithm ? "file" : "settings",
      trials: done > 0 ? "study" : d.trials ? "file" : "settings",
      parallel: d.parallel ? "file" : "settings",
    },
    trialsSet: d.trials !== undefined || s.trialsSet === true,
  };
}

/**
 * The count to prefill once the algorithm is picked. A grid runs whole (`gridPoints`, the study's total) unless the
 * file or the user's settings give a count.
 */
export function trialsFor(algorithm: string, d: StartDefaults, gridPoints: number | undefined, done = 0): number {
  if (algorithm !== "grid" || gridPoints === undefined || d.trialsSet) return d.trials;
  return Math.max(gridPoints, done + 1);
}

/** Said under the typed count when it runs only part of the grid. */
export function gridCountNote(gridPoints: number, text: string): string | undefined {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n >= gridPoints) return undefined;
  return gridCoverage(gridPoints, n, (all) => `type ${all}`);
}

/** undefined when `text` is a whole number in [min, max]; otherwise what is wrong. */
export function checkCount(text: string, what: string, min: number, max: number): string | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return `${what}: type a whole number`;
  const n = Number(t);
  if (n < min) return `${what}: at least ${min}`;
  if (n > max) return `${what}: at most ${max}`;
  return undefined;
}

/** A per-trial timeout the CLI accepts: `90s`, `10m`, `1h`, `1h30m`, or plain seconds. */
export function checkDuration(text: string): string | undefined {
  if (!text.trim()) return undefined;
  const ms = parseDuration(text);
  return ms !== undefined && ms > 0 ? undefined : "timeout: use a duration such as 90s, 10m or 1h30m";
}
