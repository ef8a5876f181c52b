#!/usr/bin/env python3
"""A DFL interactive-merger session file as DFL writes it (dfl-reference.md §8.8): the pickle
(default protocol; 3 in DFL's Python 3.6) of {'frames': [...], 'frames_idxs': [...], 'frames_done_idxs': [...],
'model_iter': N}, whose frames are instances of DFL's merger classes. The classes are stood in
for here by plain classes of the same modules and names (their pickles name only the module,
the class and the instance's __dict__), so the file is what DFL's own classes produce.

Writes Tests/Reference/merger_session/new_SAEHD_merger_session.dat: three frames; frames 1 and 3
keep the session's usual settings (seamless, mask mode 3, erode 15, blur 60, colour transfer 2 =
lct), frame 2 differs (overlay, hist threshold 200, sharpen mode 1, amount 20); frame 1's path is
a Windows path, as a DFL session made on Windows holds.
Run by hand: python3 Tests/Reference/make_merger_session_fixture.py (standard library and numpy).
"""
import pathlib
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_faceset_fixtures import FaceType, _register_module  # noqa: E402

OUT = Path(__file__).resolve().parent / "merger_session"


class Frame:
    pass


class MergerConfigMasked:
    pass


class FrameInfo:
    pass


for _module, _cls in [("merger.InteractiveMergerSubprocessor", Frame), ("merger.MergerConfig", MergerConfigMasked),
                      ("merger.FrameInfo", FrameInfo)]:
    _cls.__module__ = _module
    setattr(_register_module(_module), _cls.__name__, _cls)


def config(**changes):
    cfg = MergerConfigMasked()
    cfg.__dict__.update(dict(type=1, sharpen_mode=0, blursharpen_amount=0, face_type=FaceType.WHOLE_FACE,
                             default_mode="overlay", mode="seamless", masked_hist_match=True, hist_match_threshold=238,
                             mask_mode=3, erode_mask_modifier=15, blur_mask_modifier=60, motion_blur_power=0,
                             output_face_scale=0, super_resolution_power=0, color_transfer_mode=2,
                             image_denoise_power=0, bicubic_degrade_power=0, color_degrade_power=0))
    cfg.__dict__.update(changes)
    return cfg


def frame_info(path):
    info = FrameInfo()
    info.__dict__.update(dict(filepath=path, landmarks_list=[np.zeros((68, 2), np.float32)], motion_deg=0, motion_power=0))
    return info


def main():
    OUT.mkdir(exist_ok=True)
    paths = [pathlib.PureWindowsPath("C:\\\\DFL\\\\workspace\\\\data_dst\\\\00001.png"),
             pathlib.PurePosixPath("/dfl/workspace/data_dst/00002.png"),
             pathlib.PurePosixPath("/dfl/workspace/data_dst/00003.png")]
    configs = [config(), config(mode="overlay", hist_match_threshold=200, sharpen_mode=1, blursharpen_amount=20), config()]
    frames = []
    for index, (path, cfg) in enumerate(zip(paths, configs)):
        frame = Frame()
        frame.__dict__.update(dict(prev_temporal_frame_infos=None, frame_info=frame_info(path), next_temporal_frame_infos=None,
                                   output_filepath=None, output_mask_filepath=None, idx=index, cfg=cfg, is_done=index == 0,
                                   is_processing=False, is_shown=False, image=None))
        frames.append(frame)
    session = {"frames": frames, "frames_idxs": [0, 1, 2], "frames_done_idxs": [0], "model_iter": 1234}
    (OUT / "new_SAEHD_merger_session.dat").write_bytes(pickle.dumps(session, protocol=3))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
