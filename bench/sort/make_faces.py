#!/usr/bin/env python3
"""Writes COUNT aligned faces for bench/run-sort: augmented copies of the DFL faces in
Tests/Reference/sort/faces (gain, noise, blur varied per copy, optionally resized to SIZE
pixels with the landmarks scaled), each with its DFL APP15 metadata.

    $MASQUE_PYTHON bench/sort/make_faces.py --count 5000 --size 128 --out DIR
"""
import argparse
import os
import sys

import cv2
import numpy as np

REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Reference")
sys.path.insert(0, REFERENCE)
from make_sort_fixtures import encode, numpy_core_pickle, with_app15  # noqa: E402
from sort_reference import dfl_metadata, image_paths, read_image  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    os.makedirs(arguments.out, exist_ok=True)
    sources = []
    for path in image_paths(os.path.join(REFERENCE, "sort", "faces")):
        meta = dfl_metadata(path)
        if meta is not None:
            sources.append((read_image(path), meta))
    rng = np.random.default_rng(5000)
    for index in range(arguments.count):
        image, meta = sources[index % len(sources)]
        scale = arguments.size / image.shape[1]
        face = image.astype(np.float64)
        if scale != 1:
            face = cv2.resize(face, (arguments.size, arguments.size), interpolation=cv2.INTER_CUBIC)
        sigma = rng.uniform(0.0, 1.5)
        if sigma > 0.3:
            face = cv2.GaussianBlur(face, (0, 0), sigma)
        face = face * rng.uniform(0.85, 1.15) + rng.normal(0.0, 2.0, face.shape)
        face = np.clip(np.round(face), 0, 255).astype(np.uint8)
        copy = dict(meta)
        copy["landmarks"] = (np.asarray(meta["landmarks"], np.float64) * scale).tolist()
        data = with_app15(encode(face, 90), numpy_core_pickle(copy))
        with open(os.path.join(arguments.out, f"{index:05d}_0.jpg"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
