// Image folders (docs/model-search.md#images): one subfolder per class, PNG and JPEG files at any depth below it,
// decoded by pngjs and jpeg-js, resized (bilinear) to one square size and scaled to [0, 1].
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { PNG } from "pngjs";
import { decode as decodeJpeg } from "jpeg-js";
import { DataError } from "./errors";

export const IMAGE_EXT = /\.(png|jpe?g)$/i;

export interface ImageFile {
  path: string;
  /** The class folder's name (empty when predicting). */
  label: string;
}

export interface Decoded {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  rgba: Uint8Array;
}

/** Every image under `dir`, at any depth, sorted by path. */
export function listImages(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (IMAGE_EXT.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The class folders of a training folder and their images; one class only, or no image, is a DataError. */
export function scanImageFolder(dir: string): { classes: string[]; files: ImageFile[] } {
  const classes = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
  const files = classes.flatMap((c) => listImages(join(dir, c)).map((path) => ({ path, label: c })));
  const withImages = classes.filter((c) => files.some((f) => f.label === c));
  if (!files.length)
    throw new DataError(
      `${dir} holds no PNG or JPEG images in class subfolders: put each class's images in a folder of its own ` +
        "(e.g. data/cat/1.png, data/dog/2.jpg)",
    );
  if (withImages.length < 2)
    throw new DataError(
      `${dir} has images of one class only (${withImages[0]}): add a subfolder of images for each other class`,
    );
  return { classes: withImages, files };
}

export function decodeImage(file: string, shownAs = file): Decoded {
  try {
    const bytes = readFileSync(file);
    if (bytes[0] === 0x89 && bytes[1] === 0x50) {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, rgba: png.data };
    }
    const jpg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
    return { width: jpg.width, height: jpg.height, rgba: jpg.data };
  } catch (e) {
    throw new DataError(
      `cannot decode the image ${shownAs} (${(e as Error).message}): replace it with a valid PNG or JPEG, or remove it`,
    );
  }
}

/** Grey (1 channel) when every pixel is; else RGB. Scaled to [0, 1], bilinear-resized to size × size. */
export function toPixels(img: Decoded, size: number, channels: 1 | 3, out: Float32Array, offset: number): void {
  const sx = img.width / size;
  const sy = img.height / size;
  for (let y = 0; y < size; y++) {
    const fy = Math.min(img.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(img.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < size; x++) {
      const fx = Math.min(img.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(img.width - 1, x0 + 1);
      const wx = fx - x0;
      for (let c = 0; c < channels; c++) {
        const at = (xx: number, yy: number) => {
          const p = (yy * img.width + xx) * 4;
          return channels === 1 ? (img.rgba[p] + img.rgba[p + 1] + img.rgba[p + 2]) / 3 : img.rgba[p + c];
        };
        const top = at(x0, y0) * (1 - wx) + at(x1, y0) * wx;
        const bottom = at(x0, y1) * (1 - wx) + at(x1, y1) * wx;
        out[offset + (y * size + x) * channels + c] = (top * (1 - wy) + bottom * wy) / 255;
      }
    }
  }
}

export function isGrey(img: Decoded): boolean {
  for (let p = 0; p < img.rgba.length; p += 4)
    if (img.rgba[p] !== img.rgba[p + 1] || img.rgba[p] !== img.rgba[p + 2]) return false;
  return true;
}

export interface ImageProfile {
  classes: string[];
  images: number;
  /** The most common width × height (others are resized to it). */
  width: number;
  height: number;
  /** Images of another size. */
  otherSizes: number;
  channels: 1 | 3;
}

/** Sizes and colour of a folder's images (every image decoded once: a corrupt one is named now, not mid-search). */
export function profileImages(dir: string): ImageProfile {
  const { classes, files } = scanImageFolder(dir);
  const sizes = new Map<string, number>();
  let grey = true;
  for (const f of files) {
    const img = decodeImage(f.path, relative(process.cwd(), f.path) || f.path);
    const key = `${img.width}x${img.height}`;
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
    if (grey && !isGrey(img)) grey = false;
  }
  const [common, count] = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0];
  const [width, height] = common.split("x").map(Number);
  return { classes, images: files.length, width, height, otherSizes: files.length - count, channels: grey ? 1 : 3 };
}

export const fileExists = (p: string): boolean => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};
