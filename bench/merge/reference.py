#!/usr/bin/env python3
"""Python reference for bench/run-merge: DFL's per-face merge (Tests/Reference/make_merge_fixtures.py,
numpy + OpenCV on whole frames, as DFL's merger runs) with the same fixed prediction, one process
per core (multiprocessing, as DFL's merger spreads frames over worker processes), each reading the
frame PNG and its aligned face's landmarks and writing the merged PNG and mask PNG.

Usage: reference.py FRAMES OUT   (prints one JSON line; needs numpy, opencv-python, safetensors)
"""
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "Tests" / "Reference"))
import make_merge_fixtures as dfl  # noqa: E402

R = 128
dfl.R = R
CFG = dict(dfl.DEFAULTS, mode="overlay", color_transfer="rct", erode=20, blur=40, mask_mode=1)


def prediction():
    v, u = np.mgrid[0:R, 0:R].astype(np.float32) / (R - 1)
    face = np.stack([0.3 + 0.4 * u, 0.5 + 0.3 * np.sin(6 * v), 0.6 - 0.3 * v], -1).astype(np.float32)
    ones = np.ones((R, R), np.float32)
    return dict(pred_face=face, pred_prd_mask=ones, pred_dst_mask=ones, xseg_prd=None, xseg_dst=None, enhanced=None)


def landmarks(index):
    lm = np.load(HERE.parent.parent / "Tests" / "Reference" / "tflite" / "astronaut_landmarks68.npy").reshape(68, 2)
    return (lm * 2.8125 + [420, 0] + [index % 7 * 3, index % 5 * 2]).astype(np.float32)


def merge_one(job):
    frame_path, out = job
    index = int(Path(frame_path).stem)
    frame = cv2.imread(frame_path)
    arrays = prediction()
    arrays["xseg_prd"] = np.zeros((256, 256), np.float32)
    arrays["xseg_dst"] = np.zeros((256, 256), np.float32)
    arrays["enhanced"] = np.zeros((4 * R, 4 * R, 3), np.float32)
    merged, mask, _ = dfl.merge_frame(CFG, frame, [landmarks(index)], arrays)
    stem = Path(frame_path).stem
    cv2.imwrite(os.path.join(out, "merged", stem + ".png"), merged, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    cv2.imwrite(os.path.join(out, "merged_mask", stem + ".png"), mask, [cv2.IMWRITE_PNG_COMPRESSION, 1])


def main():
    frames, out = sys.argv[1], sys.argv[2]
    for sub in ("merged", "merged_mask"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    jobs = [(os.path.join(frames, name), out) for name in sorted(os.listdir(frames)) if name.endswith(".png")]
    cv2.setNumThreads(1)
    start = time.time()
    with multiprocessing.Pool(os.cpu_count()) as pool:
        pool.map(merge_one, jobs, chunksize=1)
    seconds = time.time() - start
    print(json.dumps({"impl": "python", "frames": len(jobs), "seconds": seconds, "fps": len(jobs) / seconds}))


if __name__ == "__main__":
    main()
