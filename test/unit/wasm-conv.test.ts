// Convolutions train on TF.js's wasm backend (src/runner/runtime/attune-wasm-conv.cjs): the filter, input and max pool
// gradients it registers equal the cpu backend's, for both paddings, strides 1 and 2, odd and even kernels, and a batch large
// enough to be gathered in chunks.
import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

const { install } = require("../../src/runner/runtime/attune-wasm-conv.cjs") as { install: (t: unknown) => boolean };

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number;
  pad: "same" | "valid";
}

/** d/dx and d/dfilter of Σ conv2d(x, filter) · weights, on one backend. */
async function gradients(backend: string, c: Case): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 1, "float32", 7) as tf.Tensor4D;
    const w = tf.randomNormal(c.filter, 0, 1, "float32", 8) as tf.Tensor4D;
    const weights = tf.randomNormal(tf.conv2d(x, w, c.stride, c.pad).shape, 0, 1, "float32", 9);
    const f = (a: tf.Tensor, b: tf.Tensor) =>
      tf
        .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad)
        .mul(weights)
        .sum();
    return tf
      .grads(f)([x, w])
      .map((g) => g.dataSync() as Float32Array);
  });
}

const cases: Case[] = [];
for (const pad of ["valid", "same"] as const)
  for (const stride of [1, 2]) {
    cases.push({ x: [3, 9, 9, 2], filter: [3, 3, 2, 4], stride, pad });
    cases.push({ x: [2, 8, 7, 3], filter: [2, 4, 3, 5], stride, pad });
  }
// 64×64 RGB with a 5×5 filter: more patches than one chunk holds, so the batch is gathered in parts.
cases.push({ x: [20, 64, 64, 3], filter: [5, 5, 3, 4], stride: 1, pad: "same" });

/** d/dx of Σ maxPool(relu(x)) · weights: relu's zeros make ties, which go to a window's first element. */
async function poolGradient(
  backend: string,
  size: number,
  stride: number,
  pad: "same" | "valid",
): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, "float32", 5) as tf.Tensor4D;
    const weights = tf.randomNormal(tf.maxPool(x, size, stride, pad).shape, 0, 1, "float32", 6);
    const f = (a: tf.Tensor) =>
      tf
        .maxPool(tf.relu(a) as tf.Tensor4D, size, stride, pad)
        .mul(weights)
        .sum();
    return tf.grad(f)(x).dataSync() as Float32Array;
  });
}

describe("TF.js wasm: convolution gradients", function () {
  this.timeout(60_000);
  after(async () => tf.setBackend("cpu"));

  it("max pool gradients match the cpu backend, tiling windows and others", async () => {
    assert.equal(install(tf), true);
    for (const [size, stride, pad] of [
      [2, 2, "valid"],
      [2, 2, "same"],
      [3, 2, "same"],
      [3, 1, "valid"],
    ] as const) {
      const cpu = await poolGradient("cpu", size, stride, pad);
      const wasm = await poolGradient("wasm", size, stride, pad);
      // Overlapping windows add gradients in another order: equal to rounding, and a misplaced tie is far off.
      const worst = Math.max(...cpu.map((v, i) => Math.abs(v - wasm[i])));
      assert.ok(worst < 1e-5, `pool ${size}, stride ${stride}, ${pad}: differs by ${worst}`);
    }
  });

  it("registers its kernels once and matches the cpu backend", async () => {
    assert.equal(install(tf), true);
    assert.equal(install(tf), true);
    for (const c of cases) {
      const cpu = await gradients("cpu", c);
      const wasm = await gradients("wasm", c);
      ["input", "filter"].forEach((name, k) => {
        assert.equal(wasm[k].length, cpu[k].length);
        let scale = 1;
        let worst = 0;
        cpu[k].forEach((v, i) => {
          scale = Math.max(scale, Math.abs(v));
          worst = Math.max(worst, Math.abs(v - wasm[k][i]));
        });
        assert.ok(worst / scale < 1e-4, `${JSON.stringify(c)}, ${name} gradient differs by ${worst}`);
      });
    }
  });
});
