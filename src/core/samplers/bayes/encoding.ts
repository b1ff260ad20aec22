// How the GP sees a trial: each parameter becomes one or more features in [0, 1].
//   float           its unit coordinate (log already applied by the space transform)
//   int / stepped   the unit coordinate of the rounded value (cell centre), so the kernel sees what actually ran
//   bool, 2-choice  0 or 1
//   k-choice (k≥3)  k one-hot features
// An inactive conditional parameter gets a fixed value (0.5, or all-zero one-hot): every trial where it is inactive
// agrees on it, and the parent's feature already tells those trials apart from the active ones.
import { cardinality, paramsFromUnit, toUnit, type Param, type Space } from "../../space";
import type { Params } from "../../types";

export type FeatureKind = "continuous" | "discrete" | "binary" | "onehot" | "constant";

export interface ParamEncoding {
  param: Param;
  kind: FeatureKind;
  /** First feature index, and how many features. */
  offset: number;
  width: number;
  /** Distinct values (Infinity for a continuous float). */
  cardinality: number;
}

export class Encoder {
  readonly params: ParamEncoding[] = [];
  /** Number of features. */
  readonly D: number;

  constructor(readonly space: Space) {
    let offset = 0;
    for (const p of space.params) {
      const card = cardinality(p);
      let kind: FeatureKind;
      let width = 1;
      if (card <= 1) {
        kind = "constant";
        width = 0;
      } else if (p.kind === "bool" || (p.kind === "choice" && card === 2)) kind = "binary";
      else if (p.kind === "choice") {
        kind = "onehot";
        width = card;
      } else if (card === Infinity) kind = "continuous";
      else kind = "discrete";
      this.params.push({ param: p, kind, offset, width, cardinality: card });
      offset += width;
    }
    this.D = offset;
  }

  /** Features of a trial's params (inactive = absent). Writes into `out` at row `row` when given. */
  encode(params: Params, out = new Float64Array(this.D), row = 0): Float64Array {
    const base = row * this.D;
    for (const e of this.params) {
      const p = e.param;
      const active = p.name in params;
      const v = params[p.name];
      switch (e.kind) {
        case "constant":
          break;
        case "continuous":
        case "discrete":
          out[base + e.offset] = active ? toUnit(p, v) : 0.5;
          break;
        case "binary":
          out[base + e.offset] = !active ? 0.5 : p.kind === "bool" ? (v ? 1 : 0) : toUnit(p, v) < 0.5 ? 0 : 1;
          break;
        case "onehot": {
          for (let k = 0; k < e.width; k++) out[base + e.offset + k] = 0;
          if (active) out[base + e.offset + Math.min(e.width - 1, Math.floor(toUnit(p, v) * e.width))] = 1;
          break;
        }
      }
    }
    return out;
  }

  /**
   * Params and features of a unit vector u (one coordinate per parameter). Continuous floats keep u itself as the
   * feature (differentiable); `relaxed` parameters (indices) do too, for gradient steps over many-valued integers.
   */
  fromUnit(u: readonly number[], relaxed?: ReadonlySet<number>): { params: Params; x: Float64Array } {
    const params = paramsFromUnit(this.space, u);
    const x = this.encode(params);
    this.params.forEach((e, i) => {
      if ((e.kind === "continuous" || relaxed?.has(i)) && e.param.name in params)
        x[e.offset] = Math.min(1, Math.max(0, u[i]));
    });
    return { params, x };
  }
}

/** Feature rows (flat, row-major) of each params object, in order. */
export function encodeRows(enc: Encoder, params: readonly Params[]): Float64Array {
  const rows = new Float64Array(params.length * enc.D);
  params.forEach((p, i) => enc.encode(p, rows, i));
  return rows;
}
