#!/usr/bin/env python3
"""AMP (DFL's models/Model_AMP, reference §6.1) trained in Python PyTorch, for bench/run-train-amp.

Written from the reference: encoder of five 5x5 stride-2 downscales with residual blocks after the
first and the last, flatten (C, H, W), pixel norm, dense1 to ae_dims; inter_src and inter_dst of one
dense layer each to inter_dims codes at R/32; one decoder of four Upscale+Residual pairs, four
output convolutions shuffled 2x (TensorFlow order) and five mask upscales; leaky ReLU 0.1 (0.2 in
residual blocks), DFL's symmetric k//2 "same" padding. A step: per sample a random channel mask
with exactly int(inter_dims * 0.5) ones mixes src's code (inter_src where 1, inter_dst where 0);
dst's code is inter_dst's; the decoder runs on each (as DFL's graph, only what the losses need);
per side 5 DSSIM(R/11.6) + 5 DSSIM(R/23.2) + 10 MSE inside the blurred mask, 300 L1 on eyes and
mouth, 10 mask MSE; plus dst's 0.1 background MSE and 1e-6 TV; the gradient of the batch sum;
AdaBelief (lr 5e-5, no bias correction, eps 1e-6) on the encoder and decoder only.
Prints one JSON line: {"impl": "pytorch", "ms_per_iter": ...}.
"""
import argparse
import importlib.util
import json
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("train_step_reference", os.path.join(_here, "..", "train-step", "reference.py"))
_shared = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_shared)
glorot, conv, depth_to_space_tf, dssim, AdaBelief = (_shared.glorot, _shared.conv, _shared.depth_to_space_tf, _shared.dssim,
                                                     _shared.AdaBelief)
_spec = importlib.util.spec_from_file_location("train_saehd_reference", os.path.join(_here, "..", "train-saehd", "reference.py"))
_saehd = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_saehd)
Downscale, Upscale, ResidualBlock, gaussian_blur, dense = (_saehd.Downscale, _saehd.Upscale, _saehd.ResidualBlock,
                                                           _saehd.gaussian_blur, _saehd.dense)


class Encoder(nn.Module):
    def __init__(self, res, e, ae):
        super().__init__()
        self.down1, self.res1 = Downscale(3, e), ResidualBlock(e)
        self.down2, self.down3, self.down4, self.down5 = Downscale(e, 2 * e), Downscale(2 * e, 4 * e), Downscale(4 * e, 8 * e), Downscale(8 * e, 8 * e)
        self.res5 = ResidualBlock(8 * e)
        self.dense1 = dense(8 * e * (res // 32) ** 2, ae)

    def forward(self, x):
        x = self.res1(self.down1(x))
        x = self.res5(self.down5(self.down4(self.down3(self.down2(x))))).flatten(1)
        return self.dense1(x * torch.rsqrt((x * x).mean(1, keepdim=True) + 1e-6))


class Inter(nn.Module):
    def __init__(self, res, ae, inter):
        super().__init__()
        self.side, self.inter = res // 32, inter
        self.dense2 = dense(ae, self.side * self.side * inter)

    def forward(self, x):
        return self.dense2(x).reshape(-1, self.inter, self.side, self.side)


class Decoder(nn.Module):
    def __init__(self, inter, d, m):
        super().__init__()
        chans = [inter, 8 * d, 8 * d, 4 * d, 2 * d]
        self.ups = nn.ModuleList(Upscale(chans[i], chans[i + 1]) for i in range(4))
        self.res = nn.ModuleList(ResidualBlock(chans[i + 1]) for i in range(4))
        mchans = [inter, 8 * m, 8 * m, 4 * m, 2 * m, m]
        self.upsm = nn.ModuleList(Upscale(mchans[i], mchans[i + 1]) for i in range(5))
        self.out_convs = nn.ModuleList([conv(2 * d, 3, 1)] + [conv(2 * d, 3, 3) for _ in range(3)])
        self.out_convm = conv(m, 1, 1)

    def forward(self, z):
        x = z
        for up, res in zip(self.ups, self.res):
            x = res(up(x))
        face = torch.sigmoid(depth_to_space_tf(torch.cat([c(x) for c in self.out_convs], 1)))
        m = z
        for up in self.upsm:
            m = up(m)
        return face, torch.sigmoid(self.out_convm(m))


def tv_mse(x):
    return ((x[:, :, 1:, :] - x[:, :, :-1, :]) ** 2).sum((1, 2, 3)) + ((x[:, :, :, 1:] - x[:, :, :, :-1]) ** 2).sum((1, 2, 3))


def side_loss(res, target, mask, em, pred, pred_mask):
    blurred = torch.clamp(gaussian_blur(mask, res // 32), 0, 0.5) * 2
    t, p = target * blurred, pred * blurred
    loss = dssim(t, p, int(res / 11.6)).mean(1) * 5 + dssim(t, p, int(res / 23.2)).mean(1) * 5
    loss = loss + ((t - p) ** 2).mean((1, 2, 3)) * 10
    loss = loss + (target * em - pred * em).abs().mean((1, 2, 3)) * 300
    return loss + ((mask - pred_mask) ** 2).mean((1, 2, 3)) * 10, blurred


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    args, _ = ap.parse_known_args()
    res, batch, ae, inter, e, d, m = 128, 4, 256, 1024, 64, 64, 22
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    encoder, inter_src, inter_dst, decoder = Encoder(res, e, ae), Inter(res, ae, inter), Inter(res, ae, inter), Decoder(inter, d, m)
    opt = AdaBelief(list(encoder.parameters()) + list(decoder.parameters()), 5e-5)
    src, dst = torch.rand(batch, 3, res, res), torch.rand(batch, 3, res, res)
    src_target, dst_target = torch.rand(batch, 3, res, res), torch.rand(batch, 3, res, res)
    yx = torch.arange(res, dtype=torch.float32) - (res - 1) / 2
    mask = ((yx[:, None] ** 2 + yx[None, :] ** 2) < (0.4 * res) ** 2).float().expand(batch, 1, res, res).contiguous()
    q = res / 8
    em = ((yx[None, :].abs() < q) & ((yx[:, None] - q).abs() < q)).float().expand(batch, 1, res, res).contiguous()

    def step():
        t0 = time.perf_counter()
        for p in list(encoder.parameters()) + list(decoder.parameters()):
            p.grad = None
        ones = int(inter * 0.5)
        morph = torch.stack([torch.cat([torch.ones(ones), torch.zeros(inter - ones)])[torch.randperm(inter)] for _ in range(batch)])[:, :, None, None]
        s, t = encoder(src), encoder(dst)
        src_code = inter_src(s) * morph + inter_dst(s) * (1 - morph)
        src_face, src_mask = decoder(src_code)
        dst_face, dst_mask = decoder(inter_dst(t))
        src_loss, _ = side_loss(res, src_target, mask, em, src_face, src_mask)
        dst_loss, blurred = side_loss(res, dst_target, mask, em, dst_face, dst_mask)
        anti = 1 - blurred
        total = src_loss + dst_loss + ((dst_face * anti - dst_target * anti) ** 2).mean((1, 2, 3)) * 0.1 + tv_mse(dst_face * anti) * 1e-6
        total.sum().backward()
        opt.step()
        return (src_loss.mean().item(), dst_loss.mean().item()), time.perf_counter() - t0

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.iterations):
        losses, seconds = step()
        times.append(seconds * 1000)
    params = sum(p.numel() for mod in (encoder, inter_src, inter_dst, decoder) for p in mod.parameters())
    print(json.dumps({"impl": "pytorch", "ms_per_iter": statistics.median(times), "ms_mean": statistics.fmean(times),
                      "threads": args.threads, "iterations": args.iterations, "loss": list(losses), "params": params,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
