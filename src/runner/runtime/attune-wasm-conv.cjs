// @ts-check
"use strict";
// TF.js's wasm backend runs Conv2D fast (XNNPACK) but trains it slowly or not at all: it has no kernel for the gradient
// with respect to a convolution's filter (Conv2DBackpropFilter), so a CNN fell back to the pure-JS cpu backend, and its
// gradient with respect to the input is a plain loop. Both gradients are matrix products over the image's patches
// ("im2col"), and wasm's BatchMatMul is XNNPACK's: the patches are gathered here in JavaScript, the product is wasm's.
// The max pool's gradient is replaced too, for tiling windows: wasm's own is a slow loop.
// Measured in bench/wasm-conv (3× the previous kernels, 119× the cpu backend); docs/trials.md (TF.js backends).

/** @typedef {any} Tf the user's `@tensorflow/tfjs*` module */
/** @typedef {{ dataId: object, shape: number[], dtype: string }} TensorInfo */

/** Patches gathered at once, in floats (a chunk of the batch): bounds the memory a large image takes. */
const CHUNK_FLOATS = 4 * 1024 * 1024;
const MARK = "attune-im2col";

/**
 * Registers both convolution gradients for wasm (once): Attune's replace wasm's own input gradient, too.
 * @param {Tf} tf
 * @returns {boolean} whether the filter gradient is there now
 */
function install(tf) {
  if (typeof tf?.getKernel !== "function" || typeof tf.registerKernel !== "function") return false;
  const matMul = tf.getKernel("BatchMatMul", "wasm");
  if (!matMul) return false;
  /** @type {[string, typeof filterGradient][]} */
  const gradients = [
    ["Conv2DBackpropFilter", filterGradient],
    ["Conv2DBackpropInput", inputGradient],
  ];
  for (const [kernelName, gradient] of gradients) {
    const had = tf.getKernel(kernelName, "wasm");
    if (had?.[MARK]) continue;
    if (had) tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({
      kernelName,
      backendName: "wasm",
      [MARK]: true,
      /** @param {{ inputs: Record<string, TensorInfo>, backend: any, attrs: any }} args */
      kernelFunc: ({ inputs, backend, attrs }) => gradient(tf, backend, matMul.kernelFunc, inputs, attrs),
    });
  }
  const pool = tf.getKernel("MaxPoolGrad", "wasm");
  if (pool && !pool[MARK]) {
    tf.unregisterKernel("MaxPoolGrad", "wasm");
    tf.registerKernel({
      kernelName: "MaxPoolGrad",
      backendName: "wasm",
      [MARK]: true,
      setupFunc: pool.setupFunc,
      /** @param {{ inputs: Record<string, TensorInfo>, backend: any, attrs: any }} args */
      kernelFunc: (args) => tilingMaxPoolGrad(tf, args) ?? pool.kernelFunc(args),
    });
  }
  return true;
}

/**
 * The gradient of a max pool whose windows tile the input (2×2, stride 2: the pools Attune's models use), in one pass;
 * wasm's own kernel takes ten times as long. Other pools: undefined (wasm's kernel runs). As TF.js's cpu backend, the
 * first largest value of a window gets the gradient.
 * @param {Tf} tf
 * @param {{ inputs: Record<string, TensorInfo>, backend: any, attrs: any }} args
 * @returns {TensorInfo | undefined}
 */
function tilingMaxPoolGrad(tf, { inputs, backend, attrs }) {
  const { dy, input } = inputs;
  const info = tf.backend_util.computePool2DInfo(input.shape, attrs.filterSize, attrs.strides, 1, attrs.pad);
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  if (fh !== sh || fw !== sw || info.padInfo.top !== 0 || info.padInfo.left !== 0) return undefined;
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  if (oh * sh > h || ow * sw > w) return undefined;
  const dx = backend.makeOutput(input.shape, "float32");
  const out = backend.typedArrayFromHeap(dx);
  out.fill(0);
  const xs = backend.typedArrayFromHeap(input);
  const dys = backend.typedArrayFromHeap(dy);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let k = 0; k < c; k++) {
          let best = -Infinity;
          let at = -1;
          for (let p = 0; p < fh; p++)
            for (let q = 0; q < fw; q++) {
              const idx = ((b * h + i * sh + p) * w + j * sw + q) * c + k;
              if (xs[idx] > best || at < 0) {
                best = xs[idx];
                at = idx;
              }
            }
          out[at] += dys[((b * oh + i) * ow + j) * c + k];
        }
  return dx;
}

/**
 * The geometry of a conv2d: its input [n, h, w, ci], filter [kh, kw, ci, co] and output [n, oh, ow, co].
 * @param {Tf} tf
 * @param {number[]} xShape
 * @param {number[]} filterShape
 * @param {any} attrs
 */
function geometry(tf, xShape, filterShape, attrs) {
  if (attrs.dataFormat && attrs.dataFormat !== "NHWC")
    throw new Error(`conv2d gradient on wasm: only channels-last data (NHWC), got ${attrs.dataFormat}`);
  const { strides, pad, dimRoundingMode } = attrs;
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, dimRoundingMode);
  const [n, h, w, ci] = xShape;
  const [kh, kw, , co] = filterShape;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  // Patches per chunk: whole images, as many as fit in CHUNK_FLOATS.
  const perImage = oh * ow * kh * kw * ci;
  return { n, h, w, ci, kh, kw, co, oh, ow, sh, sw, top, left, K: kh * kw * ci, batch: chunkOf(perImage, n) };
}

/**
 * @param {number} perImage
 * @param {number} n
 */
const chunkOf = (perImage, n) => Math.max(1, Math.min(n, Math.floor(CHUNK_FLOATS / Math.max(1, perImage))));

/**
 * dW [kh·kw·ci, co] = patchesᵀ [kh·kw·ci, P] · dy [P, co], P = the output positions of a chunk of images.
 * @param {Tf} tf
 * @param {any} backend
 * @param {Function} matMul
 * @param {Record<string, TensorInfo>} inputs
 * @param {any} attrs
 */
function filterGradient(tf, backend, matMul, { x, dy }, attrs) {
  const g = geometry(tf, x.shape, attrs.filterShape, attrs);
  const sum = new Float32Array(g.K * g.co);
  for (let b0 = 0; b0 < g.n; b0 += g.batch) {
    const b1 = Math.min(g.n, b0 + g.batch);
    const P = (b1 - b0) * g.oh * g.ow;
    const patches = backend.makeOutput([1, g.K, P], "float32");
    const dyPart = dyOfImages(backend, dy, g, b0, b1);
    // Views of wasm memory are taken after every allocation: an allocation may move the heap.
    gatherPatchesT(g, backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(patches), b0, b1);
    const part = matMul({
      inputs: { a: patches, b: dyPart },
      backend,
      attrs: { transposeA: false, transposeB: false },
    });
    const values = backend.typedArrayFromHeap(part);
    for (let i = 0; i < sum.length; i++) sum[i] += values[i];
    for (const t of [patches, dyPart, part]) backend.disposeData(t.dataId);
  }
  const dw = backend.makeOutput([...attrs.filterShape], "float32");
  backend.typedArrayFromHeap(dw).set(sum);
  return dw;
}

/**
 * dx: patch gradients dP [P, kh·kw·ci] = dy [P, co] · Wᵀ [co, kh·kw·ci], each added back where its patch came from.
 * @param {Tf} tf
 * @param {any} backend
 * @param {Function} matMul
 * @param {Record<string, TensorInfo>} inputs
 * @param {any} attrs
 */
function inputGradient(tf, backend, matMul, { dy, filter }, attrs) {
  const g = geometry(tf, attrs.inputShape, filter.shape, attrs);
  const wT = backend.makeOutput([1, g.co, g.K], "float32");
  const ws = backend.typedArrayFromHeap(filter);
  const wTs = backend.typedArrayFromHeap(wT);
  for (let k = 0; k < g.K; k++) for (let m = 0; m < g.co; m++) wTs[m * g.K + k] = ws[k * g.co + m];
  const dx = backend.makeOutput([...attrs.inputShape], "float32");
  backend.typedArrayFromHeap(dx).fill(0);
  for (let b0 = 0; b0 < g.n; b0 += g.batch) {
    const b1 = Math.min(g.n, b0 + g.batch);
    const dyPart = dyOfImages(backend, dy, g, b0, b1);
    const dPatches = matMul({ inputs: { a: dyPart, b: wT }, backend, attrs: { transposeA: false, transposeB: false } });
    scatterPatches(g, backend.typedArrayFromHeap(dPatches), backend.typedArrayFromHeap(dx), b0, b1);
    for (const t of [dyPart, dPatches]) backend.disposeData(t.dataId);
  }
  backend.disposeData(wT.dataId);
  return dx;
}

/**
 * dy of images b0 … b1 − 1 as a tensor of its own, [1, P, co]: the matrix the chunk's product takes.
 * @param {any} backend
 * @param {TensorInfo} dy
 * @param {ReturnType<typeof geometry>} g
 * @param {number} b0
 * @param {number} b1
 * @returns {TensorInfo}
 */
function dyOfImages(backend, dy, g, b0, b1) {
  const per = g.oh * g.ow * g.co;
  const part = backend.makeOutput([1, (b1 - b0) * g.oh * g.ow, g.co], "float32");
  backend.typedArrayFromHeap(part).set(backend.typedArrayFromHeap(dy).subarray(b0 * per, b1 * per));
  return part;
}

/**
 * patches [k, p] = x [b, i·sh + kh − top, j·sw + kw − left, c] (0 outside), k = (kh·kw + kw)·ci + c, p = (b, i, j).
 * @param {ReturnType<typeof geometry>} g
 * @param {Float32Array} xs
 * @param {Float32Array} out
 * @param {number} b0
 * @param {number} b1
 */
function gatherPatchesT(g, xs, out, b0, b1) {
  const P = (b1 - b0) * g.oh * g.ow;
  for (let p = 0; p < g.kh; p++)
    for (let q = 0; q < g.kw; q++)
      for (let c = 0; c < g.ci; c++) {
        let at = ((p * g.kw + q) * g.ci + c) * P;
        for (let b = b0; b < b1; b++)
          for (let i = 0; i < g.oh; i++) {
            const r = i * g.sh + p - g.top;
            if (r < 0 || r >= g.h) {
              out.fill(0, at, at + g.ow);
              at += g.ow;
              continue;
            }
            const row = (b * g.h + r) * g.w;
            for (let j = 0; j < g.ow; j++, at++) {
              const col = j * g.sw + q - g.left;
              out[at] = col < 0 || col >= g.w ? 0 : xs[(row + col) * g.ci + c];
            }
          }
      }
}

/**
 * dx [b, i·sh + kh − top, j·sw + kw − left, c] += dPatches [p, k]: the transpose of gatherPatchesT.
 * @param {ReturnType<typeof geometry>} g
 * @param {Float32Array} dPatches
 * @param {Float32Array} dx
 * @param {number} b0
 * @param {number} b1
 */
function scatterPatches(g, dPatches, dx, b0, b1) {
  let at = 0;
  for (let b = b0; b < b1; b++)
    for (let i = 0; i < g.oh; i++)
      for (let j = 0; j < g.ow; j++)
        for (let p = 0; p < g.kh; p++) {
          const r = i * g.sh + p - g.top;
          if (r < 0 || r >= g.h) {
            at += g.kw * g.ci;
            continue;
          }
          for (let q = 0; q < g.kw; q++) {
            const col = j * g.sw + q - g.left;
            if (col < 0 || col >= g.w) {
              at += g.ci;
              continue;
            }
            const to = ((b * g.h + r) * g.w + col) * g.ci;
            for (let c = 0; c < g.ci; c++) dx[to + c] += dPatches[at++];
          }
        }
}

module.exports = { install };
