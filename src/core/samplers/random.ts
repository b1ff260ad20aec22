// Uniform random search: one uniform draw per unit-cube coordinate; the shared transform does the rest.
import { paramsFromUnit, type Space } from "../space";
import type { Rng } from "../rng";
import type { Params } from "../types";
import type { Proposal, SampleContext, Sampler } from "./sampler";

export class RandomSampler implements Sampler {
  readonly name = "random";
  sample(ctx: SampleContext): Proposal {
    return uniformParams(ctx.space, ctx.rng);
  }
}

/** A uniformly random point of the space (also the start-up proposal of the model-based samplers). */
export function uniformParams(space: Space, rng: Rng): Params {
  return paramsFromUnit(
    space,
    space.params.map(() => rng.random()),
  );
}

/** The values of `params` in the space's order, absent ones marked: equal for equal configurations. */
export function paramsKey(space: Space, params: Params): string {
  return JSON.stringify(space.params.map((p) => (p.name in params ? params[p.name] : "\u0000absent")));
}

/**
 * Children from `breed` until one that no trial has had yet, at most `attempts` of them; else the last. A repeat
 * (e.g. two parallel asks breeding from the same parents the same way) teaches nothing, and breeding is cheap.
 */
export function untriedChild(ctx: SampleContext, attempts: number, breed: () => Params): Params {
  const seen = new Set(ctx.trials.map((t) => paramsKey(ctx.space, t.params)));
  let child = breed();
  for (let k = 1; k < attempts && seen.has(paramsKey(ctx.space, child)); k++) child = breed();
  return child;
}
