// The little of TensorFlow.js this module calls. TF.js is the user's own (or Attune's) and is passed in, never
// imported, so the module loads in milliseconds and works with whichever version the script uses.
export interface TfTensor {
  shape: number[];
  dispose(): void;
}

export interface TfLike {
  tensor2d(data: Float32Array, shape: [number, number]): TfTensor;
  tensor4d(data: Float32Array, shape: [number, number, number, number]): TfTensor;
  io: { withSaveHandler(h: (a: ModelArtifacts) => Promise<unknown>): unknown };
}

export interface ModelArtifacts {
  modelTopology?: unknown;
  weightSpecs?: unknown[];
  weightData?: ArrayBuffer | ArrayBuffer[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: unknown;
}

export interface SavableModel {
  save(handler: unknown): Promise<unknown>;
}

/** Inputs and targets of one part of the data, as tensors (x is a list when the model has several inputs). */
export interface Part {
  x: TfTensor | TfTensor[];
  y: TfTensor;
  rows: number;
}
