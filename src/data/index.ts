// `attune/data`: the data loading and preprocessing that `attune auto`'s train.ts, `attune auto` itself and
// `attune predict` share (docs/model-search.md#the-data-module). Built into dist/runtime/attune-data.cjs with its
// decoders, so a trial requires it without Attune's node_modules; TF.js is passed in by the script.
export { DataError } from "./errors";
export { loadTable, type LoadedData, type TableOptions } from "./tableData";
export { loadImages, type ImageOptions, type ImagePreprocessing } from "./imageData";
export { saveModel } from "./save";
