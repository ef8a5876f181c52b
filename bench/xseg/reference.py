#!/usr/bin/env python3
"""DFL's XSeg in Python PyTorch, for bench/run-xseg: a training step and the `xseg apply` pipeline.

Written from dfl-reference §4.1-4.3 and §5.6 (DFL's `core/leras/models/XSeg.py`, `facelib/XSegNet.py`,
`models/Model_XSeg/Model.py`, `mainscripts/XSegUtil.py`), independently of the Swift code: ConvBlock =
3x3 convolution with bias ('SAME') -> FRN (x * rsqrt(mean_HW(x^2) + |eps|) * weight + bias) -> TLU
(max(x, tau)); UpConvBlock = 3x3 stride-2 transposed convolution, TensorFlow 'SAME' (the full output
cropped to 2H from the top left) -> FRN -> TLU; BlurPool = depthwise binomial filter after DFL's
asymmetric zero pad, stride 2; a dense 512 bottleneck on the (C, H, W) flattening; the U-Net decoder
concatenating [upsampled, skip]; glorot-uniform kernels.

train: batch 8 at 256 px, base 32 (DFL's network), fixed synthetic batch (uniform faces, disc
masks), the loss of §4.3 (mean over C, H, W of the sigmoid cross-entropy; gradient of the batch sum)
and DFL's RMSprop (rho 0.9, eps 1e-6 after the square root, lr 1e-4) with lr_dropout 0.3 (a fresh
Bernoulli mask per weight element each step). Prints {"impl": "pytorch", "ms_per_iter": ...}.

apply FOLDER: DFL's apply_xseg loop over the aligned JPEGs of FOLDER (rewritten in place): read the
file, decode (cv2), LANCZOS4-resize to 256 when needed, float 0..1, the network (XSegNet.extract: clip
to 0..1, values < 0.1 set to 0), binarise at 0.5, encode the mask as DFL's set_xseg_mask does (PNG,
else the best JPEG within 50,000 bytes), store it as `xseg_mask` in the JPEG's APP15 pickle (DFLJPG)
and write the file. --batch B runs B faces through the network at once (DFL: 1). Prints
{"impl": "pytorch", "faces_per_s": ...}.
"""
import argparse
import json
import math
import os
import pickle
import statistics
import struct
import time

import cv2
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def glorot(weight, fan_in, fan_out):
    limit = math.sqrt(6 / (fan_in + fan_out))
    nn.init.uniform_(weight, -limit, limit)


class FRN(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(1, ch, 1, 1))
        self.bias = nn.Parameter(torch.zeros(1, ch, 1, 1))
        self.eps = nn.Parameter(torch.full((1,), 1e-6))

    def forward(self, x):
        nu2 = x.square().mean((2, 3), keepdim=True)
        return x * torch.rsqrt(nu2 + self.eps.abs()) * self.weight + self.bias


class TLU(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.tau = nn.Parameter(torch.zeros(1, ch, 1, 1))

    def forward(self, x):
        return torch.maximum(x, self.tau)


class ConvBlock(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.conv = nn.Conv2d(i, o, 3, padding=1)
        glorot(self.conv.weight, 9 * i, 9 * o)
        nn.init.zeros_(self.conv.bias)
        self.frn, self.tlu = FRN(o), TLU(o)

    def forward(self, x):
        return self.tlu(self.frn(self.conv(x)))


class UpConvBlock(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.conv = nn.ConvTranspose2d(i, o, 3, stride=2)
        glorot(self.conv.weight, 9 * o, 9 * i)
        nn.init.zeros_(self.conv.bias)
        self.frn, self.tlu = FRN(o), TLU(o)

    def forward(self, x):
        h, w = x.shape[2], x.shape[3]
        return self.tlu(self.frn(self.conv(x)[:, :, :2 * h, :2 * w]))


class BlurPool(nn.Module):
    def __init__(self, ch, size):
        super().__init__()
        row = torch.tensor([math.comb(size - 1, k) for k in range(size)], dtype=torch.float64)
        kernel = torch.outer(row, row)
        self.register_buffer("kernel", (kernel / kernel.sum()).float()[None, None].repeat(ch, 1, 1, 1))
        self.pad = ((size - 1) // 2, size // 2)
        self.ch = ch

    def forward(self, x):
        b, a = self.pad
        return F.conv2d(F.pad(x, (b, a, b, a)), self.kernel, stride=2, groups=self.ch)


class XSeg(nn.Module):
    def __init__(self, res=256, b=32):
        super().__init__()
        self.side, self.b = res // 64, b
        enc = [("conv01", 3, b), ("conv02", b, b), ("bp0", b, 4), ("conv11", b, 2 * b), ("conv12", 2 * b, 2 * b), ("bp1", 2 * b, 3),
               ("conv21", 2 * b, 4 * b), ("conv22", 4 * b, 4 * b), ("bp2", 4 * b, 2), ("conv31", 4 * b, 8 * b),
               ("conv32", 8 * b, 8 * b), ("conv33", 8 * b, 8 * b), ("bp3", 8 * b, 2), ("conv41", 8 * b, 8 * b),
               ("conv42", 8 * b, 8 * b), ("conv43", 8 * b, 8 * b), ("bp4", 8 * b, 2), ("conv51", 8 * b, 8 * b),
               ("conv52", 8 * b, 8 * b), ("conv53", 8 * b, 8 * b), ("bp5", 8 * b, 2)]
        for name, i, o in enc:
            setattr(self, name, BlurPool(i, o) if name.startswith("bp") else ConvBlock(i, o))
        flat = self.side * self.side * 8 * b
        self.dense1, self.dense2 = nn.Linear(flat, 512), nn.Linear(512, flat)
        for d, (i, o) in ((self.dense1, (flat, 512)), (self.dense2, (512, flat))):
            glorot(d.weight, i, o)
            nn.init.zeros_(d.bias)
        dec = []
        for level in (5, 4, 3):
            dec += [(f"up{level}", 8 * b, 4 * b, True), (f"uconv{level}3", 12 * b, 8 * b, False),
                    (f"uconv{level}2", 8 * b, 8 * b, False), (f"uconv{level}1", 8 * b, 8 * b, False)]
        dec += [("up2", 8 * b, 4 * b, True), ("uconv22", 8 * b, 4 * b, False), ("uconv21", 4 * b, 4 * b, False),
                ("up1", 4 * b, 2 * b, True), ("uconv12", 4 * b, 2 * b, False), ("uconv11", 2 * b, 2 * b, False),
                ("up0", 2 * b, b, True), ("uconv02", 2 * b, b, False), ("uconv01", b, b, False)]
        for name, i, o, up in dec:
            setattr(self, name, UpConvBlock(i, o) if up else ConvBlock(i, o))
        self.out_conv = nn.Conv2d(b, 1, 3, padding=1)
        glorot(self.out_conv.weight, 9 * b, 9)
        nn.init.zeros_(self.out_conv.bias)

    def forward(self, x):
        x = self.conv02(self.conv01(x)); x0 = x
        x = self.conv12(self.conv11(self.bp0(x))); x1 = x
        x = self.conv22(self.conv21(self.bp1(x))); x2 = x
        x = self.conv33(self.conv32(self.conv31(self.bp2(x)))); x3 = x
        x = self.conv43(self.conv42(self.conv41(self.bp3(x)))); x4 = x
        x = self.conv53(self.conv52(self.conv51(self.bp4(x)))); x5 = x
        x = self.bp5(x)
        x = self.dense2(self.dense1(x.flatten(1))).reshape(-1, 8 * self.b, self.side, self.side)
        x = self.uconv51(self.uconv52(self.uconv53(torch.cat([self.up5(x), x5], 1))))
        x = self.uconv41(self.uconv42(self.uconv43(torch.cat([self.up4(x), x4], 1))))
        x = self.uconv31(self.uconv32(self.uconv33(torch.cat([self.up3(x), x3], 1))))
        x = self.uconv21(self.uconv22(torch.cat([self.up2(x), x2], 1)))
        x = self.uconv11(self.uconv12(torch.cat([self.up1(x), x1], 1)))
        x = self.uconv01(self.uconv02(torch.cat([self.up0(x), x0], 1)))
        logits = self.out_conv(x)
        return logits, torch.sigmoid(logits)


class RMSprop:
    """DFL's RMSprop with lr_dropout: a = rho*a + (1-rho)*g^2; p -= lr * mask * g / (sqrt(a) + eps)."""

    def __init__(self, params, lr=1e-4, rho=0.9, eps=1e-6, keep=0.3):
        self.params, self.lr, self.rho, self.eps, self.keep = list(params), lr, rho, eps, keep
        self.acc = [torch.zeros_like(p) for p in self.params]

    @torch.no_grad()
    def step(self):
        for p, a in zip(self.params, self.acc):
            g = p.grad
            a.mul_(self.rho).addcmul_(g, g, value=1 - self.rho)
            update = g / (a.sqrt() + self.eps)
            p.add_(update * torch.empty_like(update).bernoulli_(self.keep), alpha=-self.lr)
            p.grad = None


def train(args):
    torch.manual_seed(1)
    res, n = args.resolution, args.batch
    model = XSeg(res, args.base)
    opt = RMSprop(model.parameters())
    faces = torch.rand(n, 3, res, res)
    yy, xx = torch.meshgrid(torch.arange(res) - (res - 1) / 2, torch.arange(res) - (res - 1) / 2, indexing="ij")
    masks = ((yy ** 2 + xx ** 2) < (0.4 * res) ** 2).float()[None, None].repeat(n, 1, 1, 1)

    def step():
        logits, _ = model(faces)
        loss = F.binary_cross_entropy_with_logits(logits, masks, reduction="none").mean((1, 2, 3))
        loss.sum().backward()
        opt.step()
        return loss.mean().item()

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.iterations):
        start = time.perf_counter()
        loss = step()
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"impl": "pytorch", "ms_per_iter": statistics.median(times), "ms_mean": statistics.mean(times),
                      "iterations": args.iterations, "threads": args.threads, "loss": loss,
                      "params": sum(p.numel() for p in model.parameters()), "torch": torch.__version__}))


# ---------------------------------------------------------------------------------------------
# DFLJPG's APP15 metadata: the JPEG's segments up to SOS, the pickled dict in APP15 (0xFFEF).


def jpeg_segments(data):
    """(marker, payload) pairs before the scan, and the rest from SOS on."""
    pos, segments = 2, []
    while True:
        marker = data[pos + 1]
        if marker == 0xDA:
            return segments, data[pos:]
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        segments.append((marker, data[pos + 4:pos + 2 + length]))
        pos += 2 + length


def with_metadata(data, meta):
    segments, scan = jpeg_segments(data)
    payload = pickle.dumps(meta)
    out = [b"\xff\xd8"]
    written = False
    for marker, body in segments:
        if marker == 0xEF:
            body, written = payload, True
        out.append(bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body)
    if not written:
        out.insert(1, b"\xff\xef" + struct.pack(">H", len(payload) + 2) + payload)
    return b"".join(out) + scan


def metadata(data):
    segments, _ = jpeg_segments(data)
    for marker, body in segments:
        if marker == 0xEF:
            return pickle.loads(body)
    return {}


def encoded_mask(mask):
    """DFL's DFLJPG.set_xseg_mask: PNG of clip(mask*255), else the best JPEG within 50,000 bytes."""
    img = np.clip(mask * 255, 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".png", img)
    if not ok or len(buf) > 50000:
        for quality in range(100, -1, -1):
            ok, buf = cv2.imencode(".jpg", img, [int(cv2.IMWRITE_JPEG_QUALITY), quality])
            if ok and len(buf) <= 50000:
                break
    return buf


def apply(args):
    torch.manual_seed(1)
    model = XSeg(256, 32).eval()
    files = sorted(os.path.join(args.folder, f) for f in os.listdir(args.folder) if f.endswith(".jpg"))

    def prepare(path):
        with open(path, "rb") as f:
            data = f.read()
        img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR).astype(np.float32) / 255
        if img.shape[1] != 256:
            img = cv2.resize(img, (256, 256), interpolation=cv2.INTER_LANCZOS4)
        return data, img

    def store(path, data, mask):
        meta = metadata(data)
        meta["xseg_mask"] = encoded_mask((mask >= 0.5).astype(np.float32)[..., None])
        with open(path, "wb") as f:
            f.write(with_metadata(data, meta))

    start = time.perf_counter()
    with torch.inference_mode():
        for first in range(0, len(files), args.batch):
            chunk = files[first:first + args.batch]
            prepared = [prepare(p) for p in chunk]
            faces = torch.from_numpy(np.stack([img for _, img in prepared])).permute(0, 3, 1, 2)
            mask = model(faces)[1].clamp(0, 1)
            mask = (mask * (mask >= 0.1)).numpy()[:, 0]
            for path, (data, _), m in zip(chunk, prepared, mask):
                store(path, data, m)
    seconds = time.perf_counter() - start
    print(json.dumps({"impl": "pytorch", "faces": len(files), "batch": args.batch, "seconds": seconds,
                      "faces_per_s": len(files) / seconds, "threads": args.threads, "torch": torch.__version__}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["train", "apply"])
    ap.add_argument("folder", nargs="?")
    ap.add_argument("--iterations", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--resolution", type=int, default=256)
    ap.add_argument("--base", type=int, default=32)
    ap.add_argument("--batch", type=int, default=None)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(args.threads)
    if args.mode == "train":
        args.batch = args.batch or 8
        train(args)
    else:
        args.batch = args.batch or 1
        apply(args)


if __name__ == "__main__":
    main()
