"""Fixtures for DFL's eye and mouth masks (FaceGeometry's FeatureMask).

Implements DFL's `facelib/LandmarksProcessor.py` `get_image_eye_mask` and
`get_image_mouth_mask` in numpy/OpenCV from their description (dfl-reference §8.3): landmarks cast
to int, fillConvexPoly of the convex hulls (eyes 36-41 and 42-47, mouth 60-67) into a float32
mask, one dilation with an ellipse of size h//32, then GaussianBlur with an odd kernel
h//16 + (1 - (h//16) % 2) and sigma from the kernel. Faces are DFL's 3D mean face projected into
the image with a seeded scale, shift, rotation and per-point jitter.

Writes Tests/Reference/feature_masks/masks.safetensors: for each case `<name>.landmarks`
(68x2 float32) and `<name>.eyes`, `<name>.mouth` (HxW float32).
Run: ~/.cache/masque/venv/bin/python Tests/Reference/make_feature_mask_fixtures.py
"""
import os

import cv2
import numpy as np
from safetensors.numpy import save_file

from dfl_landmarks import LANDMARKS_68_3D


def hull_mask(size, landmarks, groups):
    mask = np.zeros((size, size, 1), dtype=np.float32)
    points = landmarks.astype(np.int64)
    for group in groups:
        cv2.fillConvexPoly(mask, cv2.convexHull(points[group]).astype(np.int32), (1,))
    dilate = size // 32
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (dilate, dilate)), iterations=1)
    blur = size // 16
    blur = blur + (1 - blur % 2)
    return cv2.GaussianBlur(mask, (blur, blur), 0).reshape(size, size)


def face(size, rng):
    scale = size / 220 * rng.uniform(0.8, 1.1)
    angle = rng.uniform(-0.3, 0.3)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    points = LANDMARKS_68_3D[:, :2] @ rotation.T * scale
    points += np.array([size / 2, size / 2]) + rng.uniform(-0.05, 0.05, 2) * size
    points += rng.normal(0, size / 200, points.shape)
    return points.astype(np.float32)


def main():
    rng = np.random.default_rng(20261202)
    tensors = {}
    for size in (64, 96, 128):
        for index in range(2):
            name = f"s{size}_{index}"
            landmarks = face(size, rng)
            tensors[f"{name}.landmarks"] = landmarks
            tensors[f"{name}.eyes"] = hull_mask(size, landmarks, [list(range(36, 42)), list(range(42, 48))])
            tensors[f"{name}.mouth"] = hull_mask(size, landmarks, [list(range(60, 68))])
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "feature_masks")
    os.makedirs(out, exist_ok=True)
    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, os.path.join(out, "masks.safetensors"))


if __name__ == "__main__":
    main()
