#!/usr/bin/env python3
"""Reference for SAEHD's networks (dfl-reference.md §5.1, §5.3, §5.9), written from the
reference's description with NumPy only, independently of the Swift code.

For a few tiny architectures that between them use every flag (u, d, t, c) on both bases, it
writes into Tests/Reference/saehd/<archi>/:
  fixture_SAEHD_<part>.npy   random weights in DFL's own file layout: pickle.dumps(dict, 4) of
                             {"down1/downs_0/conv1/weight:0": HWIO float32, ...} per part
                             (encoder, inter | inter_AB + inter_B, decoder_src + decoder_dst | decoder)
  io.safetensors             src, dst (1, R, R, 3) float32 BGR in [0, 1], and the six outputs of
                             DFL's training graph in NHWC: src_src, src_srcm, dst_dst, dst_dstm,
                             src_dst, src_dstm (float32, computed in float64)

Run by hand: $MASQUE_PYTHON Tests/Reference/make_saehd_fixtures.py (numpy, safetensors, and
opencv-python-headless for the shared helpers of make_dflmodel_fixtures.py).
"""
import os

import numpy as np
from safetensors.numpy import save_file

from make_dflmodel_fixtures import conv, dfl_dumps  # noqa: E402  (NumPy conv with DFL's padding; DFL's pickle)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "saehd")
RES, AE, E, D, M = 64, 8, 4, 4, 4
ARCHIS = ["liae-ud", "df-udtc", "liae-tc"]


class Weights:
    """Weights created in leras build order (weight before bias), glorot-uniform-like."""

    def __init__(self, rng):
        self.rng, self.values = rng, {}

    def conv(self, name, k, cin, cout):
        limit = np.sqrt(6 / (k * k * cin + k * k * cout))
        self.values[f"{name}/weight:0"] = self.rng.uniform(-limit, limit, (k, k, cin, cout)).astype(np.float32)
        self.values[f"{name}/bias:0"] = self.rng.uniform(-0.1, 0.1, (cout,)).astype(np.float32)

    def dense(self, name, cin, cout):
        limit = np.sqrt(6 / (cin + cout))
        self.values[f"{name}/weight:0"] = self.rng.uniform(-limit, limit, (cin, cout)).astype(np.float32)
        self.values[f"{name}/bias:0"] = self.rng.uniform(-0.1, 0.1, (cout,)).astype(np.float32)


def act(x, alpha, opts):
    return x * np.cos(x) if "c" in opts else np.where(x >= 0, x, alpha * x)


def depth_to_space(x, r):
    """TF DepthToSpace: output (r·y+dy, r·x+dx, c) ← input channel (dy·r + dx)·C + c."""
    n, h, w, c = x.shape
    out = c // (r * r)
    return x.reshape(n, h, w, r, r, out).transpose(0, 1, 3, 2, 4, 5).reshape(n, h * r, w * r, out)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class Net:
    """Builds weights (build=True) or runs the forward pass over a weight dict."""

    def __init__(self, opts, weights):
        self.opts, self.w = opts, weights

    def conv(self, name, x, stride=1):
        return conv(x, self.w[f"{name}/weight:0"].astype(np.float64), self.w[f"{name}/bias:0"], stride=stride)

    def downscale(self, name, x):
        return act(self.conv(f"{name}/conv1", x, stride=2), 0.1, self.opts)

    def upscale(self, name, x):
        return depth_to_space(act(self.conv(f"{name}/conv1", x), 0.1, self.opts), 2)

    def res(self, name, x):
        y = act(self.conv(f"{name}/conv1", x), 0.2, self.opts)
        return act(x + self.conv(f"{name}/conv2", y), 0.2, self.opts)

    def encoder(self, x):
        if "t" in self.opts:
            x = self.res("res1", self.downscale("down1", x))
            for name in ("down2", "down3", "down4", "down5"):
                x = self.downscale(name, x)
            x = self.res("res5", x)
        else:
            for i in range(4):
                x = self.downscale(f"down1/downs_{i}", x)
        x = x.transpose(0, 3, 1, 2).reshape(x.shape[0], -1)        # flatten in (C, H, W) order
        if "u" in self.opts:
            x = x / np.sqrt(np.mean(np.square(x), axis=-1, keepdims=True) + 1e-6)
        return x

    def inter(self, x, out_ch):
        ldr = RES // 32 if "d" in self.opts else RES // 16
        x = x @ self.w["dense1/weight:0"] + self.w["dense1/bias:0"]
        x = x @ self.w["dense2/weight:0"] + self.w["dense2/bias:0"]
        x = x.reshape(x.shape[0], out_ch, ldr, ldr).transpose(0, 2, 3, 1)   # reshape_4D: (C, H, W) → NHWC
        return x if "t" in self.opts else self.upscale("upscale1", x)

    def decoder(self, z):
        t, d = "t" in self.opts, "d" in self.opts
        x = z
        for i in range(4 if t else 3):
            x = self.res(f"res{i}", self.upscale(f"upscale{i}", x))
        if d:
            x = np.concatenate([self.conv(n, x) for n in ("out_conv", "out_conv1", "out_conv2", "out_conv3")], axis=-1)
            x = sigmoid(depth_to_space(x, 2))
        else:
            x = sigmoid(self.conv("out_conv", x))
        m = z
        for i in range((4 if t else 3) + (1 if d else 0)):
            m = self.upscale(f"upscalem{i}", m)
        return x, sigmoid(self.conv("out_convm", m))


def flags_of(archi):
    """The letters after the dash: 'liae-ud' → 'ud', 'df' → ''."""
    return archi.split("-")[1] if "-" in archi else ""


def build(archi, rng):
    """Every part's weights in leras build order (§5.3)."""
    flags = flags_of(archi)
    t, d = "t" in flags, "d" in flags
    encoder = Weights(rng)
    if t:
        encoder.conv("down1/conv1", 5, 3, E)
        encoder.conv("res1/conv1", 3, E, E); encoder.conv("res1/conv2", 3, E, E)
        for name, cin, cout in (("down2", E, 2 * E), ("down3", 2 * E, 4 * E), ("down4", 4 * E, 8 * E), ("down5", 8 * E, 8 * E)):
            encoder.conv(f"{name}/conv1", 5, cin, cout)
        encoder.conv("res5/conv1", 3, 8 * E, 8 * E); encoder.conv("res5/conv2", 3, 8 * E, 8 * E)
    else:
        cin = 3
        for i in range(4):
            encoder.conv(f"down1/downs_{i}/conv1", 5, cin, E * min(2 ** i, 8)); cin = E * min(2 ** i, 8)
    side = RES // (32 if t else 16)
    encoded = 8 * E * side * side
    ldr = RES // 32 if d else RES // 16

    def inter(out_ch):
        w = Weights(rng)
        w.dense("dense1", encoded, AE)
        w.dense("dense2", AE, ldr * ldr * out_ch)
        if not t:
            w.conv("upscale1/conv1", 3, out_ch, 4 * out_ch)
        return w.values

    def decoder(in_ch):
        w = Weights(rng)
        image = [8 * D, 8 * D, 4 * D, 2 * D] if t else [8 * D, 4 * D, 2 * D]
        last = in_ch
        for i, ch in enumerate(image):
            w.conv(f"upscale{i}/conv1", 3, last, 4 * ch)
            w.conv(f"res{i}/conv1", 3, ch, ch); w.conv(f"res{i}/conv2", 3, ch, ch)
            last = ch
        mask = ([8 * M, 8 * M, 4 * M, 2 * M] if t else [8 * M, 4 * M, 2 * M]) + ([M] if d else [])
        last = in_ch
        for i, ch in enumerate(mask):
            w.conv(f"upscalem{i}/conv1", 3, last, 4 * ch)
            last = ch
        w.conv("out_conv", 1, 2 * D, 3)
        if d:
            for name in ("out_conv1", "out_conv2", "out_conv3"):
                w.conv(name, 3, 2 * D, 3)
        w.conv("out_convm", 1, last, 1)
        return w.values

    if archi.startswith("liae"):
        return {"encoder": encoder.values, "inter_AB": inter(2 * AE), "inter_B": inter(2 * AE), "decoder": decoder(4 * AE)}
    return {"encoder": encoder.values, "inter": inter(AE), "decoder_src": decoder(AE), "decoder_dst": decoder(AE)}


def forward(archi, parts, src, dst):
    flags = flags_of(archi)
    enc = Net(flags, parts["encoder"])
    s, t_ = enc.encoder(src), enc.encoder(dst)
    if archi.startswith("liae"):
        ab, b, dec = Net(flags, parts["inter_AB"]), Net(flags, parts["inter_B"]), Net(flags, parts["decoder"])
        out_ch = 2 * AE
        src_ab, dst_ab, dst_b = ab.inter(s, out_ch), ab.inter(t_, out_ch), b.inter(t_, out_ch)
        src_src = dec.decoder(np.concatenate([src_ab, src_ab], axis=-1))
        dst_dst = dec.decoder(np.concatenate([dst_b, dst_ab], axis=-1))
        src_dst = dec.decoder(np.concatenate([dst_ab, dst_ab], axis=-1))
    else:
        inter = Net(flags, parts["inter"])
        ds, dd = Net(flags, parts["decoder_src"]), Net(flags, parts["decoder_dst"])
        src_code, dst_code = inter.inter(s, AE), inter.inter(t_, AE)
        src_src, dst_dst, src_dst = ds.decoder(src_code), dd.decoder(dst_code), ds.decoder(dst_code)
    return {"src_src": src_src[0], "src_srcm": src_src[1], "dst_dst": dst_dst[0], "dst_dstm": dst_dst[1],
            "src_dst": src_dst[0], "src_dstm": src_dst[1]}


def main():
    for index, archi in enumerate(ARCHIS):
        rng = np.random.default_rng(100 + index)
        parts = build(archi, rng)
        folder = os.path.join(OUT, archi)
        os.makedirs(folder, exist_ok=True)
        for part, weights in parts.items():
            with open(os.path.join(folder, f"fixture_SAEHD_{part}.npy"), "wb") as f:
                f.write(dfl_dumps(weights))
        src = rng.uniform(0, 1, (1, RES, RES, 3)).astype(np.float32)
        dst = rng.uniform(0, 1, (1, RES, RES, 3)).astype(np.float32)
        outputs = forward(archi, parts, src.astype(np.float64), dst.astype(np.float64))
        arrays = {"src": src, "dst": dst}
        arrays.update({k: v.astype(np.float32) for k, v in outputs.items()})
        save_file({k: np.ascontiguousarray(v) for k, v in arrays.items()}, os.path.join(folder, "io.safetensors"))
        print("wrote", folder, {k: v.shape for k, v in outputs.items()})


if __name__ == "__main__":
    main()
