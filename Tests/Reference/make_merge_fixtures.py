#!/usr/bin/env python3
"""Reference for DFL's merger (dfl-reference.md §8.2–8.3, DFL's merger/MergeMasked.py
MergeMaskedFace and MergeMasked), written from the description with NumPy and OpenCV only: every
warp, mask and blend on the whole frame, as DFL does it. The networks are replaced by fixed
arrays: the model's prediction (face and two masks), the XSeg model's masks and the ×4
super-resolution face are drawn here and stored, and the Swift test feeds the same arrays to
Masque's merger in place of the networks.

The frame is the public-domain astronaut portrait at 192×192 with the landmarks FaceMesh placed
on it (Tests/Reference/tflite/astronaut_landmarks68.npy, scaled); a second face for the
two-face case is the same landmarks shrunk about the image centre. The model is a 32-px
whole_face model (R = 32, the 4R mask 128 px).

Writes Tests/Reference/merge/:
  frame.png                      the frame (uint8 BGR)
  arrays.safetensors             landmarks (2, 68, 2) float32; pred_face (32, 32, 3), pred_prd_mask,
                                 pred_dst_mask (32, 32) float32; xseg_prd, xseg_dst (256, 256)
                                 float32; enhanced (128, 128, 3) float32; <case>_model_input
                                 (32, 32, 3) float32 for the first case (what the model is given)
                                 motion_landmarks (3, 68, 2) float32: a previous, current and next
                                 frame's face; motion (2,) float64: DFL's motion_power and motion_deg
                                 for the current frame (reference §8.1)
  <case>_merged.png, <case>_mask.png   DFL's uint8 outputs for each case of CASES

Colour transfers with random draws (idt, sot, mix) and colour degrade (Pillow's quantiser) are
left to their own tests. Run by hand:
$MASQUE_PYTHON Tests/Reference/make_merge_fixtures.py (numpy, opencv-python, safetensors).
"""
import sys
from pathlib import Path

import cv2
import numpy as np
from safetensors.numpy import save_file

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_alignment_fixtures import transform_mat  # noqa: E402
from make_color_transfer_fixtures import hist_match, linear, mkl, reinhard  # noqa: E402
from make_xseg_sample_fixtures import blursharpen, linear_motion_blur  # noqa: E402

OUT = HERE / "merge"
SIZE = 192
R = 32
FACE_TYPE = "whole_face"
XSEG = 256
MOTION = (12.0, 30.0)

DEFAULTS = dict(mode="overlay", masked_hist_match=True, hist_match_threshold=238, mask_mode=4, erode=0, blur=0,
                motion_blur_power=0, output_face_scale=0, super_resolution_power=0, color_transfer="none",
                image_denoise_power=0, bicubic_degrade_power=0, sharpen_mode=0, blursharpen_amount=0)

CASES = {
    "overlay_learned": dict(color_transfer="none"),
    "overlay_rct_erode_blur": dict(color_transfer="rct", erode=20, blur=40, mask_mode=1),
    "overlay_lct_dilate": dict(color_transfer="lct", erode=-20, blur=10, mask_mode=5),
    "overlay_mklm_scale": dict(color_transfer="mkl-m", output_face_scale=10, mask_mode=2, blur=20),
    "overlay_mkl_full": dict(color_transfer="mkl", mask_mode=0, blur=24),
    "hist_match": dict(mode="hist-match", mask_mode=3, blur=16),
    "hist_match_unmasked": dict(mode="hist-match", masked_hist_match=False, hist_match_threshold=200, mask_mode=1),
    "seamless": dict(mode="seamless", mask_mode=1, erode=10, blur=30),
    "seamless_rct": dict(mode="seamless", color_transfer="rct", mask_mode=4, blur=20),
    "seamless_hist": dict(mode="seamless-hist-match", hist_match_threshold=255, mask_mode=1),
    "raw_rgb": dict(mode="raw-rgb", mask_mode=4),
    "raw_predict": dict(mode="raw-predict", mask_mode=4),
    "original": dict(mode="original", mask_mode=5, erode=-10),
    "xseg_prd_dst": dict(mask_mode=8, blur=30),
    "learned_xseg": dict(mask_mode=9, color_transfer="rct"),
    "motion_sharpen": dict(mask_mode=1, motion_blur_power=50, sharpen_mode=1, blursharpen_amount=20, blur=20),
    "gaussian_soften": dict(mask_mode=1, sharpen_mode=2, blursharpen_amount=-15, blur=12),
    "degrade": dict(mask_mode=1, image_denoise_power=150, bicubic_degrade_power=30, blur=20),
    "super_resolution": dict(mask_mode=4, super_resolution_power=60, color_transfer="rct", blur=40),
    "two_faces": dict(mask_mode=1, blur=20),
}


def hull_mask(shape, lm, expand=1.0):
    """get_image_hull_mask: int64 landmarks, raised eyebrows, eight filled convex hulls."""
    lm = np.array(lm).astype(np.int64)
    ml = (lm[36] + lm[0]) // 2
    mr = (lm[16] + lm[45]) // 2
    ql = (lm[36] + ml) // 2
    qr = (lm[45] + mr) // 2
    below = np.array([ql, lm[36], lm[37], lm[38], lm[39], lm[42], lm[43], lm[44], lm[45], qr])
    brows = lm[17:27].astype(np.float64)
    lm[17:27] = (brows + expand * 0.5 * (brows - below)).astype(np.int64)
    mask = np.zeros(shape[:2] + (1,), np.float32)
    groups = [list(range(0, 9)) + [17], list(range(8, 17)) + [26], [17, 18, 19, 8], [24, 25, 26, 8],
              list(range(19, 25)) + [8], list(range(17, 22)) + [27, 31, 32, 33, 34, 35, 8],
              list(range(22, 27)) + [27, 31, 32, 33, 34, 35, 8], [27, 28, 29, 30, 31, 32, 33, 34, 35]]
    for group in groups:
        cv2.fillConvexPoly(mask, cv2.convexHull(lm[group]).astype(np.int32), (1,))
    return mask


def transfer(name, image, reference, area):
    if name == "rct":
        return reinhard(image, reference, target_mask=area, source_mask=area)
    if name == "lct":
        return linear(image, reference)
    if name == "mkl":
        return mkl(image, reference)
    if name == "mkl-m":
        return mkl(image * area, reference * area)
    return image


def merge_face(cfg, img, lm, pred, prd_mask, dst_mask, xseg_prd, xseg_dst, enhanced, motion):
    """MergeMaskedFace, step by step as reference §8.2 lists them."""
    h, w = img.shape[:2]
    img_size = (w, h)
    hull = hull_mask(img.shape, lm)
    mask_res, out_res = 4 * R, (4 * R if cfg["super_resolution_power"] else R)
    scale = 1.0 + 0.01 * cfg["output_face_scale"]
    face_mat = transform_mat(lm, out_res, FACE_TYPE)[0]
    face_output_mat = transform_mat(lm, out_res, FACE_TYPE, scale)[0]
    face_mask_output_mat = face_output_mat if out_res == mask_res else transform_mat(lm, mask_res, FACE_TYPE, scale)[0]
    dst_face = np.clip(cv2.warpAffine(img, face_mat, (out_res, out_res), flags=cv2.INTER_CUBIC), 0, 1)
    dst_face_mask = np.clip(cv2.warpAffine(hull, face_mat, (out_res, out_res), flags=cv2.INTER_CUBIC), 0, 1)
    model_input = cv2.resize(dst_face, (R, R))
    pred, prd_mask, dst_mask = np.clip(pred, 0, 1), np.clip(prd_mask, 0, 1), np.clip(dst_mask, 0, 1)
    p = cfg["super_resolution_power"]
    if p:
        pred = np.clip(cv2.resize(pred, (out_res, out_res)) * (1 - p / 100) + enhanced * (p / 100), 0, 1)
        prd_mask = cv2.resize(prd_mask, (out_res, out_res), interpolation=cv2.INTER_CUBIC)
        dst_mask = cv2.resize(dst_mask, (out_res, out_res), interpolation=cv2.INTER_CUBIC)
    mode = cfg["mask_mode"]
    x_prd = cv2.resize(xseg_prd, (out_res, out_res), interpolation=cv2.INTER_CUBIC)
    x_dst = cv2.resize(xseg_dst, (out_res, out_res), interpolation=cv2.INTER_CUBIC)
    work = {0: np.ones((out_res, out_res), np.float32), 1: dst_face_mask, 2: prd_mask, 3: dst_mask,
            4: prd_mask * dst_mask, 5: np.clip(prd_mask + dst_mask, 0, 1), 6: x_prd, 7: x_dst, 8: x_prd * x_dst,
            9: prd_mask * dst_mask * x_prd * x_dst}[mode].astype(np.float32).copy()
    work[work < 1 / 255] = 0
    if work.shape[0] != mask_res:
        work = cv2.resize(work, (mask_res, mask_res), interpolation=cv2.INTER_CUBIC)
    raw = "raw" in cfg["mode"]
    if not raw:
        work = np.pad(work, R)
        ero, blur = cfg["erode"], cfg["blur"]
        if ero > 0:
            work = cv2.erode(work, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (ero, ero)), iterations=1)
        elif ero < 0:
            work = cv2.dilate(work, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (-ero, -ero)), iterations=1)
        clip = R + blur // 2
        work[:clip, :] = 0
        work[-clip:, :] = 0
        work[:, :clip] = 0
        work[:, -clip:] = 0
        if blur > 0:
            blur = blur + (1 - blur % 2)
            work = cv2.GaussianBlur(work, (blur, blur), 0)
        work = np.clip(work[R:-R, R:-R], 0, 1)
    frame_mask = cv2.warpAffine(work, face_mask_output_mat, img_size, np.zeros(img.shape[:2], np.float32),
                                flags=cv2.WARP_INVERSE_MAP | cv2.INTER_CUBIC)[..., None]
    frame_mask = np.clip(frame_mask, 0, 1)
    frame_mask[frame_mask < 1 / 255] = 0
    if work.shape[0] != out_res:
        work = cv2.resize(work, (out_res, out_res), interpolation=cv2.INTER_CUBIC)
    work = work[..., None]

    if cfg["mode"] == "original":
        return img, frame_mask, model_input
    if cfg["mode"] == "raw-rgb":
        face = cv2.warpAffine(pred, face_output_mat, img_size, flags=cv2.WARP_INVERSE_MAP | cv2.INTER_CUBIC)
        a = cv2.warpAffine(np.ones_like(pred), face_output_mat, img_size, flags=cv2.WARP_INVERSE_MAP | cv2.INTER_CUBIC)
        return np.clip(img * (1 - a) + face * a, 0, 1), frame_mask, model_input
    if cfg["mode"] == "raw-predict":
        return np.clip(pred, 0, 1), work, model_input

    region = np.argwhere(frame_mask[..., 0] > 0.1)
    if region.size == 0 or min(region.max(0) - region.min(0)) < 4:
        return img, frame_mask, model_input
    area = work.copy()
    area[area > 0] = 1.0
    seamless = "seamless" in cfg["mode"]
    ct = cfg["color_transfer"]
    if not seamless and ct != "none":
        pred = transfer(ct, pred, dst_face, area)
    if cfg["mode"] == "hist-match":
        hm = np.ones(pred.shape[:2] + (1,), np.float32)
        if cfg["masked_hist_match"]:
            hm *= area
        white = (1.0 - hm) * np.ones(pred.shape[:2] + (1,), np.float32)
        a = pred * hm + white
        a[a > 1.0] = 1.0
        b = dst_face * hm + white
        pred = hist_match(a, b, cfg["hist_match_threshold"]).astype(np.float32)
    if seamless:
        clone_mask = None
        for i in range(1, 10):
            above = frame_mask > i / 10.0
            if np.any(above):
                clone_mask = frame_mask.copy()
                clone_mask[above] = 1.0
                clone_mask[clone_mask <= i / 10.0] = 0.0
                break
    out = np.clip(cv2.warpAffine(pred, face_output_mat, img_size, flags=cv2.WARP_INVERSE_MAP | cv2.INTER_CUBIC), 0, 1)
    if seamless:
        l, t, cw, ch = cv2.boundingRect((clone_mask * 255).astype(np.uint8))
        centre = (int(l + cw / 2), int(t + ch / 2))
        out = cv2.seamlessClone((out * 255).astype(np.uint8), (img * 255).astype(np.uint8),
                                (clone_mask * 255).astype(np.uint8), centre, cv2.NORMAL_CLONE).astype(np.float32) / 255.0
    out = img * (1 - frame_mask) + out * frame_mask
    mp = cfg["motion_blur_power"] / 100.0
    if (seamless and ct != "none") or cfg["mode"] == "seamless-hist-match" or mp != 0 \
            or cfg["blursharpen_amount"] != 0 or cfg["image_denoise_power"] != 0 or cfg["bicubic_degrade_power"] != 0:
        face = cv2.warpAffine(out, face_mat, (out_res, out_res), flags=cv2.INTER_CUBIC)
        if seamless and ct != "none":
            face = transfer(ct, face, dst_face, area)
        if cfg["mode"] == "seamless-hist-match":
            face = hist_match(face, dst_face, cfg["hist_match_threshold"])
        if mp != 0:
            k = int(motion[0] * mp)
            if k >= 1:
                k = int(np.clip(k + 1, 2, 50))
                if p:
                    k *= 2
                face = linear_motion_blur(face, k, motion[1])
        if cfg["blursharpen_amount"] != 0:
            face = blursharpen(face, cfg["sharpen_mode"], 3, cfg["blursharpen_amount"])
        n = cfg["image_denoise_power"]
        while n > 0:
            denoised = cv2.medianBlur(img, 5)
            if int(n / 100) != 0:
                img = denoised
            else:
                power = (n % 100) / 100.0
                img = img * (1.0 - power) + denoised * power
            n = max(n - 10, 0)
        if cfg["bicubic_degrade_power"] != 0:
            keep = 1.0 - cfg["bicubic_degrade_power"] / 101.0
            small = cv2.resize(img, (int(w * keep), int(h * keep)), interpolation=cv2.INTER_CUBIC)
            img = cv2.resize(small, img_size, interpolation=cv2.INTER_CUBIC)
        new_out = cv2.warpAffine(face, face_mat, img_size, flags=cv2.WARP_INVERSE_MAP | cv2.INTER_CUBIC)
        out = np.clip(img * (1 - frame_mask) + new_out * frame_mask, 0, 1)
    return out, frame_mask, model_input


def motion_of(prev, nxt):
    """Merger.py's motion vector: the full-face crop's centre (127, 127) of the neighbours, in the frame."""
    centres = []
    for lm in (prev, nxt):
        inverse = cv2.invertAffineTransform(transform_mat(lm, 256, "full_face")[0])
        centres.append(cv2.transform(np.float32([[[127, 127]]]), inverse)[0, 0].astype(np.float64))
    vector = centres[1] - centres[0]
    power = float(np.linalg.norm(vector))
    return np.array([power, -np.arctan2(vector[1], vector[0]) * 180 / np.pi if power != 0 else 0.0])


def merge_frame(cfg, frame_u8, landmark_sets, arrays):
    """MergeMasked: faces in order, blended through their masks, truncated to uint8."""
    img = frame_u8.astype(np.float32) / 255.0
    final_img = final_mask = None
    inputs = []
    for lm in landmark_sets:
        out, mask, model_input = merge_face(cfg, img, lm, arrays["pred_face"], arrays["pred_prd_mask"], arrays["pred_dst_mask"],
                                            arrays["xseg_prd"], arrays["xseg_dst"], arrays["enhanced"], MOTION)
        inputs.append(model_input)
        if final_img is None:
            final_img, final_mask = out, mask
        else:
            final_img = final_img * (1 - mask) + out * mask
            final_mask = np.clip(final_mask + mask, 0, 1)
    result = (np.concatenate([final_img, final_mask], -1) * 255).astype(np.uint8)
    return result[..., :3], result[..., 3], inputs


def main():
    OUT.mkdir(exist_ok=True)
    rng = np.random.default_rng(2026)
    portrait = cv2.imread(str(HERE / "portraits" / "astronaut.png"))
    frame = cv2.resize(portrait, (SIZE, SIZE), interpolation=cv2.INTER_AREA)
    cv2.imwrite(str(OUT / "frame.png"), frame)
    lm = np.load(HERE / "tflite" / "astronaut_landmarks68.npy").astype(np.float32).reshape(68, 2) * (SIZE / portrait.shape[1])
    second = ((lm - SIZE / 2) * 0.55 + [SIZE * 0.62, SIZE * 0.55]).astype(np.float32)

    grid = np.mgrid[0:R, 0:R].astype(np.float32) / (R - 1)
    pred = np.stack([0.3 + 0.4 * grid[1], 0.5 + 0.3 * np.sin(6 * grid[0]), 0.6 - 0.3 * grid[0]], -1)
    pred = np.clip(pred + rng.normal(0, 0.03, pred.shape), 0, 1).astype(np.float32)
    prd_mask = np.zeros((R, R), np.float32)
    cv2.ellipse(prd_mask, (16, 17), (11, 13), 0, 0, 360, 1.0, -1)
    prd_mask = cv2.GaussianBlur(prd_mask, (5, 5), 0)
    dst_mask = np.zeros((R, R), np.float32)
    cv2.ellipse(dst_mask, (15, 16), (12, 12), 0, 0, 360, 1.0, -1)
    dst_mask = cv2.GaussianBlur(dst_mask, (3, 3), 0)
    xseg_prd = np.zeros((XSEG, XSEG), np.float32)
    cv2.ellipse(xseg_prd, (128, 136), (86, 100), 0, 0, 360, 1.0, -1)
    xseg_prd = cv2.GaussianBlur(xseg_prd, (15, 15), 0)
    xseg_prd[xseg_prd < 0.1] = 0
    xseg_dst = np.zeros((XSEG, XSEG), np.float32)
    cv2.circle(xseg_dst, (126, 128), 92, 1.0, -1)
    xseg_dst[150:190, 60:120] = 0  # an obstruction the XSeg model keeps out
    enhanced = np.clip(cv2.resize(pred, (4 * R, 4 * R), interpolation=cv2.INTER_CUBIC) + 0.05, 0, 1).astype(np.float32)
    arrays = dict(landmarks=np.stack([lm, second]), pred_face=pred, pred_prd_mask=prd_mask, pred_dst_mask=dst_mask,
                  xseg_prd=xseg_prd, xseg_dst=xseg_dst, enhanced=enhanced)
    moving = np.stack([lm + [-3.0, 2.0], lm, lm + [5.0, -1.5]]).astype(np.float32)
    arrays["motion_landmarks"] = moving
    arrays["motion"] = motion_of(moving[0], moving[2])
    for name, change in CASES.items():
        cfg = dict(DEFAULTS, **change)
        faces = [lm, second] if name == "two_faces" else [lm]
        merged, mask, inputs = merge_frame(cfg, frame, faces, arrays)
        cv2.imwrite(str(OUT / f"{name}_merged.png"), merged)
        cv2.imwrite(str(OUT / f"{name}_mask.png"), mask)
        if name == "overlay_learned":
            arrays["model_input"] = inputs[0].astype(np.float32)
    save_file({k: np.ascontiguousarray(v) for k, v in arrays.items()}, str(OUT / "arrays.safetensors"))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
