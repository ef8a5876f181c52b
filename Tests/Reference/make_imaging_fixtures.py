#!/usr/bin/env python3
"""Writes the reference fixtures for Tests/ImagingTests into Tests/Reference/imaging/.

Run by hand (never at test time) with numpy and opencv-python-headless:
    $MASQUE_PYTHON Tests/Reference/make_imaging_fixtures.py
Every output is deterministic: a seeded generator plus smooth gradients, so that
interpolation and filter differences show. Arrays are .npy files (numpy.save);
encoded images are written as the codec produced them.
"""
import os

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "imaging")
HEIGHT, WIDTH = 40, 48


def save(name, array):
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(array))


def write_bytes(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(bytes(data))


def make_input():
    rng = np.random.default_rng(20240601)
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float64)
    gradient = np.stack([xx * 5.0, yy * 6.0, (xx + yy) * 2.9], axis=-1)
    noise = rng.integers(0, 256, size=(HEIGHT, WIDTH, 3))
    image = np.clip(gradient * 0.75 + noise * 0.25, 0, 255).astype(np.uint8)
    cv2.circle(image, (30, 18), 9, (250, 240, 20), -1)
    alpha = np.clip(xx * 5.3 + rng.integers(0, 20, size=(HEIGHT, WIDTH)), 0, 255).astype(np.uint8)
    return image, np.dstack([image, alpha]), rng


def resize_fixtures(image_u8, image_f32):
    interpolations = {
        "nearest": cv2.INTER_NEAREST, "linear": cv2.INTER_LINEAR, "cubic": cv2.INTER_CUBIC,
        "area": cv2.INTER_AREA, "lanczos4": cv2.INTER_LANCZOS4,
    }
    sizes = {"up": (61, 53), "down": (29, 23)}  # (width, height)
    for name, flag in interpolations.items():
        for direction, size in sizes.items():
            save(f"resize_{name}_{direction}_u8", cv2.resize(image_u8, size, interpolation=flag))
            save(f"resize_{name}_{direction}_f32", cv2.resize(image_f32, size, interpolation=flag))


def warp_fixtures(image_u8, image_f32):
    matrix = cv2.getRotationMatrix2D((24.0, 20.0), 17.0, 1.1)
    matrix[0, 2] += 3.0
    save("affine_matrix", matrix)
    save("affine_inverse", cv2.invertAffineTransform(matrix))
    points = np.array([[0, 0], [47, 0], [12.5, 30.25], [47, 39]], dtype=np.float32)
    save("affine_points", points)
    save("affine_points_transformed", cv2.transform(points[None], matrix)[0])
    size = (50, 44)
    save("warp_linear_constant_u8", cv2.warpAffine(
        image_u8, matrix, size, flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT, borderValue=(10, 200, 30)))
    save("warp_cubic_replicate_u8", cv2.warpAffine(
        image_u8, matrix, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE))
    save("warp_nearest_reflect_u8", cv2.warpAffine(
        image_u8, matrix, size, flags=cv2.INTER_NEAREST, borderMode=cv2.BORDER_REFLECT))
    save("warp_linear_wrap_u8", cv2.warpAffine(
        image_u8, matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_WRAP))
    save("warp_lanczos4_reflect101_f32", cv2.warpAffine(
        image_f32, matrix, size, flags=cv2.INTER_LANCZOS4, borderMode=cv2.BORDER_REFLECT_101))
    destination = np.full((size[1], size[0], 3), 77, dtype=np.uint8)
    cv2.warpAffine(image_u8, matrix, size, dst=destination,
                   flags=cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_TRANSPARENT)
    save("warp_cubic_inverse_transparent_u8", destination)


def remap_fixtures(image_u8, image_f32):
    yy, xx = np.mgrid[0:36, 0:44].astype(np.float32)
    map_x = (xx * 1.1 + 3.0 * np.sin(yy / 5.0) - 1.5).astype(np.float32)
    map_y = (yy * 1.05 + 2.0 * np.cos(xx / 7.0) - 0.5).astype(np.float32)
    save("remap_map_x", map_x)
    save("remap_map_y", map_y)
    save("remap_linear_constant_u8", cv2.remap(
        image_u8, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0)))
    save("remap_cubic_replicate_f32", cv2.remap(
        image_f32, map_x, map_y, cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE))
    save("remap_nearest_reflect_u8", cv2.remap(
        image_u8, map_x, map_y, cv2.INTER_NEAREST, borderMode=cv2.BORDER_REFLECT))


def filter_fixtures(image_u8, image_f32):
    for suffix, image in (("u8", image_u8), ("f32", image_f32)):
        save(f"gaussian_k5_s1.5_{suffix}", cv2.GaussianBlur(image, (5, 5), 1.5))
        save(f"gaussian_k0_s2_{suffix}", cv2.GaussianBlur(image, (0, 0), 2.0))
        save(f"gaussian_k7_s0_{suffix}", cv2.GaussianBlur(image, (7, 7), 0))
        save(f"box_k5_{suffix}", cv2.blur(image, (5, 5)))
        save(f"median_k5_{suffix}", cv2.medianBlur(image, 5))
    save("median_k3_u8", cv2.medianBlur(image_u8, 3))
    save("median_k7_u8", cv2.medianBlur(image_u8, 7))


def morphology_fixtures(image_u8):
    gray = cv2.cvtColor(image_u8, cv2.COLOR_BGR2GRAY)
    mask_u8 = np.where(gray > 110, 255, 0).astype(np.uint8)
    mask_f32 = mask_u8.astype(np.float32) / 255.0
    save("mask_u8", mask_u8)
    save("mask_f32", mask_f32)
    ellipse5 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    ellipse3 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
    rect3 = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    cross5x3 = cv2.getStructuringElement(cv2.MORPH_CROSS, (5, 3))
    save("erode_ellipse5_i2_u8", cv2.erode(mask_u8, ellipse5, iterations=2))
    save("dilate_ellipse5_i2_u8", cv2.dilate(mask_u8, ellipse5, iterations=2))
    save("erode_rect3_i1_f32", cv2.erode(mask_f32, rect3, iterations=1))
    save("dilate_rect3_i3_f32", cv2.dilate(mask_f32, rect3, iterations=3))
    save("dilate_cross5x3_i1_u8", cv2.dilate(mask_u8, cross5x3, iterations=1))
    save("erode_ellipse3_i1_bgr_u8", cv2.erode(image_u8, ellipse3, iterations=1))


def colour_fixtures(image_u8, image_f32, image_bgra):
    lab_f32 = cv2.cvtColor(image_f32, cv2.COLOR_BGR2LAB)
    hsv_f32 = cv2.cvtColor(image_f32, cv2.COLOR_BGR2HSV)
    hsv_u8 = cv2.cvtColor(image_u8, cv2.COLOR_BGR2HSV)
    gray_u8 = cv2.cvtColor(image_u8, cv2.COLOR_BGR2GRAY)
    save("lab_f32", lab_f32)
    save("lab_u8", cv2.cvtColor(image_u8, cv2.COLOR_BGR2LAB))
    save("lab_to_bgr_f32", cv2.cvtColor(lab_f32, cv2.COLOR_LAB2BGR))
    save("hsv_f32", hsv_f32)
    save("hsv_u8", hsv_u8)
    save("hsv_to_bgr_f32", cv2.cvtColor(hsv_f32, cv2.COLOR_HSV2BGR))
    save("hsv_to_bgr_u8", cv2.cvtColor(hsv_u8, cv2.COLOR_HSV2BGR))
    save("gray_u8", gray_u8)
    save("gray_f32", cv2.cvtColor(image_f32, cv2.COLOR_BGR2GRAY))
    save("gray_to_bgr_u8", cv2.cvtColor(gray_u8, cv2.COLOR_GRAY2BGR))
    save("rgb_u8", cv2.cvtColor(image_u8, cv2.COLOR_BGR2RGB))
    save("bgra_to_bgr_u8", cv2.cvtColor(image_bgra, cv2.COLOR_BGRA2BGR))
    save("laplacian_variance_gray_u8", np.array([cv2.Laplacian(gray_u8, cv2.CV_64F).var()]))
    gray_f32 = cv2.cvtColor(image_f32, cv2.COLOR_BGR2GRAY)
    laplacian_f32 = cv2.Laplacian(gray_f32, cv2.CV_32F).astype(np.float64)
    save("laplacian_variance_gray_f32", np.array([laplacian_f32.var()]))


def geometry_fixtures(rng):
    points = (rng.random((24, 2)) * [44.0, 36.0] + [2.0, 2.0]).astype(np.float32)
    save("hull_points", points)
    save("hull_ccw_indices", cv2.convexHull(points, clockwise=False, returnPoints=False).reshape(-1).astype(np.int32))
    save("hull_cw_indices", cv2.convexHull(points, clockwise=True, returnPoints=False).reshape(-1).astype(np.int32))
    hull_int = cv2.convexHull(points.astype(np.int32)).reshape(-1, 2)
    save("hull_int_points", hull_int.astype(np.int32))

    polygons = [
        np.array([[3, 4], [30, 2], [40, 20], [22, 35], [5, 28]], dtype=np.int32),
        np.array([[26, 10], [46, 12], [44, 38], [33, 30]], dtype=np.int32),
    ]
    save("poly_a", polygons[0])
    save("poly_b", polygons[1])
    mask = np.zeros((HEIGHT, WIDTH), dtype=np.uint8)
    cv2.fillPoly(mask, polygons, (255,))
    save("fill_poly_gray_u8", mask)
    canvas = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    cv2.fillPoly(canvas, polygons, (10, 200, 30), lineType=cv2.LINE_AA)
    save("fill_poly_aa_bgr_u8", canvas)
    hull_mask = np.zeros((HEIGHT, WIDTH), dtype=np.float32)
    cv2.fillConvexPoly(hull_mask, hull_int, (1,))
    save("fill_convex_poly_f32", hull_mask)

    canvas = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    cv2.line(canvas, (2, 3), (45, 31), (0, 255, 0), 2, cv2.LINE_AA)
    save("draw_line_aa_u8", canvas)
    canvas = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    cv2.line(canvas, (40, 2), (5, 37), (0, 0, 255), 1, cv2.LINE_4)
    save("draw_line_4_u8", canvas)
    canvas = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    cv2.circle(canvas, (20, 19), 11, (255, 0, 0), 1, cv2.LINE_AA)
    cv2.circle(canvas, (36, 12), 5, (0, 0, 255), -1, cv2.LINE_8)
    save("draw_circles_u8", canvas)
    canvas = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    cv2.rectangle(canvas, (4, 6), (40, 30), (255, 255, 0), 3, cv2.LINE_8)
    save("draw_rectangle_u8", canvas)
    canvas = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    cv2.polylines(canvas, polygons, True, (0, 128, 255), 1, cv2.LINE_AA)
    save("draw_polylines_closed_u8", canvas)
    canvas = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    cv2.polylines(canvas, [polygons[0]], False, (200, 100, 50), 2, cv2.LINE_8)
    save("draw_polylines_open_u8", canvas)
    canvas = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    cv2.putText(canvas, "DFL 7", (2, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (255, 255, 255), 1, cv2.LINE_AA)
    save("draw_text_u8", canvas)
    canvas = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    cv2.putText(canvas, "xseg", (1, 20), cv2.FONT_HERSHEY_PLAIN, 1.2, (0, 255, 255), 1, cv2.LINE_8)
    save("draw_text_plain_u8", canvas)


def codec_fixtures(image_u8, image_bgra):
    ok, jpeg = cv2.imencode(".jpg", image_u8, [int(cv2.IMWRITE_JPEG_QUALITY), 90])
    assert ok
    write_bytes("q90.jpg", jpeg)
    save("q90_decoded", cv2.imdecode(jpeg, cv2.IMREAD_UNCHANGED))
    gray = cv2.cvtColor(image_u8, cv2.COLOR_BGR2GRAY)
    ok, jpeg_gray = cv2.imencode(".jpg", gray, [int(cv2.IMWRITE_JPEG_QUALITY), 95])
    assert ok
    write_bytes("gray_q95.jpg", jpeg_gray)
    save("gray_q95_decoded", cv2.imdecode(jpeg_gray, cv2.IMREAD_UNCHANGED))
    for name, image in (("bgr", image_u8), ("bgra", image_bgra), ("gray", gray)):
        ok, png = cv2.imencode(".png", image, [int(cv2.IMWRITE_PNG_COMPRESSION), 3])
        assert ok
        write_bytes(f"{name}.png", png)
    save("input_bgra_u8", image_bgra)
    deep = (image_u8.astype(np.uint16) * 257 + np.arange(WIDTH, dtype=np.uint16)[None, :, None]).astype(np.uint16)
    ok, png16 = cv2.imencode(".png", deep)
    assert ok
    write_bytes("bgr16.png", png16)
    save("bgr16_values", deep)
    ok, tiff = cv2.imencode(".tiff", image_u8)
    assert ok
    write_bytes("bgr.tiff", tiff)


def main():
    os.makedirs(OUT, exist_ok=True)
    image_u8, image_bgra, rng = make_input()
    image_f32 = image_u8.astype(np.float32) / np.float32(255.0)
    save("input_u8", image_u8)
    save("input_f32", image_f32)
    resize_fixtures(image_u8, image_f32)
    warp_fixtures(image_u8, image_f32)
    remap_fixtures(image_u8, image_f32)
    filter_fixtures(image_u8, image_f32)
    morphology_fixtures(image_u8)
    colour_fixtures(image_u8, image_f32, image_bgra)
    geometry_fixtures(rng)
    codec_fixtures(image_u8, image_bgra)
    print(f"opencv {cv2.__version__}, numpy {np.__version__}: wrote {len(os.listdir(OUT))} files to {OUT}")


if __name__ == "__main__":
    main()
