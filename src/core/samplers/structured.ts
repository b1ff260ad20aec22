// Samplers see list parameters through the space transform: a space with lists is handed to the sampler as its flat
// twin (length and element parameters, elements past the length inactive; see structure.ts), with every trial's
// params flattened to match, and the proposal is nested back into arrays. Spaces without lists pass straight through.
import { flatSpace, flattenParams, isStructured, nestParams } from "../structure";
import type { Params, Trial } from "../types";
import type { Proposal, SampleContext, Sampler } from "./sampler";

/** Flattened params per trial params object (a trial's params never change once it exists). */
const flatParams = new WeakMap<Params, Params>();

/** Ask the sampler, showing it the flat twin of a space with list parameters. */
export function sampleStructured(inner: Sampler, ctx: SampleContext): Proposal {
  if (!isStructured(ctx.space)) return inner.sample(ctx);
  const space = ctx.space;
  const trials: Trial[] = ctx.trials.map((t) => {
    let flat = flatParams.get(t.params);
    if (!flat) flatParams.set(t.params, (flat = flattenParams(space, t.params)));
    return { ...t, params: flat };
  });
  const proposal = inner.sample({ ...ctx, space: flatSpace(space), trials });
  return proposal === "exhausted" ? proposal : nestParams(space, proposal);
}

/** The sampler as one that takes spaces with lists (for callers that drive a sampler without a Study). */
export function structured(inner: Sampler): Sampler {
  return { name: inner.name, sample: (ctx) => sampleStructured(inner, ctx) };
}
