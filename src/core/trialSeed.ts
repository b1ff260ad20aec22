// ATTUNE_SEED (docs/trials.md): every trial's own seed, from the study seed and the trial number, so the same study
// seed reproduces each trial. It is the first 31 bits of Attune's sfc32 generator seeded with "<study seed>/seed/<n>"
// (`Rng.derive(studySeed, "seed", n)`): a non-negative integer below 2^31, which numpy, torch, random and TF.js take.
import { Rng } from "./rng";

export function trialSeed(studySeed: number, trial: number): number {
  return Rng.derive(studySeed, "seed", trial).nextUint32() >>> 1;
}
