// @ts-check
"use strict";
// sfc32 keyed by splitmix32: the one copy of the generator that both the engine (rng.ts) and the seeded Math.random
// inside users' JS trials (runner/runtime/attune-seed.cjs) use. Plain CommonJS with no imports, because the runtime
// file runs unbundled in the trial's own Node process; scripts/build.mjs inlines it into dist/runtime/attune-seed.cjs
// (docs/architecture.md).

/**
 * Four well-mixed words from splitmix32's counter started at `h`.
 * @param {number} h
 * @returns {number[]}
 */
function splitmix32Words(h) {
  const out = [];
  for (let i = 0; i < 4; i++) {
    h = (h + 0x9e3779b9) | 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    out.push((z ^ (z >>> 15)) >>> 0);
  }
  return out;
}

/**
 * One sfc32 step: updates the four state words `s` in place and returns the next uint32.
 * @param {number[]} s
 * @returns {number}
 */
function sfc32Next(s) {
  const t = (((s[0] + s[1]) | 0) + s[3]) | 0;
  s[3] = (s[3] + 1) | 0;
  s[0] = s[1] ^ (s[1] >>> 9);
  s[1] = (s[2] + (s[2] << 3)) | 0;
  s[2] = (s[2] << 21) | (s[2] >>> 11);
  s[2] = (s[2] + t) | 0;
  return t >>> 0;
}

/**
 * The state of a generator keyed by splitmix32 from `h`, past its first 12 outputs (they still echo the key).
 * @param {number} h
 * @returns {number[]}
 */
function sfc32State(h) {
  const s = splitmix32Words(h);
  for (let i = 0; i < 12; i++) sfc32Next(s);
  return s;
}

/**
 * Uniform in [0, 1) with 53 random bits from two steps, like V8's own Math.random.
 * @param {number[]} s
 * @returns {number}
 */
function sfc32Double(s) {
  const hi = sfc32Next(s) >>> 5;
  const lo = sfc32Next(s) >>> 6;
  return (hi * 67108864 + lo) / 9007199254740992;
}

module.exports = { sfc32Next, sfc32State, sfc32Double };
