"use strict";
// Loaded by attune-preload.cjs before a JS/TS trial's own code: makes Math.random a generator seeded with the trial's
// ATTUNE_SEED (SPEC §2). TensorFlow.js draws from Math.random wherever no seed is given (weight initializers, dropout,
// `model.fit`'s shuffle), so the same study seed reproduces each trial's metrics on the same backend.
// The generator is sfc32 (the one Attune's engine uses) keyed by splitmix32 from the seed; without ATTUNE_SEED, or
// with one that is not a whole number, Math.random is left alone.

function seededRandom(seed) {
  let h = seed >>> 0;
  const mix = () => {
    h = (h + 0x9e3779b9) | 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  // 53 random bits, like V8's own Math.random.
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

const text = process.env.ATTUNE_SEED;
if (text !== undefined && /^\d+$/.test(text.trim())) Math.random = seededRandom(Number(text.trim()));

module.exports = { seededRandom };
