// The pure parts of one-shot architecture search (docs/model-search.md#one-shot-search): a space of choices, each
// relaxed into softmax(α) over its options (DARTS); the architecture derived from α, with the collapse guard (at most
// `maxFree` parameter-free picks, never an architecture without parameters); candidates sampled from α; Kendall τ.
import type { Rng } from "./rng";

/** One decision of the supernet: its options, and which of them are parameter-free (skip, identity, "none"). */
export interface OneshotChoice {
  name: string;
  options: readonly (number | string)[];
  /** Indices of parameter-free options. */
  free?: readonly number[];
}

/** An architecture: the option index picked for each choice, in the space's order. */
export type Picks = number[];

export function softmax(xs: readonly number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

const isFree = (c: OneshotChoice, k: number) => !!c.free?.includes(k);

/** How many parameter-free options a derived architecture may keep: half of the choices that offer one (P-DARTS
 * caps skip connections the same way), rounded down. */
export function defaultMaxFree(space: readonly OneshotChoice[]): number {
  return Math.floor(space.filter((c) => c.free?.length).length / 2);
}

/** The guard: picks with more than `maxFree` parameter-free options (or only parameter-free ones) keep those whose
 * weight leads their best parameterized option by the widest margin; the others take that option instead. */
export function guardPicks(
  space: readonly OneshotChoice[],
  weights: readonly (readonly number[])[],
  picks: Picks,
  maxFree: number,
): { picks: Picks; replaced: string[] } {
  const out = [...picks];
  const bestParam = (i: number) => {
    let best = -1;
    space[i].options.forEach((_, k) => {
      if (!isFree(space[i], k) && (best < 0 || weights[i][k] > weights[i][best])) best = k;
    });
    return best;
  };
  const free = out
    .map((k, i) => ({ i, margin: weights[i][k] - (bestParam(i) >= 0 ? weights[i][bestParam(i)] : -Infinity) }))
    .filter(({ i }) => isFree(space[i], out[i]))
    .sort((a, b) => b.margin - a.margin);
  const parameterized = out.some((k, i) => !isFree(space[i], k));
  const keep = Math.min(maxFree, parameterized ? free.length : free.length - 1);
  const replaced: string[] = [];
  for (const { i } of free.slice(Math.max(0, keep))) {
    const k = bestParam(i);
    if (k < 0) continue;
    out[i] = k;
    replaced.push(space[i].name);
  }
  return { picks: out, replaced };
}

/** The argmax of each choice's α, then the guard. `replaced` names the choices the guard overrode. */
export function deriveArchitecture(
  space: readonly OneshotChoice[],
  alpha: readonly (readonly number[])[],
  maxFree = defaultMaxFree(space),
): { picks: Picks; replaced: string[]; weights: number[][] } {
  const weights = alpha.map((a) => softmax(a));
  const argmax = weights.map((w) => w.indexOf(Math.max(...w)));
  return { ...guardPicks(space, weights, argmax, maxFree), weights };
}

/** Whether an architecture keeps at most `maxFree` parameter-free picks and at least one parameterized one. */
export function allowed(space: readonly OneshotChoice[], picks: Picks, maxFree = defaultMaxFree(space)): boolean {
  const free = picks.filter((k, i) => isFree(space[i], k)).length;
  return free <= maxFree && free < picks.length;
}

/** Up to `n` distinct allowed architectures drawn from softmax(α) (uniformly where `alpha` is undefined). */
export function sampleCandidates(
  space: readonly OneshotChoice[],
  n: number,
  rng: Rng,
  alpha?: readonly (readonly number[])[],
): Picks[] {
  const seen = new Set<string>();
  const out: Picks[] = [];
  for (let tries = 0; out.length < n && tries < n * 50; tries++) {
    const picks = space.map((c, i) => {
      const w = alpha ? softmax(alpha[i]) : c.options.map(() => 1 / c.options.length);
      let u = rng.random();
      for (let k = 0; k < w.length; k++) if ((u -= w[k]) < 0) return k;
      return w.length - 1;
    });
    const key = picks.join(",");
    if (seen.has(key) || !allowed(space, picks)) continue;
    seen.add(key);
    out.push(picks);
  }
  return out;
}

/** The picks as named values: { choice: option }. */
export function namedPicks(space: readonly OneshotChoice[], picks: Picks): Record<string, number | string> {
  return Object.fromEntries(space.map((c, i) => [c.name, c.options[picks[i]]]));
}

/** Kendall's τ-b between two paired samples (ties in either count as neither concordant nor discordant). */
export function kendallTau(xs: readonly number[], ys: readonly number[]): number {
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < xs.length; i++)
    for (let j = i + 1; j < xs.length; j++) {
      const dx = Math.sign(xs[i] - xs[j]);
      const dy = Math.sign(ys[i] - ys[j]);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  const n = concordant + discordant;
  const denom = Math.sqrt((n + tiesX) * (n + tiesY));
  return denom ? (concordant - discordant) / denom : 0;
}
