// Startup proposals of the GP samplers, before a model is worth fitting.
import { paramsFromUnit, unitFromParams, type Space } from "../../space";
import type { Rng } from "../../rng";
import type { Proposal, SampleContext } from "../sampler";

/**
 * A startup point: the best of a few random draws by distance to every trial so far (running ones included),
 * which spreads the first trials more evenly than independent draws without pushing them all into corners.
 */
export function spaceFilling(space: Space, ctx: SampleContext, rng: Rng): Proposal {
  const existing = ctx.trials.map((t) => unitFromParams(space, t.params));
  const draws = existing.length ? 8 : 1;
  let best: number[] = [];
  let bestDist = -1;
  for (let k = 0; k < draws; k++) {
    const u = space.params.map(() => rng.random());
    let dmin = Infinity;
    for (const e of existing) {
      let d = 0;
      for (let i = 0; i < u.length; i++) if (Number.isFinite(e[i])) d += (u[i] - e[i]) ** 2;
      dmin = Math.min(dmin, d);
    }
    if (dmin > bestDist) {
      bestDist = dmin;
      best = u;
    }
  }
  return paramsFromUnit(space, best);
}
