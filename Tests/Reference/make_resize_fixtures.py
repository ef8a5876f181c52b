#!/usr/bin/env python3
"""Reference for Masque's faceset resize and meta.dat restore (dfl-reference.md §11, §1.7).

DFL's `mainscripts/FacesetResizer.py` and `Util.restore_faceset_metadata_folder`, redone with
numpy and OpenCV only, on aligned faces cut from the public-domain astronaut portrait.
Writes Tests/Reference/faceset_resize/:

  input/00001_0.jpg    whole_face 256: polygons, a 256x256 applied XSeg mask, image_to_face_mat
  input/00002_0.jpg    head 256: landmarks as a float64 array, no matrix, no mask, no polygons
  input/00003_0.jpg    256 wide, 200 high: DFL refuses non-square faces (skipped)
  same_128/*.jpg       DFL's resize of input/ to 128 keeping the face type (00003 absent)
  full_192/*.jpg       DFL's resize of input/ to 192 as full_face (00003 absent)
  restore/meta.dat     DFL's metadata backup of input/
  restore/edited/00001_0.jpg    input/00001_0.jpg upscaled to 320 and re-saved without metadata
  restore/expected/00001_0.jpg  what DFL's restore makes of it (Lanczos4 back to 256, JPEG q100)

Run by hand: $MASQUE_PYTHON Tests/Reference/make_resize_fixtures.py (numpy, opencv-python).
"""
import math
import shutil
import sys
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_alignment_fixtures import mean_face, transform_mat  # noqa: E402
from make_faceset_fixtures import embed_metadata, read_dfl_jpeg, save_metadata, seg_ie_polys_dump  # noqa: E402

OUT = HERE / "faceset_resize"
FACE_TYPES = {'h': 'half_face', 'mf': 'midfull_face', 'f': 'full_face', 'wf': 'whole_face', 'head': 'head'}


def transform_points(points, mat):
    """LandmarksProcessor.transform_points."""
    points = np.expand_dims(points, axis=1)
    points = cv2.transform(points, mat, points.shape)
    return np.squeeze(points)


def get_xseg_mask(metadata):
    """DFLJPG.get_xseg_mask: the decoded mask as float32 (H, W, 1) in 0…1."""
    encoded = metadata.get('xseg_mask')
    if encoded is None:
        return None
    mask = cv2.imdecode(np.asarray(encoded).reshape(-1), cv2.IMREAD_UNCHANGED)
    if mask.ndim == 2:
        mask = mask[..., None]
    return mask.astype(np.float32) / 255.0


def encode_xseg_mask(mask):
    """DFLJPG.set_xseg_mask: PNG, or the best JPEG quality that fits 50,000 bytes."""
    if mask.ndim == 2:
        mask = mask[..., None]
    data = np.clip(mask * 255, 0, 255).astype(np.uint8)
    ok, buffer = cv2.imencode('.png', data)
    if not ok or len(buffer) > 50000:
        for quality in range(100, -1, -1):
            ok, buffer = cv2.imencode('.jpg', data, [int(cv2.IMWRITE_JPEG_QUALITY), quality])
            if ok and len(buffer) <= 50000:
                break
    return buffer


def set_polys(metadata, polys):
    """DFLJPG.set_seg_ie_polys: dumped when there are polygons, else removed."""
    metadata['seg_ie_polys'] = {'polys': polys} if polys else None


def resize_face(path, output_folder, size, face_type):
    """FacesetResizerSubprocessor.Cli.process_data for one file; False when DFL skips it."""
    data = path.read_bytes()
    metadata, _, _ = read_dfl_jpeg(data)
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    h, w = img.shape[:2]
    if h != w:
        return False
    metadata = dict(metadata)
    polys = seg_ie_polys_dump(metadata.get('seg_ie_polys'))['polys']
    if face_type is not None:
        lmrks = np.array(metadata['landmarks'])
        mat = transform_mat(lmrks, size, face_type)[0]
        img = cv2.warpAffine(img, mat, (size, size), flags=cv2.INTER_LANCZOS4)
        img = np.clip(img, 0, 255).astype(np.uint8)
        xseg_mask = get_xseg_mask(metadata)
        if xseg_mask is not None:
            xseg_res = 256
            xseg_lmrks = lmrks.copy() * (xseg_res / w)
            xseg_mat = transform_mat(xseg_lmrks, xseg_res, face_type)[0]
            xseg_mask = cv2.warpAffine(xseg_mask, xseg_mat, (xseg_res, xseg_res), flags=cv2.INTER_LANCZOS4)
            xseg_mask[xseg_mask < 0.5] = 0
            xseg_mask[xseg_mask >= 0.5] = 1
            metadata['xseg_mask'] = encode_xseg_mask(xseg_mask)
        for poly in polys:
            poly['pts'] = transform_points(poly['pts'], mat).astype(np.float32)
        set_polys(metadata, polys)
        metadata['landmarks'] = transform_points(lmrks, mat)
        if metadata.get('image_to_face_mat') is not None:
            metadata['image_to_face_mat'] = transform_mat(np.array(metadata['source_landmarks']), size, face_type)[0]
        metadata['face_type'] = face_type
    else:
        scale = w / size
        img = cv2.resize(img, (size, size), interpolation=cv2.INTER_LANCZOS4)
        lmrks = np.array(metadata['landmarks'])
        lmrks /= scale
        metadata['landmarks'] = lmrks
        for poly in polys:
            poly['pts'] = poly['pts'] * (1.0 / scale)
        set_polys(metadata, polys)
        if metadata.get('image_to_face_mat') is not None:
            stored = metadata.get('face_type', 'full_face')
            metadata['image_to_face_mat'] = transform_mat(np.array(metadata['source_landmarks']), size, stored)[0]
    ok, jpeg = cv2.imencode('.jpg', img, [int(cv2.IMWRITE_JPEG_QUALITY), 100])
    assert ok
    (output_folder / path.name).write_bytes(embed_metadata(jpeg.tobytes(), metadata))
    return True


def frame_landmarks(angle, scale, shift, jaw_turn):
    """A mean face placed on the portrait, turned a little so head crops have a yaw."""
    rotation = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    points = (mean_face() @ rotation.T) * scale + np.array(shift)
    points[:17, 0] += np.linspace(-1, 1, 17) * jaw_turn
    return points.astype(np.float32)


def extract(frame, landmarks, size, face_type):
    """The aligned face, its matrix and its landmarks, as DFL's extractor makes them."""
    mat = transform_mat(landmarks, size, face_type)[0]
    face = cv2.warpAffine(frame, mat, (size, size), flags=cv2.INTER_LINEAR)
    return face, mat, transform_points(landmarks.astype(np.float64), mat)


def make_inputs(folder):
    frame = cv2.imread(str(HERE / 'portraits' / 'astronaut.png'))
    source_a = frame_landmarks(0.12, 95.0, (140.0, 40.0), 6.0)
    face_a, mat_a, aligned_a = extract(frame, source_a, 256, 'whole_face')
    include = np.float32(aligned_a[[0, 2, 4, 6, 8, 10, 12, 14, 16, 26, 24, 19, 17]])
    exclude = np.float32([[110.5, 170.25], [150.0, 172.0], [131.75, 190.5]])
    mask = np.zeros((256, 256), np.float32)
    cv2.fillPoly(mask, [include.astype(np.int32)], 1.0)
    cv2.fillPoly(mask, [exclude.astype(np.int32)], 0.0)
    metadata_a = {
        'face_type': 'whole_face', 'landmarks': aligned_a.astype(np.float32).tolist(),
        'source_filename': '00001.png', 'source_rect': np.array([120, 30, 250, 170], np.int64),
        'source_landmarks': source_a.tolist(), 'image_to_face_mat': mat_a,
        'seg_ie_polys': {'polys': [{'type': 0, 'pts': exclude}, {'type': 1, 'pts': include}]},
        'xseg_mask': encode_xseg_mask(mask), 'masque_unknown_key': 'kept',
    }
    ok, jpeg = cv2.imencode('.jpg', face_a, [int(cv2.IMWRITE_JPEG_QUALITY), 90])
    (folder / '00001_0.jpg').write_bytes(embed_metadata(jpeg.tobytes(), metadata_a))

    source_b = frame_landmarks(-0.2, 80.0, (150.0, 60.0), -9.0)
    face_b, _, aligned_b = extract(frame, source_b, 256, 'head')
    metadata_b = {
        'face_type': 'head', 'landmarks': aligned_b, 'source_filename': '00002.png',
        'source_rect': np.array([130, 50, 240, 160], np.int64), 'source_landmarks': source_b.tolist(),
    }
    ok, jpeg = cv2.imencode('.jpg', face_b, [int(cv2.IMWRITE_JPEG_QUALITY), 90])
    (folder / '00002_0.jpg').write_bytes(embed_metadata(jpeg.tobytes(), metadata_b))

    ok, jpeg = cv2.imencode('.jpg', face_a[:200], [int(cv2.IMWRITE_JPEG_QUALITY), 90])
    (folder / '00003_0.jpg').write_bytes(embed_metadata(jpeg.tobytes(), dict(metadata_a, source_filename='00003.png')))


def make_restore(inputs, folder):
    """Util: save meta.dat, edit a face externally, restore it."""
    (folder / 'edited').mkdir(parents=True)
    (folder / 'expected').mkdir()
    (folder / 'meta.dat').write_bytes(save_metadata(inputs))
    name = '00001_0.jpg'
    original = cv2.imread(str(inputs / name))
    edited = cv2.resize(original, (320, 320), interpolation=cv2.INTER_CUBIC)
    ok, jpeg = cv2.imencode('.jpg', edited, [int(cv2.IMWRITE_JPEG_QUALITY), 95])
    (folder / 'edited' / name).write_bytes(jpeg.tobytes())
    decoded = cv2.imdecode(np.frombuffer(jpeg.tobytes(), np.uint8), cv2.IMREAD_UNCHANGED)
    restored = cv2.resize(decoded, (256, 256), interpolation=cv2.INTER_LANCZOS4)
    ok, jpeg = cv2.imencode('.jpg', restored, [int(cv2.IMWRITE_JPEG_QUALITY), 100])
    metadata, _, _ = read_dfl_jpeg((inputs / name).read_bytes())
    (folder / 'expected' / name).write_bytes(embed_metadata(jpeg.tobytes(), metadata))


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    inputs = OUT / 'input'
    inputs.mkdir(parents=True)
    make_inputs(inputs)
    for run, size, face_type in (('same_128', 128, None), ('full_192', 192, FACE_TYPES['f'])):
        (OUT / run).mkdir()
        for path in sorted(inputs.iterdir()):
            resize_face(path, OUT / run, size, face_type)
    make_restore(inputs, OUT / 'restore')
    print('wrote', OUT)


if __name__ == '__main__':
    main()
