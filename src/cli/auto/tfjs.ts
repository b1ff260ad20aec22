// TF.js for `attune predict`: the user's project's @tensorflow/tfjs, else the copy Attune carries (its node_modules, or
// the bundle in dist/runtime), on the cpu backend (a forward pass needs no wasm start-up), and a model read from
// model.json + weights.bin without a file:// handler.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DataError } from "../../data/errors";

export interface PredictTensor {
  shape: number[];
  dataSync(): ArrayLike<number>;
}

export interface PredictTf {
  setBackend(name: string): Promise<boolean>;
  env(): { set(flag: string, value: boolean): void };
  tensor2d(data: Float32Array, shape: [number, number]): PredictTensor;
  tensor4d(data: Float32Array, shape: [number, number, number, number]): PredictTensor;
  loadLayersModel(handler: { load(): Promise<object> }): Promise<{ predict(x: unknown): PredictTensor }>;
}

/**
 * Where `@tensorflow/tfjs` is: the project's (resolved from `from`), else Attune's own node_modules (a clone), else
 * the bundle the build writes beside this file (scripts/build.mjs; the .vsix carries no node_modules).
 */
export function resolveTfjs(from: string[]): string | undefined {
  for (const paths of [from, [__dirname]]) {
    try {
      return require.resolve("@tensorflow/tfjs", { paths });
    } catch {
      // next place
    }
  }
  const bundled = join(__dirname, "runtime", "attune-tfjs-bundle.cjs");
  return existsSync(bundled) ? bundled : undefined;
}

export async function loadTf(from: string[]): Promise<PredictTf> {
  const where = resolveTfjs(from);
  if (!where)
    throw new DataError("predict needs TensorFlow.js: install it in your project with npm i @tensorflow/tfjs");
  const tf = require(where) as PredictTf;
  // PROD: no debug checks, and no "install tfjs-node" banner on stderr.
  tf.env().set("PROD", true);
  await tf.setBackend("cpu");
  return tf;
}

export async function loadModel(tf: PredictTf, dir: string) {
  const json = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
  const manifest = json.weightsManifest as { paths: string[]; weights: object[] }[];
  const buffers = manifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadLayersModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: manifest.flatMap((g) => g.weights),
      weightData,
      format: json.format,
    }),
  });
}
