#!/usr/bin/env python3
"""Reference for the pieces of DFL's XSeg samples (dfl-reference.md §1.3, §8.5, §8.6), written
from the description with NumPy and OpenCV:

- label polygons rasterised as DFL's SegIEPolys.overlay_mask does: the polygons re-ordered
  include-first (stable), a zero (h, w) float mask, each polygon with points filled by
  cv2.fillPoly with its points truncated toward zero to int32, 1 for include, 0 for exclude;
- LinearMotionBlur(img, k, angle) (core/imagelib/blursharpen.py): a k×k kernel with row (k-1)//2
  set to 1, rotated by cv2.getRotationMatrix2D((k/2-0.5, k/2-0.5), angle, 1) with a bilinear
  warpAffine, divided by its sum, applied with cv2.filter2D;
- blursharpen(img, mode, k, amount): box and gaussian sharpening, and the median blur of a
  negative amount.

Writes Tests/Reference/samples/xseg_pieces.safetensors:
  poly_types    int32 (P,)  the polygons' types in their stored order (1 include, 0 exclude)
  poly<k>_pts   float32 (n_k, 2)  points (x, y) of polygon k (stored order; n_k may be 0:
                skipped, written as shape (0, 2))
  poly_mask     float32 (23, 31)  the rasterised mask (height 23, width 31)
  face          float32 (20, 24, 3)  an input image in [0, 1]
  motion_<k>_<angle>        LinearMotionBlur(face, k, angle)
  sharpen_<mode>_<k>_<amount>  blursharpen(face, mode, k, amount) (amount < 0 written as m<n>)

Run by hand: $MASQUE_PYTHON Tests/Reference/make_xseg_sample_fixtures.py
"""
import os

import cv2
import numpy as np
from safetensors.numpy import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "samples")

POLYS = [
    (0, [[5.9, 4.2], [14.7, 3.1], [12.2, 11.9], [4.5, 10.0]]),
    (1, [[-3.7, -2.2], [27.6, 1.9], [33.4, 20.8], [2.2, 25.5]]),
    (1, []),
    (0, [[20.0, 14.0], [26.9, 14.0], [26.9, 19.99], [20.0, 19.99]]),
    (1, [[8.5, 6.5], [10.9, 6.1], [9.7, 8.8]]),
]
HEIGHT, WIDTH = 23, 31


def overlay_mask(polys, h, w):
    ordered = [p for p in polys if p[0] == 1] + [p for p in polys if p[0] == 0]
    mask = np.zeros((h, w, 1), np.float32)
    for kind, pts in ordered:
        pts = np.array(pts, np.float32).reshape(-1, 2)
        if len(pts) == 0:
            continue
        cv2.fillPoly(mask, [pts.astype(np.int32)], (1,) if kind == 1 else (0,))
    return mask[..., 0]


def linear_motion_blur(image, size, angle):
    k = np.zeros((size, size), dtype=np.float32)
    k[(size - 1) // 2, :] = np.ones(size, dtype=np.float32)
    k = cv2.warpAffine(k, cv2.getRotationMatrix2D((size / 2 - 0.5, size / 2 - 0.5), angle, 1.0), (size, size))
    k = k * (1.0 / np.sum(k))
    return cv2.filter2D(image, -1, k)


def blursharpen(img, mode, k, amount):
    if k % 2 == 0:
        k += 1
    if amount > 0:
        if mode == 1:
            kernel = np.zeros((k, k), dtype=np.float32)
            kernel[k // 2, k // 2] = 1.0
            box = np.ones((k, k), dtype=np.float32) / (k ** 2)
            return cv2.filter2D(img, -1, kernel + (kernel - box) * amount)
        if mode == 2:
            blur = cv2.GaussianBlur(img, (k, k), 0)
            return cv2.addWeighted(img, 1.0 + (0.5 * amount), blur, -(0.5 * amount), 0)
    elif amount < 0:
        n = -amount
        while n > 0:
            blurred = cv2.medianBlur(img, 5)
            if int(n / 10) != 0:
                img = blurred
            else:
                power = (n % 10) / 10.0
                img = img * (1.0 - power) + blurred * power
            n = max(n - 10, 0)
    return img


def main():
    out = {"poly_types": np.array([t for t, _ in POLYS], np.int32),
           "poly_mask": np.ascontiguousarray(overlay_mask(POLYS, HEIGHT, WIDTH))}
    for index, (_, pts) in enumerate(POLYS):
        out[f"poly{index}_pts"] = np.array(pts, np.float32).reshape(-1, 2)
    rng = np.random.RandomState(7)
    face = rng.uniform(0, 1, (20, 24, 3)).astype(np.float32)
    face = cv2.GaussianBlur(face, (3, 3), 0)
    out["face"] = face
    for size, angle in [(1, 0), (3, 45), (4, 200), (5, 359)]:
        out[f"motion_{size}_{angle}"] = linear_motion_blur(face, size, angle)
    for mode, k, amount in [(1, 3, 4), (1, 4, 9), (2, 2, 30), (2, 5, 7), (0, 3, 5), (1, 3, -25)]:
        name = f"sharpen_{mode}_{k}_" + (f"m{-amount}" if amount < 0 else f"{amount}")
        out[name] = np.ascontiguousarray(blursharpen(face.copy(), mode, k, amount), dtype=np.float32)
    os.makedirs(OUT, exist_ok=True)
    save_file(out, os.path.join(OUT, "xseg_pieces.safetensors"))


if __name__ == "__main__":
    main()
