// Distributed: c10d's TCPStore and Gloo process group behind the C interface of ct_distributed.h.
#include "internal.h"
#include "ct_distributed.h"
#include <c10/util/Logging.h>
#include <chrono>
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
  c10::intrusive_ptr<c10d::Backend> backend;
  c10::intrusive_ptr<c10d::ProcessGroup> group;
  std::chrono::milliseconds timeout;
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
}  // namespace

extern "C" {

int ct_process_group_new(int backend, const char *master_address, int port, int rank, int world_size,
                         int64_t timeout_ms, ct_process_group **out) {
  return ctorch::guarded([&] {
    TORCH_CHECK(backend == CT_GLOO, "the NCCL backend is not available in this build (libtorch's CPU library holds Gloo only)");
    std::chrono::milliseconds timeout(timeout_ms);
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(port);
    options.isServer = rank == 0;
    options.numWorkers = static_cast<std::size_t>(world_size);
    options.waitWorkers = false;
    options.timeout = timeout;
    auto tcp = c10::make_intrusive<c10d::TCPStore>(master_address, options);
    auto store = c10::make_intrusive<c10d::PrefixStore>("masque", tcp);
    auto gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(
        store, rank, world_size, c10d::ProcessGroupGloo::Options::create_default(timeout));
    auto group = c10::make_intrusive<c10d::ProcessGroup>(store, rank, world_size);
    group->setBackend(c10::DeviceType::CPU, c10d::ProcessGroup::BackendType::GLOO, gloo);
    group->setDefaultBackend(c10d::ProcessGroup::BackendType::GLOO);
    *out = new ct_process_group{store, gloo, group, timeout};
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
      works.push_back(group->backend->allreduce(one, options));
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
      works.push_back(group->backend->broadcast(one, options));
    }
    wait_all(works, group->timeout);
  });
}

int ct_barrier(ct_process_group *group) {
  return ctorch::guarded([&] {
    c10d::BarrierOptions options;
    options.timeout = group->timeout;
    group->backend->barrier(options)->wait(group->timeout);
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
