// Types of `require("<package root>/tfjs")` (docs/model-search.md). TF.js's own types are taken from the project
// that uses this file (`@tensorflow/tfjs-core` and `-layers` come with @tensorflow/tfjs and tfjs-node), so the
// optimizer and the models are the user's TF.js classes.
import type { Optimizer } from "@tensorflow/tfjs-core";
import type { LayersModel } from "@tensorflow/tfjs-layers";

export interface HypergradientOptions {
  /** The initial learning rate α_0. */
  learningRate: number;
  /**
   * β, the hypergradient's step. Default 0.2 for the multiplicative rule (α changes by at most a factor e^β per
   * step); for the additive rule the paper's 1e-3 (SGD) and 1e-7 (Adam).
   */
  hyperLearningRate?: number;
  /** "multiplicative" (default): α ← α·exp(β·cos(∇f, u)); "additive" (Baydin et al.): α ← α + β ∇f·u. */
  rule?: "multiplicative" | "additive";
  /** Adam's β1 (0.9). */
  beta1?: number;
  /** Adam's β2 (0.999). */
  beta2?: number;
  /** Adam's ε (1e-7). */
  epsilon?: number;
  /** Bounds for α (default: none above, 0 below; 1e-12 below for the additive rule). */
  minLearningRate?: number;
  maxLearningRate?: number;
  /** The TF.js module to use (default: the one your script loaded). */
  tf?: unknown;
}

/** A tf.Optimizer (serialized as "AttuneHypergradient") whose learning rate follows its hypergradient. */
export interface HypergradientOptimizer extends Optimizer {
  readonly kind: "adam" | "sgd";
  /** The current learning rate α_t. */
  readonly learningRate: number;
  /** The current learning rate α_t (Attune's preload reports it each epoch as `lr`). */
  getLearningRate(): number;
}

/** Hypergradient descent (Baydin et al. 2018) on Adam (Adam-HD) or plain SGD (SGD-HD). */
export function hypergradient(kind: "adam" | "sgd", options: HypergradientOptions): HypergradientOptimizer;

export interface WidenOptions {
  /**
   * Break the symmetry of the copied units: noise of this size (relative to the next layer's weights' spread) on
   * the copies' outgoing weights, drawn to sum to zero over each unit's copies so the function stays the same.
   * Default 0.
   */
  noise?: number;
  /** Random numbers in [0, 1) for picking the units to copy (default Math.random, seeded by Attune in a trial). */
  random?: () => number;
  tf?: unknown;
}

export interface DeepenOptions {
  /**
   * The new layer's activation: "auto" (default) is ReLU where that keeps the function (after a layer whose output
   * is ≥ 0, or after the ReLU that follows it), else linear; "relu" refuses where it would not keep it; "linear".
   */
  activation?: "auto" | "relu" | "linear";
  /** The new Conv2D's kernel size (odd; default 3). */
  kernelSize?: number;
  /** The new layer's name (default `<layerName>_deeper`). */
  name?: string;
  tf?: unknown;
}

export const morph: {
  /** Net2WiderNet: `layerName` (Dense or Conv2D) gets `units` units/filters; a new, uncompiled model, same function. */
  widen(model: LayersModel, layerName: string, units: number, options?: WidenOptions): LayersModel;
  /** Net2DeeperNet: an identity-initialised layer after `layerName`; a new, uncompiled model, same function. */
  deepen(model: LayersModel, layerName: string, options?: DeepenOptions): LayersModel;
};
