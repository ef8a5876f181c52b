#!/usr/bin/env python3
"""Reference for SAEHD's reconstruction loss (dfl-reference.md §5.1 DSSIM and gaussian_blur,
§5.5 src_loss/dst_loss), written from the reference with NumPy only (float64).

Writes Tests/Reference/saehd/loss.safetensors: random target, pred (N, R, R, 3), mask,
pred_mask (N, R, R, 1) and eyes/mouth mask em at R = 64 (N = 2), 96 and 256 (N = 1), the two
DSSIM rules, stored as uint8 (the values are uint8 / 255), loss_quick96 (Quick96's loss at 96,
§6.2: the mask blur without clip·2), and
loss_<R>_<masked><em><blurout> (N,) for every combination of masked_training, eyes_mouth_prio
and blur_out_mask, e.g. loss_64_101.

Run by hand: $MASQUE_PYTHON Tests/Reference/make_saehd_loss_fixtures.py
"""
import os

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from safetensors.numpy import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "saehd")


def depthwise_valid(x, kernel):
    """Per-channel correlation without padding; x NHWC, kernel (k, k)."""
    k = kernel.shape[0]
    windows = sliding_window_view(x, (k, k), axis=(1, 2))            # N, H', W', C, k, k
    return np.einsum("nhwcij,ij->nhwc", windows, kernel)


def gaussian_blur(x, sigma):
    """leras gaussian_blur: kernel max(3, int(4σ)) made odd, exp(−(i − k//2)²/(2σ²)), zero pad k//2."""
    k = max(3, int(4 * sigma))
    if k % 2 == 0:
        k += 1
    line = np.exp(-np.square(np.arange(k) - k // 2) / (2 * sigma * sigma))
    kernel = np.outer(line, line)
    kernel /= kernel.sum()
    pad = k // 2
    return depthwise_valid(np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0))), kernel)


def dssim(a, b, f, sigma=1.5, k1=0.01, k2=0.03):
    """(1 − SSIM)/2 per sample and channel (N, C); window softmax(−d²/(2σ²)) centred at (f−1)/2."""
    c = (f - 1) / 2
    i, j = np.meshgrid(np.arange(f), np.arange(f), indexing="ij")
    logits = -((i - c) ** 2 + (j - c) ** 2) / (2 * sigma * sigma)
    window = np.exp(logits - logits.max())
    window /= window.sum()
    c1, c2 = k1 ** 2, k2 ** 2
    mu_a, mu_b = depthwise_valid(a, window), depthwise_valid(b, window)
    luminance = (2 * mu_a * mu_b + c1) / (mu_a ** 2 + mu_b ** 2 + c1)
    cs = (2 * depthwise_valid(a * b, window) - 2 * mu_a * mu_b + c2) / \
        (depthwise_valid(a * a + b * b, window) - mu_a ** 2 - mu_b ** 2 + c2)
    return (1 - (luminance * cs).mean(axis=(1, 2))) / 2


def loss(R, target, pred, mask, pred_mask, em, masked, eyes_mouth, blur_out, quick96=False):
    if blur_out:
        s = R / 128
        blurred = gaussian_blur(mask, s)
        denominator = np.where(1 - blurred == 0, 1, 1 - blurred)
        target = target * mask + (gaussian_blur(target * (1 - mask), s) / denominator) * (1 - mask)
    if masked:
        m_blur = gaussian_blur(mask, max(1, R // 32))
        if not quick96:                                     # Quick96 uses the blur without clip·2 (§6.2)
            m_blur = np.clip(m_blur, 0, 0.5) * 2
        t, p = target * m_blur, pred * m_blur
    else:
        t, p = target, pred
    if R < 256:
        total = 10 * dssim(t, p, int(R / 11.6)).mean(axis=1)
    else:
        total = 5 * dssim(t, p, int(R / 11.6)).mean(axis=1) + 5 * dssim(t, p, int(R / 23.2)).mean(axis=1)
    total = total + 10 * np.square(t - p).mean(axis=(1, 2, 3))
    if eyes_mouth:
        total = total + 300 * np.abs(target * em - pred * em).mean(axis=(1, 2, 3))
    return total + 10 * np.square(mask - pred_mask).mean(axis=(1, 2, 3))


def main():
    rng = np.random.default_rng(31)
    arrays = {}
    for R in (64, 96, 256):
        n = 2 if R == 64 else 1
        yy, xx = np.mgrid[0:R, 0:R]
        disc = ((yy - R / 2) ** 2 + (xx - R / 2) ** 2 < (R / 3) ** 2).astype(np.float64)
        mask = np.repeat(disc[None, :, :, None], n, axis=0)
        em = np.zeros_like(mask)
        em[:, R // 3:R // 2, R // 4:3 * R // 4] = 1
        target = rng.uniform(0, 1, (n, R, R, 3))
        pred = np.clip(target + rng.normal(0, 0.2, target.shape), 0, 1)
        pred_mask = rng.uniform(0, 1, (n, R, R, 1))
        for name, value in (("target", target), ("pred", pred), ("mask", mask), ("pred_mask", pred_mask), ("em", em)):
            arrays[f"{name}_{R}"] = np.round(value * 255).astype(np.uint8)
        inputs = [arrays[f"{k}_{R}"].astype(np.float64) / 255 for k in ("target", "pred", "mask", "pred_mask", "em")]
        for masked in (0, 1):
            for eyes_mouth in (0, 1):
                for blur_out in (0, 1):
                    value = loss(R, *inputs, masked, eyes_mouth, blur_out)
                    arrays[f"loss_{R}_{masked}{eyes_mouth}{blur_out}"] = value.astype(np.float32)
        if R == 96:
            arrays["loss_quick96"] = loss(R, *inputs, True, False, False, quick96=True).astype(np.float32)
    os.makedirs(OUT, exist_ok=True)
    save_file({k: np.ascontiguousarray(v) for k, v in arrays.items()}, os.path.join(OUT, "loss.safetensors"))
    print("wrote", os.path.join(OUT, "loss.safetensors"), {k: v.round(4).tolist() for k, v in arrays.items() if k.startswith("loss")})


if __name__ == "__main__":
    main()
