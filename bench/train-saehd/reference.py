#!/usr/bin/env python3
"""SAEHD liae-ud (DFL's default network) trained in Python PyTorch, for bench/run-train-saehd.

Written from DFL's architecture (DeepFakeArchi in models/Model_SAEHD, leras layers), reference §5.1-5.6: encoder of four 5x5
stride-2 downscales with pixel norm (-u), LIAE inter_AB/inter_B, one decoder with the -d output
(four convolutions, TensorFlow-order depth-to-space) and the mask path, leaky ReLU 0.1 (0.2 in
residual blocks), DFL's symmetric k//2 "same" padding and glorot-uniform kernels; the masked
src/dst losses of §5.5 and AdaBelief of §5.6 (no bias correction, eps 1e-6, lr 5e-5) on the
gradient of the batch sum of both losses.

Like DFL's TensorFlow graph, a step computes only what the losses need (src->src, dst->dst);
--with-swap also decodes the swap (dst->src) each step, as the Masque step does when a style term is on.
Prints one JSON line: {"impl": "pytorch", "ms_per_iter": ..., ...}; with --profile also the
median milliseconds of forward+loss, backward and the optimizer update.
"""
import argparse
import json
import statistics
import time

import importlib.util
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

# The layers, DSSIM and AdaBelief shared with bench/train-step/reference.py (same DFL semantics).
_spec = importlib.util.spec_from_file_location(
    "train_step_reference", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "train-step", "reference.py"))
_shared = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_shared)
glorot, conv, depth_to_space_tf, dssim, AdaBelief = (_shared.glorot, _shared.conv, _shared.depth_to_space_tf, _shared.dssim,
                                                     _shared.AdaBelief)


def dense(i, o):
    return glorot(nn.Linear(i, o), i, o)


class Downscale(nn.Module):
    def __init__(self, i, o, k=5):
        super().__init__()
        self.conv1 = conv(i, o, k, 2)

    def forward(self, x):
        return F.leaky_relu(self.conv1(x), 0.1)


class Upscale(nn.Module):
    def __init__(self, i, o, k=3):
        super().__init__()
        self.conv1 = conv(i, o * 4, k)

    def forward(self, x):
        return depth_to_space_tf(F.leaky_relu(self.conv1(x), 0.1))


class ResidualBlock(nn.Module):
    def __init__(self, ch, k=3):
        super().__init__()
        self.conv1 = conv(ch, ch, k)
        self.conv2 = conv(ch, ch, k)

    def forward(self, x):
        y = F.leaky_relu(self.conv1(x), 0.2)
        return F.leaky_relu(x + self.conv2(y), 0.2)


class Encoder(nn.Module):
    """DownscaleBlock(3, e, n=4): e, 2e, 4e, 8e channels; flattened (C, H, W); pixel norm."""

    def __init__(self, e):
        super().__init__()
        chans = [3] + [e * min(2 ** i, 8) for i in range(4)]
        self.downs = nn.ModuleList(Downscale(chans[i], chans[i + 1]) for i in range(4))

    def forward(self, x):
        for d in self.downs:
            x = d(x)
        x = x.flatten(1)
        return x * torch.rsqrt((x * x).mean(1, keepdim=True) + 1e-6)


class Inter(nn.Module):
    def __init__(self, inputs, ae, out, lowest):
        super().__init__()
        self.out, self.lowest = out, lowest
        self.dense1 = dense(inputs, ae)
        self.dense2 = dense(ae, lowest * lowest * out)
        self.upscale1 = Upscale(out, out)

    def forward(self, x):
        x = self.dense2(self.dense1(x)).reshape(-1, self.out, self.lowest, self.lowest)
        return self.upscale1(x)


class Decoder(nn.Module):
    """Non-t decoder with -d: three Upscale+Residual pairs, four output convs shuffled 2x."""

    def __init__(self, inputs, d, m):
        super().__init__()
        self.upscale0, self.res0 = Upscale(inputs, 8 * d), ResidualBlock(8 * d)
        self.upscale1, self.res1 = Upscale(8 * d, 4 * d), ResidualBlock(4 * d)
        self.upscale2, self.res2 = Upscale(4 * d, 2 * d), ResidualBlock(2 * d)
        self.upscalem0 = Upscale(inputs, 8 * m)
        self.upscalem1 = Upscale(8 * m, 4 * m)
        self.upscalem2 = Upscale(4 * m, 2 * m)
        self.upscalem3 = Upscale(2 * m, m)
        self.out_conv = conv(2 * d, 3, 1)
        self.out_conv1 = conv(2 * d, 3, 3)
        self.out_conv2 = conv(2 * d, 3, 3)
        self.out_conv3 = conv(2 * d, 3, 3)
        self.out_convm = conv(m, 1, 1)

    def forward(self, z):
        x = self.res0(self.upscale0(z))
        x = self.res1(self.upscale1(x))
        x = self.res2(self.upscale2(x))
        x = torch.cat([self.out_conv(x), self.out_conv1(x), self.out_conv2(x), self.out_conv3(x)], 1)
        face = torch.sigmoid(depth_to_space_tf(x))
        m = self.upscalem3(self.upscalem2(self.upscalem1(self.upscalem0(z))))
        return face, torch.sigmoid(self.out_convm(m))


class LIAE(nn.Module):
    def __init__(self, res, ae, e, d, m):
        super().__init__()
        side = res // 16
        lowest = res // 32
        self.encoder = Encoder(e)
        self.inter_AB = Inter(8 * e * side * side, ae, 2 * ae, lowest)
        self.inter_B = Inter(8 * e * side * side, ae, 2 * ae, lowest)
        self.decoder = Decoder(4 * ae, d, m)

    def forward(self, src, dst, with_swap=False):
        src_code, dst_code = self.encoder(src), self.encoder(dst)
        src_ab = self.inter_AB(src_code)
        dst_ab, dst_b = self.inter_AB(dst_code), self.inter_B(dst_code)
        src_src = self.decoder(torch.cat([src_ab, src_ab], 1))
        dst_dst = self.decoder(torch.cat([dst_b, dst_ab], 1))
        swap = self.decoder(torch.cat([dst_ab, dst_ab], 1)) if with_swap else None
        return src_src, dst_dst, swap


def gaussian_blur(x, sigma):
    """Kernel max(3, int(4 sigma)) made odd, normalised outer product, zero padding k//2."""
    k = max(3, int(4 * sigma))
    k += 1 - k % 2
    idx = torch.arange(k, dtype=torch.float32) - k // 2
    g = torch.exp(-idx ** 2 / (2 * sigma ** 2))
    g2 = g[:, None] * g[None, :]
    g2 = (g2 / g2.sum())[None, None].repeat(x.shape[1], 1, 1, 1)
    return F.conv2d(x, g2, padding=k // 2, groups=x.shape[1])


def side_loss(res, target, mask, pred, pred_mask):
    """§5.5 for R < 256 with masked training: per-sample loss, shape (N,)."""
    blurred = torch.clamp(gaussian_blur(mask, max(1, res // 32)), 0, 0.5) * 2
    t, p = target * blurred, pred * blurred
    loss = dssim(t, p, int(res / 11.6)).mean(1) * 10
    loss = loss + ((t - p) ** 2).mean((1, 2, 3)) * 10
    return loss + ((mask - pred_mask) ** 2).mean((1, 2, 3)) * 10


def disk_masks(batch, res):
    """Face-like masks: a centred disk of radius 0.4 R."""
    yx = torch.arange(res, dtype=torch.float32) - (res - 1) / 2
    disk = ((yx[:, None] ** 2 + yx[None, :] ** 2) < (0.4 * res) ** 2).float()
    return disk.expand(batch, 1, res, res).contiguous()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--with-swap", action="store_true")
    ap.add_argument("--profile", action="store_true")
    args, _ = ap.parse_known_args()
    res, batch = 128, 4
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = LIAE(res, ae=256, e=64, d=64, m=22)
    opt = AdaBelief(model.parameters(), 5e-5)
    src, dst = torch.rand(batch, 3, res, res), torch.rand(batch, 3, res, res)
    src_target, dst_target = torch.rand(batch, 3, res, res), torch.rand(batch, 3, res, res)
    mask = disk_masks(batch, res)

    def step():
        t0 = time.perf_counter()
        (src_face, src_mask), (dst_face, dst_mask), _ = model(src, dst, args.with_swap)
        src_loss = side_loss(res, src_target, mask, src_face, src_mask)
        dst_loss = side_loss(res, dst_target, mask, dst_face, dst_mask)
        t1 = time.perf_counter()
        (src_loss.sum() + dst_loss.sum()).backward()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        return (src_loss.mean().item(), dst_loss.mean().item()), (t1 - t0, t2 - t1, t3 - t2, t3 - t0)

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.iterations):
        losses, parts = step()
        times.append(parts)
    total = [t[3] * 1000 for t in times]
    out = {"impl": "pytorch", "ms_per_iter": statistics.median(total), "ms_mean": statistics.fmean(total),
           "threads": args.threads, "iterations": args.iterations, "with_swap": args.with_swap,
           "loss": list(losses), "params": sum(p.numel() for p in model.parameters()), "torch": torch.__version__}
    if args.profile:
        out["ms_forward_loss"], out["ms_backward"], out["ms_optimizer"] = (
            statistics.median(t[i] * 1000 for t in times) for i in range(3))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
