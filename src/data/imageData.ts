// An image folder as a training script needs it (docs/model-search.md#images): every image decoded, resized to
// size × size, split per class, optionally augmented (one shifted copy of each training image), as tensors.
import { Rng } from "../core/rng";
import { decodeImage, scanImageFolder, toPixels } from "./images";
import { stratifiedSplit } from "./split";
import type { Part, TfLike } from "./tfTypes";
import type { LoadedData } from "./tableData";

export interface ImagePreprocessing {
  kind: "images";
  task: "classification";
  size: number;
  channels: 1 | 3;
  classes: string[];
}

export interface ImageOptions {
  size: number;
  channels: 1 | 3;
  validation: number;
  seed: number;
  augment?: boolean;
  final?: boolean;
}

export function loadImages(tf: TfLike, dir: string, o: ImageOptions): LoadedData {
  const { classes, files } = scanImageFolder(dir);
  const per = o.size * o.size * o.channels;
  const pixels = new Float32Array(files.length * per);
  files.forEach((f, n) => toPixels(decodeImage(f.path), o.size, o.channels, pixels, n * per));
  const labels = files.map((f) => classes.indexOf(f.label));
  const split = stratifiedSplit(
    files.map((f) => f.label),
    o.validation,
    o.seed,
  );
  const trainIdx = o.final ? files.map((_, i) => i) : split.train;
  const part = (idx: number[], augment: boolean): Part => {
    const rng = Rng.derive(o.seed, "augment");
    const copies = augment ? 2 : 1;
    const x = new Float32Array(idx.length * copies * per);
    const y = new Float32Array(idx.length * copies * classes.length);
    idx.forEach((i, n) => {
      for (let c = 0; c < copies; c++) {
        const at = (n * copies + c) * per;
        const img = pixels.subarray(i * per, (i + 1) * per);
        if (c === 0) x.set(img, at);
        else shift(img, x.subarray(at, at + per), o.size, o.channels, rng);
        y[(n * copies + c) * classes.length + labels[i]] = 1;
      }
    });
    const rows = idx.length * copies;
    return {
      x: tf.tensor4d(x, [rows, o.size, o.size, o.channels]),
      y: tf.tensor2d(y, [rows, classes.length]),
      rows,
    };
  };
  const preprocessing: ImagePreprocessing = {
    kind: "images",
    task: "classification",
    size: o.size,
    channels: o.channels,
    classes,
  };
  return {
    train: part(trainIdx, !!o.augment),
    val: part(split.val, false),
    inputs: [{ name: "image", width: per }],
    outputs: classes.length,
    preprocessing,
    summary:
      `${dir}: ${files.length} images of ${classes.length} classes at ${o.size}×${o.size}×${o.channels} ` +
      `(${trainIdx.length} to train${o.augment ? ", each with a shifted copy" : ""}, ${split.val.length} to validate)`,
  };
}

/** A copy moved by up to 2 pixels each way (edges filled with 0). */
function shift(src: Float32Array, dst: Float32Array, size: number, channels: number, rng: Rng): void {
  const dx = Math.floor(rng.random() * 5) - 2;
  const dy = Math.floor(rng.random() * 5) - 2;
  dst.fill(0);
  for (let y = 0; y < size; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= size) continue;
    for (let x = 0; x < size; x++) {
      const sx = x - dx;
      if (sx < 0 || sx >= size) continue;
      for (let c = 0; c < channels; c++) dst[(y * size + x) * channels + c] = src[(sy * size + sx) * channels + c];
    }
  }
}
