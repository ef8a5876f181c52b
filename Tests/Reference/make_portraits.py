#!/usr/bin/env python3
"""Writes the public-domain test portraits into Tests/Reference/portraits/.

Run by hand (never at test time) with numpy, opencv-python-headless and pip:
    $MASQUE_PYTHON Tests/Reference/make_portraits.py
- astronaut.png: scikit-image's skimage/data/astronaut.png (NASA, public domain), 512x512,
  downscaled to 384x384 with cv2.INTER_AREA to stay under 300 KB (PNG, compression 9).
- grace_hopper.jpg: matplotlib's mpl-data/sample_data/grace_hopper.jpg (US Navy, public domain),
  512x600, copied byte for byte.
Both come from pinned wheels fetched with `pip download`.
"""
import os
import subprocess
import sys
import tempfile
import zipfile

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "portraits")
ASTRONAUT_SIZE = 384
WHEELS = {
    "scikit-image==0.26.0": "skimage/data/astronaut.png",
    "matplotlib==3.11.2": "matplotlib/mpl-data/sample_data/grace_hopper.jpg",
}


def member_of_wheel(requirement, member, folder):
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    requirement, "-d", folder], check=True)
    name = requirement.split("==")[0].replace("-", "_")
    wheel = next(f for f in os.listdir(folder) if f.lower().startswith(name) and f.endswith(".whl"))
    with zipfile.ZipFile(os.path.join(folder, wheel)) as archive:
        return archive.read(member)


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        astronaut, grace = (member_of_wheel(r, m, folder) for r, m in WHEELS.items())
    image = cv2.imdecode(np.frombuffer(astronaut, dtype="uint8"), cv2.IMREAD_COLOR)
    small = cv2.resize(image, (ASTRONAUT_SIZE, ASTRONAUT_SIZE), interpolation=cv2.INTER_AREA)
    cv2.imwrite(os.path.join(OUT, "astronaut.png"), small, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    with open(os.path.join(OUT, "grace_hopper.jpg"), "wb") as f:
        f.write(grace)


if __name__ == "__main__":
    main()
