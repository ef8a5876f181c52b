// CTorch: a thin C interface over libtorch (ATen + autograd).
// Every function returns a status (0 = success); on failure the message is available from
// ct_last_error() on the same thread. Tensors and generators are opaque handles owned by
// the caller and released with ct_free / ct_generator_free. No C++ type appears here.
#ifndef CTORCH_H
#define CTORCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_tensor ct_tensor;
typedef struct ct_generator ct_generator;

/// Element types; the numbering is part of the ABI with Swift's DType.
enum ct_dtype { CT_F32 = 0, CT_F16 = 1, CT_BF16 = 2, CT_U8 = 3, CT_I64 = 4, CT_BOOL = 5, CT_I32 = 6, CT_F64 = 7 };
enum ct_device_type { CT_CPU = 0, CT_CUDA = 1 };

enum ct_unary_op {
  CT_NEG, CT_EXP, CT_LOG, CT_LOG1P, CT_SQRT, CT_RSQRT, CT_ABS, CT_RELU, CT_SIGMOID, CT_TANH,
  CT_SIN, CT_COS, CT_SQUARE, CT_SIGN, CT_FLOOR, CT_ROUND, CT_RECIPROCAL, CT_LOGICAL_NOT
};
enum ct_binary_op {
  CT_ADD, CT_SUB, CT_MUL, CT_DIV, CT_POW, CT_MAXIMUM, CT_MINIMUM,
  CT_EQ, CT_NE, CT_LT, CT_LE, CT_GT, CT_GE
};
enum ct_reduce_op { CT_SUM, CT_MEAN, CT_AMAX, CT_AMIN, CT_VAR, CT_STD, CT_PROD };
enum ct_inplace_op { CT_COPY_, CT_ADD_, CT_SUB_, CT_MUL_, CT_DIV_ };
enum ct_resize_mode { CT_NEAREST = 0, CT_BILINEAR = 1, CT_BICUBIC = 2, CT_AREA = 3 };
enum ct_pool_mode { CT_MAX_POOL = 0, CT_AVG_POOL = 1 };

/// The message of the last failed call on this thread ("" if none).
const char *ct_last_error(void);

// Runtime ---------------------------------------------------------------------------------
/// Loads libtorch_cuda.so from libtorch's folder when present (idempotent). Sets *cuda_loaded.
int ct_runtime_init(int *cuda_loaded);
/// Number of CUDA devices usable now (0 without the CUDA library or a GPU).
int ct_cuda_device_count(int *count);
/// Free and total memory of CUDA device `device_index` in bytes (cudaMemGetInfo).
int ct_cuda_memory(int device_index, uint64_t *free_bytes, uint64_t *total_bytes);
int ct_version(const char **version);
int ct_set_num_threads(int threads);
int ct_get_num_threads(int *threads);
/// Whether this libtorch was built with oneDNN (MKL-DNN) CPU kernels, its fused pointwise
/// convolution and packed linear layer (mkldnn::_convolution_pointwise, _reorder_linear_weight,
/// _linear_pointwise) included.
int ct_has_onednn(int *available);
int ct_manual_seed(uint64_t seed);

// Lifetime and metadata ---------------------------------------------------------------------
void ct_free(ct_tensor *t);
int ct_dim(const ct_tensor *t, int64_t *dim);
/// Writes min(dim, capacity) sizes.
int ct_sizes(const ct_tensor *t, int64_t *sizes, int64_t capacity);
int ct_get_dtype(const ct_tensor *t, int *dtype);
int ct_get_device(const ct_tensor *t, int *type, int *index);
int ct_numel(const ct_tensor *t, int64_t *numel);
int ct_shallow_copy(const ct_tensor *t, ct_tensor **out);
/// The address and size in bytes of the storage the tensor views (shared by its views).
int ct_storage(const ct_tensor *t, uintptr_t *address, size_t *nbytes);

// Creation --------------------------------------------------------------------------------
int ct_full(const int64_t *shape, int64_t ndim, int dtype, int device_type, int device_index,
            double value, ct_tensor **out);
/// Copies `nbytes` from host memory into a new tensor of the given shape, dtype and device.
int ct_from_host(const void *data, size_t nbytes, const int64_t *shape, int64_t ndim, int dtype,
                 int device_type, int device_index, ct_tensor **out);
int ct_arange(double start, double end, double step, int dtype, int device_type, int device_index,
              ct_tensor **out);
/// Uniform [low, high) or normal(mean, std) samples; `gen` may be NULL (global generator).
int ct_rand_uniform(const int64_t *shape, int64_t ndim, double low, double high, int dtype,
                    int device_type, int device_index, ct_generator *gen, ct_tensor **out);
int ct_rand_normal(const int64_t *shape, int64_t ndim, double mean, double std, int dtype,
                   int device_type, int device_index, ct_generator *gen, ct_tensor **out);
/// 1 with probability p, else 0, shaped like `like`.
int ct_bernoulli(const ct_tensor *like, double p, ct_generator *gen, ct_tensor **out);
/// Random integers in [low, high) as int64.
int ct_randint(const int64_t *shape, int64_t ndim, int64_t low, int64_t high, ct_generator *gen,
               ct_tensor **out);

// Generators --------------------------------------------------------------------------------
int ct_generator_new(uint64_t seed, int device_type, int device_index, ct_generator **out);
void ct_generator_free(ct_generator *gen);
/// The generator's full state as a uint8 tensor, and back.
int ct_generator_get_state(ct_generator *gen, ct_tensor **out);
int ct_generator_set_state(ct_generator *gen, const ct_tensor *state);

// Host copies and conversion ----------------------------------------------------------------
/// Copies the tensor (any device, made contiguous) into host memory of exactly `nbytes`.
int ct_copy_to_host(const ct_tensor *t, void *data, size_t nbytes);
int ct_item(const ct_tensor *t, double *value);
int ct_to(const ct_tensor *t, int dtype, int device_type, int device_index, ct_tensor **out);
int ct_contiguous(const ct_tensor *t, ct_tensor **out);
/// A copy laid out channels-last (NHWC strides) for a 4-D tensor, the layout oneDNN convolutions prefer.
int ct_channels_last(const ct_tensor *t, ct_tensor **out);

// Element-wise ------------------------------------------------------------------------------
int ct_unary(int op, const ct_tensor *a, ct_tensor **out);
int ct_binary(int op, const ct_tensor *a, const ct_tensor *b, ct_tensor **out);
int ct_binary_scalar(int op, const ct_tensor *a, double b, ct_tensor **out);
/// b op a, for scalar-first forms such as 1 - x.
int ct_scalar_binary(int op, double a, const ct_tensor *b, ct_tensor **out);
int ct_leaky_relu(const ct_tensor *a, double slope, ct_tensor **out);
int ct_clamp(const ct_tensor *a, double low, double high, ct_tensor **out);
int ct_where(const ct_tensor *cond, const ct_tensor *a, const ct_tensor *b, ct_tensor **out);

// Reductions --------------------------------------------------------------------------------
/// Reduces over `dims` (all dimensions when ndims == 0).
int ct_reduce(int op, const ct_tensor *a, const int64_t *dims, int64_t ndims, int keepdim,
              ct_tensor **out);
int ct_argmax(const ct_tensor *a, int64_t dim, int keepdim, ct_tensor **out);

// Linear algebra and convolution ------------------------------------------------------------
int ct_matmul(const ct_tensor *a, const ct_tensor *b, ct_tensor **out);
/// NCHW input, OIHW weight, optional bias; symmetric padding (ph, pw).
int ct_conv2d(const ct_tensor *x, const ct_tensor *w, const ct_tensor *bias, int64_t sh, int64_t sw,
              int64_t ph, int64_t pw, int64_t dh, int64_t dw, int64_t groups, ct_tensor **out);
/// ct_conv2d run by oneDNN whatever the sizes and thread count (CPU float tensors only).
int ct_onednn_conv2d(const ct_tensor *x, const ct_tensor *w, const ct_tensor *bias, int64_t sh,
                     int64_t sw, int64_t ph, int64_t pw, int64_t dh, int64_t dw, int64_t groups,
                     ct_tensor **out);
/// `w` (OIHW) reordered once into the layout oneDNN's convolution picks for inputs of shape
/// `input_sizes` (4 values, NCHW) and this geometry, so ct_onednn_conv2d_packed skips the
/// reorder it would otherwise make on every call (libtorch's mkldnn_reorder_conv2d_weight).
int ct_onednn_pack_conv2d_weight(const ct_tensor *w, int64_t sh, int64_t sw, int64_t ph, int64_t pw,
                                 int64_t dh, int64_t dw, int64_t groups, const int64_t *input_sizes,
                                 ct_tensor **out);
/// oneDNN activations fused into ct_onednn_conv2d_packed's output; the numbering is part of the
/// ABI with Swift's ConvolutionActivation.
enum ct_conv_activation { CT_CONV_NONE = 0, CT_CONV_RELU = 1, CT_CONV_LEAKY_RELU = 2 };
/// ct_onednn_conv2d with a weight from ct_onednn_pack_conv2d_weight (for the same input shape)
/// and `activation` (slope `alpha` for leaky ReLU) applied in the same pass (libtorch's
/// mkldnn::_convolution_pointwise). CPU float tensors only.
int ct_onednn_conv2d_packed(const ct_tensor *x, const ct_tensor *w, const ct_tensor *bias, int64_t sh,
                            int64_t sw, int64_t ph, int64_t pw, int64_t dh, int64_t dw, int64_t groups,
                            int activation, double alpha, ct_tensor **out);
/// A linear layer's `w` (out_features, in_features) reordered once into the layout oneDNN's
/// matrix product picks for `batch_size` rows (libtorch's mkldnn::_reorder_linear_weight).
int ct_onednn_pack_linear_weight(const ct_tensor *w, int64_t batch_size, ct_tensor **out);
/// `x` (rows, in_features) times a weight from ct_onednn_pack_linear_weight, transposed, plus
/// the optional bias (libtorch's mkldnn::_linear_pointwise). CPU float tensors only.
int ct_onednn_linear_packed(const ct_tensor *x, const ct_tensor *w, const ct_tensor *bias, ct_tensor **out);
/// NCHW input, (in, out/groups, kh, kw) weight; PyTorch padding/output_padding semantics.
int ct_conv_transpose2d(const ct_tensor *x, const ct_tensor *w, const ct_tensor *bias, int64_t sh,
                        int64_t sw, int64_t ph, int64_t pw, int64_t oph, int64_t opw, int64_t dh,
                        int64_t dw, int64_t groups, ct_tensor **out);
/// Constant zero-or-value padding of the last two dims: left, right, top, bottom.
int ct_pad2d(const ct_tensor *x, int64_t left, int64_t right, int64_t top, int64_t bottom,
             double value, ct_tensor **out);
int ct_pool2d(int mode, const ct_tensor *x, int64_t kh, int64_t kw, int64_t sh, int64_t sw,
              int64_t ph, int64_t pw, ct_tensor **out);
/// Resizes the last two dims of an NCHW tensor to (height, width).
int ct_resize(const ct_tensor *x, int mode, int64_t height, int64_t width, int align_corners,
              ct_tensor **out);
/// DFL's FRN then TLU in one autograd operation: max(x · weight · rsqrt(mean_{H,W}(x²) + |eps|) + bias,
/// tau) per sample and channel of an NCHW input; weight, bias, tau (C), eps (1).
int ct_frn_tlu(const ct_tensor *x, const ct_tensor *weight, const ct_tensor *bias, const ct_tensor *eps,
               const ct_tensor *tau, ct_tensor **out);
int ct_pixel_shuffle(const ct_tensor *x, int64_t factor, ct_tensor **out);
int ct_pixel_unshuffle(const ct_tensor *x, int64_t factor, ct_tensor **out);

// Shape -------------------------------------------------------------------------------------
int ct_reshape(const ct_tensor *a, const int64_t *shape, int64_t ndim, ct_tensor **out);
int ct_permute(const ct_tensor *a, const int64_t *dims, int64_t ndim, ct_tensor **out);
int ct_expand(const ct_tensor *a, const int64_t *shape, int64_t ndim, ct_tensor **out);
int ct_cat(const ct_tensor *const *tensors, int64_t count, int64_t dim, ct_tensor **out);
int ct_stack(const ct_tensor *const *tensors, int64_t count, int64_t dim, ct_tensor **out);
int ct_slice(const ct_tensor *a, int64_t dim, int64_t start, int64_t end, int64_t step, ct_tensor **out);
int ct_index_select(const ct_tensor *a, int64_t dim, const ct_tensor *index, ct_tensor **out);
int ct_flip(const ct_tensor *a, const int64_t *dims, int64_t ndims, ct_tensor **out);

// Autograd ----------------------------------------------------------------------------------
int ct_set_requires_grad(ct_tensor *t, int requires_grad);
int ct_requires_grad(const ct_tensor *t, int *requires_grad);
/// The accumulated gradient; *out is NULL when none has been computed.
int ct_grad(const ct_tensor *t, ct_tensor **out);
int ct_zero_grad(ct_tensor *t);
/// Backpropagates from `t`; `grad` may be NULL for a scalar.
int ct_backward(const ct_tensor *t, const ct_tensor *grad, int retain_graph);
int ct_detach(const ct_tensor *t, ct_tensor **out);
/// Sets whether operations on this thread record gradients; writes the previous setting.
int ct_set_grad_enabled(int enabled, int *previous);
/// Whether operations on this thread record gradients.
int ct_grad_enabled(int *enabled);

// In-place updates (for optimizers and loading) ---------------------------------------------
int ct_inplace(int op, ct_tensor *a, const ct_tensor *b);
int ct_inplace_scalar(int op, ct_tensor *a, double b);
/// a = relu(a), in place.
int ct_relu_(ct_tensor *a);
/// a += alpha * b
int ct_add_scaled_(ct_tensor *a, const ct_tensor *b, double alpha);
/// a += value * b * c
int ct_addcmul_(ct_tensor *a, const ct_tensor *b, const ct_tensor *c, double value);
/// a += value * b / c
int ct_addcdiv_(ct_tensor *a, const ct_tensor *b, const ct_tensor *c, double value);

#ifdef __cplusplus
}
#endif
#endif
