#!/usr/bin/env python3
"""Reference for DFL's face alignment (dfl-reference.md §2.4–2.5), written from the formulas with
numpy and OpenCV only. Writes Tests/Reference/alignment/alignment.safetensors:

  landmarks   (N, 68, 2) float32  frame landmarks: similarity images of a mean face (some with noise,
              one mirrored, which Umeyama must not reflect), then the landmarks LiteRT's FaceMesh
              placed on the portraits and their rotated, scaled and flipped copies
              (Tests/Reference/tflite/<variant>_landmarks68.npy, from make_tflite_fixtures.py)
  umeyama     (N, 3, 3)  float64  mat0: landmarks[17:49]+[54] → template
  <face type> (N, 2, 3)  float64  get_transform_mat(landmarks, 256, face type)
  template_px_<face type> (N, 33, 2) float32  where the 33 template points land in a noise-free
              aligned face of that type (the template square mapped through the crop)
  landmarks_px_<face type> (N, 68, 2) float64  every set's 68 landmarks mapped into the 256-px
              aligned face by cv2.transform with <face type>'s matrix

Run by hand: python Tests/Reference/make_alignment_fixtures.py (needs numpy, opencv-python, safetensors).
"""
import math
import os

import cv2
import numpy as np
from safetensors.numpy import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "alignment")

TEMPLATE = np.array([
    [0.000213256, 0.106454], [0.0752622, 0.038915], [0.18113, 0.0187482], [0.29077, 0.0344891],
    [0.393397, 0.0773906], [0.586856, 0.0773906], [0.689483, 0.0344891], [0.799124, 0.0187482],
    [0.904991, 0.038915], [0.98004, 0.106454], [0.490127, 0.203352], [0.490127, 0.307009],
    [0.490127, 0.409805], [0.490127, 0.515625], [0.36688, 0.587326], [0.426036, 0.609345],
    [0.490127, 0.628106], [0.554217, 0.609345], [0.613373, 0.587326], [0.121737, 0.216423],
    [0.187122, 0.178758], [0.265825, 0.179852], [0.334606, 0.231733], [0.260918, 0.245099],
    [0.182743, 0.244077], [0.645647, 0.231733], [0.714428, 0.179852], [0.793132, 0.178758],
    [0.858516, 0.216423], [0.79751, 0.244077], [0.719335, 0.245099], [0.254149, 0.780233],
    [0.726104, 0.780233]], np.float32)
PADDING = {"half_face": (0.0, False), "midfull_face": (0.0675, False), "full_face": (0.2109375, False),
           "full_face_no_align": (0.2109375, True), "whole_face": (0.40, False), "head": (0.70, False),
           "head_no_align": (0.70, True)}


def umeyama(src, dst):
    """Umeyama 1991 with DFL's rank handling, float64."""
    num, dim = src.shape
    src_mean, dst_mean = src.mean(0), dst.mean(0)
    src_d, dst_d = src - src_mean, dst - dst_mean
    a = dst_d.T @ src_d / num
    d = np.ones(dim)
    if np.linalg.det(a) < 0:
        d[dim - 1] = -1
    t = np.eye(dim + 1)
    u, s, v = np.linalg.svd(a)
    rank = np.linalg.matrix_rank(a)
    if rank == 0:
        return np.nan * t
    if rank == dim - 1:
        if np.linalg.det(u) * np.linalg.det(v) > 0:
            t[:dim, :dim] = u @ v
        else:
            t[:dim, :dim] = u @ np.diag([1, -1]) @ v
    else:
        t[:dim, :dim] = u @ np.diag(d) @ v
    scale = 1.0 / src_d.var(axis=0).sum() * (s @ d)
    t[:dim, dim] = dst_mean - scale * (t[:dim, :dim] @ src_mean.T)
    t[:dim, :dim] *= scale
    return t


def averaged_yaw(l):
    l = np.asarray(l, np.float32)
    return float(np.mean([l[16, 0] - l[27, 0], l[15, 0] - l[28, 0], l[14, 0] - l[29, 0]])
                 - np.mean([l[27, 0] - l[0, 0], l[28, 0] - l[1, 0], l[29, 0] - l[2, 0]]))


def transform_mat(landmarks, size, face_type, scale=1.0):
    landmarks = np.array(landmarks, np.float64)
    padding, remove_align = PADDING[face_type]
    mat = umeyama(np.concatenate([landmarks[17:49], landmarks[54:55]]), TEMPLATE.astype(np.float64))[0:2]
    inv = cv2.invertAffineTransform(mat)
    pts = cv2.transform(np.float32([[[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5]]]), inv)[0]
    g0, g1, g2, g3, gc = pts
    norm = lambda v: v / np.linalg.norm(v)
    tb, bt = norm(g2 - g0), norm(g1 - g3)
    mod = (1.0 / scale) * np.float64(np.linalg.norm(g0 - g2)) * (padding * math.sqrt(2.0) + 0.5)
    if face_type == "whole_face":
        gc = gc + norm(g0 - g3) * np.linalg.norm(g0 - g3) * np.float32(0.07)
    elif face_type == "head":
        aligned = cv2.transform(np.float32(landmarks)[None], mat)[0]
        yaw = averaged_yaw(aligned)
        yaw *= abs(math.tanh(yaw * 2))
        gc = gc - norm(g0 - g1) * np.float32(yaw * np.linalg.norm(g0 - g1) / 2)
        gc = gc + norm(g0 - g3) * np.linalg.norm(g0 - g3) * np.float32(0.5)
    mod32 = np.float32(mod)
    if remove_align:
        square = np.array([gc - tb * mod32, gc + bt * mod32, gc + tb * mod32, gc - bt * mod32], np.float32)
        side = np.float32(math.sqrt(abs(cv2.contourArea(square))) / 2)
        src = np.array([gc + [-side, -side], gc + [side, -side], gc + [side, side]], np.float32)
    else:
        src = np.array([gc - tb * mod32, gc + bt * mod32, gc + tb * mod32], np.float32)
    dst = np.float32([[0, 0], [size, 0], [size, size]])
    return cv2.getAffineTransform(src, dst), mat


def mean_face():
    """68 points: the template's 33 plus a jaw arc and an inner/outer mouth, unit square coordinates."""
    face = np.zeros((68, 2), np.float32)
    face[17:49] = TEMPLATE[:32]
    face[54] = TEMPLATE[32]
    for i in range(17):
        angle = math.pi * (1 - i / 16)
        face[i] = [0.49 + 0.52 * math.cos(angle), 0.35 + 0.62 * math.sin(angle) * (1 if i in (0, 16) else 1)]
        face[i, 1] = 0.2 + 0.85 * math.sin(math.pi * i / 16) ** 0.8
    mouth_l, mouth_r = TEMPLATE[31], TEMPLATE[32]
    for k, i in enumerate(range(49, 54)):
        t = (k + 1) / 6
        face[i] = mouth_l + (mouth_r - mouth_l) * t + [0, -0.04 * math.sin(math.pi * t)]
    for k, i in enumerate(range(55, 60)):
        t = (k + 1) / 6
        face[i] = mouth_r + (mouth_l - mouth_r) * t + [0, 0.06 * math.sin(math.pi * t)]
    face[48], face[54] = mouth_l, mouth_r
    for k, i in enumerate(range(60, 68)):
        angle = 2 * math.pi * k / 8
        face[i] = (mouth_l + mouth_r) / 2 + [0.15 * math.cos(angle), 0.02 * math.sin(angle)]
    return face


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(7)
    base = mean_face()
    landmark_sets, exact = [], []
    for n in range(8):
        angle = rng.uniform(-0.6, 0.6)
        scale = rng.uniform(120, 400)
        shift = rng.uniform(100, 600, 2)
        rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
        pts = (base @ rot.T) * scale + shift
        noisy = n >= 4
        if noisy:
            pts = pts + rng.normal(0, 2.0, pts.shape)
            pts[:17, 0] += np.linspace(-1, 1, 17) * rng.uniform(-25, 25)   # turn the jaw: non-zero yaw
        landmark_sets.append(pts.astype(np.float32))
        exact.append(not noisy)

    mirrored = (base * [-1, 1]) * 200 + [500, 150]
    landmark_sets.append(mirrored.astype(np.float32))
    exact.append(False)
    portraits = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tflite")
    for name in sorted(os.listdir(portraits)):
        if name.endswith("_landmarks68.npy"):
            landmark_sets.append(np.load(os.path.join(portraits, name)).astype(np.float32).reshape(68, 2))
            exact.append(False)

    arrays = {"landmarks": np.stack(landmark_sets), "exact": np.array(exact, np.uint8)}
    arrays["umeyama"] = np.stack([umeyama(np.concatenate([l[17:49], l[54:55]]).astype(np.float64),
                                          TEMPLATE.astype(np.float64)) for l in landmark_sets])
    for face_type in PADDING:
        mats, template_px, landmark_px = [], [], []
        for l in landmark_sets:
            m, mat0 = transform_mat(l, 256, face_type)
            mats.append(m)
            # The template points, mapped template → frame (inverse mat0) → aligned face (m).
            frame_pts = cv2.transform(TEMPLATE[None], cv2.invertAffineTransform(mat0))[0]
            template_px.append(cv2.transform(frame_pts[None].astype(np.float32), m)[0])
            landmark_px.append(cv2.transform(l[None].astype(np.float64), m)[0])
        arrays[face_type] = np.stack(mats)
        arrays["template_px_" + face_type] = np.stack(template_px).astype(np.float32)
        arrays["landmarks_px_" + face_type] = np.stack(landmark_px)
    save_file({k: np.ascontiguousarray(v) for k, v in arrays.items()}, os.path.join(OUT, "alignment.safetensors"))
    print("wrote", os.path.join(OUT, "alignment.safetensors"))


if __name__ == "__main__":
    main()
