"use strict";
// One TF.js throughput measurement in a process of its own: `node tfjs-worker.cjs BACKEND MODEL BATCH SAMPLES`.
// The backend is started exactly as a trial's would be (attune-backends.cjs, forced), then one warm-up fit compiles
// kernels and shaders, and a timed fit over SAMPLES seeded-random samples gives samples/s. Prints one JSON line.
const path = require("path");
const repo = path.resolve(__dirname, "../..");
const backends = require(path.join(repo, "src/runner/runtime/attune-backends.cjs"));

async function main() {
  const [backend, model, batchText, samplesText] = process.argv.slice(2);
  const batch = Number(batchText);
  const samples = Math.max(Number(samplesText), 2 * batch);
  const tf = require("@tensorflow/tfjs");
  const resolve = (p) => {
    try {
      return require.resolve(p, { paths: [repo] });
    } catch {
      return undefined;
    }
  };
  const t0 = Date.now();
  const chosen = await backends.chooseBackend(tf, { resolve, env: process.env, forced: backend });
  const startMs = Date.now() - t0;
  let s = 42;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const shape = model === "cnn" ? [samples, 28, 28, 1] : [samples, 784];
  const x = tf.tensor(Float32Array.from({ length: samples * 784 }, rnd), shape);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: samples }, () => Math.floor(rnd() * 10)), "int32"), 10);
  const m = tf.sequential();
  const init = (seed) => tf.initializers.glorotUniform({ seed });
  if (model === "cnn") {
    m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: "relu", kernelInitializer: init(1) }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: "relu", kernelInitializer: init(2) }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
  } else {
    m.add(tf.layers.dense({ inputShape: [784], units: 256, activation: "relu", kernelInitializer: init(1) }));
    m.add(tf.layers.dense({ units: 128, activation: "relu", kernelInitializer: init(2) }));
  }
  m.add(tf.layers.dense({ units: 10, activation: "softmax", kernelInitializer: init(3) }));
  m.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  const warm = 2 * batch;
  await m.fit(x.slice(0, warm), y.slice(0, warm), { epochs: 1, batchSize: batch, verbose: 0, shuffle: false });
  const t1 = Date.now();
  const h = await m.fit(x, y, { epochs: 1, batchSize: batch, verbose: 0, shuffle: false });
  const seconds = (Date.now() - t1) / 1000;
  console.log(
    JSON.stringify({
      backend: chosen.backend,
      adapter: chosen.adapter ? backends.formatAdapter(chosen.adapter) : undefined,
      model,
      batch,
      samples,
      seconds,
      samplesPerS: samples / seconds,
      startMs,
      loss: h.history.loss[0],
    }),
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.log(JSON.stringify({ error: String((err && err.message) || err).split("\n")[0] }));
    process.exit(0);
  },
);
