// @ts-check
"use strict";
// Loaded by attune-preload.cjs before a JS/TS trial's own code: makes Math.random a generator seeded with the trial's
// ATTUNE_SEED (docs/trials.md). TensorFlow.js draws from Math.random wherever no seed is given (weight initializers,
// dropout,
// `model.fit`'s shuffle), so the same study seed reproduces each trial's metrics on the same backend.
// The generator is sfc32 (the one Attune's engine uses) keyed by splitmix32 from the seed; without ATTUNE_SEED, or
// with one that is not a whole number, Math.random is left alone.

// The generator's one copy is the engine's (src/core/sfc32.cjs); scripts/build.mjs inlines it for dist/runtime.
const { sfc32Double, sfc32State } = require("../../core/sfc32.cjs");

/**
 * Math.random's replacement: sfc32 keyed by splitmix32 from `seed`.
 * @param {number} seed
 * @returns {() => number}
 */
function seededRandom(seed) {
  const s = sfc32State(seed >>> 0);
  return () => sfc32Double(s);
}

const text = process.env.ATTUNE_SEED;
if (text !== undefined && /^\d+$/.test(text.trim())) Math.random = seededRandom(Number(text.trim()));

module.exports = { seededRandom };
