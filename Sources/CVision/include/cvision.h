/* CVision: a thin C interface over OpenCV's imgproc and imgcodecs for Swift.
 *
 * Every function works on caller-owned pixel buffers described by `cv_image`, returns 0 on
 * success and non-zero on failure, and then leaves a one-line message for cv_last_error()
 * (per thread). No C++ exception leaves this library. Integer parameters named after an
 * OpenCV flag (interpolation, border mode, colour code, ...) take OpenCV's own values.
 * Output buffers are never reallocated: a call fails when OpenCV would need another size
 * or element type than the caller provided.
 */
#ifndef CVISION_H
#define CVISION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Element depths of a cv_image (OpenCV's depth codes). */
#define CVISION_DEPTH_U8 0
#define CVISION_DEPTH_U16 2
#define CVISION_DEPTH_F32 5
#define CVISION_DEPTH_F64 6

/* Interleaved pixels (HWC): row r starts at data + r * stride bytes. */
typedef struct cv_image {
    void *data;
    int32_t width;    /* pixels */
    int32_t height;   /* pixels */
    int32_t channels; /* 1 to 4 */
    int32_t depth;    /* CVISION_DEPTH_* */
    size_t stride;    /* bytes from one row to the next */
} cv_image;

/* The message of the last failed call on this thread ("" when none failed). */
const char *cv_last_error(void);

/* OpenCV's version string, e.g. "4.6.0". */
const char *cv_version(void);

/* Releases a buffer that a CVision call allocated (with malloc). */
void cv_free_buffer(void *buffer);

/* Decodes an encoded image (cv::imdecode with `flags`, an IMREAD_* value). On success `out`
 * describes a new contiguous malloc'ed buffer the caller releases with cv_free_buffer. */
int cv_decode(const void *bytes, size_t length, int32_t flags, cv_image *out);

/* Encodes `image` in the format of `extension` (".jpg", ".png") with IMWRITE_* `params`
 * (key, value pairs). `*out_bytes` is malloc'ed; release it with cv_free_buffer. */
int cv_encode(const cv_image *image, const char *extension, const int32_t *params,
              int32_t param_count, void **out_bytes, size_t *out_length);

/* dst = saturate(src * scale + offset), converting to dst's depth (Mat::convertTo). */
int cv_convert_depth(const cv_image *src, cv_image *dst, double scale, double offset);

/* Resizes src to dst's size (cv::resize). */
int cv_resize(const cv_image *src, cv_image *dst, int32_t interpolation);

/* cv::rotate by a multiple of 90 degrees (code: cv::ROTATE_90_CLOCKWISE = 0, ROTATE_180 = 1,
 * ROTATE_90_COUNTERCLOCKWISE = 2) and cv::flip (code: 0 vertical, 1 horizontal, -1 both). */
int cv_rotate(const cv_image *src, cv_image *dst, int32_t code);
int cv_flip(const cv_image *src, cv_image *dst, int32_t code);

/* Copies the rectangle (x, y, dst width, dst height) of src into dst. */
int cv_crop(const cv_image *src, cv_image *dst, int32_t x, int32_t y);

/* cv::warpAffine into dst's size; `matrix` is the 2x3 matrix row by row, `flags` an INTER_*
 * value optionally or'ed with WARP_INVERSE_MAP. BORDER_TRANSPARENT leaves dst's pixels. */
int cv_warp_affine(const cv_image *src, cv_image *dst, const double matrix[6], int32_t flags,
                   int32_t border_mode, const double border_value[4]);

/* cv::remap with float32 one-channel maps of dst's size. */
int cv_remap(const cv_image *src, cv_image *dst, const cv_image *map_x, const cv_image *map_y,
             int32_t interpolation, int32_t border_mode, const double border_value[4]);

/* cv::GaussianBlur; a zero kernel size comes from sigma, a zero sigma from the kernel size. */
int cv_gaussian_blur(const cv_image *src, cv_image *dst, int32_t kernel_width,
                     int32_t kernel_height, double sigma_x, double sigma_y);

/* cv::blur: the normalised box filter. */
int cv_box_blur(const cv_image *src, cv_image *dst, int32_t kernel_width, int32_t kernel_height);

/* cv::medianBlur with an odd aperture. */
int cv_median_blur(const cv_image *src, cv_image *dst, int32_t kernel_size);

/* cv::filter2D with ddepth -1 (dst like src), the anchor at the kernel's centre and
 * BORDER_DEFAULT; kernel: kernel_width * kernel_height floats, row by row. */
int cv_filter_2d(const cv_image *src, cv_image *dst, const float *kernel, int32_t kernel_width,
                 int32_t kernel_height);

/* cv::bilateralFilter (BORDER_DEFAULT); a diameter <= 0 comes from sigma_space. src and dst
 * must not share pixels. */
int cv_bilateral_filter(const cv_image *src, cv_image *dst, int32_t diameter, double sigma_color,
                        double sigma_space);

/* cv::morphologyEx (`operation` a MORPH_* op) with getStructuringElement(shape, size). */
int cv_morphology(const cv_image *src, cv_image *dst, int32_t operation, int32_t shape,
                  int32_t kernel_width, int32_t kernel_height, int32_t iterations);

/* cv::cvtColor with a COLOR_* code; dst must have the channels the code produces. */
int cv_convert_color(const cv_image *src, cv_image *dst, int32_t code);

/* cv::Laplacian with aperture `kernel_size` into dst's depth. */
int cv_laplacian(const cv_image *src, cv_image *dst, int32_t kernel_size);

/* cv::convexHull of `count` points (x, y pairs). Writes the hull's point indices into
 * `out_indices` (room for `count`) and their number into `out_count`. */
int cv_convex_hull(const float *points_xy, int32_t count, int32_t clockwise,
                   int32_t *out_indices, int32_t *out_count);

/* cv::solvePnP (SOLVEPNP_ITERATIVE, no initial guess, zero distortion) of `count` >= 4 object
 * points (x, y, z triples) seen at image points (x, y pairs) through the 3x3 row-major
 * `camera` matrix. Writes the rotation vector and the translation. */
int cv_solve_pnp(const float *object_xyz, const float *image_xy, int32_t count, const float camera[9],
                 double rotation_vector[3], double translation[3]);

/* cv::Rodrigues: the row-major 3x3 rotation matrix of a rotation vector. */
int cv_rodrigues(const double rotation_vector[3], double rotation_matrix[9]);

/* Drawing, in place. Points are x, y pairs; polygon i has counts[i] points. `color` holds a
 * value per channel; a negative thickness fills (circle, rectangle). */
int cv_fill_poly(cv_image *image, const int32_t *points_xy, const int32_t *counts,
                 int32_t polygon_count, const double color[4], int32_t line_type);
int cv_fill_convex_poly(cv_image *image, const int32_t *points_xy, int32_t count,
                        const double color[4], int32_t line_type);
int cv_polylines(cv_image *image, const int32_t *points_xy, const int32_t *counts,
                 int32_t polygon_count, int32_t closed, const double color[4],
                 int32_t thickness, int32_t line_type);
int cv_line(cv_image *image, int32_t x1, int32_t y1, int32_t x2, int32_t y2,
            const double color[4], int32_t thickness, int32_t line_type);
int cv_rectangle(cv_image *image, int32_t x1, int32_t y1, int32_t x2, int32_t y2,
                 const double color[4], int32_t thickness, int32_t line_type);
int cv_circle(cv_image *image, int32_t center_x, int32_t center_y, int32_t radius,
              const double color[4], int32_t thickness, int32_t line_type);
/* cv::putText; (x, y) is the bottom-left corner of the text's baseline. */
int cv_put_text(cv_image *image, const char *text, int32_t x, int32_t y, int32_t font_face,
                double font_scale, const double color[4], int32_t thickness, int32_t line_type);

/* cv::seamlessClone of `src` into `dst` (8-bit, 3 channels, equal sizes) where the 8-bit
 * one-channel `mask` is non-zero, centred at (center_x, center_y); flags: 1 NORMAL_CLONE,
 * 2 MIXED_CLONE, 3 MONOCHROME_TRANSFER. `out` is dst's shape. */
int cv_seamless_clone(const cv_image *src, const cv_image *dst, const cv_image *mask, int32_t center_x,
                      int32_t center_y, int32_t flags, cv_image *out);

#ifdef __cplusplus
}
#endif

#endif
