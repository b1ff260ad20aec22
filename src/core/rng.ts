// Seeded, serializable pseudo-random numbers (sfc32). Every random choice in the engine goes through this, so the
// same seed gives the same study. State is four uint32s: `rng.state()` saves it, `Rng.fromState` restores it.

import { sfc32Double, sfc32Next, sfc32State } from "./sfc32.cjs";

export class Rng {
  /** sfc32's four state words (sfc32.cjs, shared with the trials' seeded Math.random). */
  private s: number[];

  constructor(seed: number | string = 0) {
    // Hash the seed (number or string) into splitmix32's starting counter.
    let h = 0x9e3779b9 ^ 0;
    const text = String(seed);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b) ^ (h >>> 13);
    this.s = sfc32State(h);
  }

  static fromState(state: readonly number[]): Rng {
    const r = new Rng(0);
    r.s = state.map((x) => x >>> 0);
    return r;
  }

  state(): number[] {
    return [...this.s];
  }

  /** A child generator for an independent stream (e.g. one per trial), derived from this seed and a key. */
  static derive(seed: number | string, ...keys: (number | string)[]): Rng {
    return new Rng(`${seed}/${keys.join("/")}`);
  }

  nextUint32(): number {
    return sfc32Next(this.s);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  random(): number {
    return sfc32Double(this.s);
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.random();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}
