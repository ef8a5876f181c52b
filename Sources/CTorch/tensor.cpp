// Tensor lifetime, metadata, creation, host copies, autograd and in-place updates.
#include "internal.h"
#include <c10/core/GradMode.h>
#include <cstring>

using namespace ctorch;

namespace {
at::TensorOptions options(int dtype, int device_type, int device_index) {
  return at::TensorOptions().dtype(scalar_type(dtype)).device(device(device_type, device_index));
}
}  // namespace

extern "C" {

void ct_free(ct_tensor *t) { delete t; }

int ct_dim(const ct_tensor *t, int64_t *dim) {
  return guarded([&] { *dim = t->value.dim(); });
}

int ct_sizes(const ct_tensor *t, int64_t *sizes, int64_t capacity) {
  return guarded([&] {
    auto s = t->value.sizes();
    for (int64_t i = 0; i < capacity && i < static_cast<int64_t>(s.size()); ++i) sizes[i] = s[i];
  });
}

int ct_get_dtype(const ct_tensor *t, int *dtype) {
  return guarded([&] { *dtype = dtype_code(t->value.scalar_type()); });
}

int ct_get_device(const ct_tensor *t, int *type, int *index) {
  return guarded([&] {
    auto d = t->value.device();
    *type = d.is_cuda() ? CT_CUDA : CT_CPU;
    *index = d.has_index() ? d.index() : 0;
  });
}

int ct_numel(const ct_tensor *t, int64_t *numel) {
  return guarded([&] { *numel = t->value.numel(); });
}

int ct_storage(const ct_tensor *t, uintptr_t *address, size_t *nbytes) {
  return guarded([&] {
    const auto &storage = t->value.storage();
    *address = reinterpret_cast<uintptr_t>(storage.data());
    *nbytes = storage.nbytes();
  });
}

int ct_shallow_copy(const ct_tensor *t, ct_tensor **out) {
  return guarded([&] { *out = wrap(t->value); });
}

int ct_full(const int64_t *shape, int64_t ndim, int dtype, int device_type, int device_index,
            double value, ct_tensor **out) {
  return guarded([&] {
    *out = wrap(at::full(dims(shape, ndim), value, options(dtype, device_type, device_index)));
  });
}

int ct_from_host(const void *data, size_t nbytes, const int64_t *shape, int64_t ndim, int dtype,
                 int device_type, int device_index, ct_tensor **out) {
  return guarded([&] {
    auto t = at::empty(dims(shape, ndim), options(dtype, CT_CPU, 0));
    size_t expected = t.numel() * t.element_size();
    TORCH_CHECK(expected == nbytes, "host buffer holds ", nbytes, " bytes but the shape needs ", expected);
    if (nbytes) std::memcpy(t.data_ptr(), data, nbytes);
    *out = wrap(device_type == CT_CPU ? t : t.to(device(device_type, device_index)));
  });
}

int ct_arange(double start, double end, double step, int dtype, int device_type, int device_index,
              ct_tensor **out) {
  return guarded([&] { *out = wrap(at::arange(start, end, step, options(dtype, device_type, device_index))); });
}

int ct_rand_uniform(const int64_t *shape, int64_t ndim, double low, double high, int dtype,
                    int device_type, int device_index, ct_generator *gen, ct_tensor **out) {
  return guarded([&] {
    auto t = at::empty(dims(shape, ndim), options(dtype, device_type, device_index));
    t.uniform_(low, high, generator(gen));
    *out = wrap(std::move(t));
  });
}

int ct_rand_normal(const int64_t *shape, int64_t ndim, double mean, double std, int dtype,
                   int device_type, int device_index, ct_generator *gen, ct_tensor **out) {
  return guarded([&] {
    auto t = at::empty(dims(shape, ndim), options(dtype, device_type, device_index));
    t.normal_(mean, std, generator(gen));
    *out = wrap(std::move(t));
  });
}

int ct_bernoulli(const ct_tensor *like, double p, ct_generator *gen, ct_tensor **out) {
  return guarded([&] {
    auto t = at::empty_like(like->value, at::MemoryFormat::Contiguous);
    t.bernoulli_(p, generator(gen));
    *out = wrap(std::move(t));
  });
}

int ct_randint(const int64_t *shape, int64_t ndim, int64_t low, int64_t high, ct_generator *gen,
               ct_tensor **out) {
  return guarded([&] {
    *out = wrap(at::randint(low, high, dims(shape, ndim), generator(gen), at::TensorOptions().dtype(at::kLong)));
  });
}

int ct_copy_to_host(const ct_tensor *t, void *data, size_t nbytes) {
  return guarded([&] {
    auto host = t->value.detach().to(at::kCPU).contiguous();
    size_t have = host.numel() * host.element_size();
    TORCH_CHECK(have == nbytes, "tensor holds ", have, " bytes but the host buffer has ", nbytes);
    if (nbytes) std::memcpy(data, host.data_ptr(), nbytes);
  });
}

int ct_item(const ct_tensor *t, double *value) {
  return guarded([&] { *value = t->value.item<double>(); });
}

int ct_to(const ct_tensor *t, int dtype, int device_type, int device_index, ct_tensor **out) {
  return guarded([&] {
    *out = wrap(t->value.to(device(device_type, device_index), scalar_type(dtype)));
  });
}

int ct_contiguous(const ct_tensor *t, ct_tensor **out) {
  return guarded([&] { *out = wrap(t->value.contiguous()); });
}

int ct_channels_last(const ct_tensor *t, ct_tensor **out) {
  return guarded([&] { *out = wrap(t->value.contiguous(at::MemoryFormat::ChannelsLast)); });
}

int ct_set_requires_grad(ct_tensor *t, int requires_grad) {
  return guarded([&] { t->value.requires_grad_(requires_grad != 0); });
}

int ct_requires_grad(const ct_tensor *t, int *requires_grad) {
  return guarded([&] { *requires_grad = t->value.requires_grad() ? 1 : 0; });
}

int ct_grad(const ct_tensor *t, ct_tensor **out) {
  return guarded([&] {
    const auto &g = t->value.grad();
    *out = g.defined() ? wrap(g) : nullptr;
  });
}

int ct_zero_grad(ct_tensor *t) {
  return guarded([&] { t->value.mutable_grad().reset(); });
}

int ct_backward(const ct_tensor *t, const ct_tensor *grad, int retain_graph) {
  return guarded([&] {
    t->value.backward(grad ? grad->value : at::Tensor(), retain_graph != 0);
  });
}

int ct_detach(const ct_tensor *t, ct_tensor **out) {
  return guarded([&] { *out = wrap(t->value.detach()); });
}

int ct_grad_enabled(int *enabled) {
  return guarded([&] { *enabled = c10::GradMode::is_enabled() ? 1 : 0; });
}

int ct_set_grad_enabled(int enabled, int *previous) {
  return guarded([&] {
    *previous = c10::GradMode::is_enabled() ? 1 : 0;
    c10::GradMode::set_enabled(enabled != 0);
  });
}

int ct_inplace(int op, ct_tensor *a, const ct_tensor *b) {
  return guarded([&] {
    auto &x = a->value;
    const auto &y = b->value;
    switch (op) {
      case CT_COPY_: x.copy_(y); break;
      case CT_ADD_: x.add_(y); break;
      case CT_SUB_: x.sub_(y); break;
      case CT_MUL_: x.mul_(y); break;
      case CT_DIV_: x.div_(y); break;
      default: TORCH_CHECK(false, "unknown in-place op ", op);
    }
  });
}

int ct_inplace_scalar(int op, ct_tensor *a, double b) {
  return guarded([&] {
    auto &x = a->value;
    switch (op) {
      case CT_COPY_: x.fill_(b); break;
      case CT_ADD_: x.add_(b); break;
      case CT_SUB_: x.sub_(b); break;
      case CT_MUL_: x.mul_(b); break;
      case CT_DIV_: x.div_(b); break;
      default: TORCH_CHECK(false, "unknown in-place op ", op);
    }
  });
}

int ct_relu_(ct_tensor *a) {
  return guarded([&] { a->value.relu_(); });
}

int ct_add_scaled_(ct_tensor *a, const ct_tensor *b, double alpha) {
  return guarded([&] { a->value.add_(b->value, alpha); });
}

int ct_addcmul_(ct_tensor *a, const ct_tensor *b, const ct_tensor *c, double value) {
  return guarded([&] { a->value.addcmul_(b->value, c->value, value); });
}

int ct_addcdiv_(ct_tensor *a, const ct_tensor *b, const ct_tensor *c, double value) {
  return guarded([&] { a->value.addcdiv_(b->value, c->value, value); });
}

}  // extern "C"
