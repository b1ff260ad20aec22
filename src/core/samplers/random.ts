// Uniform random search: one uniform draw per unit-cube coordinate; the shared transform does the rest.
import { paramsFromUnit } from "../space";
import type { Proposal, SampleContext, Sampler } from "./sampler";

export class RandomSampler implements Sampler {
  readonly name = "random";
  sample(ctx: SampleContext): Proposal {
    return paramsFromUnit(
      ctx.space,
      ctx.space.params.map(() => ctx.rng.random()),
    );
  }
}
