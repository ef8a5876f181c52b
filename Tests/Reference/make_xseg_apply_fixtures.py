#!/usr/bin/env python3
"""Reference for Masque's `xseg apply` between face types (dfl-reference.md §4.2): the steps of
DFL's `mainscripts/XSegUtil.py apply_xseg` around the network, redone with numpy and OpenCV only,
on aligned faces cut from the public-domain astronaut portrait.

Writes Tests/Reference/xseg_apply/:

  <case>_face.png     the aligned face (uint8 BGR, lossless), cut from the portrait as DFL's
                      extractor does (bilinear warpAffine with get_transform_mat)
  warp.safetensors    source_landmarks (68, 2) float32: the portrait's landmarks; per case:
                      <case>_mat (2, 3) float64       aligned face → the model type's crop (DFL's `mat`)
                      <case>_input (256, 256, 3) f32  the network's input DFL makes
                      <case>_net_mask (256, 256) f32  a stand-in for the network's mask (a blurred
                                                      ellipse in the model type's crop, < 0.1 → 0)
                      <case>_stored (256, 256) uint8  the mask DFL stores for it (0 or 1)

Cases: head_on_wf (a 192-px head face, a whole_face model: DFL's generic model on a head
faceset) and full_on_wf (a 256-px full_face face, a whole_face model).

Run by hand: $MASQUE_PYTHON Tests/Reference/make_xseg_apply_fixtures.py (numpy, opencv-python, safetensors).
"""
import sys
from pathlib import Path

import cv2
import numpy as np
from safetensors.numpy import save_file

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_alignment_fixtures import transform_mat  # noqa: E402

OUT = HERE / "xseg_apply"
XSEG_RES = 256
CASES = {"head_on_wf": ("head", 192, "whole_face"), "full_on_wf": ("full_face", 256, "whole_face")}


def transform_points(points, mat, invert=False):
    """LandmarksProcessor.transform_points."""
    if invert:
        mat = cv2.invertAffineTransform(mat)
    points = np.expand_dims(points, axis=1)
    points = cv2.transform(points, mat, points.shape)
    return np.squeeze(points)


def net_mask():
    """A smooth face-shaped blob in the middle of the model's crop, as XSegNet.extract gives."""
    mask = np.zeros((XSEG_RES, XSEG_RES), np.float32)
    cv2.ellipse(mask, (128, 140), (70, 95), 0, 0, 360, 1.0, -1)
    mask = cv2.GaussianBlur(mask, (31, 31), 0)
    mask[mask < 0.1] = 0
    return mask


def apply_steps(face, lmrks, img_face_type, face_type, mask):
    """apply_xseg for one face whose type differs from the model's: input, mat, stored mask."""
    img = face.astype(np.float32) / 255.0
    h, w, c = img.shape
    fmat = transform_mat(lmrks, w, face_type)[0]
    imat = transform_mat(lmrks, w, img_face_type)[0]
    g_p = transform_points(np.float32([(0, 0), (w, 0), (0, w)]), fmat, True)
    g_p2 = transform_points(g_p, imat)
    mat = cv2.getAffineTransform(g_p2, np.float32([(0, 0), (w, 0), (0, w)]))
    img = cv2.warpAffine(img, mat, (w, w), cv2.INTER_LANCZOS4)  # DFL's call: the flag lands in `dst`, so bilinear
    img = cv2.resize(img, (XSEG_RES, XSEG_RES), interpolation=cv2.INTER_LANCZOS4)
    mask = cv2.resize(mask, (w, w), interpolation=cv2.INTER_LANCZOS4)
    mask = cv2.warpAffine(mask, mat, (w, w), np.zeros((h, w, c), dtype=np.float64), cv2.WARP_INVERSE_MAP | cv2.INTER_LANCZOS4)
    mask = cv2.resize(mask, (XSEG_RES, XSEG_RES), interpolation=cv2.INTER_LANCZOS4)
    mask[mask < 0.5] = 0
    mask[mask >= 0.5] = 1
    return img, mat, mask.astype(np.uint8)


def main():
    OUT.mkdir(exist_ok=True)
    frame = cv2.imread(str(HERE / "portraits" / "astronaut.png"))
    lmrks = np.load(HERE / "tflite" / "astronaut_landmarks68.npy").astype(np.float32).reshape(68, 2)
    arrays = {"source_landmarks": lmrks}
    for name, (img_face_type, size, face_type) in CASES.items():
        face = cv2.warpAffine(frame, transform_mat(lmrks, size, img_face_type)[0], (size, size), flags=cv2.INTER_LINEAR)
        cv2.imwrite(str(OUT / f"{name}_face.png"), face)
        mask = net_mask()
        img, mat, stored = apply_steps(face, lmrks, img_face_type, face_type, mask)
        arrays[f"{name}_mat"] = mat
        arrays[f"{name}_input"] = img.astype(np.float32)
        arrays[f"{name}_net_mask"] = mask
        arrays[f"{name}_stored"] = stored
    save_file({k: np.ascontiguousarray(v) for k, v in arrays.items()}, str(OUT / "warp.safetensors"))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
