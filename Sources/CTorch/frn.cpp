// DFL's FRN followed by TLU as one autograd operation (XSeg's blocks).
//
// y = max(x · w · r + b, tau), r = rsqrt(mean_{H,W}(x²) + |eps|) per sample and channel. Composed
// of ATen operations this is about eight passes over the activation forward and twice that
// backward (maximum's backward alone is five); here the CPU float32 path makes two passes each
// way: forward the per-plane sum of squares, then the output; backward the per-plane sums the
// parameter gradients need, then the input gradient. Other devices and types run the composed
// ATen operations, whose autograd gives the same gradients.
#include "internal.h"
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/custom_function.h>
#include <cmath>
#include <vector>

using namespace ctorch;
using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

namespace {

at::Tensor composed(const at::Tensor &x, const at::Tensor &weight, const at::Tensor &bias, const at::Tensor &eps,
                    const at::Tensor &tau) {
  auto channel = [](const at::Tensor &p) { return p.reshape({1, -1, 1, 1}); };
  auto nu2 = x.square().mean({2, 3}, true);
  return at::maximum(x * (nu2 + eps.abs()).rsqrt() * channel(weight) + channel(bias), channel(tau));
}

/// Plane p of an (N, C, H·W) float tensor: channel p % C.
struct Planes {
  int64_t count, channels, size;
};

struct FRNTLU : public torch::autograd::Function<FRNTLU> {
  static at::Tensor forward(AutogradContext *ctx, const at::Tensor &input, const at::Tensor &weight, const at::Tensor &bias,
                            const at::Tensor &eps, const at::Tensor &tau) {
    auto x = input.contiguous();
    const Planes planes{x.size(0) * x.size(1), x.size(1), x.size(2) * x.size(3)};
    auto w = weight.contiguous(), b = bias.contiguous(), t = tau.contiguous();
    const float e = std::fabs(eps.item<float>());
    auto r = at::empty({planes.count}, x.options());
    auto y = at::empty_like(x);
    const float *xs = x.const_data_ptr<float>(), *ws = w.const_data_ptr<float>(), *bs = b.const_data_ptr<float>(),
                *ts = t.const_data_ptr<float>();
    float *rs = r.mutable_data_ptr<float>(), *ys = y.mutable_data_ptr<float>();
    at::parallel_for(0, planes.count, 1, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) {
        const float *xp = xs + p * planes.size;
        double lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int64_t i = 0;
        for (; i + 8 <= planes.size; i += 8)
          for (int k = 0; k < 8; ++k) lanes[k] += double(xp[i + k]) * double(xp[i + k]);
        double sum = 0;
        for (; i < planes.size; ++i) sum += double(xp[i]) * double(xp[i]);
        for (double lane : lanes) sum += lane;
        const float nu2 = float(sum / double(planes.size));
        const float rp = 1.0f / std::sqrt(nu2 + e);
        rs[p] = rp;
        const int64_t c = p % planes.channels;
        const float s = rp * ws[c], bc = bs[c], tc = ts[c];
        float *yp = ys + p * planes.size;
        for (int64_t j = 0; j < planes.size; ++j) {
          const float z = xp[j] * s + bc;
          yp[j] = z >= tc ? z : tc;
        }
      }
    });
    ctx->save_for_backward({x, w, b, t, eps});
    ctx->saved_data["r"] = r;
    return y;
  }

  static tensor_list backward(AutogradContext *ctx, tensor_list outputs) {
    auto saved = ctx->get_saved_variables();
    const auto &x = saved[0], &w = saved[1], &b = saved[2], &t = saved[3], &eps = saved[4];
    const auto r = ctx->saved_data["r"].toTensor();
    auto g = outputs[0].contiguous();
    const Planes planes{x.size(0) * x.size(1), x.size(1), x.size(2) * x.size(3)};
    const float *xs = x.const_data_ptr<float>(), *gs = g.const_data_ptr<float>(), *rs = r.const_data_ptr<float>(),
                *ws = w.const_data_ptr<float>(), *bs = b.const_data_ptr<float>(), *ts = t.const_data_ptr<float>();
    // Per plane: Σ g where z ≥ tau (the bias's gradient), Σ g·x there (the scale's), Σ g elsewhere (tau's).
    std::vector<double> through(planes.count), scaled(planes.count), held(planes.count);
    auto gx = at::empty_like(x);
    float *gxs = gx.mutable_data_ptr<float>();
    at::parallel_for(0, planes.count, 1, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) {
        const int64_t c = p % planes.channels;
        const float s = rs[p] * ws[c], bc = bs[c], tc = ts[c];
        const float *xp = xs + p * planes.size, *gp = gs + p * planes.size;
        double laneThrough[8] = {0, 0, 0, 0, 0, 0, 0, 0}, laneScaled[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        double laneAll[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int64_t j = 0;
        for (; j + 8 <= planes.size; j += 8)
          for (int l = 0; l < 8; ++l) {
            const float gz = xp[j + l] * s + bc >= tc ? gp[j + l] : 0.0f;
            laneThrough[l] += gz;
            laneScaled[l] += double(gz) * double(xp[j + l]);
            laneAll[l] += gp[j + l];
          }
        double sumThrough = 0, sumScaled = 0, sumAll = 0;
        for (; j < planes.size; ++j) {
          const float gz = xp[j] * s + bc >= tc ? gp[j] : 0.0f;
          sumThrough += gz;
          sumScaled += double(gz) * double(xp[j]);
          sumAll += gp[j];
        }
        for (int l = 0; l < 8; ++l) {
          sumThrough += laneThrough[l];
          sumScaled += laneScaled[l];
          sumAll += laneAll[l];
        }
        const double sumHeld = sumAll - sumThrough;
        through[p] = sumThrough;
        scaled[p] = sumScaled;
        held[p] = sumHeld;
        // d nu2 = d s · w · (−½ r³); d x from nu2 = d nu2 · 2x / (H·W).
        const double rp = rs[p];
        const double dnu2 = sumScaled * ws[c] * (-0.5) * rp * rp * rp;
        const float kp = float(dnu2 * 2.0 / double(planes.size));
        float *gxp = gxs + p * planes.size;
        for (j = 0; j < planes.size; ++j) {
          const float gz = xp[j] * s + bc >= tc ? gp[j] : 0.0f;
          gxp[j] = gz * s + xp[j] * kp;
        }
      }
    });
    auto gw = at::zeros_like(w), gb = at::zeros_like(b), gt = at::zeros_like(t);
    float *gws = gw.mutable_data_ptr<float>(), *gbs = gb.mutable_data_ptr<float>(), *gts = gt.mutable_data_ptr<float>();
    std::vector<double> sw(planes.channels, 0), sb(planes.channels, 0), st(planes.channels, 0);
    double deps = 0;
    for (int64_t p = 0; p < planes.count; ++p) {
      const int64_t c = p % planes.channels;
      const double rp = rs[p];
      sw[c] += scaled[p] * rp;
      sb[c] += through[p];
      st[c] += held[p];
      deps += scaled[p] * ws[c] * (-0.5) * rp * rp * rp;
    }
    for (int64_t c = 0; c < planes.channels; ++c) {
      gws[c] = float(sw[c]);
      gbs[c] = float(sb[c]);
      gts[c] = float(st[c]);
    }
    const float e = eps.item<float>();
    auto geps = at::full_like(eps, float(deps) * float((e > 0) - (e < 0)));
    return {gx, gw, gb, geps, gt};
  }
};

bool fusable(const at::Tensor &x, std::initializer_list<const at::Tensor *> parameters) {
  if (x.device().type() != at::kCPU || x.scalar_type() != at::kFloat || x.dim() != 4) return false;
  for (auto *p : parameters)
    if (p->device().type() != at::kCPU || p->scalar_type() != at::kFloat) return false;
  return true;
}

}  // namespace

extern "C" {

int ct_frn_tlu(const ct_tensor *x, const ct_tensor *weight, const ct_tensor *bias, const ct_tensor *eps,
               const ct_tensor *tau, ct_tensor **out) {
  return guarded([&] {
    const auto &v = x->value, &w = weight->value, &b = bias->value, &e = eps->value, &t = tau->value;
    if (fusable(v, {&w, &b, &e, &t}) && v.numel() > 0) *out = wrap(FRNTLU::apply(v, w, b, e, t));
    else *out = wrap(composed(v, w, b, e, t));
  });
}

}  // extern "C"
