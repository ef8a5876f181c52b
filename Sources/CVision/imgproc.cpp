// Pixel operations (imgproc): each writes into the caller's destination buffer.
#include "internal.h"
#include <opencv2/imgproc.hpp>
#include <algorithm>
#include <stdexcept>
#include <vector>

using namespace cvision;

extern "C" {

int cv_convert_depth(const cv_image *src, cv_image *dst, double scale, double offset) {
  return guarded("convert_depth", [&] {
    cv::Mat output = wrap(dst);
    wrap(src).convertTo(output, dst->depth, scale, offset);
    require_same_buffer(output, dst, "convert_depth");
  });
}

int cv_resize(const cv_image *src, cv_image *dst, int32_t interpolation) {
  return guarded("resize", [&] {
    cv::Mat output = wrap(dst);
    cv::resize(wrap(src), output, output.size(), 0, 0, interpolation);
    require_same_buffer(output, dst, "resize");
  });
}

int cv_rotate(const cv_image *src, cv_image *dst, int32_t code) {
  return guarded("rotate", [&] {
    cv::Mat output = wrap(dst);
    cv::rotate(wrap(src), output, code);
    require_same_buffer(output, dst, "rotate");
  });
}

int cv_flip(const cv_image *src, cv_image *dst, int32_t code) {
  return guarded("flip", [&] {
    cv::Mat output = wrap(dst);
    cv::flip(wrap(src), output, code);
    require_same_buffer(output, dst, "flip");
  });
}

int cv_crop(const cv_image *src, cv_image *dst, int32_t x, int32_t y) {
  return guarded("crop", [&] {
    wrap(src)(cv::Rect(x, y, dst->width, dst->height)).copyTo(wrap(dst));
  });
}

int cv_warp_affine(const cv_image *src, cv_image *dst, const double matrix[6], int32_t flags,
                   int32_t border_mode, const double border_value[4]) {
  return guarded("warp_affine", [&] {
    if (matrix == nullptr) throw std::invalid_argument("null matrix");
    cv::Mat output = wrap(dst);
    cv::Mat transform(2, 3, CV_64F, const_cast<double *>(matrix));
    cv::warpAffine(wrap(src), output, transform, output.size(), flags, border_mode, scalar(border_value));
    require_same_buffer(output, dst, "warp_affine");
  });
}

int cv_remap(const cv_image *src, cv_image *dst, const cv_image *map_x, const cv_image *map_y,
             int32_t interpolation, int32_t border_mode, const double border_value[4]) {
  return guarded("remap", [&] {
    cv::Mat output = wrap(dst);
    cv::remap(wrap(src), output, wrap(map_x), wrap(map_y), interpolation, border_mode, scalar(border_value));
    require_same_buffer(output, dst, "remap");
  });
}

int cv_gaussian_blur(const cv_image *src, cv_image *dst, int32_t kernel_width,
                     int32_t kernel_height, double sigma_x, double sigma_y) {
  return guarded("gaussian_blur", [&] {
    cv::Mat output = wrap(dst);
    cv::GaussianBlur(wrap(src), output, cv::Size(kernel_width, kernel_height), sigma_x, sigma_y);
    require_same_buffer(output, dst, "gaussian_blur");
  });
}

int cv_box_blur(const cv_image *src, cv_image *dst, int32_t kernel_width, int32_t kernel_height) {
  return guarded("box_blur", [&] {
    cv::Mat output = wrap(dst);
    cv::blur(wrap(src), output, cv::Size(kernel_width, kernel_height));
    require_same_buffer(output, dst, "box_blur");
  });
}

int cv_filter_2d(const cv_image *src, cv_image *dst, const float *kernel, int32_t kernel_width,
                 int32_t kernel_height) {
  return guarded("filter_2d", [&] {
    if (kernel == nullptr) throw std::invalid_argument("null kernel");
    cv::Mat output = wrap(dst);
    cv::Mat weights(kernel_height, kernel_width, CV_32F, const_cast<float *>(kernel));
    cv::filter2D(wrap(src), output, -1, weights);
    require_same_buffer(output, dst, "filter_2d");
  });
}

int cv_median_blur(const cv_image *src, cv_image *dst, int32_t kernel_size) {
  return guarded("median_blur", [&] {
    cv::Mat output = wrap(dst);
    cv::medianBlur(wrap(src), output, kernel_size);
    require_same_buffer(output, dst, "median_blur");
  });
}

int cv_bilateral_filter(const cv_image *src, cv_image *dst, int32_t diameter, double sigma_color,
                        double sigma_space) {
  return guarded("bilateral_filter", [&] {
    cv::Mat output = wrap(dst);
    cv::bilateralFilter(wrap(src), output, diameter, sigma_color, sigma_space);
    require_same_buffer(output, dst, "bilateral_filter");
  });
}

int cv_morphology(const cv_image *src, cv_image *dst, int32_t operation, int32_t shape,
                  int32_t kernel_width, int32_t kernel_height, int32_t iterations) {
  return guarded("morphology", [&] {
    cv::Mat output = wrap(dst);
    cv::Mat kernel = cv::getStructuringElement(shape, cv::Size(kernel_width, kernel_height));
    cv::morphologyEx(wrap(src), output, operation, kernel, cv::Point(-1, -1), iterations);
    require_same_buffer(output, dst, "morphology");
  });
}

int cv_convert_color(const cv_image *src, cv_image *dst, int32_t code) {
  return guarded("convert_color", [&] {
    cv::Mat output = wrap(dst);
    cv::cvtColor(wrap(src), output, code, dst->channels);
    require_same_buffer(output, dst, "convert_color");
  });
}

int cv_laplacian(const cv_image *src, cv_image *dst, int32_t kernel_size) {
  return guarded("laplacian", [&] {
    cv::Mat output = wrap(dst);
    cv::Laplacian(wrap(src), output, dst->depth, kernel_size);
    require_same_buffer(output, dst, "laplacian");
  });
}

int cv_convex_hull(const float *points_xy, int32_t count, int32_t clockwise,
                   int32_t *out_indices, int32_t *out_count) {
  return guarded("convex_hull", [&] {
    if (points_xy == nullptr || out_indices == nullptr || out_count == nullptr || count <= 0)
      throw std::invalid_argument("no points");
    cv::Mat points(count, 1, CV_32FC2, const_cast<float *>(points_xy));
    std::vector<int> indices;
    cv::convexHull(points, indices, clockwise != 0, false);
    std::copy(indices.begin(), indices.end(), out_indices);
    *out_count = static_cast<int32_t>(indices.size());
  });
}

}
