// Runtime: errors, CUDA library loading, versions, threads, seeds and generators.
#include "internal.h"
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <ATen/CPUGeneratorImpl.h>
#include <dlfcn.h>
#include <mutex>
#if __has_include(<torch/headeronly/version.h>)
#include <torch/headeronly/version.h>
#else
#include <torch/version.h>
#endif

namespace {
thread_local std::string last_error;
}

namespace ctorch {
void set_last_error(std::string message) { last_error = std::move(message); }

at::ScalarType scalar_type(int dtype) {
  switch (dtype) {
    case CT_F32: return at::kFloat;
    case CT_F16: return at::kHalf;
    case CT_BF16: return at::kBFloat16;
    case CT_U8: return at::kByte;
    case CT_I64: return at::kLong;
    case CT_BOOL: return at::kBool;
    case CT_I32: return at::kInt;
    case CT_F64: return at::kDouble;
  }
  throw std::invalid_argument("unknown dtype code " + std::to_string(dtype));
}

int dtype_code(at::ScalarType type) {
  switch (type) {
    case at::kFloat: return CT_F32;
    case at::kHalf: return CT_F16;
    case at::kBFloat16: return CT_BF16;
    case at::kByte: return CT_U8;
    case at::kLong: return CT_I64;
    case at::kBool: return CT_BOOL;
    case at::kInt: return CT_I32;
    case at::kDouble: return CT_F64;
    default: throw std::invalid_argument(std::string("unsupported dtype ") + c10::toString(type));
  }
}

at::Device device(int type, int index) {
  if (type == CT_CPU) return at::Device(at::kCPU);
  if (type == CT_CUDA) return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(index));
  throw std::invalid_argument("unknown device type " + std::to_string(type));
}
}  // namespace ctorch

using namespace ctorch;

extern "C" {

const char *ct_last_error(void) { return last_error.c_str(); }

int ct_runtime_init(int *cuda_loaded) {
  static std::once_flag once;
  static bool loaded = false;
  return guarded([&] {
    std::call_once(once, [] {
      // libtorch_cuda registers CUDA kernels from its static initialisers; it sits next to
      // libtorch_cpu when the CUDA libraries were installed (scripts/bootstrap --cuda).
      Dl_info info{};
      if (dladdr(reinterpret_cast<void *>(&at::globalContext), &info) && info.dli_fname) {
        std::string path(info.dli_fname);
        auto slash = path.rfind('/');
        std::string folder = slash == std::string::npos ? "." : path.substr(0, slash);
        loaded = dlopen((folder + "/libtorch_cuda.so").c_str(), RTLD_NOW | RTLD_GLOBAL) != nullptr;
      }
    });
    *cuda_loaded = loaded ? 1 : 0;
  });
}

int ct_cuda_device_count(int *count) {
  return guarded([&] {
    auto &hooks = at::detail::getCUDAHooks();
    *count = hooks.hasCUDA() ? static_cast<int>(hooks.deviceCount()) : 0;
  });
}

int ct_cuda_memory(int device_index, uint64_t *free_bytes, uint64_t *total_bytes) {
  return guarded([&] {
    // The CUDA runtime that libtorch_cuda loaded, looked up by name so the CPU build needs no
    // CUDA headers: cudaGetDevice / cudaSetDevice / cudaMemGetInfo return 0 on success.
    using GetDevice = int (*)(int *);
    using SetDevice = int (*)(int);
    using MemGetInfo = int (*)(size_t *, size_t *);
    auto get = reinterpret_cast<GetDevice>(dlsym(RTLD_DEFAULT, "cudaGetDevice"));
    auto set = reinterpret_cast<SetDevice>(dlsym(RTLD_DEFAULT, "cudaSetDevice"));
    auto info = reinterpret_cast<MemGetInfo>(dlsym(RTLD_DEFAULT, "cudaMemGetInfo"));
    TORCH_CHECK(get && set && info, "the CUDA runtime is not loaded");
    int previous = 0;
    TORCH_CHECK(get(&previous) == 0 && set(device_index) == 0, "cannot select CUDA device ", device_index);
    size_t free = 0, total = 0;
    int status = info(&free, &total);
    set(previous);
    TORCH_CHECK(status == 0, "cudaMemGetInfo failed with status ", status);
    *free_bytes = free;
    *total_bytes = total;
  });
}

int ct_version(const char **version) {
  return guarded([&] { *version = TORCH_VERSION; });
}

int ct_set_num_threads(int threads) {
  return guarded([&] { at::set_num_threads(threads); });
}

int ct_get_num_threads(int *threads) {
  return guarded([&] { *threads = at::get_num_threads(); });
}

int ct_has_onednn(int *available) {
  return guarded([&] {
    auto &dispatcher = c10::Dispatcher::singleton();
    bool fused = true;
    for (const char *name : {"mkldnn::_convolution_pointwise", "mkldnn::_reorder_linear_weight", "mkldnn::_linear_pointwise"}) {
      fused = fused && dispatcher.findSchema({name, ""}).has_value();
    }
    *available = at::hasMKLDNN() && fused ? 1 : 0;
  });
}

int ct_manual_seed(uint64_t seed) {
  return guarded([&] { at::manual_seed(seed); });
}

int ct_generator_new(uint64_t seed, int device_type, int device_index, ct_generator **out) {
  return guarded([&] {
    at::Generator gen = device_type == CT_CUDA
        ? at::detail::getCUDAHooks().getNewGenerator(static_cast<c10::DeviceIndex>(device_index))
        : at::make_generator<at::CPUGeneratorImpl>(seed);
    gen.set_current_seed(seed);
    *out = new ct_generator{std::move(gen)};
  });
}

void ct_generator_free(ct_generator *gen) { delete gen; }

int ct_generator_get_state(ct_generator *gen, ct_tensor **out) {
  return guarded([&] {
    std::lock_guard<std::mutex> lock(gen->value.mutex());
    *out = wrap(gen->value.get_state());
  });
}

int ct_generator_set_state(ct_generator *gen, const ct_tensor *state) {
  return guarded([&] {
    std::lock_guard<std::mutex> lock(gen->value.mutex());
    gen->value.set_state(state->value);
  });
}

}  // extern "C"
