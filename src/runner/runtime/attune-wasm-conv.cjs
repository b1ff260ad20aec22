// @ts-check
"use strict";
// TF.js's wasm backend runs Conv2D (XNNPACK) and the gradient with respect to a convolution's input, but has no kernel
// for the gradient with respect to its filter (Conv2DBackpropFilter), so a CNN could not train on wasm: it fell back
// to the pure-JS cpu backend, about 10-20 times slower. That gradient is the 3-D one (which wasm has, compiled) with a
// depth of 1: x [n, h, w, c] is x [n, 1, h, w, c], and the filter [kh, kw, ci, co] is [1, kh, kw, ci, co]. Reshapes
// here are views (same data, new shape), as the wasm backend's own Reshape is. docs/trials.md (TF.js backends).

/** @typedef {any} Tf the user's `@tensorflow/tfjs*` module */
/** @typedef {{ dataId: object, shape: number[], dtype: string }} TensorInfo */

/**
 * Registers Conv2DBackpropFilter for wasm, once, where wasm is registered and lacks it.
 * @param {Tf} tf
 * @returns {boolean} whether the kernel is there now
 */
function install(tf) {
  if (typeof tf?.getKernel !== "function" || typeof tf.registerKernel !== "function") return false;
  if (tf.getKernel("Conv2DBackpropFilter", "wasm")) return true;
  const conv3d = tf.getKernel("Conv3DBackpropFilterV2", "wasm");
  if (!conv3d) return false;
  tf.registerKernel({
    kernelName: "Conv2DBackpropFilter",
    backendName: "wasm",
    /** @param {{ inputs: { x: TensorInfo, dy: TensorInfo }, backend: any, attrs: any }} args */
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs;
      const { strides, pad, dataFormat, filterShape } = attrs;
      if (dataFormat && dataFormat !== "NHWC")
        throw new Error(`conv2d filter gradient on wasm: only channels-last data (NHWC), got ${dataFormat}`);
      if (pad !== "same" && pad !== "valid" && typeof pad !== "number")
        throw new Error("conv2d filter gradient on wasm: explicit padding is not supported; use 'same' or 'valid'");
      const [sh, sw] = typeof strides === "number" ? [strides, strides] : strides;
      // The compiled 3-D kernel is right for stride 1 only (measured against the cpu backend): strided convolutions,
      // rare in the models Attune writes, take the plain loop below.
      if (sh !== 1 || sw !== 1) return stridedFilterGradient(tf, backend, x, dy, attrs);
      /** @type {(t: TensorInfo) => TensorInfo} */
      const deeper = (t) => ({ dataId: t.dataId, shape: [t.shape[0], 1, ...t.shape.slice(1)], dtype: t.dtype });
      const dw = conv3d.kernelFunc({
        inputs: { x: deeper(x), dy: deeper(dy) },
        backend,
        attrs: { strides: [1, sh, sw], pad, filterShape: [1, ...filterShape] },
      });
      return { dataId: dw.dataId, shape: [...filterShape], dtype: dw.dtype };
    },
  });
  return true;
}

/**
 * dW[kh, kw, ci, co] = Σ x[n, oh·sh + kh − top, ow·sw + kw − left, ci] · dy[n, oh, ow, co], in plain JavaScript.
 * @param {Tf} tf
 * @param {any} backend
 * @param {TensorInfo} x
 * @param {TensorInfo} dy
 * @param {any} attrs
 * @returns {TensorInfo}
 */
function stridedFilterGradient(tf, backend, x, dy, attrs) {
  const info = tf.backend_util.computeConv2DInfo(x.shape, attrs.filterShape, attrs.strides, 1, attrs.pad);
  const xs = backend.readSync(x.dataId);
  const dys = backend.readSync(dy.dataId);
  const [kh, kw, ci, co] = attrs.filterShape;
  const [n, h, w] = x.shape;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const out = new Float32Array(kh * kw * ci * co);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const dyAt = ((b * oh + i) * ow + j) * co;
        for (let p = 0; p < kh; p++) {
          const r = i * sh + p - top;
          if (r < 0 || r >= h) continue;
          for (let q = 0; q < kw; q++) {
            const c = j * sw + q - left;
            if (c < 0 || c >= w) continue;
            const xAt = ((b * h + r) * w + c) * ci;
            const wAt = (p * kw + q) * ci * co;
            for (let k = 0; k < ci; k++) {
              const xv = xs[xAt + k];
              if (xv === 0) continue;
              for (let m = 0; m < co; m++) out[wAt + k * co + m] += xv * dys[dyAt + m];
            }
          }
        }
      }
  const dw = backend.makeOutput([...attrs.filterShape], "float32");
  backend.typedArrayFromHeap(dw).set(out);
  return dw;
}

module.exports = { install };
