#!/usr/bin/env python3
"""Reference for DFL's colour transfers (dfl-reference.md §8.4, DFL's core/imagelib/color_transfer.py:
reinhard_color_transfer, linear_color_transfer, color_transfer_mkl, color_transfer_idt,
color_transfer_sot, color_transfer_mix, color_hist_match), written from the description with
NumPy and OpenCV only. In every function the first image is recoloured towards the second.

The random draws DFL takes inside idt (scipy's special_ortho_group, here a QR of a Gaussian
matrix with the same Haar distribution) and sot (np.random.normal directions, normalised in
float32) are drawn here and stored, so the Swift tests can replay them.

One departure, stated: sot sorts the projections with a stable argsort. DFL calls np.argsort's
default (introsort or a SIMD sort), whose order among equal projections is unspecified; the
masked inputs of sot-m and the uint8 colours of mix-m have many equal projections, and a stable
order (ties by pixel index) is the one both sides can reproduce.

Writes Tests/Reference/color_transfer/fixtures.safetensors:
  image, reference          float32 (H, W, 3) BGR in [0, 1]
  image_mask, reference_mask float32 (H, W, 1) binary masks (the merger's "area")
  hist_image, hist_reference float32 (H, W, 3) on the 1/255 grid (repeated values)
  rotations_idt, rotations_idt_m           float32 (20, 3, 3)
  directions_sot, directions_sot_m, directions_mix_m  float32 (steps, batch, 3), unit length
  out_<name>                float32 (H, W, 3): rct, rct_masked, lct, mkl, idt, sot, mkl_m, idt_m,
                            sot_m, mix_m, hist_255, hist_238

Run by hand: $MASQUE_PYTHON Tests/Reference/make_color_transfer_fixtures.py
"""
import os

import cv2
import numpy as np
from safetensors.numpy import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "color_transfer")
HEIGHT, WIDTH = 20, 24


# --- rct -------------------------------------------------------------------------------------

def reinhard(target, source, target_mask=None, source_mask=None, cutoff=0.5):
    """Lab statistics (masked-out pixels zeroed but counted), shift/scale the unmasked target."""
    source_lab = cv2.cvtColor(source, cv2.COLOR_BGR2LAB)
    target_lab = cv2.cvtColor(target, cv2.COLOR_BGR2LAB)
    source_stats_input = source_lab.copy()
    target_stats_input = target_lab.copy()
    if source_mask is not None:
        source_stats_input[source_mask[..., 0] < cutoff] = 0
    if target_mask is not None:
        target_stats_input[target_mask[..., 0] < cutoff] = 0
    channels = []
    for k, (low, high) in enumerate([(0, 100), (-127, 127), (-127, 127)]):
        t_mean, t_std = target_stats_input[..., k].mean(), target_stats_input[..., k].std()
        s_mean, s_std = source_stats_input[..., k].mean(), source_stats_input[..., k].std()
        value = (target_lab[..., k] - t_mean) * s_std / t_std + s_mean
        channels.append(np.clip(value, low, high).astype(np.float32))
    return cv2.cvtColor(np.stack(channels, -1), cv2.COLOR_LAB2BGR)


# --- lct -------------------------------------------------------------------------------------

def symmetric_sqrt(covariance):
    values, vectors = np.linalg.eigh(covariance)
    return vectors @ np.diag(np.sqrt(values)) @ vectors.T


def linear(target, source, eps=1e-5):
    """PCA-matched covariance: out = Qs·Qt⁻¹·(t − μt) + μs, clipped to [0, 1]."""
    channels = target.shape[-1]
    mu_t = target.mean(0).mean(0)
    mu_s = source.mean(0).mean(0)
    t = (target - mu_t).reshape(-1, channels).T
    s = (source - mu_s).reshape(-1, channels).T
    c_t = t @ t.T / t.shape[1] + eps * np.eye(channels)
    c_s = s @ s.T / s.shape[1] + eps * np.eye(channels)
    moved = symmetric_sqrt(c_s) @ np.linalg.inv(symmetric_sqrt(c_t)) @ t
    out = moved.T.reshape(target.shape) + mu_s
    return np.clip(np.clip(out, 0, 1).astype(source.dtype), 0, 1)


# --- mkl -------------------------------------------------------------------------------------

def mkl(x0, x1):
    """Monge-Kantorovich linear map between the two colour covariances (np.cov, N − 1)."""
    eps = np.finfo(float).eps
    shape = x0.shape
    a_pixels = x0.reshape(-1, 3)
    b_pixels = x1.reshape(-1, 3)
    a = np.cov(a_pixels.T)
    b = np.cov(b_pixels.T)
    da2, ua = np.linalg.eig(a)
    da = np.diag(np.sqrt(da2.clip(eps, None)))
    c = da @ ua.T @ b @ ua @ da
    dc2, uc = np.linalg.eig(c)
    dc = np.diag(np.sqrt(dc2.clip(eps, None)))
    da_inv = np.diag(1.0 / np.diag(da))
    transfer = ua @ da_inv @ uc @ dc @ uc.T @ da_inv @ ua.T
    result = (a_pixels - a_pixels.mean(axis=0)) @ transfer + b_pixels.mean(axis=0)
    return np.clip(result.reshape(shape).astype(x0.dtype), 0, 1)


# --- idt -------------------------------------------------------------------------------------

def random_rotation(rng):
    """A Haar-random 3×3 rotation: QR of a Gaussian matrix, signs fixed, determinant +1."""
    q, r = np.linalg.qr(rng.standard_normal((3, 3)))
    q = q * np.sign(np.diag(r))
    if np.linalg.det(q) < 0:
        q[:, 0] = -q[:, 0]
    return q


def idt(i0, i1, rotations, bins=256):
    """Iterative distribution transfer with the given float32 rotations."""
    relaxation = 1 / len(rotations)
    shape = i0.shape
    d0 = i0.reshape(-1, 3).T
    d1 = i1.reshape(-1, 3).T
    for r in rotations:
        d0r = np.dot(r, d0)
        d1r = np.dot(r, d1)
        d_r = np.empty_like(d0)
        for j in range(3):
            lo = min(d0r[j].min(), d1r[j].min())
            hi = max(d0r[j].max(), d1r[j].max())
            p0r, edges = np.histogram(d0r[j], bins=bins, range=[lo, hi])
            p1r, _ = np.histogram(d1r[j], bins=bins, range=[lo, hi])
            cp0r = p0r.cumsum().astype(np.float32)
            cp0r /= cp0r[-1]
            cp1r = p1r.cumsum().astype(np.float32)
            cp1r /= cp1r[-1]
            f = np.interp(cp0r, cp1r, edges[1:])
            d_r[j] = np.interp(d0r[j], edges[1:], f, left=0, right=bins)
        d0 = relaxation * np.linalg.solve(r, d_r - d0r) + d0
    return np.clip(d0.T.reshape(shape).astype(i0.dtype), 0, 1)


# --- sot -------------------------------------------------------------------------------------

def random_directions(rng, steps, batch):
    directions = rng.standard_normal((steps, batch, 3)).astype(np.float32)
    for step in range(steps):
        for k in range(batch):
            directions[step, k] /= np.linalg.norm(directions[step, k])
    return directions


def sot(src, trg, directions, reg_sigma_xy=16.0, reg_sigma_v=5.0):
    """Sliced optimal transport with the given unit directions (steps, batch, 3), then the
    bilateral regularisation of the displacement. Not clipped."""
    h, w, c = src.shape
    steps, batch, _ = directions.shape
    new_src = src.copy()
    advect = np.empty((h * w, c), dtype=src.dtype)
    for step in range(steps):
        advect.fill(0)
        for k in range(batch):
            direction = directions[step, k]
            proj_src = np.sum(new_src * direction, axis=-1).reshape(h * w)
            proj_trg = np.sum(trg * direction, axis=-1).reshape(h * w)
            id_src = np.argsort(proj_src, kind="stable")
            id_trg = np.argsort(proj_trg, kind="stable")
            a = proj_trg[id_trg] - proj_src[id_src]
            for channel in range(c):
                advect[id_src, channel] += a * direction[channel]
        new_src += advect.reshape(h, w, c) / batch
    difference = new_src - src
    filtered = cv2.bilateralFilter(difference, 0, reg_sigma_v, reg_sigma_xy)
    return src + filtered


# --- mix-m -----------------------------------------------------------------------------------

def mix(img, ref, directions):
    """Lightness by lct on uint8 Lab's L, chroma by sot on L=100 colours."""
    img_u8 = np.clip(img * 255.0, 0, 255).astype(np.uint8)
    ref_u8 = np.clip(ref * 255.0, 0, 255).astype(np.uint8)
    img_lab = cv2.cvtColor(img_u8, cv2.COLOR_BGR2LAB)
    ref_lab = cv2.cvtColor(ref_u8, cv2.COLOR_BGR2LAB)
    light = linear(img_lab[..., 0:1].astype(np.float32) / 255.0, ref_lab[..., 0:1].astype(np.float32) / 255.0)
    light = np.clip(light[..., 0] * 255.0, 0, 255).astype(np.uint8)
    img_lab[..., 0] = 100
    ref_lab[..., 0] = 100
    img_flat = cv2.cvtColor(img_lab, cv2.COLOR_LAB2BGR).astype(np.float32)
    ref_flat = cv2.cvtColor(ref_lab, cv2.COLOR_LAB2BGR).astype(np.float32)
    chroma = np.clip(sot(img_flat, ref_flat, directions), 0, 255).astype(np.uint8)
    chroma_lab = cv2.cvtColor(chroma, cv2.COLOR_BGR2LAB)
    chroma_lab[..., 0] = light
    return (cv2.cvtColor(chroma_lab, cv2.COLOR_LAB2BGR) / 255.0).astype(np.float32)


# --- histogram match -------------------------------------------------------------------------

def hist_match(src, ref, threshold):
    channels = []
    for k in range(3):
        source = src[..., k].ravel()
        template = ref[..., k].ravel()
        s_values, s_inverse, s_counts = np.unique(source, return_inverse=True, return_counts=True)
        t_values, t_counts = np.unique(template, return_counts=True)
        s_quantiles = np.cumsum(s_counts).astype(np.float64)
        s_quantiles = threshold * s_quantiles / s_quantiles[-1]
        t_quantiles = np.cumsum(t_counts).astype(np.float64)
        t_quantiles = 255 * t_quantiles / t_quantiles[-1]
        channels.append(np.interp(s_quantiles, t_quantiles, t_values)[s_inverse].reshape(src.shape[:2]))
    return np.stack(channels, -1).astype(src.dtype)


# --- inputs ----------------------------------------------------------------------------------

def face_like(rng, base):
    """A smooth colour field around `base` (BGR) with noise, in [0, 1]."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float64)
    field = np.empty((HEIGHT, WIDTH, 3))
    for k in range(3):
        gx, gy = rng.uniform(-0.4, 0.4, 2)
        field[..., k] = base[k] + gx * (x / WIDTH - 0.5) + gy * (y / HEIGHT - 0.5)
    field += 0.08 * np.sin(x[..., None] / 3.0 + rng.uniform(0, 6, 3)) * np.cos(y[..., None] / 4.0)
    field += rng.normal(0, 0.04, field.shape)
    return np.clip(field, 0, 1).astype(np.float32)


def ellipse_mask(cx, cy, rx, ry):
    mask = np.zeros((HEIGHT, WIDTH, 1), np.float32)
    cv2.ellipse(mask, (cx, cy), (rx, ry), 0, 0, 360, (1.0,), -1)
    return mask


def main():
    rng = np.random.default_rng(20261203)
    image = face_like(rng, (0.35, 0.45, 0.70))
    reference = face_like(rng, (0.55, 0.50, 0.45))
    image_mask = ellipse_mask(12, 10, 8, 8)
    reference_mask = ellipse_mask(11, 10, 9, 7)
    hist_image = (np.round(image * 255) / 255).astype(np.float32)
    hist_reference = (np.floor(reference * 40) / 40).astype(np.float32)

    rotations_idt = np.stack([random_rotation(rng) for _ in range(20)]).astype(np.float32)
    rotations_idt_m = np.stack([random_rotation(rng) for _ in range(20)]).astype(np.float32)
    directions_sot = random_directions(rng, 10, 5)
    directions_sot_m = random_directions(rng, 10, 30)
    directions_mix_m = random_directions(rng, 10, 5)

    masked_image = image * image_mask
    masked_reference = reference * reference_mask
    tensors = {
        "image": image, "reference": reference,
        "image_mask": image_mask, "reference_mask": reference_mask,
        "hist_image": hist_image, "hist_reference": hist_reference,
        "rotations_idt": rotations_idt, "rotations_idt_m": rotations_idt_m,
        "directions_sot": directions_sot, "directions_sot_m": directions_sot_m,
        "directions_mix_m": directions_mix_m,
        "out_rct": reinhard(image, reference),
        "out_rct_masked": reinhard(image, reference, image_mask, reference_mask),
        "out_lct": linear(image, reference),
        "out_mkl": mkl(image, reference),
        "out_idt": idt(image, reference, rotations_idt),
        "out_sot": np.clip(sot(image, reference, directions_sot), 0, 1),
        "out_mkl_m": mkl(masked_image, masked_reference),
        "out_idt_m": idt(masked_image, masked_reference, rotations_idt_m),
        "out_sot_m": np.clip(sot(masked_image, masked_reference, directions_sot_m), 0, 1),
        "out_mix_m": mix(masked_image, masked_reference, directions_mix_m),
        "out_hist_255": hist_match(hist_image, hist_reference, 255),
        "out_hist_238": hist_match(hist_image, hist_reference, 238),
    }
    os.makedirs(OUT, exist_ok=True)
    save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in tensors.items()},
              os.path.join(OUT, "fixtures.safetensors"))


if __name__ == "__main__":
    main()
