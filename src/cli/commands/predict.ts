// `attune predict <DIR> <data>`: the model `attune auto` saved in DIR/model, applied to new rows or images, as CSV on
// stdout (docs/model-search.md#predict). It loads only TF.js and src/data (not the engine), to start fast.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { readCsv } from "../../data/csv";
import { DataError } from "../../data/errors";
import { decodeImage, listImages, toPixels } from "../../data/images";
import type { ImagePreprocessing } from "../../data/imageData";
import { encodeTable, type TablePreprocessing } from "../../data/preprocessing";
import { MODEL_JSON, PREPROCESSING_JSON } from "../../data/save";
import { loadModel, loadTf, type PredictTf } from "../auto/tfjs";

export interface PredictIo {
  cwd: string;
  out(line: string): void;
  err(line: string): void;
}

/** Exit code: 0, or 2 for bad arguments or data (one line on stderr). */
export async function predict(io: PredictIo, positional: string[]): Promise<number> {
  try {
    await run(io, positional);
    return 0;
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    io.err(`attune: ${e.message}`);
    return 2;
  }
}

async function run(io: PredictIo, positional: string[]): Promise<void> {
  if (positional.length !== 2)
    throw new DataError("predict takes two arguments: attune predict <DIR written by attune auto> <file.csv | folder>");
  const [dirArg, dataArg] = positional;
  const modelDir = join(resolve(io.cwd, dirArg), "model");
  if (!existsSync(join(modelDir, MODEL_JSON)) || !existsSync(join(modelDir, PREPROCESSING_JSON)))
    throw new DataError(`${dirArg} has no model/ with ${MODEL_JSON} and ${PREPROCESSING_JSON}: run attune auto first`);
  const data = resolve(io.cwd, dataArg);
  if (!existsSync(data)) throw new DataError(`${dataArg} does not exist: give a CSV file or a folder of images`);
  const prep = JSON.parse(readFileSync(join(modelDir, PREPROCESSING_JSON), "utf8")) as
    TablePreprocessing | ImagePreprocessing;
  const tf = await loadTf([io.cwd, modelDir]);
  const model = await loadModel(tf, modelDir);
  if (prep.kind === "table") predictTable(io, tf, model, prep, data, dataArg);
  else predictImages(io, tf, model, prep, data, dataArg);
}

type Model = Awaited<ReturnType<typeof loadModel>>;

function predictTable(
  io: PredictIo,
  tf: PredictTf,
  model: Model,
  prep: TablePreprocessing,
  file: string,
  shown: string,
) {
  if (statSync(file).isDirectory())
    throw new DataError(`${shown} is a folder, but this model was trained on a table: give a CSV file`);
  const t = readCsv(file, shown);
  const needed = [...prep.numeric, ...prep.categorical].map((c) => c.name);
  const missing = needed.filter((n) => !t.columns.includes(n));
  if (missing.length)
    throw new DataError(`${shown} lacks the column(s) ${missing.join(", ")} the model was trained on: add them`);
  const { inputs, unseen } = encodeTable(prep, t.columns, t.rows);
  if (unseen.length) {
    const what = unseen.slice(0, 5).map((u) => `${u.column}=${JSON.stringify(u.value)} ×${u.rows}`);
    io.err(
      `attune: warning: categories not seen in training (${what.join(", ")}${unseen.length > 5 ? ", …" : ""}) are ` +
        "encoded as all-zero one-hot (no category)",
    );
  }
  const xs = inputs.map((i) => tf.tensor2d(i.data, [t.rows.length, i.width]));
  const y = model.predict(xs.length === 1 ? xs[0] : xs);
  const out = y.dataSync();
  const width = y.shape[1] ?? 1;
  io.out("prediction");
  const lines: string[] = [];
  for (let n = 0; n < t.rows.length; n++) lines.push(csvCell(label(prep, out, n, width)));
  io.out(lines.join("\n"));
}

function label(
  prep: { classes?: string[]; targetScale?: { mean: number; std: number } },
  out: ArrayLike<number>,
  n: number,
  width: number,
): string {
  if (prep.classes) {
    let best = 0;
    for (let k = 1; k < width; k++) if (out[n * width + k] > out[n * width + best]) best = k;
    return prep.classes[best];
  }
  const s = prep.targetScale ?? { mean: 0, std: 1 };
  return String(Number((out[n] * s.std + s.mean).toPrecision(7)));
}

function predictImages(
  io: PredictIo,
  tf: PredictTf,
  model: Model,
  prep: ImagePreprocessing,
  dir: string,
  shown: string,
) {
  if (!statSync(dir).isDirectory())
    throw new DataError(`${shown} is a file, but this model was trained on images: give a folder`);
  const files = listImages(dir);
  if (!files.length) throw new DataError(`${shown} holds no PNG or JPEG images: give a folder of images`);
  const per = prep.size * prep.size * prep.channels;
  let resized = 0;
  io.out("path,prediction");
  for (let at = 0; at < files.length; at += 256) {
    const chunk = files.slice(at, at + 256);
    const x = new Float32Array(chunk.length * per);
    chunk.forEach((f, n) => {
      const img = decodeImage(f, join(shown, relative(dir, f)));
      if (img.width !== prep.size || img.height !== prep.size) resized++;
      toPixels(img, prep.size, prep.channels, x, n * per);
    });
    const y = model.predict(tf.tensor4d(x, [chunk.length, prep.size, prep.size, prep.channels]));
    const out = y.dataSync();
    const lines = chunk.map(
      (f, n) => `${csvCell(join(shown, relative(dir, f)))},${csvCell(label(prep, out, n, prep.classes.length))}`,
    );
    io.out(lines.join("\n"));
  }
  if (resized)
    io.err(
      `attune: note: ${resized} image(s) were not ${prep.size}×${prep.size}: resized to it (bilinear), as in training`,
    );
}

export function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
