#!/usr/bin/env python3
"""Reference for DFL's sample warp (dfl-reference.md §7.2, DFL's core/imagelib/warp.py
warp_by_params), written from the description with NumPy and OpenCV: given the parameters
(control grid, rotation, scale, shift, flip), the remap tables are the n×n grid resized
bilinearly to (w+cell)² and cropped by cell/2; then cv2.remap (default border), the affine
cv2.getRotationMatrix2D((w//2, w//2), rot, scale) + shift (replicate for faces, zero for masks),
then a horizontal flip; cubic for faces, linear for masks.

Writes Tests/Reference/samples/warp.safetensors with, per case c (0, 1, 2):
  c<k>_params   float64 [size, rotation, scale, tx, ty, flip, cell]
  c<k>_grid     float32 (n, n, 2) control points (x, y)
  c<k>_face     float32 (w, w, 3) input face in [0, 1];  c<k>_mask (w, w) input mask
  c<k>_face_warped, c<k>_face_target (transform only), c<k>_mask_target: the reference outputs

Run by hand: $MASQUE_PYTHON Tests/Reference/make_sample_warp_fixtures.py
"""
import os

import cv2
import numpy as np
from safetensors.numpy import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "samples")


def apply(img, p, grid, warp, transform, is_mask):
    w = int(p[0])
    cell = int(p[6])
    inter = cv2.INTER_LINEAR if is_mask else cv2.INTER_CUBIC
    if warp:
        maps = [cv2.resize(np.ascontiguousarray(grid[:, :, k]), (w + cell, w + cell), interpolation=cv2.INTER_LINEAR)
                [cell // 2:cell // 2 + w, cell // 2:cell // 2 + w].astype(np.float32) for k in (0, 1)]
        img = cv2.remap(img, maps[0], maps[1], inter)
    if transform:
        m = cv2.getRotationMatrix2D((w // 2, w // 2), p[1], p[2])
        m[:, 2] += (p[3] * w, p[4] * w)
        border = cv2.BORDER_CONSTANT if is_mask else cv2.BORDER_REPLICATE
        img = cv2.warpAffine(img, m, (w, w), borderMode=border, flags=inter)
    if p[5]:
        img = img[:, ::-1]
    return np.ascontiguousarray(img)


def main():
    rng = np.random.default_rng(17)
    arrays = {}
    for case, (w, cell, rot, scale, tx, ty, flip) in enumerate([(64, 16, 7.5, 1.1, 0.03, -0.04, 1),
                                                              (96, 12, -9.0, 0.9, -0.05, 0.02, 0),
                                                              (128, 64, 3.0, 1.15, 0.0, 0.05, 1)]):
        n = w // cell + 1
        xs, ys = np.meshgrid(np.linspace(0, w, n), np.linspace(0, w, n))
        grid = np.stack([xs, ys], axis=-1)
        interior = np.zeros((n, n), bool)
        interior[1:-1, 1:-1] = True
        grid[interior] += np.clip(rng.normal(0, 1, (interior.sum(), 2)), -2.5, 2.5) / 2.5 * 0.24 * cell
        grid = grid.astype(np.float32)
        yy, xx = np.mgrid[0:w, 0:w] / w
        face = np.stack([0.5 + 0.4 * np.sin(6 * xx + 2 * yy), 0.5 + 0.4 * np.cos(5 * yy), xx * yy], axis=-1).astype(np.float32)
        mask = (((xx - 0.5) ** 2 + (yy - 0.55) ** 2) < 0.12).astype(np.float32)
        p = np.array([w, rot, scale, tx, ty, flip, cell], np.float64)
        arrays.update({f"c{case}_params": p, f"c{case}_grid": grid, f"c{case}_face": face, f"c{case}_mask": mask,
                       f"c{case}_face_warped": apply(face, p, grid, True, True, False),
                       f"c{case}_face_target": apply(face, p, grid, False, True, False),
                       f"c{case}_mask_target": apply(mask, p, grid, False, True, True)})
    os.makedirs(OUT, exist_ok=True)
    save_file({k: np.ascontiguousarray(v) for k, v in arrays.items()}, os.path.join(OUT, "warp.safetensors"))
    print("wrote", os.path.join(OUT, "warp.safetensors"))


if __name__ == "__main__":
    main()
