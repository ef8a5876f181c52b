// Image decoding and encoding (imgcodecs) into malloc'ed buffers.
#include "internal.h"
#include <opencv2/imgcodecs.hpp>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <vector>

using namespace cvision;

extern "C" {

int cv_decode(const void *bytes, size_t length, int32_t flags, cv_image *out) {
  return guarded("decode", [&] {
    if (bytes == nullptr || out == nullptr) throw std::invalid_argument("null argument");
    if (length == 0 || length > static_cast<size_t>(INT_MAX)) throw std::invalid_argument("bad length");
    cv::Mat encoded(1, static_cast<int>(length), CV_8UC1, const_cast<void *>(bytes));
    cv::Mat decoded = cv::imdecode(encoded, flags);
    if (decoded.empty()) throw std::runtime_error("the codec could not decode the data");
    size_t row_bytes = decoded.cols * decoded.elemSize();
    void *pixels = std::malloc(row_bytes * decoded.rows);
    if (pixels == nullptr) throw std::bad_alloc();
    for (int row = 0; row < decoded.rows; ++row)
      std::memcpy(static_cast<char *>(pixels) + row * row_bytes, decoded.ptr(row), row_bytes);
    *out = cv_image{pixels, decoded.cols, decoded.rows, decoded.channels(), decoded.depth(), row_bytes};
  });
}

int cv_encode(const cv_image *image, const char *extension, const int32_t *params,
              int32_t param_count, void **out_bytes, size_t *out_length) {
  return guarded("encode", [&] {
    if (extension == nullptr || out_bytes == nullptr || out_length == nullptr)
      throw std::invalid_argument("null argument");
    std::vector<int> parameters(params, params + (params == nullptr ? 0 : param_count));
    std::vector<uchar> encoded;
    if (!cv::imencode(extension, wrap(image), encoded, parameters))
      throw std::runtime_error(std::string("no encoder wrote ") + extension);
    void *buffer = std::malloc(encoded.size());
    if (buffer == nullptr) throw std::bad_alloc();
    std::memcpy(buffer, encoded.data(), encoded.size());
    *out_bytes = buffer;
    *out_length = encoded.size();
  });
}

}
