// Helpers shared by the CVision sources: wrapping cv_image as cv::Mat and catching exceptions.
#pragma once
#include "cvision.h"
#include <opencv2/core.hpp>
#include <string>

namespace cvision {

void set_last_error(std::string message);

// A Mat header over the caller's pixels (no copy).
cv::Mat wrap(const cv_image *image);

// Throws unless `mat` still uses the caller's buffer (OpenCV reallocates on a size/type mismatch).
void require_same_buffer(const cv::Mat &mat, const cv_image *image, const char *what);

cv::Scalar scalar(const double value[4]);

// Runs `body`, turning any exception into a status and a last-error message.
template <class Body> int guarded(const char *function, Body &&body) {
  try {
    body();
    set_last_error("");
    return 0;
  } catch (const cv::Exception &error) {
    set_last_error(std::string(function) + ": " + error.err);
  } catch (const std::exception &error) {
    set_last_error(std::string(function) + ": " + error.what());
  } catch (...) {
    set_last_error(std::string(function) + ": unknown C++ exception");
  }
  return 1;
}

}  // namespace cvision
