// TF.js for training inside the `attune` process (the one-shot supernet, docs/model-search.md#one-shot-search): the
// project's @tensorflow/tfjs, else Attune's, on the wasm backend with the convolution filter gradient the trials'
// preload also registers (runtime/attune-wasm-conv.cjs), else cpu. `--tfjs-backend cpu` forces cpu.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DataError } from "../../data/errors";
import type { Tf } from "./supernet";
import { resolveTfjs } from "./tfjs";

function resolveFrom(pkg: string, from: string[]): string | undefined {
  for (const paths of [from, [__dirname]]) {
    try {
      return require.resolve(pkg, { paths });
    } catch {
      // next place
    }
  }
  return undefined;
}

/** The first of `names` that exists beside this file (built: dist/runtime; from source: src/runner/runtime). */
function runtimeFile(name: string): string | undefined {
  return [join(__dirname, "runtime", name), join(__dirname, "..", "..", "runner", "runtime", name)].find(existsSync);
}

export async function loadTrainingTf(from: string[], backend?: string): Promise<{ tf: Tf; backend: string }> {
  const where = resolveTfjs(from);
  if (!where) throw new DataError("one-shot search needs TensorFlow.js: npm i @tensorflow/tfjs");
  const tf = require(where) as Tf;
  tf.env().set("PROD", true);
  if (backend !== "cpu") {
    const wasm = resolveFrom("@tensorflow/tfjs-backend-wasm", from);
    if (wasm) require(wasm);
    const conv = runtimeFile("attune-wasm-conv.cjs");
    if (conv) (require(conv) as { install(t: unknown): boolean }).install(tf);
    try {
      if (
        tf.findBackendFactory("wasm") &&
        (await tf.setBackend("wasm")) &&
        tf.getKernel("Conv2DBackpropFilter", "wasm")
      )
        return { tf, backend: "wasm" };
    } catch {
      // no wasm: cpu below
    }
  }
  await tf.setBackend("cpu");
  return { tf, backend: "cpu" };
}
