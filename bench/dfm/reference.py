#!/usr/bin/env python3
"""Runs the `.dfm` that bench-dfm wrote in onnxruntime (CPU, the given intra-op threads) on the same
faces; prints one JSON line with faces per second (median of the timed batches), for bench/run-dfm."""
import argparse
import json
import os
import statistics
import time

import onnxruntime as ort
from safetensors.numpy import load_file

ap = argparse.ArgumentParser()
ap.add_argument("--iterations", type=int, default=10)
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--folder", default="/tmp/masque-bench-dfm")
args, _ = ap.parse_known_args()
options = ort.SessionOptions()
options.intra_op_num_threads = args.threads
options.inter_op_num_threads = 1
session = ort.InferenceSession(os.path.join(args.folder, "bench_SAEHD_model.dfm"), options, providers=["CPUExecutionProvider"])
faces = load_file(os.path.join(args.folder, "faces.safetensors"))["in"]
session.run(None, {"in_face:0": faces})
times = []
for _ in range(args.iterations):
    start = time.perf_counter()
    session.run(None, {"in_face:0": faces})
    times.append(time.perf_counter() - start)
print(json.dumps({"impl": "onnxruntime", "faces_per_second": faces.shape[0] / statistics.median(times), "batch": int(faces.shape[0]),
                  "threads": args.threads, "ort": ort.__version__}))
