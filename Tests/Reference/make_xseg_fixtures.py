#!/usr/bin/env python3
"""Reference for DFL's XSeg network (dfl-reference.md §4.1, §4.2 post-processing, §5.1 layer
semantics, §5.9 weight files), written from the reference's description with NumPy only (float64,
NHWC as DFL runs on the CPU), independently of the Swift code.

Writes into Tests/Reference/xseg/:
  XSeg_128.npy        random weights of XSeg(in_ch=3, base_ch=4, out_ch=1) at resolution 128 in
                      DFL's own file layout: pickle.dumps(dict, 4) of {"conv01/conv/weight:0":
                      HWIO float32, ...} in leras build order; Conv2DTranspose kernels (k, k, out,
                      in); FRN eps of shape (1,), some negative. 128 keeps the six BlurPools valid
                      (128 → 2) and makes the bottleneck 2×2, so the flatten order matters.
  io.safetensors      faces (2, 128, 128, 3) float32 BGR in [0, 1]; logits and mask = sigmoid(logits)
                      (2, 128, 128, 1); extract = DFL's XSegNet.extract output (mask clipped to
                      [0, 1], values < 0.1 set to 0); logits_pretrain with every skip zeroed
  XSeg_128_opt.npy    DFL's RMSprop state of that model (random accumulators, iters 1234), keys
                      acc_XSeg/<weight name, ':' as '_'>:0; opt_expected.safetensors some of them
                      in PyTorch's layout under Masque's parameter names
  layers.safetensors  the layers alone, NHWC: frn_x → frn_y (weight, bias, eps < 0), tlu_x → tlu_y
                      (tau), blur_x (1, 9, 8, 2) → blur<f> for BlurPool filt_size f = 1…7, stride 2

Run by hand: $MASQUE_PYTHON Tests/Reference/make_xseg_fixtures.py (numpy, safetensors, and
opencv-python-headless for the shared helpers of make_dflmodel_fixtures.py).
"""
import os
from math import comb

import numpy as np
from safetensors.numpy import save_file

from make_dflmodel_fixtures import conv, dfl_dumps  # noqa: E402  (NumPy conv with DFL's padding; DFL's pickle)
from make_saehd_critic_fixtures import conv_transpose_same  # noqa: E402  (TF 'SAME' transposed conv, (k, k, out, in))

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "xseg")
RES, BASE = 128, 4


# ----------------------------------------------------------------------------------------------
# Layers (§4.1).


def frn(x, weight, bias, eps):
    """x · rsqrt(mean over H, W of x² + |eps|) · weight + bias, per sample and channel."""
    nu2 = np.mean(np.square(x), axis=(1, 2), keepdims=True)
    return x / np.sqrt(nu2 + np.abs(eps)) * weight + bias


def tlu(x, tau):
    return np.maximum(x, tau)


def blur_pool(x, size, stride=2):
    """Binomial size×size kernel (row of binomial coefficients, outer product, normalised), per
    channel, after a zero pad of floor((size-1)/2) before and ceil((size-1)/2) after."""
    row = np.array([comb(size - 1, k) for k in range(size)], dtype=np.float64)
    kernel = np.outer(row, row)
    kernel /= kernel.sum()
    before, after = (size - 1) // 2, -(-(size - 1) // 2)
    x = np.pad(x, ((0, 0), (before, after), (before, after), (0, 0)))
    n, h, w, c = x.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    out = np.zeros((n, oh, ow, c))
    for dy in range(size):
        for dx in range(size):
            out += kernel[dy, dx] * x[:, dy:dy + stride * (oh - 1) + 1:stride, dx:dx + stride * (ow - 1) + 1:stride, :]
    return out


# ----------------------------------------------------------------------------------------------
# The network (§4.1), b = base channels: (name, in, out, transposed) in DFL's build order.


def blocks(b):
    encoder = [("conv01", 3, b), ("conv02", b, b), ("conv11", b, 2 * b), ("conv12", 2 * b, 2 * b),
               ("conv21", 2 * b, 4 * b), ("conv22", 4 * b, 4 * b), ("conv31", 4 * b, 8 * b)]
    encoder += [(name, 8 * b, 8 * b) for name in ["conv32", "conv33", "conv41", "conv42", "conv43", "conv51", "conv52", "conv53"]]
    decoder = []
    for level in (5, 4, 3):
        decoder += [(f"up{level}", 8 * b, 4 * b, True), (f"uconv{level}3", 12 * b, 8 * b),
                    (f"uconv{level}2", 8 * b, 8 * b), (f"uconv{level}1", 8 * b, 8 * b)]
    decoder += [("up2", 8 * b, 4 * b, True), ("uconv22", 8 * b, 4 * b), ("uconv21", 4 * b, 4 * b),
                ("up1", 4 * b, 2 * b, True), ("uconv12", 4 * b, 2 * b), ("uconv11", 2 * b, 2 * b),
                ("up0", 2 * b, b, True), ("uconv02", 2 * b, b), ("uconv01", b, b)]
    return encoder, decoder


def make_weights(rng, res, b):
    side = res // 64
    encoder, decoder = blocks(b)
    weights = {}

    def glorot(shape, fan_in, fan_out, gain=1.0):
        limit = gain * np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, shape).astype(np.float32)

    def block(name, cin, cout, transposed=False):
        shape = (3, 3, cout, cin) if transposed else (3, 3, cin, cout)
        weights[f"{name}/conv/weight:0"] = glorot(shape, 9 * cin, 9 * cout)
        weights[f"{name}/conv/bias:0"] = rng.uniform(-0.1, 0.1, (cout,)).astype(np.float32)
        weights[f"{name}/frn/weight:0"] = rng.uniform(0.5, 1.5, (cout,)).astype(np.float32)
        weights[f"{name}/frn/bias:0"] = rng.uniform(-0.2, 0.2, (cout,)).astype(np.float32)
        weights[f"{name}/frn/eps:0"] = (rng.choice([-1.0, 1.0]) * rng.uniform(1e-4, 1e-2, (1,))).astype(np.float32)
        weights[f"{name}/tlu/tau:0"] = rng.uniform(-0.2, 0.2, (cout,)).astype(np.float32)

    for name, cin, cout in encoder:
        block(name, cin, cout)
    flat = side * side * 8 * b
    weights["dense1/weight:0"] = glorot((flat, 512), flat, 512)
    weights["dense1/bias:0"] = rng.uniform(-0.1, 0.1, (512,)).astype(np.float32)
    weights["dense2/weight:0"] = glorot((512, flat), 512, flat)
    weights["dense2/bias:0"] = rng.uniform(-0.1, 0.1, (flat,)).astype(np.float32)
    for entry in decoder:
        block(*entry)
    weights["out_conv/weight:0"] = glorot((3, 3, b, 1), 9 * b, 9, gain=3.0)
    weights["out_conv/bias:0"] = np.array([-0.5], dtype=np.float32)
    return weights


def forward(W, x, res, b, pretrain=False):
    side = res // 64

    def block(name, x):
        y = conv(x, W[f"{name}/conv/weight:0"], W[f"{name}/conv/bias:0"])
        return tlu(frn(y, W[f"{name}/frn/weight:0"], W[f"{name}/frn/bias:0"], W[f"{name}/frn/eps:0"]), W[f"{name}/tlu/tau:0"])

    def up(name, x):
        y = conv_transpose_same(x, W[f"{name}/conv/weight:0"].astype(np.float64), W[f"{name}/conv/bias:0"], 2)
        return tlu(frn(y, W[f"{name}/frn/weight:0"], W[f"{name}/frn/bias:0"], W[f"{name}/frn/eps:0"]), W[f"{name}/tlu/tau:0"])

    def skip(t):
        return np.zeros_like(t) if pretrain else t

    x = block("conv01", x)
    x = x0 = block("conv02", x)
    x = block("conv11", blur_pool(x, 4))
    x = x1 = block("conv12", x)
    x = block("conv21", blur_pool(x, 3))
    x = x2 = block("conv22", x)
    x = block("conv32", block("conv31", blur_pool(x, 2)))
    x = x3 = block("conv33", x)
    x = block("conv42", block("conv41", blur_pool(x, 2)))
    x = x4 = block("conv43", x)
    x = block("conv52", block("conv51", blur_pool(x, 2)))
    x = x5 = block("conv53", x)
    x = blur_pool(x, 2)

    n = x.shape[0]
    flat = x.transpose(0, 3, 1, 2).reshape(n, -1)                      # flatten in (C, H, W) order
    flat = flat @ W["dense1/weight:0"].astype(np.float64) + W["dense1/bias:0"]
    flat = flat @ W["dense2/weight:0"].astype(np.float64) + W["dense2/bias:0"]
    x = flat.reshape(n, 8 * b, side, side).transpose(0, 2, 3, 1)        # reshape_4D back to NHWC

    for level, names in [(5, ["uconv53", "uconv52", "uconv51"]), (4, ["uconv43", "uconv42", "uconv41"]),
                         (3, ["uconv33", "uconv32", "uconv31"]), (2, ["uconv22", "uconv21"]),
                         (1, ["uconv12", "uconv11"]), (0, ["uconv02", "uconv01"])]:
        skip_tensor = {5: x5, 4: x4, 3: x3, 2: x2, 1: x1, 0: x0}[level]
        x = np.concatenate([up(f"up{level}", x), skip(skip_tensor)], axis=-1)   # upsampled first, skip second
        for name in names:
            x = block(name, x)
    logits = conv(x, W["out_conv/weight:0"], W["out_conv/bias:0"])
    return logits


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def extract(mask):
    """XSegNet.extract: clip to [0, 1], values below 0.1 set to 0."""
    result = np.clip(mask, 0, 1)
    result[result < 0.1] = 0
    return result


def layer_cases(rng):
    """Inputs rounded to float32 (as stored), outputs computed from them in float64."""
    def f32(a):
        return np.asarray(a, dtype=np.float32).astype(np.float64)
    x, weight, bias = f32(rng.normal(0, 1, (2, 5, 6, 3))), f32(rng.uniform(0.5, 1.5, (3,))), f32(rng.uniform(-0.3, 0.3, (3,)))
    eps = f32([-0.05])
    arrays = dict(frn_x=x, frn_weight=weight, frn_bias=bias, frn_eps=eps, frn_y=frn(x, weight, bias, eps))
    x, tau = f32(rng.normal(0, 1, (2, 4, 5, 3))), f32([-0.5, 0.0, 0.4])
    arrays.update(tlu_x=x, tlu_tau=tau, tlu_y=tlu(x, tau))
    x = f32(rng.uniform(0, 1, (1, 9, 8, 2)))
    arrays["blur_x"] = x
    for size in range(1, 8):
        arrays[f"blur{size}"] = blur_pool(x, size)
    return arrays


def write_optimizer(rng, weights):
    """XSeg_128_opt.npy as DFL's Model_XSeg saves its RMSprop (`nn.RMSprop(name='opt')` over the
    weights of `nn.XSeg(name='XSeg')`): pickle of {"iters:0": int64 scalar, "acc_<full weight name
    with ':' made '_'>:0": accumulator shaped like its weight (DFL's layout), ...} in weight order,
    the full names starting with the model's name `XSeg/`. opt_expected.safetensors holds some
    accumulators in PyTorch's layout (OIHW kernels; transposed convolutions (in, out, k, k)) under
    Masque's parameter names, and `iters`."""
    opt = {"iters:0": np.array(1234, dtype=np.int64)}
    for key, value in weights.items():
        opt["acc_XSeg/" + key.replace(":", "_") + ":0"] = rng.uniform(0, 1e-3, value.shape).astype(np.float32)
    with open(os.path.join(OUT, f"XSeg_{RES}_opt.npy"), "wb") as f:
        f.write(dfl_dumps(opt))
    def acc(key):
        return opt["acc_XSeg/" + key.replace(":", "_") + ":0"]
    expected = {"conv01.conv.weight": acc("conv01/conv/weight:0").transpose(3, 2, 0, 1),
                "up5.conv.weight": acc("up5/conv/weight:0").transpose(3, 2, 0, 1),
                "conv01.frn.eps": acc("conv01/frn/eps:0"), "uconv01.tlu.tau": acc("uconv01/tlu/tau:0"),
                "iters": np.array([1234], dtype=np.float32)}
    save_file({k: np.ascontiguousarray(v) for k, v in expected.items()}, os.path.join(OUT, "opt_expected.safetensors"))


def main():
    rng = np.random.default_rng(12)
    os.makedirs(OUT, exist_ok=True)
    weights = make_weights(rng, RES, BASE)
    with open(os.path.join(OUT, f"XSeg_{RES}.npy"), "wb") as f:
        f.write(dfl_dumps(weights))
    assert len(weights) == 222, len(weights)
    faces = rng.uniform(0, 1, (2, RES, RES, 3)).astype(np.float32)
    logits = forward(weights, faces.astype(np.float64), RES, BASE)
    mask = sigmoid(logits)
    arrays = {"faces": faces, "logits": logits, "mask": mask, "extract": extract(mask),
              "logits_pretrain": forward(weights, faces.astype(np.float64), RES, BASE, pretrain=True)}
    save_file({k: np.ascontiguousarray(v.astype(np.float32)) for k, v in arrays.items()}, os.path.join(OUT, "io.safetensors"))
    layers = layer_cases(rng)
    save_file({k: np.ascontiguousarray(v.astype(np.float32)) for k, v in layers.items()}, os.path.join(OUT, "layers.safetensors"))
    write_optimizer(rng, weights)
    print("wrote", OUT, {k: v.shape for k, v in arrays.items()},
          "logits in [%.2f, %.2f], mask < 0.1: %.1f%%" % (logits.min(), logits.max(), 100 * np.mean(mask < 0.1)))


if __name__ == "__main__":
    main()
