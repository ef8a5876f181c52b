// Drawing in place on the caller's pixels (imgproc drawing functions).
#include "internal.h"
#include <opencv2/imgproc.hpp>
#include <stdexcept>
#include <vector>

using namespace cvision;

namespace {
std::vector<std::vector<cv::Point>> polygons(const int32_t *points_xy, const int32_t *counts,
                                             int32_t polygon_count) {
  if (points_xy == nullptr || counts == nullptr || polygon_count < 0) throw std::invalid_argument("no polygons");
  std::vector<std::vector<cv::Point>> result(polygon_count);
  const int32_t *cursor = points_xy;
  for (int32_t index = 0; index < polygon_count; ++index) {
    if (counts[index] < 0) throw std::invalid_argument("negative point count");
    for (int32_t point = 0; point < counts[index]; ++point, cursor += 2)
      result[index].emplace_back(cursor[0], cursor[1]);
  }
  return result;
}
}  // namespace

extern "C" {

int cv_fill_poly(cv_image *image, const int32_t *points_xy, const int32_t *counts,
                 int32_t polygon_count, const double color[4], int32_t line_type) {
  return guarded("fill_poly", [&] {
    cv::Mat canvas = wrap(image);
    cv::fillPoly(canvas, polygons(points_xy, counts, polygon_count), scalar(color), line_type);
  });
}

int cv_fill_convex_poly(cv_image *image, const int32_t *points_xy, int32_t count,
                        const double color[4], int32_t line_type) {
  return guarded("fill_convex_poly", [&] {
    cv::Mat canvas = wrap(image);
    cv::fillConvexPoly(canvas, polygons(points_xy, &count, 1)[0], scalar(color), line_type);
  });
}

int cv_polylines(cv_image *image, const int32_t *points_xy, const int32_t *counts,
                 int32_t polygon_count, int32_t closed, const double color[4],
                 int32_t thickness, int32_t line_type) {
  return guarded("polylines", [&] {
    cv::Mat canvas = wrap(image);
    cv::polylines(canvas, polygons(points_xy, counts, polygon_count), closed != 0, scalar(color),
                  thickness, line_type);
  });
}

int cv_line(cv_image *image, int32_t x1, int32_t y1, int32_t x2, int32_t y2,
            const double color[4], int32_t thickness, int32_t line_type) {
  return guarded("line", [&] {
    cv::Mat canvas = wrap(image);
    cv::line(canvas, cv::Point(x1, y1), cv::Point(x2, y2), scalar(color), thickness, line_type);
  });
}

int cv_rectangle(cv_image *image, int32_t x1, int32_t y1, int32_t x2, int32_t y2,
                 const double color[4], int32_t thickness, int32_t line_type) {
  return guarded("rectangle", [&] {
    cv::Mat canvas = wrap(image);
    cv::rectangle(canvas, cv::Point(x1, y1), cv::Point(x2, y2), scalar(color), thickness, line_type);
  });
}

int cv_circle(cv_image *image, int32_t center_x, int32_t center_y, int32_t radius,
              const double color[4], int32_t thickness, int32_t line_type) {
  return guarded("circle", [&] {
    cv::Mat canvas = wrap(image);
    cv::circle(canvas, cv::Point(center_x, center_y), radius, scalar(color), thickness, line_type);
  });
}

int cv_put_text(cv_image *image, const char *text, int32_t x, int32_t y, int32_t font_face,
                double font_scale, const double color[4], int32_t thickness, int32_t line_type) {
  return guarded("put_text", [&] {
    if (text == nullptr) throw std::invalid_argument("null text");
    cv::Mat canvas = wrap(image);
    cv::putText(canvas, text, cv::Point(x, y), font_face, font_scale, scalar(color), thickness, line_type);
  });
}

}
