"""Reference for Masque's FaceSet module: DFL-layout aligned JPEGs, faceset.pak and meta.dat.

Independent of Masque. Writes the byte layout DeepFaceLab 2.0 writes (DFLIMG/DFLJPG.py,
samplelib/PackedFaceset.py, mainscripts/Util.py): `pickle.dumps` of plain dicts holding NumPy
arrays, with stand-in `facelib.FaceType.FaceType` / `samplelib.Sample.SampleType` IntEnums so the
pickles name the same GLOBALs, and with the `numpy.core.multiarray` spelling NumPy 1.19 writes.

    python make_faceset_fixtures.py generate [OUT]   # writes the fixtures (needs OpenCV for pixels)
    python make_faceset_fixtures.py describe-jpeg FILE...   # JSON per file: metadata, markers, hashes
    python make_faceset_fixtures.py describe-pickle FILE... # restricted unpickle, one line per file
    python make_faceset_fixtures.py describe-plain FILE...  # plain pickle.loads, one line per file
    python make_faceset_fixtures.py unpack FOLDER           # DFL's unpack of FOLDER/faceset.pak
    python make_faceset_fixtures.py dump-samples FOLDER     # pickles of every type, protocols 0-5

Reading never uses OpenCV: only the Python standard library and NumPy.
"""
import enum
import hashlib
import io
import json
import os
import pickle
import shutil
import struct
import sys
import types
from pathlib import Path

import numpy as np

try:
    import numpy._core.multiarray as numpy_multiarray
    import numpy._core.numeric as numpy_numeric
except ImportError:  # NumPy 1.x
    import numpy.core.multiarray as numpy_multiarray
    import numpy.core.numeric as numpy_numeric


# ---------------------------------------------------------------------------------------------
# Stand-ins for DFL's IntEnums, registered under DFL's module names so pickle writes and reads
# `facelib.FaceType FaceType`, `samplelib.Sample SampleType`, `core.imagelib.SegIEPolys ...`.

def _register_module(name):
    parts = name.split('.')
    for i in range(1, len(parts) + 1):
        qualified = '.'.join(parts[:i])
        if qualified not in sys.modules:
            module = types.ModuleType(qualified)
            module.__path__ = []
            sys.modules[qualified] = module
            if i > 1:
                setattr(sys.modules['.'.join(parts[:i - 1])], parts[i - 1], module)
    return sys.modules[name]


class FaceType(enum.IntEnum):
    HALF = 0
    MID_FULL = 1
    FULL = 2
    FULL_NO_ALIGN = 3
    WHOLE_FACE = 4
    HEAD = 10
    HEAD_NO_ALIGN = 20
    MARK_ONLY = 100


FACE_TYPE_NAMES = {
    'half_face': FaceType.HALF, 'midfull_face': FaceType.MID_FULL, 'full_face': FaceType.FULL,
    'full_face_no_align': FaceType.FULL_NO_ALIGN, 'whole_face': FaceType.WHOLE_FACE,
    'head': FaceType.HEAD, 'head_no_align': FaceType.HEAD_NO_ALIGN, 'mark_only': FaceType.MARK_ONLY,
}


class SampleType(enum.IntEnum):
    IMAGE = 0
    FACE_BEGIN = 1
    FACE = 1
    FACE_PERSON = 2
    FACE_TEMPORAL_SORTED = 3
    FACE_END = 3
    QTY = 4


class SegIEPolyType(enum.IntEnum):
    EXCLUDE = 0
    INCLUDE = 1


STANDINS = {}
for _cls, _module in ((FaceType, 'facelib.FaceType'), (SampleType, 'samplelib.Sample'),
                      (SegIEPolyType, 'core.imagelib.SegIEPolys')):
    _cls.__module__ = _module
    setattr(_register_module(_module), _cls.__name__, _cls)
    STANDINS[(_module, _cls.__name__)] = _cls


# ---------------------------------------------------------------------------------------------
# Pickling as DFL's NumPy 1.19 does: arrays and scalars name numpy.core.multiarray.

def _numpy1_function(name, target):
    def function(*args):
        return target(*args)
    function.__module__ = 'numpy.core.multiarray'
    function.__name__ = function.__qualname__ = name
    return function


_reconstruct_numpy1 = _numpy1_function('_reconstruct', numpy_multiarray._reconstruct)
_scalar_numpy1 = _numpy1_function('scalar', numpy_multiarray.scalar)


class DFLPickler(pickle.Pickler):
    def reducer_override(self, obj):
        if type(obj) is np.ndarray:
            _, arguments, state = obj.__reduce__()
            return _reconstruct_numpy1, arguments, state
        if isinstance(obj, np.generic):
            _, arguments = obj.__reduce__()
            return _scalar_numpy1, arguments
        return NotImplemented


def dfl_dumps(value, protocol=3):
    """`pickle.dumps(value, protocol)` with NumPy 1.x global names."""
    numpy1 = sys.modules.get('numpy.core.multiarray')
    fake = types.ModuleType('numpy.core.multiarray')
    fake._reconstruct = _reconstruct_numpy1
    fake.scalar = _scalar_numpy1
    sys.modules['numpy.core.multiarray'] = fake
    try:
        buffer = io.BytesIO()
        DFLPickler(buffer, protocol=protocol).dump(value)
        return buffer.getvalue()
    finally:
        if numpy1 is None:
            del sys.modules['numpy.core.multiarray']
        else:
            sys.modules['numpy.core.multiarray'] = numpy1


# ---------------------------------------------------------------------------------------------
# Restricted reading: only NumPy data, the stand-in enums and protocol 2's bytes helpers.

class RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in STANDINS:
            return STANDINS[(module, name)]
        if module in ('numpy.core.multiarray', 'numpy._core.multiarray') and name in ('_reconstruct', 'scalar'):
            return getattr(numpy_multiarray, name)
        if module in ('numpy.core.numeric', 'numpy._core.numeric') and name == '_frombuffer':
            return numpy_numeric._frombuffer
        if (module, name) == ('numpy', 'ndarray'):
            return np.ndarray
        if (module, name) == ('numpy', 'dtype'):
            return np.dtype
        raise pickle.UnpicklingError(f'refused global {module}.{name}')


def restricted_loads(data):
    return RestrictedUnpickler(io.BytesIO(data)).load()


# ---------------------------------------------------------------------------------------------
# Canonical description shared with the Swift tests (Tests/FaceSetTests/ReferenceDescription.swift).

def _dtype_code(dtype):
    return f'{dtype.kind}{dtype.itemsize}'


def _little_endian_bytes(array):
    array = np.asarray(array)
    if array.dtype.byteorder == '>':
        array = array.astype(array.dtype.newbyteorder('<'))
    return array


def describe(value):
    if value is None:
        return 'N'
    if isinstance(value, np.generic):  # before float: numpy.float64 subclasses float
        array = _little_endian_bytes(np.asarray(value))
        return f'c{_dtype_code(array.dtype)}:{array.tobytes().hex()}'
    if isinstance(value, enum.IntEnum):
        return f'e{type(value).__module__}.{type(value).__name__}:{int(value)}'
    if isinstance(value, bool):
        return 'T' if value else 'F'
    if isinstance(value, int):
        return f'i{value}'
    if isinstance(value, float):
        return 'f' + struct.pack('>d', value).hex()
    if isinstance(value, str):
        return 's' + value.encode('utf-8').hex()
    if isinstance(value, (bytes, bytearray)):
        return 'b' + bytes(value).hex()
    if isinstance(value, list):
        return '[' + ','.join(describe(v) for v in value) + ']'
    if isinstance(value, tuple):
        return '(' + ','.join(describe(v) for v in value) + ')'
    if isinstance(value, dict):
        return '{' + ','.join(describe(k) + ':' + describe(v) for k, v in value.items()) + '}'
    if isinstance(value, np.ndarray):
        array = _little_endian_bytes(value)
        fortran = array.flags.f_contiguous and not array.flags.c_contiguous
        shape = 'x'.join(str(d) for d in array.shape)
        data = array.tobytes(order='F' if fortran else 'C')
        return f'a{_dtype_code(array.dtype)}:{shape}:{"F" if fortran else "C"}:{data.hex()}'
    if isinstance(value, np.dtype):
        return 'd' + _dtype_code(value)
    raise TypeError(f'cannot describe {type(value)}')


# ---------------------------------------------------------------------------------------------
# JPEG segments (an independent parser: DRI has its length, RSTn stay in scan data).

def jpeg_segments(data):
    """[(marker, payload or None, entropy-coded bytes)], trailer after EOI."""
    if data[:2] != b'\xff\xd8':
        raise ValueError('no SOI')
    segments = [(0xD8, None, b'')]
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise ValueError(f'no marker at {pos}')
        marker = data[pos + 1]
        pos += 2
        if marker == 0x01 or 0xD0 <= marker <= 0xD9:
            segments.append((marker, None, b''))
            if marker == 0xD9:
                return segments, data[pos:]
            continue
        length = struct.unpack('>H', data[pos:pos + 2])[0]
        payload = data[pos + 2:pos + length]
        pos += length
        entropy = b''
        if marker == 0xDA:
            end = pos
            while end < len(data):
                if data[end] == 0xFF and end + 1 < len(data) and not (data[end + 1] == 0 or 0xD0 <= data[end + 1] <= 0xD7 or data[end + 1] == 0xFF):
                    break
                end += 1
            entropy = data[pos:end]
            pos = end
        segments.append((marker, payload, entropy))
    return segments, b''


def encode_segments(segments, trailer=b''):
    out = bytearray()
    for marker, payload, entropy in segments:
        out += bytes([0xFF, marker])
        if payload is not None:
            out += struct.pack('>H', len(payload) + 2) + payload
        out += entropy
    return bytes(out + trailer)


def header_count(segments):
    for index, segment in enumerate(segments):
        if segment[0] == 0xDA:
            return index
    return len(segments)


def read_dfl_jpeg(data):
    """(metadata dict or None, segments, trailer): the last non-empty APP15 before the first scan."""
    segments, trailer = jpeg_segments(data)
    metadata = None
    for marker, payload, _ in segments[:header_count(segments)]:
        if marker == 0xEF and payload:
            metadata = restricted_loads(payload)
    return metadata, segments, trailer


def embed_metadata(jpeg, metadata, protocol=3):
    """DFL's DFLJPG.dump: drop None values and the first APP15, insert after the last APPn."""
    metadata = {k: v for k, v in metadata.items() if v is not None}
    segments, trailer = jpeg_segments(jpeg)
    count = header_count(segments)
    for index in range(count):
        if segments[index][0] == 0xEF:
            del segments[index]
            count -= 1
            break
    last_app = 0
    for index in range(count):
        if segments[index][0] & 0xF0 == 0xE0:
            last_app = index
    payload = dfl_dumps(metadata, protocol)
    assert len(payload) <= 65533
    segments.insert(last_app + 1, (0xEF, payload, b''))
    return encode_segments(segments, trailer)


def frame_shape(segments):
    for marker, payload, _ in segments:
        if marker in (0xC0, 0xC2):
            precision, height, width = struct.unpack('>BHH', payload[:5])
            return (height, width, 3)
    return None


def describe_jpeg(path):
    data = Path(path).read_bytes()
    metadata, segments, trailer = read_dfl_jpeg(data)
    others = encode_segments([s for s in segments if s[0] != 0xEF], trailer)
    return {
        'metadata': None if metadata is None else describe(metadata),
        'markers': [f'{s[0]:02X}' for s in segments],
        'non_metadata_sha256': hashlib.sha256(others).hexdigest(),
        'shape': frame_shape(segments),
    }


# ---------------------------------------------------------------------------------------------
# faceset.pak and meta.dat as DFL writes them.

IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.tif', '.tiff']


def get_image_paths(folder):
    return sorted(entry.path for entry in os.scandir(folder)
                  if any(entry.name.lower().endswith(ext) for ext in IMAGE_EXTENSIONS))


def load_dfl_image(path):
    """(shape, metadata) like DFLIMG.load + has_data, or None."""
    if Path(path).suffix != '.jpg':
        return None
    metadata, segments, _ = read_dfl_jpeg(Path(path).read_bytes())
    if not metadata:
        return None
    return frame_shape(segments), metadata


def seg_ie_polys_dump(value):
    """SegIEPolys.load(value).dump(): include polygons first, points as float32 arrays."""
    polys = []
    if isinstance(value, list):
        polys = [{'type': t, 'pts': p} for (t, p) in value]
    elif isinstance(value, dict):
        polys = list(value['polys'])
    dumped = []
    for poly in polys:
        pts = poly.get('pts')
        pts = np.empty((0, 2), np.float32) if pts is None else np.float32(pts)
        dumped.append({'type': int(poly['type']), 'pts': pts.copy()})
    dumped = [p for p in dumped if p['type'] == 1] + [p for p in dumped if p['type'] == 0]
    return {'polys': dumped}


def sample_config(path, person_name):
    shape, metadata = load_dfl_image(path)
    eyebrows = metadata.get('eyebrows_expand_mod', 1.0)
    return {
        'sample_type': SampleType.FACE,
        'filename': Path(path).name,
        'face_type': FACE_TYPE_NAMES[metadata.get('face_type', 'full_face')],
        'shape': shape,
        'landmarks': np.array(metadata['landmarks']).tolist(),
        'seg_ie_polys': seg_ie_polys_dump(metadata.get('seg_ie_polys')),
        'xseg_mask': None,
        'xseg_mask_compressed': metadata.get('xseg_mask'),
        'eyebrows_expand_mod': eyebrows if eyebrows is not None else 1.0,
        'source_filename': metadata.get('source_filename'),
        'person_name': person_name,
    }


def pack(folder):
    """PackedFaceset.pack: person subfolders if there are any (DFL's default answer)."""
    folder = Path(folder)
    dir_names = sorted(entry.name for entry in os.scandir(folder) if entry.is_dir())
    if dir_names:
        paths = [(p, name) for name in dir_names for p in get_image_paths(folder / name)]
    else:
        paths = [(p, None) for p in get_image_paths(folder)]
    paths = [(p, name) for p, name in paths if load_dfl_image(p) is not None]
    configs = [sample_config(p, name) for p, name in paths]
    table = dfl_dumps(configs, 4)
    out = bytearray(struct.pack('Q', 1) + struct.pack('Q', len(table)) + table)
    table_offset = len(out)
    out += bytes(8 * (len(configs) + 1))
    data_start = len(out)
    offsets = []
    for p, _ in paths:
        offsets.append(len(out) - data_start)
        out += Path(p).read_bytes()
    offsets.append(len(out))
    out[table_offset:data_start] = b''.join(struct.pack('Q', o) for o in offsets)
    (folder / 'faceset.pak').write_bytes(bytes(out))


def unpack(folder):
    """PackedFaceset.unpack: restores the files, deletes the pak, reports what it read."""
    folder = Path(folder)
    pak = folder / 'faceset.pak'
    data = pak.read_bytes()
    version, table_length = struct.unpack('QQ', data[:16])
    assert version == 1
    configs = restricted_loads(data[16:16 + table_length])
    position = 16 + table_length
    offsets = struct.unpack(f'{len(configs) + 1}Q', data[position:position + 8 * (len(configs) + 1)])
    data_start = position + 8 * (len(configs) + 1)
    for index, config in enumerate(configs):
        start = data_start + offsets[index]
        blob = data[start:start + offsets[index + 1] - offsets[index]]
        target = folder / config['person_name'] if config['person_name'] is not None else folder
        target.mkdir(parents=True, exist_ok=True)
        (target / config['filename']).write_bytes(blob)
    pak.unlink()
    return {'samples': describe(configs), 'offsets': list(offsets), 'data_start': data_start,
            'file_size': len(data)}


def save_metadata(folder):
    """Util.save_faceset_metadata_folder: meta.dat = {name: (shape, dfl_dict)}."""
    folder = Path(folder)
    saved = {}
    for path in get_image_paths(folder):
        loaded = load_dfl_image(path)
        if loaded is not None:
            saved[Path(path).name] = loaded
    return dfl_dumps(saved)


# ---------------------------------------------------------------------------------------------
# Fixture generation.

def synthetic_face(cv2, size, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size]
    image = np.stack([(x * 255 // size), (y * 255 // size), np.full_like(x, 90 + seed * 20)], axis=-1).astype(np.uint8)
    cv2.ellipse(image, (size // 2, size // 2), (size // 3, size * 2 // 5), 0, 0, 360,
                (int(rng.integers(120, 200)), 160, 210), -1)
    cv2.circle(image, (size // 3, size * 2 // 5), size // 16, (30, 30, 30), -1)
    cv2.circle(image, (size * 2 // 3, size * 2 // 5), size // 16, (30, 30, 30), -1)
    return image, rng


def landmarks(rng, size):
    angles = np.linspace(0, 2 * np.pi, 68, endpoint=False)
    points = np.stack([np.cos(angles), np.sin(angles)], axis=-1) * size * 0.3 + size / 2
    return points + rng.normal(0, 0.7, points.shape)


def xseg_mask_png(cv2, size):
    mask = np.zeros((size, size), np.uint8)
    cv2.ellipse(mask, (size // 2, size // 2), (size // 3, size * 2 // 5), 0, 0, 360, 255, -1)
    ok, encoded = cv2.imencode('.png', mask)
    assert ok
    return encoded


def fixture_metadata(cv2, variant, rng, size):
    face = landmarks(rng, size)
    frame_points = face * 3.5 + np.array([400.0, 220.0])
    rect = [int(frame_points[:, 0].min()), int(frame_points[:, 1].min()),
            int(frame_points[:, 0].max()), int(frame_points[:, 1].max())]
    matrix = np.array([[0.2857, 0.0125, -114.3], [-0.0125, 0.2857, -57.9]], dtype=np.float64)
    exclude = np.array([[5.5, 5.25], [20.0, 6.0], [12.75, 18.5]], dtype=np.float32)
    include = (face[:20] + 0.125).astype(np.float32)
    if variant == 'extractor_linux':
        return {'face_type': 'whole_face', 'landmarks': face.tolist(), 'source_filename': '00001.png',
                'source_rect': np.array(rect, dtype=np.int64), 'source_landmarks': frame_points.tolist(),
                'image_to_face_mat': matrix}
    if variant == 'xseg_windows':
        return {'face_type': 'full_face', 'landmarks': face.tolist(), 'source_filename': '00002.png',
                'source_rect': np.array(rect, dtype=np.int32), 'source_landmarks': frame_points.tolist(),
                'image_to_face_mat': matrix,
                'seg_ie_polys': {'polys': [{'type': 0, 'pts': exclude}, {'type': 1, 'pts': include},
                                           {'type': 1, 'pts': np.empty((0, 2), np.float32)}]},
                'xseg_mask': xseg_mask_png(cv2, 32), 'eyebrows_expand_mod': 1.25}
    if variant == 'resized_arrays':
        return {'face_type': 'head', 'landmarks': face.astype(np.float64), 'source_filename': '00003.png',
                'source_rect': np.array(rect, dtype=np.int64), 'source_landmarks': frame_points,
                'image_to_face_mat': np.asfortranarray(matrix),
                'xseg_mask': xseg_mask_png(cv2, 24).reshape(-1, 1),
                'eyebrows_expand_mod': np.clip(np.float64(1.5), 0.0, 2.0)}
    if variant == 'legacy_keys':
        return {'face_type': 'mark_only', 'landmarks': face.tolist(), 'source_filename': '00004.png',
                'source_rect': tuple(rect), 'source_landmarks': frame_points.tolist(),
                'seg_ie_polys': [(0, exclude.tolist()), (1, include.tolist())],
                'ie_polys': [[1, [[1.0, 2.0], [3.0, 4.0], [5.0, 1.0]]]],
                'pitch_yaw_roll': (0.125, -0.25, 0.0625), 'relighted': False,
                'fanseg_mask': np.arange(16, dtype=np.uint8).reshape(4, 4),
                'masque_unknown': {'nested': [1, 2 ** 70, -(2 ** 65), b'\x00\xff', None, np.int32(7),
                                              np.float16(0.5), np.array([True, False])],
                                   ('tuple', 'key'): 3.5, 7: 'int key'}}
    if variant == 'protocol4':
        return {'face_type': 'midfull_face', 'landmarks': face.tolist(), 'source_filename': '00005.png',
                'source_rect': np.array(rect, dtype=np.int64), 'source_landmarks': frame_points.tolist(),
                'image_to_face_mat': matrix,
                'seg_ie_polys': {'polys': [{'type': 1, 'pts': include}]}}
    raise ValueError(variant)


def expectation(path, relative):
    data = Path(path).read_bytes()
    metadata, segments, _ = read_dfl_jpeg(data)
    described = describe_jpeg(path)
    entry = {'markers': described['markers'], 'metadata': described['metadata'],
             'non_metadata_sha256': described['non_metadata_sha256']}
    if metadata is None:
        return entry

    def points(value):
        return None if value is None else [[float(x), float(y)] for x, y in np.asarray(value, dtype=np.float64).reshape(-1, 2)]

    polys = seg_ie_polys_dump(metadata.get('seg_ie_polys'))['polys'] if metadata.get('seg_ie_polys') is not None else []
    mask = metadata.get('xseg_mask')
    matrix = metadata.get('image_to_face_mat')
    rect = metadata.get('source_rect')
    entry.update({
        'face_type': metadata.get('face_type', 'full_face'),
        'landmarks': points(metadata['landmarks']),
        'source_filename': metadata.get('source_filename'),
        'source_rect': None if rect is None else [int(v) for v in rect],
        'source_landmarks': points(metadata.get('source_landmarks')),
        'image_to_face_mat': None if matrix is None else [float(v) for v in np.asarray(matrix).reshape(-1)],
        'polygons': [{'kind': p['type'], 'points': points(p['pts'])} for p in polys],
        'xseg_mask_hex': None if mask is None else bytes(np.asarray(mask).reshape(-1)).hex(),
        'eyebrows_expand_mod': float(metadata.get('eyebrows_expand_mod', 1.0)),
    })
    return entry


def generate(out):
    import cv2
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    aligned = out / 'aligned'
    variants_folder = out / 'jpeg_variants'
    aligned.mkdir(parents=True)
    variants_folder.mkdir()
    size = 64
    files = [('aligned/00001_0.jpg', 'extractor_linux', [], 3),
             ('aligned/00002_0.jpg', 'xseg_windows', [], 3),
             ('aligned/00003_0.jpg', 'resized_arrays', [], 3),
             ('aligned/00004_0.jpg', 'legacy_keys', [], 3),
             ('aligned/00005_0.jpg', 'protocol4', [], 4),
             ('jpeg_variants/progressive.jpg', 'extractor_linux', [cv2.IMWRITE_JPEG_PROGRESSIVE, 1], 3),
             ('jpeg_variants/restart_interval.jpg', 'xseg_windows', [cv2.IMWRITE_JPEG_RST_INTERVAL, 2], 3),
             ('jpeg_variants/progressive_restart.jpg', 'protocol4',
              [cv2.IMWRITE_JPEG_PROGRESSIVE, 1, cv2.IMWRITE_JPEG_RST_INTERVAL, 1], 4)]
    for seed, (relative, variant, params, protocol) in enumerate(files):
        image, rng = synthetic_face(cv2, size, seed)
        ok, jpeg = cv2.imencode('.jpg', image, params)
        assert ok
        metadata = fixture_metadata(cv2, variant, rng, size)
        (out / relative).write_bytes(embed_metadata(jpeg.tobytes(), metadata, protocol))
    image, _ = synthetic_face(cv2, size, 9)
    ok, plain = cv2.imencode('.jpg', image)
    (aligned / 'plain_no_metadata.jpg').write_bytes(plain.tobytes())
    ok, png = cv2.imencode('.png', image)
    (aligned / 'not_a_jpeg.png').write_bytes(png.tobytes())

    (out / 'meta.dat').write_bytes(save_metadata(aligned))

    packed = out / 'packed'
    shutil.copytree(aligned, packed)
    pack(packed)
    for path in packed.iterdir():
        if path.name != 'faceset.pak':
            path.unlink()

    persons = out / 'packed_persons'
    for person, names in (('alice', ['00001_0.jpg', '00002_0.jpg']), ('bob', ['00003_0.jpg'])):
        (persons / person).mkdir(parents=True)
        for name in names:
            shutil.copy(aligned / name, persons / person / name)
    pack(persons)
    shutil.rmtree(persons / 'alice')
    shutil.rmtree(persons / 'bob')

    expected = {relative: expectation(out / relative, relative) for relative, *_ in files}
    expected['aligned/plain_no_metadata.jpg'] = expectation(aligned / 'plain_no_metadata.jpg', '')
    (out / 'expected.json').write_text(json.dumps(expected, sort_keys=True) + '\n')


def sample_values():
    """Values covering every type DFL pickles, for the reader tests."""
    shared = [1, 'shared']
    arrays = {}
    for code in ('f2', 'f4', 'f8', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'b1'):
        arrays[code] = (np.arange(6).reshape(2, 3) % (2 if code == 'b1' else 200)).astype(code)
    arrays['fortran'] = np.asfortranarray(np.arange(12, dtype=np.float32).reshape(3, 4) / 7)
    arrays['big_endian_f4'] = np.arange(5, dtype='>f4') / 3
    arrays['big_endian_i8'] = np.arange(5, dtype='>i8') - 2
    arrays['zero_d'] = np.array(3.5)
    arrays['empty'] = np.zeros((0, 3), np.float32)
    arrays['three_d'] = np.arange(24, dtype=np.int16).reshape(2, 3, 4)
    return {
        'scalars': [None, True, False, 0, 1, -1, 255, 256, 65535, 65536, -2 ** 31, 2 ** 31 - 1, 2 ** 31,
                    2 ** 63 - 1, -2 ** 63, 2 ** 63, -2 ** 63 - 1, 2 ** 200, -(2 ** 200), 255 << 64,
                    0.0, -0.0, 1.5, float('inf'), float('-inf'), 1e-310],
        'strings': ['', 'ascii', 'üñíçødé ✓ 𝄞', 'x' * 300],
        'bytes': [b'', b'\x00\xff', bytes(range(256)) * 300],
        'containers': [[], (), {}, (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), [[[]]],
                       {'a': {'b': [1, (2, 3)]}}, {1: 'int', 2.5: 'float', (1, 't'): 'tuple', b'k': 'bytes'}],
        'shared': [shared, shared, (shared,)],
        'long_list': list(range(2500)),
        'long_dict': {f'key{i}': i for i in range(1500)},
        'arrays': arrays,
        'numpy_scalars': [np.float16(1.5), np.float32(0.1), np.float64(2.5), np.int32(-7), np.int64(2 ** 40),
                          np.uint8(200), np.bool_(True)],
        'dtypes': [np.dtype('f4'), np.dtype('u1'), np.dtype('>i4'), np.dtype('?')],
        'enums': [FaceType.HEAD, SampleType.FACE, SegIEPolyType.INCLUDE, FaceType.HEAD],
    }


def dump_samples(folder):
    """Writes sample_values() with plain pickle (protocols 0-5) and DFL's spelling (3, 4)."""
    folder = Path(folder)
    value = sample_values()
    outputs = {f'plain_p{protocol}.pkl': pickle.dumps(value, protocol=protocol) for protocol in range(6)}
    outputs.update({f'dfl_p{protocol}.pkl': dfl_dumps(value, protocol) for protocol in (3, 4)})
    for name, data in outputs.items():
        (folder / name).write_bytes(data)
    print(describe(value))


def main(argv):
    command = argv[1] if len(argv) > 1 else 'generate'
    if command == 'generate':
        generate(argv[2] if len(argv) > 2 else Path(__file__).parent / 'faceset')
    elif command == 'describe-jpeg':
        for path in argv[2:]:
            print(json.dumps(describe_jpeg(path), sort_keys=True))
    elif command == 'describe-pickle':
        for path in argv[2:]:
            print(describe(restricted_loads(Path(path).read_bytes())))
    elif command == 'describe-plain':
        for path in argv[2:]:
            print(describe(pickle.loads(Path(path).read_bytes())))
    elif command == 'dump-samples':
        dump_samples(argv[2])
    elif command == 'unpack':
        print(json.dumps(unpack(argv[2]), sort_keys=True))
    else:
        raise SystemExit(f'unknown command {command}')


if __name__ == '__main__':
    main(sys.argv)
