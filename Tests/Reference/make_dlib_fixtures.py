#!/usr/bin/env python3
"""Writes the dlib reference fixtures the Dlib*/Identity* tests compare against.

Run by hand (never at test time) with dlib (the `dlib-bin` wheel), numpy and opencv-python-headless:
    $MASQUE_PYTHON Tests/Reference/make_dlib_fixtures.py
It needs the three dlib model files in the Masque model cache (`masque models fetch dlib-68 dlib-5
dlib-resnet`; $MASQUE_MODELS or ~/.cache/masque/models).

For the public-domain portraits in Tests/Reference/portraits and for flipped, rotated and scaled
copies of them (made here with OpenCV; the transform of each copy is written down so the Swift
test can make the same copy), real dlib gives:
- the best-scoring box of dlib's HOG frontal face detector (upsampled once; Masque has no HOG detector: the tests feed these
  boxes to Masque's shape predictors),
- the 68 and 5 landmarks of the two ERT shape predictors on those boxes (dlib rounds them to
  whole pixels),
- the chip details (rect, angle) and the 150x150 chip of `get_face_chip(image, shape5, 150, 0.25)`
  (written as PNG, RGB order as dlib returns it, stored as BGR by OpenCV),
- the 128-D descriptor of `face_recognition_model_v1.compute_face_descriptor(image, shape5)`
  (padding 0.25, no jitter).
Everything goes to Tests/Reference/dlib/: fixtures.json and chip_<variant>.png.
"""
import hashlib
import json
import os

import cv2
import dlib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PORTRAITS = os.path.join(HERE, "portraits")
OUT = os.path.join(HERE, "dlib")
MODELS = os.environ.get("MASQUE_MODELS") or os.path.join(
    os.environ.get("MASQUE_CACHE") or os.path.expanduser("~/.cache/masque"), "models")

# (variant name, portrait file, kind, parameter): flip (horizontal), rotate (degrees counter-clockwise
# about the image centre, same canvas, black border, bilinear), scale (factor, bilinear resize).
VARIANTS = [
    ("astronaut", "astronaut.png", "identity", None),
    ("astronaut_flip", "astronaut.png", "flip", None),
    ("astronaut_rot12", "astronaut.png", "rotate", 12.0),
    ("astronaut_x1.6", "astronaut.png", "scale", 1.6),
    ("grace_hopper", "grace_hopper.jpg", "identity", None),
    ("grace_hopper_flip", "grace_hopper.jpg", "flip", None),
    ("grace_hopper_rot-10", "grace_hopper.jpg", "rotate", -10.0),
    ("grace_hopper_x0.6", "grace_hopper.jpg", "scale", 0.6),
    ("grace_hopper_x2.2", "grace_hopper.jpg", "scale", 2.2),
]


def make_variant(bgr, kind, parameter):
    """The copy and, for warps, the 2x3 matrix OpenCV used (output pixel <- matrix^-1 · pixel)."""
    h, w = bgr.shape[:2]
    if kind == "identity":
        return bgr.copy(), None
    if kind == "flip":
        return cv2.flip(bgr, 1), None
    if kind == "rotate":
        matrix = cv2.getRotationMatrix2D(((w - 1) / 2.0, (h - 1) / 2.0), parameter, 1.0)
        warped = cv2.warpAffine(bgr, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                                borderValue=0)
        return warped, matrix
    if kind == "scale":
        size = (int(round(w * parameter)), int(round(h * parameter)))
        return cv2.resize(bgr, size, interpolation=cv2.INTER_LINEAR), None
    raise ValueError(kind)


def points(shape):
    return [[shape.part(i).x, shape.part(i).y] for i in range(shape.num_parts)]


def main():
    os.makedirs(OUT, exist_ok=True)
    detector = dlib.get_frontal_face_detector()
    predictor68 = dlib.shape_predictor(os.path.join(MODELS, "dlib-68", "shape_predictor_68_face_landmarks.dat"))
    predictor5 = dlib.shape_predictor(os.path.join(MODELS, "dlib-5", "shape_predictor_5_face_landmarks.dat"))
    recognizer = dlib.face_recognition_model_v1(
        os.path.join(MODELS, "dlib-resnet", "dlib_face_recognition_resnet_model_v1.dat"))

    records = []
    for name, portrait, kind, parameter in VARIANTS:
        bgr = cv2.imread(os.path.join(PORTRAITS, portrait), cv2.IMREAD_COLOR)
        image_bgr, matrix = make_variant(bgr, kind, parameter)
        rgb = np.ascontiguousarray(image_bgr[:, :, ::-1])
        boxes, scores, _ = detector.run(rgb, 1)
        assert len(boxes) >= 1, f"{name}: HOG found no face"
        box = boxes[int(np.argmax(scores))]
        shape68 = predictor68(rgb, box)
        shape5 = predictor5(rgb, box)
        details = dlib.get_face_chip_details(shape5, 150, 0.25)
        chip_rgb = dlib.get_face_chip(rgb, shape5, 150, 0.25)
        descriptor = np.array(recognizer.compute_face_descriptor(rgb, shape5), dtype=np.float64)
        from_chip = np.array(recognizer.compute_face_descriptor(chip_rgb), dtype=np.float64)
        assert np.abs(descriptor - from_chip).max() < 1e-5, f"{name}: descriptor of the chip differs"
        chip_file = f"chip_{name}.png"
        cv2.imwrite(os.path.join(OUT, chip_file), np.ascontiguousarray(chip_rgb[:, :, ::-1]),
                    [cv2.IMWRITE_PNG_COMPRESSION, 9])
        records.append({
            "name": name,
            "portrait": portrait,
            "person": portrait.split(".")[0],
            "kind": kind,
            "parameter": parameter,
            "matrix": None if matrix is None else matrix.reshape(-1).tolist(),
            "width": image_bgr.shape[1],
            "height": image_bgr.shape[0],
            "bgr_sha256": hashlib.sha256(np.ascontiguousarray(image_bgr).tobytes()).hexdigest(),
            "box": [box.left(), box.top(), box.right(), box.bottom()],
            "landmarks68": points(shape68),
            "landmarks5": points(shape5),
            "chip_rect": [details.rect.left(), details.rect.top(), details.rect.right(), details.rect.bottom()],
            "chip_angle": details.angle,
            "chip": chip_file,
            "descriptor": descriptor.tolist(),
        })
        print(f"{name}: box {records[-1]['box']}, chip rect {[round(v, 2) for v in records[-1]['chip_rect']]}")

    with open(os.path.join(OUT, "fixtures.json"), "w") as f:
        json.dump({"dlib_version": dlib.__version__, "variants": records}, f, indent=1)
    names = [r["name"] for r in records]
    vectors = np.array([r["descriptor"] for r in records])
    distances = np.linalg.norm(vectors[:, None] - vectors[None], axis=-1)
    print("descriptor distances:")
    for i, n in enumerate(names):
        print(f"  {n:22s}", " ".join(f"{d:.3f}" for d in distances[i]))


if __name__ == "__main__":
    main()
