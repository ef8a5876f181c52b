// Element-wise, reduction, convolution, resampling and shape operations.
#include "internal.h"
#include <ATen/core/dispatch/Dispatcher.h>
#include <vector>

using namespace ctorch;

namespace {
at::Tensor unary(int op, const at::Tensor &a) {
  switch (op) {
    case CT_NEG: return at::neg(a);
    case CT_EXP: return at::exp(a);
    case CT_LOG: return at::log(a);
    case CT_LOG1P: return at::log1p(a);
    case CT_SQRT: return at::sqrt(a);
    case CT_RSQRT: return at::rsqrt(a);
    case CT_ABS: return at::abs(a);
    case CT_RELU: return at::relu(a);
    case CT_SIGMOID: return at::sigmoid(a);
    case CT_TANH: return at::tanh(a);
    case CT_SIN: return at::sin(a);
    case CT_COS: return at::cos(a);
    case CT_SQUARE: return at::square(a);
    case CT_SIGN: return at::sign(a);
    case CT_FLOOR: return at::floor(a);
    case CT_ROUND: return at::round(a);
    case CT_RECIPROCAL: return at::reciprocal(a);
    case CT_LOGICAL_NOT: return at::logical_not(a);
  }
  TORCH_CHECK(false, "unknown unary op ", op);
}

template <class B> at::Tensor binary(int op, const at::Tensor &a, const B &b) {
  switch (op) {
    case CT_ADD: return at::add(a, b);
    case CT_SUB: return at::sub(a, b);
    case CT_MUL: return at::mul(a, b);
    case CT_DIV: return at::div(a, b);
    case CT_POW: return at::pow(a, b);
    case CT_EQ: return at::eq(a, b);
    case CT_NE: return at::ne(a, b);
    case CT_LT: return at::lt(a, b);
    case CT_LE: return at::le(a, b);
    case CT_GT: return at::gt(a, b);
    case CT_GE: return at::ge(a, b);
  }
  TORCH_CHECK(false, "unknown binary op ", op);
}

std::vector<at::Tensor> gather(const ct_tensor *const *tensors, int64_t count) {
  std::vector<at::Tensor> list;
  list.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) list.push_back(tensors[i]->value);
  return list;
}

std::optional<at::Tensor> optional(const ct_tensor *t) {
  return t ? std::optional<at::Tensor>(t->value) : std::nullopt;
}
}  // namespace

extern "C" {

int ct_unary(int op, const ct_tensor *a, ct_tensor **out) {
  return guarded([&] { *out = wrap(unary(op, a->value)); });
}

int ct_binary(int op, const ct_tensor *a, const ct_tensor *b, ct_tensor **out) {
  return guarded([&] {
    if (op == CT_MAXIMUM) *out = wrap(at::maximum(a->value, b->value));
    else if (op == CT_MINIMUM) *out = wrap(at::minimum(a->value, b->value));
    else *out = wrap(binary(op, a->value, b->value));
  });
}

int ct_binary_scalar(int op, const ct_tensor *a, double b, ct_tensor **out) {
  return guarded([&] {
    if (op == CT_MAXIMUM) *out = wrap(at::clamp_min(a->value, b));
    else if (op == CT_MINIMUM) *out = wrap(at::clamp_max(a->value, b));
    else *out = wrap(binary(op, a->value, at::Scalar(b)));
  });
}

int ct_scalar_binary(int op, double a, const ct_tensor *b, ct_tensor **out) {
  return guarded([&] {
    const auto &y = b->value;
    switch (op) {
      case CT_ADD: *out = wrap(at::add(y, a)); break;
      case CT_SUB: *out = wrap(at::rsub(y, a)); break;
      case CT_MUL: *out = wrap(at::mul(y, a)); break;
      case CT_DIV: *out = wrap(at::mul(at::reciprocal(y), a)); break;
      case CT_POW: *out = wrap(at::pow(at::Scalar(a), y)); break;
      default: *out = wrap(binary(op, at::scalar_tensor(a, y.options()), y));
    }
  });
}

int ct_leaky_relu(const ct_tensor *a, double slope, ct_tensor **out) {
  return guarded([&] { *out = wrap(at::leaky_relu(a->value, slope)); });
}

int ct_clamp(const ct_tensor *a, double low, double high, ct_tensor **out) {
  return guarded([&] { *out = wrap(at::clamp(a->value, low, high)); });
}

int ct_where(const ct_tensor *cond, const ct_tensor *a, const ct_tensor *b, ct_tensor **out) {
  return guarded([&] { *out = wrap(at::where(cond->value, a->value, b->value)); });
}

int ct_reduce(int op, const ct_tensor *a, const int64_t *d, int64_t ndims, int keepdim, ct_tensor **out) {
  return guarded([&] {
    const auto &x = a->value;
    bool keep = keepdim != 0;
    at::IntArrayRef all = ndims ? dims(d, ndims) : at::IntArrayRef();
    at::OptionalIntArrayRef over;
    if (ndims) over = all;
    switch (op) {
      case CT_SUM: *out = wrap(at::sum(x, over, keep)); break;
      case CT_MEAN: *out = wrap(at::mean(x, over, keep)); break;
      case CT_AMAX: *out = wrap(at::amax(x, all, keep)); break;
      case CT_AMIN: *out = wrap(at::amin(x, all, keep)); break;
      case CT_VAR: *out = wrap(at::var(x, over, /*correction=*/0, keep)); break;
      case CT_STD: *out = wrap(at::std(x, over, /*correction=*/0, keep)); break;
      case CT_PROD:
        TORCH_CHECK(ndims <= 1, "prod reduces over at most one dimension");
        *out = wrap(ndims ? at::prod(x, d[0], keep) : at::prod(x));
        break;
      default: TORCH_CHECK(false, "unknown reduction ", op);
    }
  });
}

int ct_argmax(const ct_tensor *a, int64_t dim, int keepdim, ct_tensor **out) {
  return guarded([&] { *out = wrap(at::argmax(a->value, dim, keepdim != 0)); });
}

int ct_matmul(const ct_tensor *a, const ct_tensor *b, ct_tensor **out) {
  return guarded([&] { *out = wrap(at::matmul(a->value, b->value)); });
}

int ct_conv2d(const ct_tensor *x, const ct_tensor *w, const ct_tensor *bias, int64_t sh, int64_t sw,
              int64_t ph, int64_t pw, int64_t dh, int64_t dw, int64_t groups, ct_tensor **out) {
  return guarded([&] {
    *out = wrap(at::conv2d(x->value, w->value, optional(bias), {sh, sw}, {ph, pw}, {dh, dw}, groups));
  });
}

int ct_onednn_conv2d(const ct_tensor *x, const ct_tensor *w, const ct_tensor *bias, int64_t sh,
                     int64_t sw, int64_t ph, int64_t pw, int64_t dh, int64_t dw, int64_t groups,
                     ct_tensor **out) {
  return guarded([&] {
    *out = wrap(at::mkldnn_convolution(x->value, w->value, optional(bias), {ph, pw}, {sh, sw}, {dh, dw}, groups));
  });
}

int ct_onednn_pack_conv2d_weight(const ct_tensor *w, int64_t sh, int64_t sw, int64_t ph, int64_t pw,
                                 int64_t dh, int64_t dw, int64_t groups, const int64_t *input_sizes,
                                 ct_tensor **out) {
  return guarded([&] {
    *out = wrap(at::mkldnn_reorder_conv2d_weight(w->value.contiguous().to_mkldnn(), {ph, pw}, {sh, sw}, {dh, dw},
                                                 groups, at::OptionalIntArrayRef(at::IntArrayRef(input_sizes, 4))));
  });
}

int ct_onednn_conv2d_packed(const ct_tensor *x, const ct_tensor *w, const ct_tensor *bias, int64_t sh,
                            int64_t sw, int64_t ph, int64_t pw, int64_t dh, int64_t dw, int64_t groups,
                            int activation, double alpha, ct_tensor **out) {
  return guarded([&] {
    static const auto op = c10::Dispatcher::singleton().findSchemaOrThrow("mkldnn::_convolution_pointwise", "");
    static const char *const names[] = {"none", "relu", "leaky_relu"};
    TORCH_CHECK(activation >= CT_CONV_NONE && activation <= CT_CONV_LEAKY_RELU, "unknown activation ", activation);
    c10::List<std::optional<at::Scalar>> scalars;
    if (activation == CT_CONV_LEAKY_RELU) scalars.push_back(at::Scalar(alpha));
    std::vector<c10::IValue> stack{x->value, w->value, optional(bias), std::vector<int64_t>{ph, pw},
                                   std::vector<int64_t>{sh, sw}, std::vector<int64_t>{dh, dw}, groups,
                                   std::string(names[activation]), scalars, c10::IValue()};
    op.callBoxed(&stack);
    *out = wrap(stack.at(0).toTensor());
  });
}

int ct_onednn_pack_linear_weight(const ct_tensor *w, int64_t batch_size, ct_tensor **out) {
  return guarded([&] {
    static const auto op = c10::Dispatcher::singleton().findSchemaOrThrow("mkldnn::_reorder_linear_weight", "");
    std::vector<c10::IValue> stack{w->value.contiguous(), batch_size};
    op.callBoxed(&stack);
    *out = wrap(stack.at(0).toTensor());
  });
}

int ct_onednn_linear_packed(const ct_tensor *x, const ct_tensor *w, const ct_tensor *bias, ct_tensor **out) {
  return guarded([&] {
    static const auto op = c10::Dispatcher::singleton().findSchemaOrThrow("mkldnn::_linear_pointwise", "");
    std::vector<c10::IValue> stack{x->value, w->value, optional(bias), std::string("none"),
                                   c10::List<std::optional<at::Scalar>>(), c10::IValue()};
    op.callBoxed(&stack);
    *out = wrap(stack.at(0).toTensor());
  });
}

int ct_conv_transpose2d(const ct_tensor *x, const ct_tensor *w, const ct_tensor *bias, int64_t sh,
                        int64_t sw, int64_t ph, int64_t pw, int64_t oph, int64_t opw, int64_t dh,
                        int64_t dw, int64_t groups, ct_tensor **out) {
  return guarded([&] {
    *out = wrap(at::conv_transpose2d(x->value, w->value, optional(bias), {sh, sw}, {ph, pw}, {oph, opw},
                                     groups, {dh, dw}));
  });
}

int ct_pad2d(const ct_tensor *x, int64_t left, int64_t right, int64_t top, int64_t bottom, double value,
             ct_tensor **out) {
  return guarded([&] { *out = wrap(at::constant_pad_nd(x->value, {left, right, top, bottom}, value)); });
}

int ct_pool2d(int mode, const ct_tensor *x, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph,
              int64_t pw, ct_tensor **out) {
  return guarded([&] {
    if (mode == CT_MAX_POOL) *out = wrap(at::max_pool2d(x->value, {kh, kw}, {sh, sw}, {ph, pw}));
    else *out = wrap(at::avg_pool2d(x->value, {kh, kw}, {sh, sw}, {ph, pw}, false, /*count_include_pad=*/false));
  });
}

int ct_resize(const ct_tensor *x, int mode, int64_t height, int64_t width, int align_corners, ct_tensor **out) {
  return guarded([&] {
    std::vector<int64_t> size{height, width};
    bool corners = align_corners != 0;
    switch (mode) {
      case CT_NEAREST: *out = wrap(at::upsample_nearest2d(x->value, size)); break;
      case CT_BILINEAR: *out = wrap(at::upsample_bilinear2d(x->value, size, corners)); break;
      case CT_BICUBIC: *out = wrap(at::upsample_bicubic2d(x->value, size, corners)); break;
      case CT_AREA: *out = wrap(at::adaptive_avg_pool2d(x->value, size)); break;
      default: TORCH_CHECK(false, "unknown resize mode ", mode);
    }
  });
}

int ct_pixel_shuffle(const ct_tensor *x, int64_t factor, ct_tensor **out) {
  return guarded([&] { *out = wrap(at::pixel_shuffle(x->value, factor)); });
}

int ct_pixel_unshuffle(const ct_tensor *x, int64_t factor, ct_tensor **out) {
  return guarded([&] { *out = wrap(at::pixel_unshuffle(x->value, factor)); });
}

int ct_reshape(const ct_tensor *a, const int64_t *shape, int64_t ndim, ct_tensor **out) {
  return guarded([&] { *out = wrap(at::reshape(a->value, dims(shape, ndim))); });
}

int ct_permute(const ct_tensor *a, const int64_t *d, int64_t ndim, ct_tensor **out) {
  return guarded([&] { *out = wrap(a->value.permute(dims(d, ndim))); });
}

int ct_expand(const ct_tensor *a, const int64_t *shape, int64_t ndim, ct_tensor **out) {
  return guarded([&] { *out = wrap(a->value.expand(dims(shape, ndim))); });
}

int ct_cat(const ct_tensor *const *tensors, int64_t count, int64_t dim, ct_tensor **out) {
  return guarded([&] { *out = wrap(at::cat(gather(tensors, count), dim)); });
}

int ct_stack(const ct_tensor *const *tensors, int64_t count, int64_t dim, ct_tensor **out) {
  return guarded([&] { *out = wrap(at::stack(gather(tensors, count), dim)); });
}

int ct_slice(const ct_tensor *a, int64_t dim, int64_t start, int64_t end, int64_t step, ct_tensor **out) {
  return guarded([&] { *out = wrap(a->value.slice(dim, start, end, step)); });
}

int ct_index_select(const ct_tensor *a, int64_t dim, const ct_tensor *index, ct_tensor **out) {
  return guarded([&] { *out = wrap(at::index_select(a->value, dim, index->value)); });
}

int ct_flip(const ct_tensor *a, const int64_t *d, int64_t ndims, ct_tensor **out) {
  return guarded([&] { *out = wrap(at::flip(a->value, dims(d, ndims))); });
}

}  // extern "C"
