// Saves a TF.js model as `tf.loadLayersModel` reads it (model.json + weights.bin) with its preprocessing.json beside
// it, from plain Node (the browser build of TF.js has no file:// handler), each file written atomically.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ModelArtifacts, SavableModel, TfLike } from "./tfTypes";

export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";
export const PREPROCESSING_JSON = "preprocessing.json";

export async function saveModel(tf: TfLike, model: SavableModel, preprocessing: object, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, data: string | Uint8Array) => {
    const tmp = join(dir, `.${name}.tmp`);
    writeFileSync(tmp, data);
    renameSync(tmp, join(dir, name));
  };
  await model.save(
    tf.io.withSaveHandler(async (a: ModelArtifacts) => {
      const parts = Array.isArray(a.weightData) ? a.weightData : a.weightData ? [a.weightData] : [];
      const bytes = Buffer.concat(parts.map((b) => Buffer.from(b)));
      write(WEIGHTS_BIN, bytes);
      const json = {
        modelTopology: a.modelTopology,
        format: a.format ?? "layers-model",
        generatedBy: a.generatedBy,
        convertedBy: a.convertedBy ?? null,
        ...(a.trainingConfig ? { trainingConfig: a.trainingConfig } : {}),
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: a.weightSpecs ?? [] }],
      };
      write(MODEL_JSON, JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  write(PREPROCESSING_JSON, JSON.stringify(preprocessing, null, 2) + "\n");
}
