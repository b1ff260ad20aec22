// @ts-check
"use strict";
// `hypergradient("adam" | "sgd", { learningRate, hyperLearningRate })`: a tf.Optimizer whose learning rate follows
// its own gradient (Baydin et al. 2018, "Online Learning Rate Adaptation with Hypergradient Descent"). With u_{t-1}
// the previous step's update direction (θ_{t-1} = θ_{t-2} − α u_{t-1}), ∂f(θ_{t-1})/∂α = −∇f(θ_{t-1})·u_{t-1}, so
//   additive (the paper's rule):   α_t = α_{t-1} + β ∇f(θ_{t-1})·u_{t-1}
//   multiplicative (the default):  α_t = α_{t-1} · exp(β cos(∇f(θ_{t-1}), u_{t-1}))
// The multiplicative form is the same signal normalised: it moves α by at most a factor e^β per step whatever the
// scale of the loss, of the gradients and of α itself, so one β serves initial rates from 1e-5 to 1e-1 (the additive
// β has to be matched to the loss and the rate: the paper uses 1e-3 for SGD and 1e-7 for Adam). The choice and the
// measurements behind the default are in docs/model-search.md and bench/tfjs-helpers.
// u is ∇f(θ_{t-1}) for SGD and m̂/(√v̂ + ε) for Adam (Adam-HD). One extra tensor per weight holds u.

/** @typedef {any} Tf the user's `@tensorflow/tfjs*` module */
/** @typedef {any} Tensor */
/**
 * @typedef {object} HypergradientOptions
 * @property {number} learningRate the initial learning rate α_0
 * @property {number} [hyperLearningRate] β (default: DEFAULT_BETA[rule][kind])
 * @property {"multiplicative" | "additive"} [rule] how α follows its hypergradient (default "multiplicative")
 * @property {number} [beta1] Adam's β1 (0.9)
 * @property {number} [beta2] Adam's β2 (0.999)
 * @property {number} [epsilon] Adam's ε (1e-7, TF.js's)
 * @property {number} [minLearningRate] a floor for α (0 for multiplicative, 1e-12 for additive)
 * @property {number} [maxLearningRate] a ceiling for α (none)
 */
/**
 * @typedef {object} HypergradientConfig
 * @property {"adam" | "sgd"} kind
 * @property {number} learningRate
 * @property {number} hyperLearningRate
 * @property {"multiplicative" | "additive"} rule
 * @property {number} beta1
 * @property {number} beta2
 * @property {number} epsilon
 * @property {number} minLearningRate
 * @property {number} maxLearningRate
 */

/** β per rule and kind. The additive values are the paper's; the multiplicative one is ours (bench/tfjs-helpers). */
const DEFAULT_BETA = {
  multiplicative: { adam: 0.2, sgd: 0.2 },
  additive: { adam: 1e-7, sgd: 1e-3 },
};

/** @type {WeakMap<object, any>} one class per TF.js copy: it must extend that copy's tf.Optimizer */
const classes = new WeakMap();

/**
 * @param {Tf} tf
 * @returns {any} the optimizer class, registered for serialization as "AttuneHypergradient"
 */
function optimizerClass(tf) {
  const known = classes.get(tf.Optimizer);
  if (known) return known;

  class HypergradientOptimizer extends tf.Optimizer {
    static get className() {
      return "AttuneHypergradient";
    }

    /** @param {HypergradientConfig} config */
    constructor(config) {
      super();
      /** @type {HypergradientConfig} */
      this.config = config;
      this.kind = config.kind;
      /** @type {Tensor} α, a variable so that the update never waits on the device */
      this.lr = tf.tidy(() => tf.scalar(config.learningRate).variable(false));
      /** @type {Tensor} */
      this.accBeta1 = tf.tidy(() => tf.scalar(config.beta1).variable(false));
      /** @type {Tensor} */
      this.accBeta2 = tf.tidy(() => tf.scalar(config.beta2).variable(false));
      /** @type {{ originalName: string, variable: Tensor }[]} Adam's first moments */
      this.m = [];
      /** @type {{ originalName: string, variable: Tensor }[]} Adam's second moments */
      this.v = [];
      /** @type {{ originalName: string, variable: Tensor }[]} the previous update direction u_{t-1} */
      this.u = [];
    }

    /** The current learning rate α_t (reads it from the device). */
    getLearningRate() {
      return this.lr.dataSync()[0];
    }

    get learningRate() {
      return this.getLearningRate();
    }

    /** @param {any} variableGradients a NamedTensorMap or NamedTensor[] */
    applyGradients(variableGradients) {
      const list = Array.isArray(variableGradients);
      /** @type {string[]} */
      const names = list ? variableGradients.map((/** @type {any} */ v) => v.name) : Object.keys(variableGradients);
      const c = this.config;
      const registered = tf.engine().registeredVariables;
      tf.tidy(() => {
        /** @type {(Tensor | null)[]} */
        const grads = names.map((name, i) => (list ? variableGradients[i].tensor : variableGradients[name]) || null);
        // 1. α from the hypergradient ∇f(θ_{t-1})·u_{t-1}, before this step's update uses it.
        if (this.iterations_ > 0) {
          let dot = tf.scalar(0);
          let gg = tf.scalar(0);
          let uu = tf.scalar(0);
          grads.forEach((g, i) => {
            const u = this.u[i] && this.u[i].variable;
            if (!g || !u) return;
            dot = tf.add(dot, tf.sum(tf.mul(g, u)));
            if (c.rule === "multiplicative") {
              gg = tf.add(gg, tf.sum(tf.square(g)));
              uu = tf.add(uu, tf.sum(tf.square(u)));
            }
          });
          let next;
          if (c.rule === "additive") next = tf.add(this.lr, tf.mul(dot, c.hyperLearningRate));
          else {
            const cos = tf.div(dot, tf.add(tf.mul(tf.sqrt(gg), tf.sqrt(uu)), 1e-30));
            next = tf.mul(this.lr, tf.exp(tf.mul(cos, c.hyperLearningRate)));
          }
          next = tf.clipByValue(next, c.minLearningRate, c.maxLearningRate);
          // A NaN gradient must not poison α for good: keep the old rate then.
          this.lr.assign(tf.where(tf.isFinite(next), next, this.lr));
        }
        // 2. The step itself, with α_t; u_t kept for the next hypergradient.
        const oneMinusAccBeta1 = tf.sub(1, this.accBeta1);
        const oneMinusAccBeta2 = tf.sub(1, this.accBeta2);
        grads.forEach((g, i) => {
          const name = names[i];
          const value = registered[name];
          if (!this.u[i]) {
            this.u[i] = { originalName: `${name}/u`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
            if (this.kind === "adam") {
              this.m[i] = { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
              this.v[i] = { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
            }
          }
          if (!g) return;
          let u = g;
          if (this.kind === "adam") {
            const m = this.m[i].variable;
            const v = this.v[i].variable;
            const newM = tf.add(tf.mul(m, c.beta1), tf.mul(g, 1 - c.beta1));
            const newV = tf.add(tf.mul(v, c.beta2), tf.mul(tf.square(g), 1 - c.beta2));
            m.assign(newM);
            v.assign(newV);
            u = tf.div(tf.div(newM, oneMinusAccBeta1), tf.add(tf.sqrt(tf.div(newV, oneMinusAccBeta2)), c.epsilon));
          }
          value.assign(tf.sub(value, tf.mul(this.lr, u)));
          this.u[i].variable.assign(u);
        });
        if (this.kind === "adam") {
          this.accBeta1.assign(tf.mul(this.accBeta1, c.beta1));
          this.accBeta2.assign(tf.mul(this.accBeta2, c.beta2));
        }
      });
      this.incrementIterations();
    }

    dispose() {
      this.lr.dispose();
      this.accBeta1.dispose();
      this.accBeta2.dispose();
      for (const s of [...this.m, ...this.v, ...this.u]) if (s) s.variable.dispose();
    }

    /** Iterations, α, then (Adam) the moments, then u: what a checkpoint needs to go on exactly. */
    async getWeights() {
      const state = this.kind === "adam" ? [...this.m, ...this.v, ...this.u] : this.u;
      return [
        await this.saveIterations(),
        { name: "lr", tensor: this.lr },
        ...state.map((s) => ({ name: s.originalName, tensor: s.variable })),
      ];
    }

    /** @param {{ name: string, tensor: Tensor }[]} weightValues */
    async setWeights(weightValues) {
      const rest = await this.extractIterations(weightValues);
      const [lr, ...state] = rest;
      if (!lr || lr.name !== "lr") throw new Error("hypergradient: these optimizer weights were not saved by hypergradient()");
      this.lr.assign(lr.tensor);
      const c = this.config;
      tf.tidy(() => {
        this.accBeta1.assign(tf.pow(c.beta1, this.iterations_ + 1));
        this.accBeta2.assign(tf.pow(c.beta2, this.iterations_ + 1));
      });
      const groups = this.kind === "adam" ? 3 : 1;
      const n = state.length / groups;
      const wrap = (/** @type {{ name: string, tensor: Tensor }[]} */ ws) =>
        ws.map((w) => ({ originalName: w.name, variable: w.tensor.variable(false) }));
      if (this.kind === "adam") {
        this.m = wrap(state.slice(0, n));
        this.v = wrap(state.slice(n, 2 * n));
      }
      this.u = wrap(state.slice((groups - 1) * n));
    }

    getConfig() {
      return { ...this.config };
    }

    /** @param {any} cls @param {HypergradientConfig} config */
    static fromConfig(cls, config) {
      return new cls(config);
    }
  }

  tf.serialization.registerClass(HypergradientOptimizer);
  classes.set(tf.Optimizer, HypergradientOptimizer);
  return HypergradientOptimizer;
}

/**
 * @param {Tf} tf
 * @param {unknown} kind
 * @param {HypergradientOptions} options
 */
function hypergradient(tf, kind, options) {
  if (kind !== "adam" && kind !== "sgd")
    throw new Error(`hypergradient: the first argument is "adam" or "sgd"; got ${JSON.stringify(kind)}`);
  const o = options || /** @type {HypergradientOptions} */ ({});
  if (!(typeof o.learningRate === "number" && o.learningRate > 0 && Number.isFinite(o.learningRate)))
    throw new Error(`hypergradient: learningRate must be a positive number, e.g. { learningRate: 1e-3 }; got ${o.learningRate}`);
  const rule = o.rule === undefined ? "multiplicative" : o.rule;
  if (rule !== "multiplicative" && rule !== "additive")
    throw new Error(`hypergradient: rule is "multiplicative" or "additive"; got ${JSON.stringify(o.rule)}`);
  const beta = o.hyperLearningRate === undefined ? DEFAULT_BETA[rule][kind] : o.hyperLearningRate;
  if (!(typeof beta === "number" && beta >= 0 && Number.isFinite(beta)))
    throw new Error(`hypergradient: hyperLearningRate must be a number ≥ 0; got ${o.hyperLearningRate}`);
  /** @type {HypergradientConfig} */
  const config = {
    kind,
    learningRate: o.learningRate,
    hyperLearningRate: beta,
    rule,
    beta1: o.beta1 === undefined ? 0.9 : o.beta1,
    beta2: o.beta2 === undefined ? 0.999 : o.beta2,
    epsilon: o.epsilon === undefined ? 1e-7 : o.epsilon,
    minLearningRate: o.minLearningRate === undefined ? (rule === "additive" ? 1e-12 : 0) : o.minLearningRate,
    maxLearningRate: o.maxLearningRate === undefined ? Number.MAX_VALUE : o.maxLearningRate,
  };
  const Cls = optimizerClass(tf);
  return new Cls(config);
}

module.exports = { hypergradient, optimizerClass, DEFAULT_BETA };
