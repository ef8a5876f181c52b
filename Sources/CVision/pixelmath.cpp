// Per-value arithmetic on float32 images that OpenCV has no single call for (blends through a
// one-channel mask, clipping, thresholds, DFL's HSV shift and RGB levels, a faded circle), as
// plain loops compiled with optimisation, so callers need no per-pixel Swift loops.
#include "internal.h"
#include <cmath>
#include <stdexcept>

using namespace cvision;

namespace {

void require_float(const cv_image *image, const char *what) {
  if (image == nullptr || image->data == nullptr || image->depth != CVISION_DEPTH_F32)
    throw std::invalid_argument(std::string(what) + ": float32 images are needed");
}

void require_shape(const cv_image *a, const cv_image *b, int32_t channels, const char *what) {
  if (a->width != b->width || a->height != b->height || b->channels != channels)
    throw std::invalid_argument(std::string(what) + ": images of one size are needed");
}

const float *row(const cv_image *image, int32_t y) {
  return reinterpret_cast<const float *>(static_cast<const char *>(image->data) + size_t(y) * image->stride);
}

float *mutable_row(cv_image *image, int32_t y) {
  return reinterpret_cast<float *>(static_cast<char *>(image->data) + size_t(y) * image->stride);
}

/// dst = f(src) value by value, for images of one shape.
template <class F> void map_values(const cv_image *src, cv_image *dst, const char *what, F f) {
  require_float(src, what);
  require_float(dst, what);
  require_shape(src, dst, src->channels, what);
  const int32_t count = src->width * src->channels;
  for (int32_t y = 0; y < src->height; ++y) {
    const float *s = row(src, y);
    float *d = mutable_row(dst, y);
    for (int32_t i = 0; i < count; ++i) d[i] = f(s[i]);
  }
}

}  // namespace

extern "C" {

int cv_blend(const cv_image *back, const cv_image *front, const cv_image *mask, cv_image *dst) {
  return guarded("blend", [&] {
    for (const cv_image *image : {back, front, mask}) require_float(image, "blend");
    require_float(dst, "blend");
    require_shape(back, front, back->channels, "blend");
    require_shape(back, dst, back->channels, "blend");
    require_shape(back, mask, 1, "blend");
    const int32_t channels = back->channels;
    for (int32_t y = 0; y < back->height; ++y) {
      const float *b = row(back, y), *f = row(front, y), *m = row(mask, y);
      float *d = mutable_row(dst, y);
      for (int32_t x = 0; x < back->width; ++x) {
        const float weight = m[x];
        for (int32_t c = 0; c < channels; ++c) {
          const int32_t i = x * channels + c;
          d[i] = b[i] * (1 - weight) + f[i] * weight;
        }
      }
    }
  });
}

int cv_clip(const cv_image *src, cv_image *dst, float low, float high) {
  return guarded("clip", [&] { map_values(src, dst, "clip", [=](float v) { return std::min(std::max(v, low), high); }); });
}

int cv_binarize(const cv_image *src, cv_image *dst, float threshold) {
  return guarded("binarize", [&] { map_values(src, dst, "binarize", [=](float v) { return v >= threshold ? 1.0f : 0.0f; }); });
}

int cv_subtract_from(const cv_image *src, cv_image *dst, float value) {
  return guarded("subtract_from", [&] { map_values(src, dst, "subtract_from", [=](float v) { return value - v; }); });
}

int cv_add(const cv_image *a, const cv_image *b, cv_image *dst) {
  return guarded("add", [&] {
    require_float(a, "add");
    require_float(b, "add");
    require_float(dst, "add");
    require_shape(a, b, a->channels, "add");
    require_shape(a, dst, a->channels, "add");
    const int32_t count = a->width * a->channels;
    for (int32_t y = 0; y < a->height; ++y) {
      const float *p = row(a, y), *q = row(b, y);
      float *d = mutable_row(dst, y);
      for (int32_t i = 0; i < count; ++i) d[i] = p[i] + q[i];
    }
  });
}

int cv_hsv_shift(const cv_image *src, cv_image *dst, float hue, float saturation, float value) {
  return guarded("hsv_shift", [&] {
    require_float(src, "hsv_shift");
    require_float(dst, "hsv_shift");
    require_shape(src, dst, 3, "hsv_shift");
    if (src->channels != 3) throw std::invalid_argument("hsv_shift: three channels (H, S, V) are needed");
    for (int32_t y = 0; y < src->height; ++y) {
      const float *s = row(src, y);
      float *d = mutable_row(dst, y);
      for (int32_t x = 0; x < src->width; ++x) {
        const float h = std::fmod(s[3 * x] + hue, 360.0f);
        d[3 * x] = h < 0 ? h + 360 : h;
        d[3 * x + 1] = std::min(std::max(s[3 * x + 1] + saturation, 0.0f), 1.0f);
        d[3 * x + 2] = std::min(std::max(s[3 * x + 2] + value, 0.0f), 1.0f);
      }
    }
  });
}

int cv_levels(const cv_image *src, cv_image *dst, const float *in_black, const float *in_white, const float *gamma,
              const float *out_black, const float *out_white) {
  return guarded("levels", [&] {
    require_float(src, "levels");
    require_float(dst, "levels");
    require_shape(src, dst, src->channels, "levels");
    const int32_t channels = src->channels;
    float inverse[4];
    for (int32_t c = 0; c < channels; ++c) inverse[c] = 1 / gamma[c];
    for (int32_t y = 0; y < src->height; ++y) {
      const float *s = row(src, y);
      float *d = mutable_row(dst, y);
      for (int32_t x = 0; x < src->width; ++x)
        for (int32_t c = 0; c < channels; ++c) {
          const int32_t i = x * channels + c;
          const float level = std::min(std::max((s[i] - in_black[c]) / (in_white[c] - in_black[c]), 0.0f), 1.0f);
          d[i] = std::min(std::max(std::pow(level, inverse[c]) * (out_white[c] - out_black[c]) + out_black[c], 0.0f), 1.0f);
        }
    }
  });
}

int cv_faded_circle(cv_image *dst, int32_t centre_x, int32_t centre_y, float fade_start, float fade_length) {
  return guarded("faded_circle", [&] {
    require_float(dst, "faded_circle");
    if (dst->channels != 1) throw std::invalid_argument("faded_circle: one channel is needed");
    for (int32_t y = 0; y < dst->height; ++y) {
      float *d = mutable_row(dst, y);
      const float dy = float(y - centre_y);
      for (int32_t x = 0; x < dst->width; ++x) {
        const float dx = float(x - centre_x);
        const float distance = (std::sqrt(dx * dx + dy * dy) - fade_start) / fade_length;
        d[x] = std::min(std::max(1 - distance, 0.0f), 1.0f);
      }
    }
  });
}

}  // extern "C"
