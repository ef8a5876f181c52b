#!/usr/bin/env python3
"""Reference for AMP's network (dfl-reference.md §6.1, with the layer rules of §5.1), written from
the reference's description with NumPy only, independently of the Swift code.

Writes into Tests/Reference/amp/:
  fixture_AMP_<part>.npy   random weights in DFL's own file layout (pickle.dumps(dict, 4) of
                           {"down1/conv1/weight:0": HWIO float32, ...}) for encoder, inter_src,
                           inter_dst, decoder
  io.safetensors           src, dst (2, R, R, 3) float32 BGR in [0, 1]; morph_mask (2, INTER) the
                           training mix of src's code; the training graph's src_src, src_srcm,
                           dst_dst, dst_dstm; and for each morph value v in MORPHS the merge graph's
                           (DFL's AE_merge) src_dst_<v>, src_dstm_<v>, dst_dstm_<v> (NHWC, float32,
                           computed in float64)

Run by hand: $MASQUE_PYTHON Tests/Reference/make_amp_fixtures.py (numpy, safetensors, and
opencv-python-headless for the shared helpers of make_dflmodel_fixtures.py).
"""
import os

import numpy as np
from safetensors.numpy import save_file

from make_dflmodel_fixtures import conv, dfl_dumps  # noqa: E402  (NumPy conv with DFL's padding; DFL's pickle)
from make_saehd_fixtures import Weights, depth_to_space, sigmoid  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "amp")
RES, AE, INTER, E, D, M = 64, 8, 12, 4, 4, 4
MORPHS = ["0.0", "0.5", "0.65", "1.0"]


def lrelu(x, alpha):
    return np.where(x >= 0, x, alpha * x)


class Net:
    def __init__(self, weights):
        self.w = weights

    def conv(self, name, x, stride=1):
        return conv(x, self.w[f"{name}/weight:0"].astype(np.float64), self.w[f"{name}/bias:0"], stride=stride)

    def dense(self, name, x):
        return x @ self.w[f"{name}/weight:0"].astype(np.float64) + self.w[f"{name}/bias:0"]

    def downscale(self, name, x):
        return lrelu(self.conv(f"{name}/conv1", x, stride=2), 0.1)

    def upscale(self, name, x):
        return depth_to_space(lrelu(self.conv(f"{name}/conv1", x), 0.1), 2)

    def res(self, name, x):
        y = lrelu(self.conv(f"{name}/conv1", x), 0.2)
        return lrelu(x + self.conv(f"{name}/conv2", y), 0.2)

    def encoder(self, x):
        x = self.res("res1", self.downscale("down1", x))
        for name in ("down2", "down3", "down4", "down5"):
            x = self.downscale(name, x)
        x = self.res("res5", x)
        x = x.transpose(0, 3, 1, 2).reshape(x.shape[0], -1)          # flatten in (C, H, W) order
        x = x / np.sqrt(np.mean(np.square(x), axis=-1, keepdims=True) + 1e-6)
        return self.dense("dense1", x)

    def inter(self, x):
        side = RES // 32
        return self.dense("dense2", x).reshape(x.shape[0], INTER, side, side)   # NCHW code, as AMP keeps it

    def decoder(self, z):
        z = z.transpose(0, 2, 3, 1)                                    # to NHWC for the convolutions
        x = z
        for i in range(4):
            x = self.res(f"res{i}", self.upscale(f"upscale{i}", x))
        x = np.concatenate([self.conv(n, x) for n in ("out_conv", "out_conv1", "out_conv2", "out_conv3")], axis=-1)
        x = sigmoid(depth_to_space(x, 2))
        m = z
        for i in range(5):
            m = self.upscale(f"upscalem{i}", m)
        return x, sigmoid(self.conv("out_convm", m))


def build(rng):
    """Every part's weights in leras build order (§6.1)."""
    encoder = Weights(rng)
    encoder.conv("down1/conv1", 5, 3, E)
    encoder.conv("res1/conv1", 3, E, E); encoder.conv("res1/conv2", 3, E, E)
    for name, cin, cout in (("down2", E, 2 * E), ("down3", 2 * E, 4 * E), ("down4", 4 * E, 8 * E), ("down5", 8 * E, 8 * E)):
        encoder.conv(f"{name}/conv1", 5, cin, cout)
    encoder.conv("res5/conv1", 3, 8 * E, 8 * E); encoder.conv("res5/conv2", 3, 8 * E, 8 * E)
    side = RES // 32
    encoder.dense("dense1", 8 * E * side * side, AE)

    def inter():
        w = Weights(rng)
        w.dense("dense2", AE, side * side * INTER)
        return w.values

    decoder = Weights(rng)
    image = [8 * D, 8 * D, 4 * D, 2 * D]
    last = INTER
    for i, ch in enumerate(image):
        decoder.conv(f"upscale{i}/conv1", 3, last, 4 * ch); last = ch
    for i, ch in enumerate(image):
        decoder.conv(f"res{i}/conv1", 3, ch, ch); decoder.conv(f"res{i}/conv2", 3, ch, ch)
    last = INTER
    for i, ch in enumerate([8 * M, 8 * M, 4 * M, 2 * M, M]):
        decoder.conv(f"upscalem{i}/conv1", 3, last, 4 * ch); last = ch
    decoder.conv("out_convm", 1, M, 1)
    decoder.conv("out_conv", 1, 2 * D, 3)
    for name in ("out_conv1", "out_conv2", "out_conv3"):
        decoder.conv(name, 3, 2 * D, 3)
    return {"encoder": encoder.values, "inter_src": inter(), "inter_dst": inter(), "decoder": decoder.values}


def main():
    rng = np.random.default_rng(7)
    parts = build(rng)
    os.makedirs(OUT, exist_ok=True)
    for part, weights in parts.items():
        with open(os.path.join(OUT, f"fixture_AMP_{part}.npy"), "wb") as f:
            f.write(dfl_dumps(weights))
    src = rng.uniform(0, 1, (2, RES, RES, 3)).astype(np.float32)
    dst = rng.uniform(0, 1, (2, RES, RES, 3)).astype(np.float32)
    ones = int(INTER * 0.5)
    mask = np.stack([rng.permutation(np.r_[np.ones(ones), np.zeros(INTER - ones)]) for _ in range(2)]).astype(np.float32)
    enc, isrc, idst, dec = (Net(parts[p]) for p in ("encoder", "inter_src", "inter_dst", "decoder"))
    s, d = enc.encoder(src.astype(np.float64)), enc.encoder(dst.astype(np.float64))
    b = mask[:, :, None, None].astype(np.float64)
    src_code = isrc.inter(s) * b + idst.inter(s) * (1 - b)
    arrays = {"src": src, "dst": dst, "morph_mask": mask}
    for key, value in zip(("src_src", "src_srcm"), dec.decoder(src_code)):
        arrays[key] = value
    for key, value in zip(("dst_dst", "dst_dstm"), dec.decoder(idst.inter(d))):
        arrays[key] = value
    for morph in MORPHS:
        k = int(np.float32(INTER) * np.float32(float(morph)))              # tf.cast(inter_dims · v, int32)
        code = np.concatenate([isrc.inter(d)[:, :k], idst.inter(d)[:, k:]], axis=1)
        face, face_mask = dec.decoder(code)
        arrays[f"src_dst_{morph}"], arrays[f"src_dstm_{morph}"] = face, face_mask
        arrays[f"dst_dstm_{morph}"] = dec.decoder(idst.inter(d))[1]
    save_file({k: np.ascontiguousarray(v.astype(np.float32)) for k, v in arrays.items()}, os.path.join(OUT, "io.safetensors"))
    print("wrote", OUT, sorted(arrays))


if __name__ == "__main__":
    main()
