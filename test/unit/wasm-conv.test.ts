// Convolutions train on TF.js's wasm backend (src/runner/runtime/attune-wasm-conv.cjs): the filter gradient it adds
// equals the cpu backend's, for both paddings and strides 1 and 2.
import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

const { install } = require("../../src/runner/runtime/attune-wasm-conv.cjs") as { install: (t: unknown) => boolean };

async function filterGradient(backend: string, pad: "same" | "valid", stride: number): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.randomNormal([3, 9, 9, 2], 0, 1, "float32", 7) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 2, 4], 0, 1, "float32", 8) as tf.Tensor4D;
    const weights = tf.randomNormal(tf.conv2d(x, w, stride, pad).shape, 0, 1, "float32", 9);
    const g = tf.grad((f) =>
      tf
        .conv2d(x, f as tf.Tensor4D, stride, pad)
        .mul(weights)
        .sum(),
    )(w);
    return g.dataSync() as Float32Array;
  });
}

describe("TF.js wasm: convolution filter gradients", function () {
  this.timeout(30_000);
  after(async () => tf.setBackend("cpu"));

  it("registers the kernel once and matches the cpu backend", async () => {
    assert.equal(install(tf), true);
    assert.equal(install(tf), true);
    for (const pad of ["valid", "same"] as const)
      for (const stride of [1, 2]) {
        const cpu = await filterGradient("cpu", pad, stride);
        const wasm = await filterGradient("wasm", pad, stride);
        assert.equal(wasm.length, cpu.length);
        const worst = Math.max(...cpu.map((v, i) => Math.abs(v - wasm[i])));
        assert.ok(worst < 1e-3, `${pad}, stride ${stride}: differs by ${worst}`);
      }
  });
});
