// OpenCV's photo module: Poisson blending.
#include "internal.h"
#include <opencv2/photo.hpp>

using namespace cvision;

int cv_seamless_clone(const cv_image *src, const cv_image *dst, const cv_image *mask, int32_t center_x,
                      int32_t center_y, int32_t flags, cv_image *out) {
  return guarded("seamless_clone", [&] {
    cv::Mat output = wrap(out);
    cv::seamlessClone(wrap(src), wrap(dst), wrap(mask), cv::Point(center_x, center_y), output, flags);
    require_same_buffer(output, out, "seamless_clone");
  });
}
