// Training a CNN on TF.js's wasm backend: Attune's convolution and max pool gradients (src/runner/runtime/
// attune-wasm-conv.cjs: patches gathered in JavaScript, products in wasm's XNNPACK) against the two ways that came before,
// side by side in one process: the pure-JS cpu backend, and wasm with its own input gradient plus the 3-D filter gradient
// at depth 1 (Attune's kernel until 2026-12-07). The model is `attune auto`'s default for MNIST-sized images: conv 16
// and 32 (3×3, same), max pool 2×2, dropout, dense 64, softmax 10; batches of 64, random 28×28 images (the time does not
// depend on the values).
// Run: npx tsx bench/wasm-conv/run.ts [--images 1280] [--epochs 3]; writes bench/wasm-conv/RESULTS.md (load before/after).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const IMAGES = Number(opt("images", "1280"));
const EPOCHS = Number(opt("epochs", "3"));
const { install } = require("../../src/runner/runtime/attune-wasm-conv.cjs") as { install: (t: unknown) => boolean };

type Kernel = { kernelName: string; backendName: string; kernelFunc: (a: unknown) => unknown; setupFunc?: unknown };
const saved = new Map<string, Kernel>();
for (const k of ["Conv2DBackpropInput", "MaxPoolGrad"]) saved.set(k, tf.getKernel(k, "wasm") as unknown as Kernel);

/** wasm's own kernels, and the previous filter gradient: Conv3DBackpropFilterV2 on [n, 1, h, w, c]. */
function previousKernels(): void {
  for (const name of ["Conv2DBackpropFilter", "Conv2DBackpropInput", "MaxPoolGrad"])
    if (tf.getKernel(name, "wasm")) tf.unregisterKernel(name, "wasm");
  for (const k of saved.values()) tf.registerKernel(k as unknown as tf.KernelConfig);
  const conv3d = tf.getKernel("Conv3DBackpropFilterV2", "wasm")!;
  type Info = { dataId: object; shape: number[]; dtype: string };
  const deeper = (t: Info) => ({ dataId: t.dataId, shape: [t.shape[0], 1, ...t.shape.slice(1)], dtype: t.dtype });
  tf.registerKernel({
    kernelName: "Conv2DBackpropFilter",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as unknown as { x: Info; dy: Info };
      const a = attrs as unknown as { pad: string; filterShape: number[] };
      const dw = conv3d.kernelFunc({
        inputs: { x: deeper(x), dy: deeper(dy) } as never,
        backend,
        attrs: { strides: [1, 1, 1], pad: a.pad, filterShape: [1, ...a.filterShape] } as never,
      }) as Info;
      return { dataId: dw.dataId, shape: [...a.filterShape], dtype: "float32" as const };
    },
  });
}

function model(): tf.Sequential {
  const m = tf.sequential();
  [16, 32].forEach((filters, i) => {
    const shape = i === 0 ? { inputShape: [28, 28, 1] } : {};
    m.add(tf.layers.conv2d({ filters, kernelSize: 3, padding: "same", activation: "relu", ...shape }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
    m.add(tf.layers.dropout({ rate: 0.25 }));
  });
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 64, activation: "relu" }));
  m.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  m.compile({ optimizer: tf.train.adam(0.002), loss: "categoricalCrossentropy" });
  return m;
}

/** Seconds per 1,000 images: the median of `epochs` epochs on `images` images, after one epoch of warm-up. */
async function secondsPer1000(backend: string, images: number, epochs: number): Promise<number> {
  await tf.setBackend(backend);
  const x = tf.randomUniform([images, 28, 28, 1], 0, 1, "float32", 1);
  const y = tf.oneHot(tf.randomUniform([images], 0, 10, "int32", 2), 10).toFloat();
  const m = model();
  await m.fit(x, y, { batchSize: 64, epochs: 1, verbose: 0 });
  const times: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const t = performance.now();
    await m.fit(x, y, { batchSize: 64, epochs: 1, verbose: 0 });
    times.push((performance.now() - t) / images);
  }
  m.dispose();
  tf.dispose([x, y]);
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

async function main(): Promise<void> {
  const before = loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
  // The cpu backend takes minutes an epoch: it gets a fifth of the images and one timed epoch.
  const cpu = await secondsPer1000("cpu", Math.round(IMAGES / 5), 1);
  previousKernels();
  const previous = await secondsPer1000("wasm", IMAGES, EPOCHS);
  install(tf);
  const attune = await secondsPer1000("wasm", IMAGES, EPOCHS);
  const after = loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
  const rows = [
    ["cpu backend (pure JS)", cpu],
    ["wasm + its input gradient + the 3-D filter gradient (before)", previous],
    ["wasm + Attune's im2col gradients (now)", attune],
  ] as const;
  const text = [
    "# CNN training on TF.js wasm: seconds per 1,000 images",
    "",
    `Command: \`npx tsx bench/wasm-conv/run.ts --images ${IMAGES} --epochs ${EPOCHS}\` (median of ${EPOCHS} epochs after`,
    `one of warm-up on ${IMAGES} images 28×28; the cpu backend one epoch on a fifth of them; batches of 64, conv 16-32 +`,
    `dense 64). Load (1 / 5 / 15 min) before: ${before};`,
    `after: ${after}. ${new Date().toISOString().slice(0, 16)}Z, one core (TF.js on wasm is single-threaded in Node).`,
    "",
    "| kernels | s / 1,000 images | vs now |",
    "|---|---:|---:|",
    ...rows.map(([name, s]) => `| ${name} | ${s.toFixed(2)} | ${(s / attune).toFixed(1)}× |`),
    "",
  ].join("\n");
  console.log(text);
  if (!args.includes("--no-write")) writeFileSync(resolve(__dirname, "RESULTS.md"), text);
}

void main();
