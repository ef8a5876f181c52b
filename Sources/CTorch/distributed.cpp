// Distributed: c10d's TCPStore and the Gloo and NCCL process groups behind the C interface of
// ct_distributed.h.
#include "internal.h"
#include "ct_distributed.h"
#include <c10/util/Logging.h>
#include <chrono>
#include <cstdlib>
#include <dlfcn.h>
#include <torch/csrc/distributed/c10d/Backend.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>

// The torch wheel ships ProcessGroupGloo.hpp but not the gloo headers it includes, so the two
// entry points used here are declared as libtorch_cpu exports them. The object is only ever
// reached through its Backend base; `storage_` makes the allocation larger than libtorch's own
// object, whose constructor lays it out.
namespace c10d {
class TORCH_API ProcessGroupGloo : public Backend {
 public:
  struct TORCH_API Options : public Backend::Options {
    static c10::intrusive_ptr<Options> create_default(std::chrono::milliseconds timeout);
  };
  ProcessGroupGloo(const c10::intrusive_ptr<Store> &store, int rank, int size, c10::intrusive_ptr<Options> options);
  ~ProcessGroupGloo() override;

 private:
  unsigned char storage_[16384];
};
}  // namespace c10d

struct ct_process_group {
  c10::intrusive_ptr<c10d::Store> store;
  /// Gloo: CPU tensors always (and CUDA tensors when there is no NCCL backend).
  c10::intrusive_ptr<c10d::Backend> gloo;
  /// NCCL, for CUDA tensors; null in a Gloo group.
  c10::intrusive_ptr<c10d::Backend> nccl;
  c10::intrusive_ptr<c10d::ProcessGroup> group;
  std::chrono::milliseconds timeout;

  /// The backend that carries `tensor`.
  c10d::Backend &backend(const at::Tensor &tensor) const { return tensor.is_cuda() && nccl ? *nccl : *gloo; }
};

struct ct_reducer {
  std::unique_ptr<c10d::Reducer> value;
};

namespace {
std::vector<at::Tensor> unwrap(ct_tensor *const *tensors, int64_t count) {
  std::vector<at::Tensor> list;
  list.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) list.push_back(tensors[i]->value);
  return list;
}

void wait_all(std::vector<c10::intrusive_ptr<c10d::Work>> &works, std::chrono::milliseconds timeout) {
  for (auto &work : works) work->wait(timeout);
}

// ProcessGroupNCCL lives in libtorch_cuda.so, which this library does not link (the CPU build has
// no CUDA headers); ct_runtime_init loads it with RTLD_GLOBAL when it is installed. Its two
// constructors are found by their exported names and run on zeroed storage larger than
// libtorch's own objects, which are then owned through their Backend bases, as make_intrusive
// would (the same idea as the ProcessGroupGloo declaration above).
constexpr size_t kNcclOptionsBytes = 16384, kNcclGroupBytes = 65536;
constexpr const char *kNcclOptionsConstructor = "_ZN4c10d16ProcessGroupNCCL7OptionsC1Eb";
constexpr const char *kNcclGroupConstructor =
    "_ZN4c10d16ProcessGroupNCCLC1EN3c1013intrusive_ptrINS_5StoreENS1_6detail34intrusive_target_default_null_"
    "typeIS3_EEEEiiNS2_INS0_7OptionsENS5_IS8_EEEE";
using NcclOptionsConstructor = void (*)(void *self, bool is_high_priority_stream);
using NcclGroupConstructor = void (*)(void *self, c10::intrusive_ptr<c10d::Store> store, int rank, int size,
                                      c10::intrusive_ptr<c10d::Backend::Options> options);

/// Runs `construct` on fresh zeroed storage of `bytes`; frees it when the constructor throws.
template <typename Base, typename Construct>
c10::intrusive_ptr<Base> constructed(size_t bytes, Construct construct) {
  void *storage = std::calloc(1, bytes);
  TORCH_CHECK(storage != nullptr, "out of memory");
  try {
    construct(storage);
  } catch (...) {
    std::free(storage);
    throw;
  }
  return c10::intrusive_ptr<Base>::unsafe_steal_from_new(static_cast<Base *>(storage));
}

c10::intrusive_ptr<c10d::Backend> make_nccl(const c10::intrusive_ptr<c10d::Store> &store, int rank, int world_size,
                                            std::chrono::milliseconds timeout) {
  auto options_constructor = reinterpret_cast<NcclOptionsConstructor>(dlsym(RTLD_DEFAULT, kNcclOptionsConstructor));
  auto group_constructor = reinterpret_cast<NcclGroupConstructor>(dlsym(RTLD_DEFAULT, kNcclGroupConstructor));
  TORCH_CHECK(options_constructor != nullptr && group_constructor != nullptr,
              "the NCCL backend is in libtorch's CUDA libraries, which are not installed: run scripts/bootstrap --cuda, "
              "or use the gloo backend");
  auto options = constructed<c10d::Backend::Options>(kNcclOptionsBytes, [&](void *self) { options_constructor(self, false); });
  options->timeout = timeout;
  return constructed<c10d::Backend>(kNcclGroupBytes, [&](void *self) {
    group_constructor(self, c10::make_intrusive<c10d::PrefixStore>("cuda", store), rank, world_size, options);
  });
}
}  // namespace

extern "C" {

int ct_process_group_new(int backend, const char *master_address, int port, int rank, int world_size,
                         int64_t timeout_ms, ct_process_group **out) {
  return ctorch::guarded([&] {
    std::chrono::milliseconds timeout(timeout_ms);
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(port);
    options.isServer = rank == 0;
    options.numWorkers = static_cast<std::size_t>(world_size);
    options.waitWorkers = false;
    options.timeout = timeout;
    auto tcp = c10::make_intrusive<c10d::TCPStore>(master_address, options);
    auto store = c10::make_intrusive<c10d::PrefixStore>("masque", tcp);
    c10::intrusive_ptr<c10d::Backend> gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(
        store, rank, world_size, c10d::ProcessGroupGloo::Options::create_default(timeout));
    auto nccl = backend == CT_NCCL ? make_nccl(store, rank, world_size, timeout) : c10::intrusive_ptr<c10d::Backend>();
    auto group = c10::make_intrusive<c10d::ProcessGroup>(store, rank, world_size);
    using Type = c10d::ProcessGroup::BackendType;
    group->setBackend(c10::DeviceType::CPU, Type::GLOO, gloo);
    group->setBackend(c10::DeviceType::CUDA, nccl ? Type::NCCL : Type::GLOO, nccl ? nccl : gloo);
    group->setDefaultBackend(nccl ? Type::NCCL : Type::GLOO);
    *out = new ct_process_group{store, gloo, nccl, group, timeout};
  });
}

void ct_process_group_free(ct_process_group *group) { delete group; }

int ct_all_reduce_sum(ct_process_group *group, ct_tensor *const *tensors, int64_t count) {
  return ctorch::guarded([&] {
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    for (auto &tensor : unwrap(tensors, count)) {
      std::vector<at::Tensor> one{tensor};
      c10d::AllreduceOptions options;
      options.reduceOp = c10d::ReduceOp::SUM;
      options.timeout = group->timeout;
      works.push_back(group->backend(tensor).allreduce(one, options));
    }
    wait_all(works, group->timeout);
  });
}

int ct_broadcast(ct_process_group *group, ct_tensor *const *tensors, int64_t count, int root) {
  return ctorch::guarded([&] {
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    for (auto &tensor : unwrap(tensors, count)) {
      std::vector<at::Tensor> one{tensor};
      c10d::BroadcastOptions options;
      options.rootRank = root;
      options.timeout = group->timeout;
      works.push_back(group->backend(tensor).broadcast(one, options));
    }
    wait_all(works, group->timeout);
  });
}

int ct_barrier(ct_process_group *group) {
  return ctorch::guarded([&] {
    c10d::BarrierOptions options;
    options.timeout = group->timeout;
    group->gloo->barrier(options)->wait(group->timeout);
  });
}

int ct_reducer_new(ct_process_group *group, ct_tensor *const *params, int64_t count, int64_t bucket_bytes,
                   ct_reducer **out) {
  return ctorch::guarded([&] {
    auto tensors = unwrap(params, count);
    std::vector<at::Tensor> reversed(tensors.rbegin(), tensors.rend());
    std::vector<int64_t> order(tensors.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(order.size() - 1 - i);
    auto [buckets, limits] = c10d::compute_bucket_assignment_by_size(
        reversed, {static_cast<size_t>(bucket_bytes)}, std::vector<bool>(tensors.size(), false), order);
    std::vector<int64_t> caps(limits.begin(), limits.end());
    auto reducer = std::make_unique<c10d::Reducer>(
        tensors, std::move(buckets), group->group, std::vector<bool>(tensors.size(), false), bucket_bytes,
        /*find_unused_parameters=*/true, /*gradient_as_bucket_view=*/false, std::unordered_map<size_t, std::string>{},
        /*first_bucket_bytes_cap=*/bucket_bytes, /*skip_all_reduce_unused_params=*/false, /*use_python_reducer=*/false,
        std::move(caps));
    *out = new ct_reducer{std::move(reducer)};
  });
}

void ct_reducer_free(ct_reducer *reducer) { delete reducer; }

int ct_reducer_prepare(ct_reducer *reducer, const ct_tensor *output) {
  return ctorch::guarded([&] { reducer->value->prepare_for_backward({output->value}); });
}

int ct_set_log_level(int level) {
  return ctorch::guarded([&] { FLAGS_caffe2_log_level = level; });
}

}  // extern "C"
