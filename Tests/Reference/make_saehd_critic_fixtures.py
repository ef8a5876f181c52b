#!/usr/bin/env python3
"""Reference for SAEHD's critics and extra loss terms (dfl-reference.md §5.1 style_loss and
total_variation_mse, §5.5 true-face CodeDiscriminator, GAN UNetPatchDiscriminator and its
architecture search, TF's sigmoid cross-entropy), written from the reference with NumPy only
(float64), independently of the Swift code.

Writes into Tests/Reference/saehd/critics/:
  fixture_SAEHD_code_discriminator.npy  random weights in DFL's file layout (pickled dict, HWIO)
                                        for CodeDiscriminator(in_ch=8, code_res=16, ch=16)
                                        (DFL's ch is 256; 16 keeps the file small)
  fixture_SAEHD_GAN.npy                 the same for UNetPatchDiscriminator(patch 16, in 3, base 4),
                                        Conv2DTranspose kernels as DFL stores them (k, k, out, in)
  io.safetensors                        code (2, 16, 16, 8) and its logits; image (2, 32, 32, 3) and
                                        the patch critic's centre and full logits (NHWC); a, b
                                        (2, 16, 16, 3) with style_loss(a, b, σ 2, weight 3),
                                        total_variation_mse(a) of the NCHW tensor, and
                                        bce1 / bce0 = sigmoid cross-entropy of logits x (2, 5, 5, 1)
                                        against 1 and 0, per sample
Run by hand: $MASQUE_PYTHON Tests/Reference/make_saehd_critic_fixtures.py
"""
import os

import numpy as np
from safetensors.numpy import save_file

from make_dflmodel_fixtures import conv, dfl_dumps  # noqa: E402  (NumPy conv with DFL's padding; DFL's pickle)
from make_saehd_loss_fixtures import gaussian_blur  # noqa: E402  (leras gaussian_blur, NHWC)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "saehd", "critics")


def leaky(x, alpha):
    return np.where(x >= 0, x, alpha * x)


def conv_transpose_same(x, w, b, stride):
    """TF conv2d_transpose 'SAME' with a (k, k, out, in) kernel: scatter, then crop to in·stride."""
    n, h, width, cin = x.shape
    k, _, cout, _ = w.shape
    full = np.zeros((n, (h - 1) * stride + k, (width - 1) * stride + k, cout))
    for i in range(h):
        for j in range(width):
            full[:, stride * i:stride * i + k, stride * j:stride * j + k, :] += np.einsum("nc,yxoc->nyxo", x[:, i, j, :], w)
    before = max((h - 1) * stride + k - h * stride, 0) // 2
    return full[:, before:before + h * stride, before:before + width * stride, :] + b


def receptive_field(strides):
    field, total = 0, 1
    for i, s in enumerate(strides):
        field = 3 if i == 0 else field + 2 * total
        total *= s
    return field


def search(patch, max_layers=9):
    """find_archi as §5.5 words it: per field, fewest layers, then largest stride sum, first wins ties."""
    best = {}
    for count in range(1, max_layers + 1):
        for bits in reversed(range(1 << (count - 1))):
            strides = [2] + [2 if bits & (1 << i) else 1 for i in range(count - 1)]
            rf, total = receptive_field(strides), sum(strides)
            if rf not in best or count < best[rf][0] or (count == best[rf][0] and total > best[rf][1]):
                best[rf] = (count, total, strides)
    fields = sorted(best)
    return best[min(fields, key=lambda f: (abs(f - patch), f))][2]


class Weights:
    def __init__(self, rng):
        self.rng, self.values = rng, {}

    def conv(self, name, k, cin, cout, transpose=False):
        shape = (k, k, cout, cin) if transpose else (k, k, cin, cout)
        self.values[f"{name}/weight:0"] = self.rng.uniform(-0.3, 0.3, shape).astype(np.float32)
        self.values[f"{name}/bias:0"] = self.rng.uniform(-0.1, 0.1, (cout,)).astype(np.float32)


def code_discriminator(rng, in_ch, code_res, ch):
    w = Weights(rng)
    last, count = in_ch, 1 + code_res // 8
    for i in range(count):
        out = ch * min(2 ** i, 8)
        w.conv(f"convs_{i}", 4 if i == 0 else 3, last, out)
        last = out
    w.conv("out_conv", 1, last, 1)
    return w.values, count


def run_code(weights, count, x):
    for i in range(count):
        x = leaky(conv(x, weights[f"convs_{i}/weight:0"], weights[f"convs_{i}/bias:0"], stride=2), 0.1)
    return conv(x, weights["out_conv/weight:0"], weights["out_conv/bias:0"])


def patch_discriminator(rng, patch, in_ch, base):
    strides = search(patch)
    levels = len(strides)
    ch = {i - 1: min(base * 2 ** i, 512) for i in range(levels + 1)}
    w = Weights(rng)
    for i in range(levels):
        w.conv(f"convs_{i}", 3, ch[i - 1], ch[i])
    for i in reversed(range(levels)):           # upconvs_0 is the deepest level
        j = levels - 1 - i
        w.conv(f"upconvs_{j}", 3, ch[i] * (2 if i != levels - 1 else 1), ch[i - 1], transpose=True)
    w.conv("in_conv", 1, in_ch, ch[-1])
    w.conv("out_conv", 1, ch[-1] * 2, 1)
    w.conv("center_out", 1, ch[levels - 1], 1)
    w.conv("center_conv", 1, ch[levels - 1], ch[levels - 1])
    return w.values, strides


def run_patch(weights, strides, x):
    def c(name, x, stride=1):
        return conv(x, weights[f"{name}/weight:0"], weights[f"{name}/bias:0"], stride=stride)
    x = leaky(c("in_conv", x), 0.2)
    skips = []
    for i, s in enumerate(strides):
        skips.insert(0, x)
        x = leaky(c(f"convs_{i}", x, s), 0.2)
    center = c("center_out", x)
    x = leaky(c("center_conv", x), 0.2)
    for j, skip in enumerate(skips):
        s = strides[len(strides) - 1 - j]
        up = conv_transpose_same(x, weights[f"upconvs_{j}/weight:0"].astype(np.float64), weights[f"upconvs_{j}/bias:0"], s)
        x = np.concatenate([skip, leaky(up, 0.2)], axis=-1)
    return center, c("out_conv", x)


def style_loss(a, b, sigma, weight):
    a, b = gaussian_blur(a, sigma), gaussian_blur(b, sigma)
    ma, mb = a.mean(axis=(1, 2)), b.mean(axis=(1, 2))
    sa, sb = np.sqrt(a.var(axis=(1, 2)) + 1e-5), np.sqrt(b.var(axis=(1, 2)) + 1e-5)
    return (np.square(ma - mb).sum(axis=1) + np.square(sa - sb).sum(axis=1)) * weight / a.shape[-1]


def total_variation_nchw(x_nhwc):
    x = x_nhwc.transpose(0, 3, 1, 2)
    d1, d2 = x[:, 1:] - x[:, :-1], x[:, :, 1:] - x[:, :, :-1]
    return np.square(d1).sum(axis=(1, 2, 3)) + np.square(d2).sum(axis=(1, 2, 3))


def bce(logits, label):
    """-[z·log σ(x) + (1 − z)·log(1 − σ(x))], averaged over all but the batch."""
    p = 1 / (1 + np.exp(-logits))
    values = -(label * np.log(p) + (1 - label) * np.log(1 - p))
    return values.reshape(len(values), -1).mean(axis=1)


def main():
    for patch, expected in [(16, [2, 2, 2]), (28, [2, 1, 2, 1, 2]), (32, [2, 2, 2, 2]), (40, [2, 2, 1, 2, 2]),
                            (48, [2, 2, 2, 1, 2]), (64, [2, 2, 2, 2, 2]), (8, [2, 2]), (3, [2])]:
        assert search(patch) == expected, (patch, search(patch))
    rng = np.random.default_rng(7)
    os.makedirs(OUT, exist_ok=True)
    code_weights, count = code_discriminator(rng, 8, 16, 16)
    patch_weights, strides = patch_discriminator(rng, 16, 3, 4)
    for name, weights in [("code_discriminator", code_weights), ("GAN", patch_weights)]:
        with open(os.path.join(OUT, f"fixture_SAEHD_{name}.npy"), "wb") as f:
            f.write(dfl_dumps(weights))
    code = rng.normal(0, 1, (2, 16, 16, 8)).astype(np.float32)
    image = rng.uniform(0, 1, (2, 32, 32, 3)).astype(np.float32)
    center, full = run_patch(patch_weights, strides, image.astype(np.float64))
    a = rng.uniform(0, 1, (2, 16, 16, 3)).astype(np.float32)
    b = (rng.uniform(0, 1, (2, 16, 16, 3)) * 0.5 + 0.2).astype(np.float32)
    x = rng.normal(0, 4, (2, 5, 5, 1)).astype(np.float32)
    arrays = {"code": code, "code_logits": run_code(code_weights, count, code.astype(np.float64)),
              "image": image, "center": center, "full": full, "a": a, "b": b,
              "style": style_loss(a.astype(np.float64), b.astype(np.float64), 2, 3),
              "tv": total_variation_nchw(a.astype(np.float64)), "x": x,
              "bce1": bce(x.astype(np.float64), 1), "bce0": bce(x.astype(np.float64), 0)}
    save_file({k: np.ascontiguousarray(v.astype(np.float32)) for k, v in arrays.items()}, os.path.join(OUT, "io.safetensors"))
    print("wrote", OUT, {k: v.shape for k, v in arrays.items()})


if __name__ == "__main__":
    main()
