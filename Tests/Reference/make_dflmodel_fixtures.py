#!/usr/bin/env python3
"""Reference for DFL's S3FD detector and FAN landmarker (dfl-reference.md §2.2, §2.3, §5.9).

DFL's weights cannot be shipped, so this script writes *random* weights in DFL's exact file
layout — `pickle.dumps({"conv1_1/weight:0": HWIO float32 ndarray, ...}, protocol 4)` with the
`numpy.core.multiarray` spelling DFL's numpy 1.19 writes — for full-size S3FD and FAN, and runs an
independent float64 NumPy forward of both networks (NHWC, im2col convolutions on the HWIO
kernels, written from the reference text, not from Masque's code). Decoding follows DFL's
`S3FDExtractor.py` / `FANExtractor.py` as the reference describes them.

    python make_dflmodel_fixtures.py weights DIR   deterministic weights only: DIR/S3FD.npy, DIR/2DFAN.npy
    python make_dflmodel_fixtures.py               weights into ~/.cache/masque/test-dflmodels/<VERSION>,
                                                   the expected outputs into dflmodels/ (dflmodels.safetensors,
                                                   frame.png, s3fd_input.png, fan_crop.png)

The Swift tests regenerate the weights with the first form when the cache lacks them (the
weights come from NumPy's legacy RandomState, whose stream is frozen). Needs numpy, opencv, safetensors.
"""
import io
import os
import pickle
import sys
import warnings

import cv2
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from safetensors.numpy import save_file

VERSION = "v1"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "dflmodels")
CACHE = os.path.join(os.environ.get("MASQUE_CACHE", os.path.expanduser("~/.cache/masque")), "test-dflmodels", VERSION)

# ----------------------------------------------------------------------------------------------
# Key lists, in leras build order (attributes in the order on_build assigns them, lists as
# <attr>_<i>, weight before bias; §5.9).


def conv_keys(name, k, cin, cout, bias=True):
    keys = [(f"{name}/weight:0", (k, k, cin, cout))]
    if bias:
        keys.append((f"{name}/bias:0", (cout,)))
    return keys


def s3fd_keys():
    keys = []
    vgg = [("conv1_1", 3, 64), ("conv1_2", 64, 64), ("conv2_1", 64, 128), ("conv2_2", 128, 128),
           ("conv3_1", 128, 256), ("conv3_2", 256, 256), ("conv3_3", 256, 256),
           ("conv4_1", 256, 512), ("conv4_2", 512, 512), ("conv4_3", 512, 512),
           ("conv5_1", 512, 512), ("conv5_2", 512, 512), ("conv5_3", 512, 512)]
    for name, cin, cout in vgg:
        keys += conv_keys(name, 3, cin, cout)
    keys += conv_keys("fc6", 3, 512, 1024) + conv_keys("fc7", 1, 1024, 1024)
    keys += conv_keys("conv6_1", 1, 1024, 256) + conv_keys("conv6_2", 3, 256, 512)
    keys += conv_keys("conv7_1", 1, 512, 128) + conv_keys("conv7_2", 3, 128, 256)
    for name, c in [("conv3_3_norm", 256), ("conv4_3_norm", 512), ("conv5_3_norm", 512)]:
        keys.append((f"{name}/weight:0", (1, 1, 1, c)))
    for name, c, conf in [("conv3_3_norm", 256, 4), ("conv4_3_norm", 512, 2), ("conv5_3_norm", 512, 2),
                          ("fc7", 1024, 2), ("conv6_2", 512, 2), ("conv7_2", 256, 2)]:
        keys += conv_keys(f"{name}_mbox_conf", 3, c, conf) + conv_keys(f"{name}_mbox_loc", 3, c, 4)
    return keys


def bn_keys(name, c):
    return [(f"{name}/{v}:0", (c,)) for v in ("weight", "bias", "running_mean", "running_var")]


def conv_block_keys(name, cin, cout):
    keys = bn_keys(f"{name}/bn1", cin) + conv_keys(f"{name}/conv1", 3, cin, cout // 2, False)
    keys += bn_keys(f"{name}/bn2", cout // 2) + conv_keys(f"{name}/conv2", 3, cout // 2, cout // 4, False)
    keys += bn_keys(f"{name}/bn3", cout // 4) + conv_keys(f"{name}/conv3", 3, cout // 4, cout // 4, False)
    if cin != cout:
        keys += bn_keys(f"{name}/down_bn1", cin) + conv_keys(f"{name}/down_conv1", 1, cin, cout, False)
    return keys


def hourglass_keys(name, depth):
    keys = conv_block_keys(f"{name}/b1", 256, 256) + conv_block_keys(f"{name}/b2", 256, 256)
    if depth > 1:
        keys += hourglass_keys(f"{name}/b2_plus", depth - 1)
    else:
        keys += conv_block_keys(f"{name}/b2_plus", 256, 256)
    return keys + conv_block_keys(f"{name}/b3", 256, 256)


def fan_keys():
    keys = conv_keys("conv1", 7, 3, 64) + bn_keys("bn1", 64)
    keys += conv_block_keys("conv2", 64, 128) + conv_block_keys("conv3", 128, 128) + conv_block_keys("conv4", 128, 256)
    for i in range(4):
        keys += hourglass_keys(f"m_{i}", 4)
    for i in range(4):
        keys += conv_block_keys(f"top_m_{i}", 256, 256)
    for i in range(4):
        keys += conv_keys(f"conv_last_{i}", 1, 256, 256)
    for i in range(4):
        keys += bn_keys(f"bn_end_{i}", 256)
    for i in range(4):
        keys += conv_keys(f"l_{i}", 1, 256, 68)
    for i in range(3):
        keys += conv_keys(f"bl_{i}", 1, 256, 256)
    for i in range(3):
        keys += conv_keys(f"al_{i}", 1, 68, 256)
    return keys


# ----------------------------------------------------------------------------------------------
# Random weights that keep activations in a useful range (He-normal kernels, scaled heads).


def random_weights(keys, seed, head_scale):
    rng = np.random.RandomState(seed)
    weights = {}
    for key, shape in keys:
        name, variable = key.rsplit("/", 1)
        if variable == "weight:0" and len(shape) == 4 and not name.endswith("_norm"):
            fan_in = shape[0] * shape[1] * shape[2]
            std = np.sqrt(2.0 / fan_in) * head_scale(name)
            value = rng.standard_normal(shape) * std
        elif variable == "bias:0":
            value = rng.standard_normal(shape) * 0.1
        elif name.endswith("_norm"):
            value = rng.uniform(2.0, 12.0, shape)
        elif variable in ("weight:0", "running_var:0"):
            value = rng.uniform(0.5, 1.5, shape)
        else:
            value = rng.standard_normal(shape) * 0.1
        weights[key] = value.astype(np.float32)
    return weights


def s3fd_head_scale(name):
    """Heads on the L2-normalised sources see small values, the others values near 40."""
    normalised = name.startswith(("conv3_3_norm", "conv4_3_norm", "conv5_3_norm"))
    if "mbox_conf" in name:
        return 4.0 if normalised else 0.045
    if "mbox_loc" in name:
        return 1.0 if normalised else 0.01
    return 1.0


def fan_head_scale(name):
    """Residual blocks add up; smaller kernels keep the 4 stacks' activations moderate."""
    return 0.3


def make_weights():
    return (random_weights(s3fd_keys(), 1234, s3fd_head_scale),
            random_weights(fan_keys(), 5678, fan_head_scale))


# ----------------------------------------------------------------------------------------------
# DFL's file format: leras Saveable.save_weights = pickle.dumps(dict, 4). NumPy ≥ 2 names the
# array reconstructor numpy._core.multiarray; DFL's numpy 1.19 wrote numpy.core.multiarray.


class DFLPickler(pickle._Pickler):
    def save_global(self, obj, name=None):
        module = getattr(obj, "__module__", "") or ""
        if module.startswith("numpy._core"):
            self.save(module.replace("numpy._core", "numpy.core", 1))
            self.save(name or obj.__qualname__)
            self.write(pickle.STACK_GLOBAL)
            self.memoize(obj)
            return
        super().save_global(obj, name)


def dfl_dumps(weights):
    buffer = io.BytesIO()
    DFLPickler(buffer, protocol=4).dump(weights)
    data = buffer.getvalue()
    assert b"numpy._core" not in data[:4096] and b"numpy.core" in data[:4096]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        back = pickle.loads(data)
    assert list(back) == list(weights) and all(np.array_equal(back[k], weights[k]) for k in weights)
    return data


def write_weights(folder):
    os.makedirs(folder, exist_ok=True)
    s3fd, fan = make_weights()
    for file_name, weights in (("S3FD.npy", s3fd), ("2DFAN.npy", fan)):
        path = os.path.join(folder, file_name)
        with open(path + ".tmp", "wb") as f:
            f.write(dfl_dumps(weights))
        os.replace(path + ".tmp", path)
        print("wrote", path, os.path.getsize(path), "bytes")
    return s3fd, fan


# ----------------------------------------------------------------------------------------------
# Independent NumPy forward (NHWC, float64).


def conv(x, w, b=None, stride=1, pad=None):
    """Cross-correlation with an HWIO kernel; pad defaults to DFL's symmetric k//2."""
    kh, kw, cin, cout = w.shape
    pad = kh // 2 if pad is None else pad
    if pad:
        x = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    n, height, width, _ = x.shape
    oh, ow = (height - kh) // stride + 1, (width - kw) // stride + 1
    windows = sliding_window_view(x, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    columns = windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * cin)
    y = (columns @ w.reshape(kh * kw * cin, cout).astype(np.float64)).reshape(n, oh, ow, cout)
    return y if b is None else y + b


def max_pool(x):
    n, h, w, c = x.shape
    return x[:, :h // 2 * 2, :w // 2 * 2].reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def avg_pool(x):
    n, h, w, c = x.shape
    return x[:, :h // 2 * 2, :w // 2 * 2].reshape(n, h // 2, 2, w // 2, 2, c).mean(axis=(2, 4))


def relu(x):
    return np.maximum(x, 0)


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def s3fd_forward(W, rgb):
    """rgb: (1, H, W, 3) values 0..255. Returns [(conf (1,h,w,2), loc (1,h,w,4))] for 6 sources."""
    def c(name, x, stride=1, pad=None):
        return conv(x, W[name + "/weight:0"], W[name + "/bias:0"], stride, pad)

    def l2norm(name, x):
        return x / (np.sqrt((x ** 2).sum(-1, keepdims=True)) + 1e-10) * W[name + "/weight:0"]

    x = rgb.astype(np.float64) - np.array([104, 117, 123], np.float64)
    x = max_pool(relu(c("conv1_2", relu(c("conv1_1", x)))))
    x = max_pool(relu(c("conv2_2", relu(c("conv2_1", x)))))
    f3_3 = relu(c("conv3_3", relu(c("conv3_2", relu(c("conv3_1", x))))))
    f4_3 = relu(c("conv4_3", relu(c("conv4_2", relu(c("conv4_1", max_pool(f3_3)))))))
    f5_3 = relu(c("conv5_3", relu(c("conv5_2", relu(c("conv5_1", max_pool(f4_3)))))))
    ffc7 = relu(c("fc7", relu(c("fc6", max_pool(f5_3), pad=3))))
    f6_2 = relu(c("conv6_2", relu(c("conv6_1", ffc7)), stride=2))
    f7_2 = relu(c("conv7_2", relu(c("conv7_1", f6_2)), stride=2))
    sources = [("conv3_3_norm", l2norm("conv3_3_norm", f3_3)), ("conv4_3_norm", l2norm("conv4_3_norm", f4_3)),
               ("conv5_3_norm", l2norm("conv5_3_norm", f5_3)), ("fc7", ffc7), ("conv6_2", f6_2), ("conv7_2", f7_2)]
    outputs = []
    for i, (name, f) in enumerate(sources):
        conf = c(name + "_mbox_conf", f)
        if i == 0:
            background = np.maximum(np.maximum(conf[..., 0:1], conf[..., 1:2]), conf[..., 2:3])
            conf = np.concatenate([background, conf[..., 3:4]], -1)
        outputs.append((softmax(conf), c(name + "_mbox_loc", f)))
    return outputs


def fan_forward(W, rgb01):
    """rgb01: (N, 256, 256, 3) in 0..1. Returns the last stack's heatmaps (N, 68, 64, 64)."""
    def bn(name, x):
        return (x - W[name + "/running_mean:0"]) / np.sqrt(W[name + "/running_var:0"].astype(np.float64) + 1e-5) \
            * W[name + "/weight:0"] + W[name + "/bias:0"]

    def block(name, x):
        out1 = conv(relu(bn(name + "/bn1", x)), W[name + "/conv1/weight:0"])
        out2 = conv(relu(bn(name + "/bn2", out1)), W[name + "/conv2/weight:0"])
        out3 = conv(relu(bn(name + "/bn3", out2)), W[name + "/conv3/weight:0"])
        y = np.concatenate([out1, out2, out3], -1)
        if name + "/down_bn1/weight:0" in W:
            return y + conv(relu(bn(name + "/down_bn1", x)), W[name + "/down_conv1/weight:0"])
        return y + x

    def hourglass(name, depth, x):
        up = block(name + "/b1", x)
        low = block(name + "/b2", avg_pool(x))
        low = hourglass(name + "/b2_plus", depth - 1, low) if depth > 1 else block(name + "/b2_plus", low)
        low = block(name + "/b3", low)
        return up + low.repeat(2, axis=1).repeat(2, axis=2)

    def c1(name, x):
        return conv(x, W[name + "/weight:0"], W[name + "/bias:0"])

    x = relu(bn("bn1", conv(rgb01.astype(np.float64), W["conv1/weight:0"], W["conv1/bias:0"], stride=2)))
    x = block("conv4", block("conv3", avg_pool(block("conv2", x))))
    previous = x
    for i in range(4):
        ll = hourglass(f"m_{i}", 4, previous)
        ll = relu(bn(f"bn_end_{i}", c1(f"conv_last_{i}", block(f"top_m_{i}", ll))))
        heatmaps = c1(f"l_{i}", ll)
        if i < 3:
            previous = previous + c1(f"bl_{i}", ll) + c1(f"al_{i}", heatmaps)
    return heatmaps.transpose(0, 3, 1, 2)


# ----------------------------------------------------------------------------------------------
# DFL's decoding and geometry (S3FDExtractor.refine / refine_nms / extract; FANExtractor).


def s3fd_refine(sources):
    """sources: [(face probability (h, w) float32, loc (h, w, 4) float32)]. Returns int boxes + scores."""
    boxes = []
    for i, (face, loc_map) in enumerate(sources):
        stride = 2 ** (i + 2)
        s_d2, s_m4 = stride / 2, stride * 4
        for hindex, windex in zip(*np.where(face > 0.05)):
            score = face[hindex, windex]
            loc = loc_map[hindex, windex, :]
            priors = np.array([windex * stride + s_d2, hindex * stride + s_d2, s_m4, s_m4])
            priors_2p = priors[2:]
            box = np.concatenate((priors[:2] + loc[:2] * 0.1 * priors_2p, priors_2p * np.exp(loc[2:] * 0.2)))
            box[:2] -= box[2:] / 2
            box[2:] += box[:2]
            boxes.append([*box, score])
    boxes = np.array(boxes) if boxes else np.zeros((1, 5))
    boxes = boxes[s3fd_nms(boxes, 0.3), :]
    return [(x[:-1].astype(np.int64), x[-1]) for x in boxes if x[-1] >= 0.5]


def s3fd_nms(dets, thresh):
    x_1, y_1, x_2, y_2, scores = dets[:, 0], dets[:, 1], dets[:, 2], dets[:, 3], dets[:, 4]
    areas = (x_2 - x_1 + 1) * (y_2 - y_1 + 1)
    # DFL uses the default (unstable) argsort; ties are pinned here as a stable sort, reversed.
    order = scores.argsort(kind="stable")[::-1]
    keep = []
    while order.size > 0:
        i = order[0]
        keep.append(i)
        xx_1, yy_1 = np.maximum(x_1[i], x_1[order[1:]]), np.maximum(y_1[i], y_1[order[1:]])
        xx_2, yy_2 = np.minimum(x_2[i], x_2[order[1:]]), np.minimum(y_2[i], y_2[order[1:]])
        width, height = np.maximum(0.0, xx_2 - xx_1 + 1), np.maximum(0.0, yy_2 - yy_1 + 1)
        ovr = width * height / (areas[i] + areas[order[1:]] - width * height)
        inds = np.where(ovr <= thresh)[0]
        order = order[inds + 1]
    return keep


def s3fd_faces(sources, input_scale):
    faces = []
    for ltrb, score in s3fd_refine(sources):
        l, t, r, b = [x * input_scale for x in ltrb]
        bt = b - t
        if min(r - l, bt) < 40:
            continue
        b += bt * 0.1
        faces.append(([int(x) for x in (l, t, r, b)], score))
    return sorted(faces, key=lambda f: (f[0][2] - f[0][0]) * (f[0][3] - f[0][1]), reverse=True)


def s3fd_input(bgr):
    rgb = bgr[:, :, ::-1]
    h, w, _ = rgb.shape
    d = max(w, h)
    scale_to = 640 if d >= 1280 else d / 2
    scale_to = max(64, scale_to)
    input_scale = d / scale_to
    resized = cv2.resize(rgb, (int(w / input_scale), int(h / input_scale)), interpolation=cv2.INTER_LINEAR)
    return resized, input_scale


def s3fd_detect(W, bgr):
    resized, input_scale = s3fd_input(bgr)
    outputs = s3fd_forward(W, resized[None])
    sources = [(conf[0, :, :, 1].astype(np.float32), loc[0].astype(np.float32)) for conf, loc in outputs]
    return s3fd_faces(sources, input_scale), outputs, resized, input_scale


def fan_transform(point, center, scale, resolution):
    pt = np.array([point[0], point[1], 1.0])
    h = 200.0 * scale
    m = np.eye(3)
    m[0, 0] = resolution / h
    m[1, 1] = resolution / h
    m[0, 2] = resolution * (-center[0] / h + 0.5)
    m[1, 2] = resolution * (-center[1] / h + 0.5)
    m = np.linalg.inv(m)
    return np.matmul(m, pt)[0:2]


def fan_crop(image, center, scale, resolution=256.0):
    ul = fan_transform([1, 1], center, scale, resolution).astype(np.int64)
    br = fan_transform([resolution, resolution], center, scale, resolution).astype(np.int64)
    new_img = np.zeros([br[1] - ul[1], br[0] - ul[0], image.shape[2]], dtype=np.uint8)
    ht, wd = image.shape[0], image.shape[1]
    new_x = np.array([max(1, -ul[0] + 1), min(br[0], wd) - ul[0]], dtype=np.int32)
    new_y = np.array([max(1, -ul[1] + 1), min(br[1], ht) - ul[1]], dtype=np.int32)
    old_x = np.array([max(1, ul[0] + 1), min(br[0], wd)], dtype=np.int32)
    old_y = np.array([max(1, ul[1] + 1), min(br[1], ht)], dtype=np.int32)
    new_img[new_y[0] - 1:new_y[1], new_x[0] - 1:new_x[1]] = image[old_y[0] - 1:old_y[1], old_x[0] - 1:old_x[1], :]
    return cv2.resize(new_img, dsize=(int(resolution), int(resolution)), interpolation=cv2.INTER_LINEAR), ul, br


def fan_peaks(a):
    """get_pts_from_predict up to (not including) the mapping back: (68, 2) float64 map coordinates."""
    a_ch, a_h, a_w = a.shape
    b = a.reshape((a_ch, a_h * a_w))
    c = b.argmax(1).reshape((a_ch, 1)).repeat(2, axis=1).astype(np.float64)
    c[:, 0] %= a_w
    c[:, 1] = np.floor(c[:, 1] / a_w)
    for i in range(a_ch):
        p_x, p_y = int(c[i, 0]), int(c[i, 1])
        if 0 < p_x < 63 and 0 < p_y < 63:
            diff = np.array([a[i, p_y, p_x + 1] - a[i, p_y, p_x - 1], a[i, p_y + 1, p_x] - a[i, p_y - 1, p_x]])
            c[i] += np.sign(diff) * 0.25
    return c + 0.5


def fan_points(a, center, scale):
    c = fan_peaks(a)
    return np.array([fan_transform(c[i], center, scale, a.shape[2]) for i in range(a.shape[0])])


def fan_extract(W, rgb, rect, multi_sample=False):
    left, top, right, bottom = rect
    scale = (right - left + bottom - top) / 195.0
    center = np.array([(left + right) / 2.0, (top + bottom) / 2.0])
    centers = [center]
    if multi_sample:
        centers += [center + [-1, -1], center + [1, -1], center + [1, 1], center + [-1, 1]]
    crops = [fan_crop(rgb, c, scale)[0] for c in centers]
    heatmaps = [fan_forward(W, (crop.astype(np.float32) / 255.0)[None])[0].astype(np.float32) for crop in crops]
    points = np.mean(np.array([fan_points(h, c, scale) for h, c in zip(heatmaps, centers)]), 0)
    return points, crops, heatmaps


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_alignment_fixtures import transform_mat  # noqa: E402  (the independent get_transform_mat, §2.4)


def full_face_mat(landmarks, size):
    """get_transform_mat(landmarks, size, FaceType.FULL), from the alignment reference."""
    return transform_mat(landmarks, size, "full_face")[0]


# ----------------------------------------------------------------------------------------------
# Fixtures.


def synthetic_frame():
    """A 256×256 BGR test frame: colour ramps and waves, a bright 'face' ellipse with dark 'eyes'."""
    y, x = np.mgrid[0:256, 0:256].astype(np.float64)
    frame = np.stack([80 + 60 * np.sin(x / 23.0), 90 + 70 * np.cos(y / 31.0), 60 + 0.5 * (x + y) / 2], -1)
    cv2.ellipse(frame, (128, 120), (62, 80), 0, 0, 360, (150, 170, 210), -1)
    for cx in (104, 152):
        cv2.circle(frame, (cx, 100), 9, (40, 30, 30), -1)
    cv2.ellipse(frame, (128, 165), (24, 8), 0, 0, 360, (60, 60, 150), -1)
    frame += (10 * np.sin(x / 3.0) * np.cos(y / 4.0))[..., None]
    return np.clip(frame, 0, 255).astype(np.uint8)


def decoder_cases(rng):
    """Hand-made S3FD source maps (sizes of a 160×128 input) and FAN heatmaps."""
    arrays = {}
    sizes = [(32, 40), (16, 20), (8, 10), (9, 9), (5, 5), (3, 3)]
    sources = []
    for i, (h, w) in enumerate(sizes):
        face = rng.uniform(0, 1, (h, w)).astype(np.float32) ** 2
        face[rng.uniform(0, 1, (h, w)) < 0.5] *= 0.1
        loc = rng.uniform(-1.5, 1.5, (h, w, 4)).astype(np.float32)
        arrays[f"decoder_face_{i}"] = face
        arrays[f"decoder_loc_{i}"] = np.ascontiguousarray(loc.transpose(2, 0, 1))
        sources.append((face, loc))
    refined = s3fd_refine(sources)
    arrays["decoder_refined"] = np.array([list(b) for b, _ in refined], np.int64).reshape(-1, 4)
    arrays["decoder_refined_scores"] = np.array([s for _, s in refined], np.float64)
    faces = s3fd_faces(sources, 2.5)
    arrays["decoder_faces"] = np.array([f for f, _ in faces], np.int64).reshape(-1, 4)
    arrays["decoder_faces_scores"] = np.array([s for _, s in faces], np.float64)

    # Whole-number heatmaps (stored as uint8) so ties between cells and neighbours are common.
    heatmaps = rng.randint(0, 200, (24, 64, 64)).astype(np.float32)
    for i in range(len(heatmaps)):      # peaks on the border, in corners, with equal neighbours, twice
        kind = i % 6
        y, x = rng.randint(0, 64), rng.randint(0, 64)
        if kind == 1:
            x = 0
        elif kind == 2:
            x, y = 63, 63
        heatmaps[i, y, x] = 250
        if kind == 3 and 0 < x < 63:
            heatmaps[i, y, x - 1] = heatmaps[i, y, x + 1] = 220
        if kind == 4:
            heatmaps[i, rng.randint(0, 64), rng.randint(0, 64)] = 250
    arrays["heatmaps"] = heatmaps.astype(np.uint8)
    arrays["heatmap_peaks"] = fan_peaks(heatmaps)

    rects, corners, points = [], [], []
    for k in range(400):
        l, t = rng.randint(-100, 900), rng.randint(-100, 900)
        if k % 4 == 0:                      # width + height a multiple of 39: crop corners on whole pixels
            side_sum = 39 * rng.randint(2, 30)
            width = rng.randint(10, side_sum - 9)
            r, b = l + width, t + side_sum - width
        else:
            r, b = l + rng.randint(20, 700), t + rng.randint(20, 700)
        scale = (r - l + b - t) / 195.0
        center = np.array([(l + r) / 2.0, (t + b) / 2.0]) + ([0, 0], [-1, -1], [1, 1])[k % 3]
        ul = fan_transform([1, 1], center, scale, 256.0).astype(np.int64)
        br = fan_transform([256.0, 256.0], center, scale, 256.0).astype(np.int64)
        p = rng.uniform(0, 64, 2).round(2)
        rects.append([l, t, r, b, center[0], center[1], scale, p[0], p[1]])
        corners.append([*ul, *br])
        points.append(fan_transform(p, center, scale, 64))
    arrays["crop_cases"] = np.array(rects, np.float64)
    arrays["crop_corners"] = np.array(corners, np.int64)
    arrays["crop_points"] = np.array(points, np.float64)
    return arrays


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "weights":
        write_weights(sys.argv[2])
        return
    s3fd, fan = write_weights(CACHE)
    arrays = decoder_cases(np.random.RandomState(11))

    os.makedirs(OUT, exist_ok=True)
    frame = synthetic_frame()
    cv2.imwrite(os.path.join(OUT, "frame.png"), frame)
    faces, outputs, resized, input_scale = s3fd_detect(s3fd, frame)
    cv2.imwrite(os.path.join(OUT, "s3fd_input.png"), resized[:, :, ::-1])      # the RGB input, stored BGR
    for i, (conf, loc) in enumerate(outputs):
        arrays[f"s3fd_conf_{i}"] = np.ascontiguousarray(conf[0].transpose(2, 0, 1)).astype(np.float32)
        arrays[f"s3fd_loc_{i}"] = np.ascontiguousarray(loc[0].transpose(2, 0, 1)).astype(np.float32)
    arrays["s3fd_faces"] = np.array([f for f, _ in faces], np.int64).reshape(-1, 4)
    arrays["s3fd_scores"] = np.array([s for _, s in faces], np.float64)
    print("S3FD:", len(faces), "faces; conf ranges",
          [(float(c[..., 1].min()), float(c[..., 1].max())) for c, _ in outputs])

    rgb = frame[:, :, ::-1]
    rect = (60, 50, 200, 215)                 # the crop reaches past the frame's top, left and bottom
    first, crops, heatmaps = fan_extract(fan, rgb, rect)
    arrays["fan_rect"] = np.array(rect, np.int64)
    cv2.imwrite(os.path.join(OUT, "fan_crop.png"), crops[0][:, :, ::-1])
    channels = [0, 36]
    arrays["fan_heatmap_channels"] = np.array(channels, np.int64)
    arrays["fan_heatmaps"] = heatmaps[0][channels]
    arrays["fan_heatmap_max"] = heatmaps[0].reshape(68, -1).max(1)
    arrays["fan_landmarks"] = first
    print("FAN heatmap range", float(heatmaps[0].min()), float(heatmaps[0].max()))

    # The second pass with a stand-in detector that finds exactly this face on the aligned crop.
    second_rect = (70, 62, 186, 208)
    mat = full_face_mat(first, 256)
    face_image = cv2.warpAffine(rgb, mat, (256, 256), flags=cv2.INTER_LINEAR)
    refined, _, _ = fan_extract(fan, face_image, second_rect, multi_sample=True)
    arrays["fan_second_rect"] = np.array(second_rect, np.int64)
    arrays["fan_second_matrix"] = mat
    arrays["fan_second_landmarks"] = cv2.transform(refined[:, None, :], cv2.invertAffineTransform(mat))[:, 0, :]

    os.makedirs(OUT, exist_ok=True)
    save_file({k: np.ascontiguousarray(v) for k, v in arrays.items()}, os.path.join(OUT, "dflmodels.safetensors"))
    print("wrote", os.path.join(OUT, "dflmodels.safetensors"))


if __name__ == "__main__":
    main()
