#!/usr/bin/env python3
"""Writes the PyTorch/numpy reference fixtures the Tensors and NN tests compare against.

Run by hand (needs numpy, torch and safetensors):  python Tests/Reference/make_torch_fixtures.py
Every expected value is computed here independently of Masque, from the formulas of
DFL's reference (../shared/docs/dfl-reference.md §5.1, §5.5, §5.6), mostly in numpy; PyTorch
autograd supplies gradients of those independent forward implementations.
"""
import os

import numpy as np
import torch
from safetensors.numpy import save_file as save_numpy
from safetensors.torch import save_file as save_torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20261126)
f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32)


def save(name, arrays):
    save_numpy({k: np.ascontiguousarray(v) for k, v in arrays.items()}, os.path.join(OUT, name + ".safetensors"))


def conv2d_numpy(x, w, b, stride, pad):
    """Cross-correlation with symmetric zero padding, NCHW / OIHW, straight from the definition."""
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh, ow = (h + 2 * pad - kh) // stride + 1, (wd + 2 * pad - kw) // stride + 1
    out = np.zeros((n, o, oh, ow), np.float64)
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3]))
    return (out + b[None, :, None, None]).astype(np.float32)


def conv2d_torch_reference(x, w, b, stride, pad):
    """The same definition in differentiable torch ops (unfold), for gradients."""
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    cols = torch.nn.functional.unfold(torch.nn.functional.pad(x, (pad, pad, pad, pad)), (kh, kw), stride=stride)
    oh, ow = (h + 2 * pad - kh) // stride + 1, (wd + 2 * pad - kw) // stride + 1
    return (w.reshape(o, -1) @ cols).reshape(n, o, oh, ow) + b[None, :, None, None]


# conv2d with DFL 'SAME' (symmetric k//2) padding: 5x5 stride 2 (Downscale) and 3x3 stride 1.
for name, (k, s, h, w_) in {"conv2d_k5s2": (5, 2, 10, 9), "conv2d_k3s1": (3, 1, 7, 8)}.items():
    x, w, b = f32(2, 3, h, w_), f32(4, 3, k, k) * 0.3, f32(4)
    expected = conv2d_numpy(x, w, b, s, k // 2)
    tx, tw, tb = (torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (x, w, b))
    out = conv2d_torch_reference(tx, tw, tb, s, k // 2)
    upstream = f32(*out.shape)
    (out * torch.tensor(upstream, dtype=torch.float64)).sum().backward()
    save(name, {"x": x, "w": w, "b": b, "out": expected, "upstream": upstream,
                "dx": tx.grad.float().numpy(), "dw": tw.grad.float().numpy(), "db": tb.grad.float().numpy()})


def conv_transpose_same_numpy(x, w_dfl, b, s):
    """DFL Conv2DTranspose (TF 'SAME'), scatter form of reference §5.1 with W in (k, k, out, in)."""
    n, c, h, wd = x.shape
    k, _, o, _ = w_dfl.shape
    full = np.zeros((n, o, (h - 1) * s + k, (wd - 1) * s + k), np.float64)
    for i in range(h):
        for j in range(wd):
            for ky in range(k):
                for kx in range(k):
                    full[:, :, s * i + ky, s * j + kx] += x[:, :, i, j] @ w_dfl[ky, kx].T
    before_h = max((h - 1) * s + k - h * s, 0) // 2
    before_w = max((wd - 1) * s + k - wd * s, 0) // 2
    out = full[:, :, before_h:before_h + h * s, before_w:before_w + wd * s]
    return (out + b[None, :, None, None]).astype(np.float32)


for name, k in {"conv_transpose_k3": 3, "conv_transpose_k4": 4}.items():
    x, w, b = f32(2, 4, 5, 6), f32(k, k, 3, 4) * 0.3, f32(3)
    expected = conv_transpose_same_numpy(x, w, b, 2)
    # Gradients through the same scatter written with differentiable torch indexing.
    tx, tw, tb = (torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (x, w, b))
    full = torch.zeros(2, 3, 4 * 2 + k, 5 * 2 + k, dtype=torch.float64)
    for i in range(5):
        for j in range(6):
            for ky in range(k):
                for kx in range(k):
                    full[:, :, 2 * i + ky, 2 * j + kx] += tx[:, :, i, j] @ tw[ky, kx].T
    before = max(4 * 2 + k - 10, 0) // 2
    out = full[:, :, before:before + 10, before:before + 12] + tb[None, :, None, None]
    assert np.allclose(out.detach().numpy(), expected, atol=1e-4), "scatter forms disagree"
    upstream = f32(*out.shape)
    (out * torch.tensor(upstream, dtype=torch.float64)).sum().backward()
    save(name, {"x": x, "w_dfl": w, "b": b, "out": expected, "upstream": upstream,
                "dx": tx.grad.float().numpy(), "dw_dfl": tw.grad.float().numpy(), "db": tb.grad.float().numpy()})

# depth-to-space, r = 2: TensorFlow DCR from its definition, PyTorch CRD from pixel_shuffle.
x = f32(2, 12, 3, 4)
dcr = np.zeros((2, 3, 6, 8), np.float32)
for dy in range(2):
    for dx in range(2):
        dcr[:, :, dy::2, dx::2] = x[:, (dy * 2 + dx) * 3:(dy * 2 + dx) * 3 + 3]
crd = torch.nn.functional.pixel_shuffle(torch.tensor(x), 2).numpy()
save("depth_to_space", {"x": x, "dcr": dcr, "crd": crd})


def dssim_reference(a, b, f, sigma=1.5, k1=0.01, k2=0.03):
    """DFL dssim (reference §5.1) in float64 torch, depthwise VALID Gaussian window."""
    c = a.shape[1]
    centre = (f - 1) / 2
    ii, jj = np.meshgrid(np.arange(f), np.arange(f), indexing="ij")
    g = np.exp(-((ii - centre) ** 2 + (jj - centre) ** 2) / (2 * sigma ** 2))
    g = torch.tensor(g / g.sum(), dtype=torch.float64)[None, None].repeat(c, 1, 1, 1)
    filt = lambda t: torch.nn.functional.conv2d(t, g, groups=c)
    c1, c2 = k1 ** 2, k2 ** 2
    ma, mb = filt(a), filt(b)
    lum = (2 * ma * mb + c1) / (ma ** 2 + mb ** 2 + c1)
    cs = (2 * filt(a * b) - 2 * ma * mb + c2) / (filt(a * a + b * b) - ma ** 2 - mb ** 2 + c2)
    return (1 - (lum * cs).mean((2, 3))) / 2


for name, f in {"dssim_f11": 11, "dssim_f8": 8}.items():
    a = rng.uniform(0, 1, (2, 3, 32, 32)).astype(np.float32)
    b = np.clip(a + rng.normal(0, 0.1, a.shape), 0, 1).astype(np.float32)
    ta = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    d = dssim_reference(ta, torch.tensor(b, dtype=torch.float64), f)
    d.sum().backward()
    save(name, {"a": a, "b": b, "dssim": d.detach().float().numpy(), "da": ta.grad.float().numpy()})

# One optimizer step each, DFL semantics (reference §5.6), no LR dropout, numpy float64.
p, g = f32(5, 4), f32(5, 4)
acc = np.abs(f32(5, 4))
m, v = f32(5, 4) * 0.1, np.abs(f32(5, 4)) * 0.01
lr = 0.01
acc_new = 0.9 * acc + 0.1 * g.astype(np.float64) ** 2
rms_p = p - lr * g / (np.sqrt(acc_new) + 1e-6)
m_new = 0.9 * m + 0.1 * g.astype(np.float64)
v_new = 0.999 * v + 0.001 * (g - m_new) ** 2
ada_p = p - lr * m_new / (np.sqrt(v_new) + 1e-6)
norm = np.sqrt((g.astype(np.float64) ** 2).sum())
gc = g / max(norm, 1.0)
m_clip = 0.9 * m + 0.1 * gc
v_clip = 0.999 * v + 0.001 * (gc - m_clip) ** 2
ada_clip_p = p - lr * m_clip / (np.sqrt(v_clip) + 1e-6)
save("optimizer_step", {"p": p, "g": g, "acc": acc, "m": m, "v": v, "lr": np.array([lr], np.float32),
                        "rmsprop_p": rms_p.astype(np.float32), "rmsprop_acc": acc_new.astype(np.float32),
                        "adabelief_p": ada_p.astype(np.float32), "adabelief_m": m_new.astype(np.float32),
                        "adabelief_v": v_new.astype(np.float32), "adabelief_clip_p": ada_clip_p.astype(np.float32)})

# A file written by the Python safetensors package with several dtypes and metadata.
save_torch({"weights.f32": torch.arange(12, dtype=torch.float32).reshape(3, 4) / 4,
            "half": torch.tensor([1.5, -2.25, 65504.0], dtype=torch.float16),
            "brain": torch.tensor([[0.5, -3.0]], dtype=torch.bfloat16),
            "bytes": torch.tensor([0, 7, 255], dtype=torch.uint8),
            "iters": torch.tensor(123456789012, dtype=torch.int64),
            "flags": torch.tensor([True, False]),
            "empty": torch.zeros(0, 3)},
           os.path.join(OUT, "python_written.safetensors"), metadata={"format": "pt", "writer": "safetensors-python"})
print("fixtures written to", OUT)
