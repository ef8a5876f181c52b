#!/usr/bin/env python3
"""Reference implementations of DFL's sort methods and Masque's dedupe, for Tests/FaceSetTests/Sorting*.

Written from the description in shared/docs/dfl-reference.md section 3 with numpy, OpenCV,
scikit-image and scipy, independently of the Swift code. Where Masque consciously fixes a DFL
quirk the reference does the same: ties keep the incoming (sorted path) order instead of worker
completion order, `oneface` applies its indices to the file names it parsed, and `hist`
concatenates its chunks in chunk order. Needs numpy, opencv-python-headless, scikit-image
and scipy ($MASQUE_CACHE/venv/bin/pip install ...); the tests only read its committed output.

So that a mistake shared by this transliteration and the Swift code cannot pass both, writing
expected.json also needs the `cpbd` package (python-cpbd 1.0.7, the published implementation of
Narvekar & Karam's metric that DFL's estimate_sharpness adapts): every blur score stored is the
library's `cpbd.compute`, and the script stops if its own cpbd_sharpness differs from it. The
dedupe distances are likewise checked against scipy's cityblock cdist.

    $MASQUE_PYTHON Tests/Reference/sort_reference.py
        writes Tests/Reference/sort/expected.json for the faces in Tests/Reference/sort/faces.
    $MASQUE_PYTHON Tests/Reference/sort_reference.py --folder DIR --method blur|hist [--workers N]
        sorts DIR (without moving anything) and prints {"seconds": ..., "order": [...]} as JSON;
        bench/run-sort times it against Masque.
"""
import argparse
import io
import json
import math
import multiprocessing
import os
import pickle
import time

import cv2
import numpy as np
import scipy.ndimage
import skimage.feature

from dfl_landmarks import LANDMARKS_68_3D

HERE = os.path.dirname(os.path.abspath(__file__))
FACES = os.path.join(HERE, "sort", "faces")
EXPECTED = os.path.join(HERE, "sort", "expected.json")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".tif", ".tiff")


# ---------------------------------------------------------------- files and metadata

def image_paths(folder):
    """DFL's pathex.get_image_paths: top-level image files, sorted path strings."""
    names = [n for n in os.listdir(folder)
             if os.path.isfile(os.path.join(folder, n)) and n.lower().endswith(IMAGE_EXTENSIONS)]
    return sorted(os.path.join(folder, n) for n in names)


class _MetadataUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module == "numpy.core.multiarray":
            module = "numpy._core.multiarray"
        if module in ("numpy", "numpy._core.multiarray") or (module, name) == ("builtins", "int"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refused global {module}.{name}")


def dfl_metadata(path):
    """The APP15 dict of a DFL aligned .jpg, or None (no metadata, not a .jpg)."""
    if not path.endswith(".jpg"):
        return None
    data = open(path, "rb").read()
    position, found = 2, None
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:
            break
        length = int.from_bytes(data[position + 2:position + 4], "big")
        if marker == 0xEF and length > 2:
            found = data[position + 4:position + 2 + length]
        position += 2 + length
    if not found:
        return None
    return _MetadataUnpickler(io.BytesIO(found)).load()


def landmarks_of(meta):
    return np.array(meta["landmarks"], dtype=np.float64)


def read_image(path):
    image = cv2.imdecode(np.fromfile(path, np.uint8), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise ValueError(f"unreadable image {path}")
    return image


# ---------------------------------------------------------------- shared pieces

HULL_GROUPS = [
    list(range(0, 9)) + [17], list(range(8, 17)) + [26], [17, 18, 19, 8], [24, 25, 26, 8],
    list(range(19, 25)) + [8], list(range(17, 22)) + [27, 31, 32, 33, 34, 35, 8],
    list(range(22, 27)) + [27, 31, 32, 33, 34, 35, 8], [27, 28, 29, 30, 31, 32, 33, 34, 35],
]


def hull_mask(height, width, landmarks):
    """Section 8.3 hull mask with eyebrows_expand_mod 1.0: (H, W, 1) float32 of 0/1."""
    points = np.trunc(landmarks).astype(np.int64)
    middle_left = (points[36] + points[0]) // 2
    middle_right = (points[16] + points[45]) // 2
    quarter_left = (points[36] + middle_left) // 2
    quarter_right = (points[45] + middle_right) // 2
    below_left = np.array([quarter_left, points[36], points[37], points[38], points[39]])
    below_right = np.array([points[42], points[43], points[44], points[45], quarter_right])
    brows_left, brows_right = points[17:22].copy(), points[22:27].copy()
    points[17:22] = np.trunc(brows_left + 1.0 * 0.5 * (brows_left - below_left)).astype(np.int64)
    points[22:27] = np.trunc(brows_right + 1.0 * 0.5 * (brows_right - below_right)).astype(np.int64)
    mask = np.zeros((height, width, 1), np.float32)
    for group in HULL_GROUPS:
        cv2.fillConvexPoly(mask, cv2.convexHull(points[group]), (1,))
    return mask


def masked(image, landmarks):
    if image.ndim == 2:
        image = image[..., None]
    return (image * hull_mask(image.shape[0], image.shape[1], landmarks)).astype(np.uint8)


def head_pose(landmarks, size):
    """(pitch, yaw, roll) as DFL's estimate_pitch_yaw_roll returns them (pitch negated)."""
    indices = list(range(27)) + list(range(30, 36))
    camera = np.array([[size, 0, size / 2], [0, size, size / 2], [0, 0, 1]], dtype=np.float32)
    _, rotation_vector, _ = cv2.solvePnP(LANDMARKS_68_3D[indices], landmarks[indices].astype(np.float32),
                                         camera, np.zeros((4, 1)))
    r = cv2.Rodrigues(rotation_vector)[0]
    sy = math.sqrt(r[0, 0] * r[0, 0] + r[1, 0] * r[1, 0])
    if sy >= 1e-6:
        x, y, z = math.atan2(r[2, 1], r[2, 2]), math.atan2(-r[2, 0], sy), math.atan2(r[1, 0], r[0, 0])
    else:
        x, y, z = math.atan2(-r[1, 2], r[1, 1]), math.atan2(-r[2, 0], sy), 0.0
    half_pi = math.pi / 2
    x, y, z = (min(max(v, -half_pi), half_pi) for v in (x, y, z))
    return -x, y, z


def bhattacharyya(a, b):
    return cv2.compareHist(a, b, cv2.HISTCMP_BHATTACHARYYA)


def gray_histogram(gray):
    return cv2.calcHist([gray], [0], None, [256], [0, 256])


# ---------------------------------------------------------------- CPBD sharpness

def cpbd_sharpness(image):
    """Narvekar & Karam's CPBD metric as DFL's estimate_sharpness computes it (section 3)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 and image.shape[2] == 3 else \
        (image[..., 0] if image.ndim == 3 else image)
    gray = gray.astype(np.float64)
    height, width = gray.shape
    canny = skimage.feature.canny(gray)

    kernel = np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]], np.float64) / 4.0
    kernel /= np.abs(kernel).sum()
    strength = np.square(scipy.ndimage.convolve(gray, kernel.T))
    strength[strength <= 2 * np.sqrt(np.mean(strength))] = 0
    padded = np.pad(strength, 1)
    centre = padded[1:-1, 1:-1]
    horizontal = (centre > padded[1:-1, :-2]) & (centre > padded[1:-1, 2:])
    vertical = (centre > padded[:-2, 1:-1]) & (centre > padded[2:, 1:-1])
    edges = horizontal | vertical

    gradient_y, gradient_x = np.gradient(gray)
    angles = np.zeros_like(gray)
    nonzero = gradient_x != 0
    angles[nonzero] = np.arctan2(gradient_y[nonzero], gradient_x[nonzero]) * (180 / np.pi)
    widths = np.zeros_like(gray)
    if np.any(angles):
        quantized = 45 * np.round(angles / 45)
        rows, cols = np.nonzero(edges[1:-1, 1:-1])
        for row, col in zip(rows + 1, cols + 1):
            angle = quantized[row, col]
            if angle not in (0, 180, -180):
                continue
            rising = angle == 0
            line = gray[row]
            left = 0
            for margin in range(101):
                inner, outer = col - 1 - margin, col - 2 - margin
                left = margin + 1
                if outer < 0:
                    break
                step = line[outer] - line[inner]
                if (step >= 0) if rising else (step <= 0):
                    break
            right = 0
            for margin in range(101):
                inner, outer = col + 1 + margin, col + 2 + margin
                right = margin + 1
                if outer >= width:
                    break
                step = line[outer] - line[inner]
                if (step <= 0) if rising else (step >= 0):
                    break
            widths[row, col] = left + right

    buckets = np.zeros(101)
    total = 0
    for block_row in range(height // 64):
        for block_col in range(width // 64):
            rows = slice(64 * block_row, 64 * block_row + 64)
            cols = slice(64 * block_col, 64 * block_col + 64)
            if np.count_nonzero(canny[rows, cols]) <= 64 * 64 * 0.002:
                continue
            block_widths = widths[rows, cols]
            block_widths = block_widths[block_widths != 0]
            block = gray[rows, cols]
            just_noticeable = 5.0 if int(block.max() - block.min()) <= 50 else 3.0
            probabilities = 1 - np.exp(-np.abs(block_widths / just_noticeable) ** 3.6)
            for probability in probabilities:
                buckets[int(round(probability * 100))] += 1
                total += 1
    if total > 0:
        buckets = buckets / total
    return float(np.sum(buckets[:64]))


# ---------------------------------------------------------------- per-image scores

def blur_score(path):
    meta = dfl_metadata(path)
    if meta is None:
        return 0.0
    return cpbd_sharpness(masked(read_image(path), landmarks_of(meta)))


def motion_blur_score(path):
    meta = dfl_metadata(path)
    if meta is None:
        return 0.0
    image = masked(read_image(path), landmarks_of(meta))
    return float(cv2.Laplacian(image, cv2.CV_64F, ksize=11).var())


def colour_histograms(path):
    image = read_image(path)
    return [cv2.calcHist([image], [c], None, [256], [0, 256]) for c in range(3)]


# ---------------------------------------------------------------- sort methods

def by_score(paths, scores, descending=True):
    order = sorted(range(len(paths)), key=lambda i: scores[i], reverse=descending)
    return [paths[i] for i in order]


def sort_scored(paths, score, workers=1, zero_is_trash=True):
    if workers > 1:
        with multiprocessing.Pool(workers) as pool:
            scores = pool.map(score, paths, chunksize=16)
    else:
        scores = [score(p) for p in paths]
    kept = [(p, s) for p, s in zip(paths, scores) if not (zero_is_trash and s == 0)]
    trash = [p for p, s in zip(paths, scores) if zero_is_trash and s == 0]
    return by_score([p for p, _ in kept], [s for _, s in kept]), trash, dict(zip(paths, scores))


def sort_by_pose(paths, component):
    kept, trash, scores = [], [], {}
    for path in paths:
        meta = dfl_metadata(path)
        if meta is None:
            trash.append(path)
            continue
        width = read_image(path).shape[1]
        scores[path] = head_pose(landmarks_of(meta), width)[component]
        kept.append(path)
    return by_score(kept, [scores[p] for p in kept]), trash, scores


def sort_by_source_rect_size(paths):
    kept, trash, scores = [], [], {}
    for path in paths:
        meta = dfl_metadata(path)
        if meta is None:
            trash.append(path)
            continue
        l, t, r, b = (float(v) for v in np.asarray(meta["source_rect"]))
        scores[path] = abs((r - l) * (b - t))
        kept.append(path)
    return by_score(kept, [scores[p] for p in kept]), trash, scores


def hist_chunk_sizes(count):
    size = 20000
    full = count // size
    if full > 12:
        size = int(count / 11.9)
        full = count // size
    return [size] * full + [count - full * size]


def chain_by_histogram(items):
    """items: (path, [b, g, r histograms]); DFL's greedy nearest-neighbour chain."""
    items = list(items)
    for i in range(len(items) - 1):
        best_score, best = float("inf"), i + 1
        for j in range(i + 1, len(items)):
            score = sum(bhattacharyya(items[i][1][c], items[j][1][c]) for c in range(3))
            if score < best_score:
                best_score, best = score, j
        items[i + 1], items[best] = items[best], items[i + 1]
    return items


def sort_by_hist(paths):
    items = [(p, colour_histograms(p)) for p in paths]
    result, start = [], 0
    for size in hist_chunk_sizes(len(items)):
        result += chain_by_histogram(items[start:start + size])
        start += size
    return [p for p, _ in result], [], {}


def sort_by_hist_dissim(paths):
    histograms = []
    for path in paths:
        image = read_image(path)
        meta = dfl_metadata(path)
        if meta is not None:
            image = masked(image, landmarks_of(meta))
        histograms.append(gray_histogram(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)))
    scores = [sum(bhattacharyya(histograms[i], histograms[j]) for j in range(len(paths)) if j != i)
              for i in range(len(paths))]
    return by_score(paths, scores), [], dict(zip(paths, scores))


def sort_by_hsv_mean(paths, channel):
    scores = [float(np.mean(cv2.cvtColor(read_image(p), cv2.COLOR_BGR2HSV)[..., channel])) for p in paths]
    return by_score(paths, scores), [], dict(zip(paths, scores))


def sort_by_black(paths):
    scores = [int(np.count_nonzero(read_image(p) == 0)) for p in paths]
    return by_score(paths, scores, descending=False), [], dict(zip(paths, scores))


def sort_by_origname(paths):
    kept, trash, names = [], [], {}
    for path in paths:
        meta = dfl_metadata(path)
        if meta is None or meta.get("source_filename") is None:
            trash.append(path)
            continue
        names[path] = meta["source_filename"]
        kept.append(path)
    return sorted(kept, key=lambda p: names[p]), trash, {}


def sort_by_oneface(paths):
    parsed = {}
    for path in paths:
        parts = os.path.splitext(os.path.basename(path))[0].split("_")
        if len(parts) == 2 and all(part.isdigit() for part in parts):
            parsed[path] = (int(parts[0]), int(parts[1]))
    multi_face_frames = {frame for frame, face in parsed.values() if face != 0}
    trash = [p for p in paths if p in parsed and parsed[p][0] in multi_face_frames]
    if not trash:
        return [], [], {}
    return [p for p in paths if p not in trash], trash, {}


def sort_by_absdiff(paths, similar):
    images = [read_image(p).astype(np.int64) for p in paths]
    distances = np.array([[int(np.abs(a - b).sum()) for b in images] for a in images])
    order, current = [0], 0
    used = {0}
    for _ in range(len(paths) - 1):
        ranked = sorted(range(len(paths)), key=lambda j: distances[current, j])
        ranked = [j for j in ranked if j not in used]
        current = ranked[0] if similar else ranked[-1]
        order.append(current)
        used.add(current)
    return [paths[i] for i in order], [], {}


def open_bins(values, edges):
    """DFL's binning: bin 0 takes v < edges[1], bin g takes edges[g] <= v < edges[g+1], last v >= edges[-1]."""
    bins = [[] for _ in edges]
    for item, value in values:
        for g in range(len(edges)):
            last = g == len(edges) - 1
            upper = edges[g + 1] if not last else edges[g]
            if (g == 0 and value < upper) or (not last and edges[g] <= value < upper) or (last and value >= edges[g]):
                bins[g].append(item)
                break
    return bins


def sort_best(paths, target, faster):
    """DFL's best-faces sort (section 3) with the yaw/pitch binning, quotas and sweeps."""
    records, trash = [], []
    for path in paths:
        meta = dfl_metadata(path)
        if meta is None:
            trash.append(path)
            continue
        image = read_image(path)
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        landmarks = landmarks_of(meta)
        if faster:
            l, t, r, b = (float(v) for v in np.asarray(meta["source_rect"]))
            sharpness = abs((r - l) * (b - t))
        else:
            sharpness = cpbd_sharpness(masked(gray, landmarks))
        pitch, yaw, _ = head_pose(landmarks, image.shape[1])
        records.append(dict(path=path, sharpness=sharpness, hist=gray_histogram(gray), yaw=yaw, pitch=pitch))

    grads = 128
    per_grad = round(target / grads)
    assert per_grad >= 1, "target count below 65 keeps nothing"
    yaw_bins = open_bins([(r, -r["yaw"]) for r in records], np.linspace(-1.2, 1.2, grads))
    lack = sum(max(per_grad - len(b), 0) for b in yaw_bins)
    per_grad += lack // grads
    final = []
    for yaw_bin in yaw_bins:
        if not yaw_bin:
            continue
        yaw_bin = sorted(yaw_bin, key=lambda r: r["sharpness"], reverse=True)
        trash += [r["path"] for r in yaw_bin[per_grad * 10:]]
        yaw_bin = yaw_bin[:per_grad * 10]
        pitch_bins = open_bins([(r, r["pitch"]) for r in yaw_bin], np.linspace(-math.pi / 2, math.pi / 2, per_grad))
        for p, members in enumerate(pitch_bins):
            scores = [sum(bhattacharyya(a["hist"], b["hist"]) for j, b in enumerate(members) if j != i)
                      for i, a in enumerate(members)]
            order = sorted(range(len(members)), key=lambda i: scores[i], reverse=True)
            pitch_bins[p] = [members[i] for i in order]
        wanted = per_grad
        while wanted > 0:
            before = wanted
            for members in pitch_bins:
                if not members:
                    continue
                final.append(members.pop(0)["path"])
                wanted -= 1
                if wanted == 0:
                    break
            if before == wanted:
                break
        for members in pitch_bins:
            trash += [r["path"] for r in members]
    scores = {r["path"]: {"sharpness": r["sharpness"], "yaw": r["yaw"], "pitch": r["pitch"]} for r in records}
    return final, trash, scores


# ---------------------------------------------------------------- dedupe

DEDUPE_THRESHOLDS = {1: 0.03, 2: 0.06, 3: 0.11, 4: 0.16, 5: 0.22}


def thumbnail(path):
    gray = cv2.cvtColor(read_image(path), cv2.COLOR_BGR2GRAY)
    small = cv2.resize(gray, (16, 16), interpolation=cv2.INTER_AREA).astype(np.float64)
    deviation = small.std()
    return (small - small.mean()) / deviation if deviation > 0 else small - small.mean()


def dedupe(paths, level):
    """Greedy grouping: the sharpest remaining image keeps every other one within the threshold."""
    threshold = DEDUPE_THRESHOLDS[level]
    thumbs = [thumbnail(p) for p in paths]
    sharpness = [float(cv2.Laplacian(cv2.cvtColor(read_image(p), cv2.COLOR_BGR2GRAY), cv2.CV_64F).var())
                 for p in paths]
    order = sorted(range(len(paths)), key=lambda i: sharpness[i], reverse=True)
    assigned, groups = set(), []
    for i in order:
        if i in assigned:
            continue
        assigned.add(i)
        duplicates = [j for j in order if j not in assigned and np.mean(np.abs(thumbs[i] - thumbs[j])) <= threshold]
        assigned.update(duplicates)
        if duplicates:
            groups.append({"kept": paths[i], "duplicates": [paths[j] for j in duplicates]})
    distances = {f"{os.path.basename(paths[i])}|{os.path.basename(paths[j])}": float(np.mean(np.abs(thumbs[i] - thumbs[j])))
                 for i in range(len(paths)) for j in range(i + 1, len(paths))}
    return groups, dict(zip(paths, sharpness)), distances


def check_dedupe_distances(paths, distances):
    """The pairwise thumbnail distances again, through scipy's cityblock cdist (mean |a - b|)."""
    from scipy.spatial.distance import cdist
    thumbs = np.stack([thumbnail(p).reshape(-1) for p in paths])
    library = cdist(thumbs, thumbs, metric="cityblock") / thumbs.shape[1]
    for i in range(len(paths)):
        for j in range(i + 1, len(paths)):
            key = f"{os.path.basename(paths[i])}|{os.path.basename(paths[j])}"
            assert abs(library[i, j] - distances[key]) <= 1e-12, f"{key}: cdist {library[i, j]} vs {distances[key]}"


# ---------------------------------------------------------------- outputs

def names(paths):
    return [os.path.basename(p) for p in paths]


def entry(result):
    kept, trash, scores = result
    return {"kept": names(kept), "trash": names(trash),
            "scores": {os.path.basename(p): v for p, v in scores.items()}}


def library_blur_score(path):
    """The blur score from the published cpbd package, after checking this script's own
    cpbd_sharpness gives the same value on the same masked face."""
    import scipy.ndimage as ndimage
    if not hasattr(ndimage, "imread"):
        ndimage.imread = None  # cpbd 1.0.7 imports SciPy's long-removed image reader; arrays go in
    import cpbd
    meta = dfl_metadata(path)
    if meta is None:
        return 0.0
    image = masked(read_image(path), landmarks_of(meta))
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 and image.shape[2] == 3 else \
        (image[..., 0] if image.ndim == 3 else image)
    library = float(cpbd.compute(gray))
    own = cpbd_sharpness(image)
    assert abs(library - own) <= 1e-12, f"{path}: cpbd package {library} vs this script's {own}"
    return library


def write_expected():
    paths = image_paths(FACES)
    methods = {
        "blur": sort_scored(paths, library_blur_score),
        "motion-blur": sort_scored(paths, motion_blur_score),
        "face-yaw": sort_by_pose(paths, 1),
        "face-pitch": sort_by_pose(paths, 0),
        "face-source-rect-size": sort_by_source_rect_size(paths),
        "hist": sort_by_hist(paths),
        "hist-dissim": sort_by_hist_dissim(paths),
        "brightness": sort_by_hsv_mean(paths, 2),
        "hue": sort_by_hsv_mean(paths, 0),
        "black": sort_by_black(paths),
        "origname": sort_by_origname(paths),
        "oneface": sort_by_oneface(paths),
        "absdiff": sort_by_absdiff(paths, similar=True),
        "absdiff-dissimilar": sort_by_absdiff(paths, similar=False),
    }
    for target in (2000, 300, 100):
        methods[f"final-{target}"] = sort_best(paths, target, faster=False)
        methods[f"final-fast-{target}"] = sort_best(paths, target, faster=True)
    dedupe_levels = {}
    for level in DEDUPE_THRESHOLDS:
        groups, sharpness, distances = dedupe(paths, level)
        check_dedupe_distances(paths, distances)
        dedupe_levels[str(level)] = [{"kept": os.path.basename(g["kept"]), "duplicates": names(g["duplicates"])}
                                     for g in groups]
    metadata = {}
    for path in paths:
        meta = dfl_metadata(path)
        if meta is None:
            continue
        image = read_image(path)
        metadata[os.path.basename(path)] = {
            "landmarks": np.asarray(meta["landmarks"], np.float64).tolist(),
            "source_rect": [int(v) for v in np.asarray(meta["source_rect"])],
            "source_filename": meta["source_filename"],
            "hull_area": int(hull_mask(image.shape[0], image.shape[1], landmarks_of(meta)).sum()),
        }
    expected = {
        "files": names(paths),
        "metadata": metadata,
        "methods": {name: entry(result) for name, result in methods.items()},
        "hist_chunks": {str(n): hist_chunk_sizes(n) for n in (0, 1, 25, 20000, 40001, 259999, 260000, 300000)},
        "dedupe": {"levels": dedupe_levels, "sharpness": {os.path.basename(p): v for p, v in sharpness.items()},
                   "distances": distances},
    }
    with open(EXPECTED, "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {EXPECTED}")


def benchmark(folder, method, workers):
    paths = image_paths(folder)
    start = time.perf_counter()
    if method == "blur":
        kept, _, _ = sort_scored(paths, blur_score, workers=workers)
    elif method == "hist":
        kept, _, _ = sort_by_hist(paths)
    else:
        raise SystemExit(f"sort_reference.py: no benchmark for method '{method}' (use blur or hist)")
    seconds = time.perf_counter() - start
    print(json.dumps({"method": method, "count": len(paths), "kept": len(kept), "seconds": seconds,
                      "workers": workers, "order": names(kept)}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder")
    parser.add_argument("--method")
    parser.add_argument("--workers", type=int, default=1)
    arguments = parser.parse_args()
    if arguments.folder:
        benchmark(arguments.folder, arguments.method, arguments.workers)
    else:
        write_expected()
