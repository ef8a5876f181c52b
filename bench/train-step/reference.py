#!/usr/bin/env python3
"""The same network, loss and optimizer as bench/train-step/main.swift in Python PyTorch.

DFL's leras semantics: symmetric k//2 padding, TensorFlow-order depth-to-space, glorot-uniform
kernels, DSSIM with a normalised Gaussian window, AdaBelief without bias correction.
Prints one JSON line: {"impl": "pytorch", "ms_per_iter": …}.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def glorot(layer, fan_in, fan_out):
    limit = math.sqrt(6 / (fan_in + fan_out))
    nn.init.uniform_(layer.weight, -limit, limit)
    nn.init.zeros_(layer.bias)
    return layer


def conv(i, o, k, s=1):
    return glorot(nn.Conv2d(i, o, k, s, padding=k // 2), k * k * i, k * k * o)


def depth_to_space_tf(x, r=2):
    n, c, h, w = x.shape
    o = c // (r * r)
    return x.reshape(n, r, r, o, h, w).permute(0, 3, 4, 1, 5, 2).reshape(n, o, h * r, w * r)


class Upscale(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.conv1 = conv(i, o * 4, 3)

    def forward(self, x):
        return depth_to_space_tf(F.leaky_relu(self.conv1(x), 0.1))


class Autoencoder(nn.Module):
    def __init__(self, res):
        super().__init__()
        chans = [3, 64, 128, 256, 512]
        self.downs = nn.ModuleList(conv(chans[i], chans[i + 1], 5, 2) for i in range(4))
        self.lowest = res // 16
        flat = 512 * self.lowest ** 2
        self.dense1 = glorot(nn.Linear(flat, 256), flat, 256)
        self.dense2 = glorot(nn.Linear(256, self.lowest ** 2 * 256), 256, self.lowest ** 2 * 256)
        self.up_inter = Upscale(256, 256)
        self.ups = nn.ModuleList([Upscale(256, 256), Upscale(256, 128), Upscale(128, 64)])
        self.out_conv = conv(64, 3, 1)

    def forward(self, x):
        for d in self.downs:
            x = F.leaky_relu(d(x), 0.1)
        x = self.dense2(self.dense1(x.flatten(1))).reshape(-1, 256, self.lowest, self.lowest)
        x = self.up_inter(x)
        for u in self.ups:
            x = u(x)
        return torch.sigmoid(self.out_conv(x))


def dssim(a, b, f, sigma=1.5):
    c = a.shape[1]
    centre = (f - 1) / 2
    idx = torch.arange(f, dtype=torch.float32) - centre
    g = torch.exp(-(idx[:, None] ** 2 + idx[None, :] ** 2) / (2 * sigma ** 2))
    g = (g / g.sum())[None, None].repeat(c, 1, 1, 1)
    filt = lambda t: F.conv2d(t, g, groups=c)
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    ma, mb = filt(a), filt(b)
    lum = (2 * ma * mb + c1) / (ma ** 2 + mb ** 2 + c1)
    cs = (2 * filt(a * b) - 2 * ma * mb + c2) / (filt(a * a + b * b) - ma ** 2 - mb ** 2 + c2)
    return (1 - (lum * cs).mean((2, 3))) / 2


class AdaBelief:
    def __init__(self, params, lr, b1=0.9, b2=0.999, eps=1e-6):
        self.params, self.lr, self.b1, self.b2, self.eps = list(params), lr, b1, b2, eps
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]

    @torch.no_grad()
    def step(self):
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad
            m.mul_(self.b1).add_(g, alpha=1 - self.b1)
            d = g - m
            v.mul_(self.b2).addcmul_(d, d, value=1 - self.b2)
            p.add_(m / (v.sqrt() + self.eps), alpha=-self.lr)
            p.grad = None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--resolution", type=int, default=128)
    ap.add_argument("--batch", type=int, default=4)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = Autoencoder(args.resolution)
    opt = AdaBelief(model.parameters(), 5e-5)
    images = torch.rand(args.batch, 3, args.resolution, args.resolution)
    f = int(args.resolution / 11.6)

    def step():
        pred = model(images)
        per_sample = dssim(images, pred, f).mean(1) * 10 + ((images - pred) ** 2).mean((1, 2, 3)) * 10
        per_sample.sum().backward()
        opt.step()
        return per_sample.mean().item()

    for _ in range(args.warmup):
        step()
    start = time.perf_counter()
    for _ in range(args.iterations):
        loss = step()
    ms = (time.perf_counter() - start) * 1000 / args.iterations
    print(json.dumps({"impl": "pytorch", "ms_per_iter": ms, "threads": args.threads, "loss": loss,
                      "params": sum(p.numel() for p in model.parameters()), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
