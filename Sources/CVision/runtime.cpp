// Errors, buffers and the cv_image <-> cv::Mat bridge.
#include "internal.h"
#include <cstdlib>
#include <stdexcept>

namespace {
thread_local std::string last_error;
}

namespace cvision {

void set_last_error(std::string message) { last_error = std::move(message); }

cv::Mat wrap(const cv_image *image) {
  if (image == nullptr || image->data == nullptr) throw std::invalid_argument("null image");
  if (image->width <= 0 || image->height <= 0 || image->channels < 1 || image->channels > 4)
    throw std::invalid_argument("bad image shape " + std::to_string(image->width) + "x" +
                                std::to_string(image->height) + "x" + std::to_string(image->channels));
  return cv::Mat(image->height, image->width, CV_MAKETYPE(image->depth, image->channels),
                 image->data, image->stride);
}

void require_same_buffer(const cv::Mat &mat, const cv_image *image, const char *what) {
  if (mat.data != image->data)
    throw std::invalid_argument(std::string(what) + " needs another size or element type");
}

cv::Scalar scalar(const double value[4]) {
  return value == nullptr ? cv::Scalar() : cv::Scalar(value[0], value[1], value[2], value[3]);
}

}  // namespace cvision

extern "C" {

const char *cv_last_error(void) { return last_error.c_str(); }

const char *cv_version(void) { return CV_VERSION; }

void cv_free_buffer(void *buffer) { std::free(buffer); }

}
