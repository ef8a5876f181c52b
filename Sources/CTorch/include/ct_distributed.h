// CTorch's distributed part: libtorch's own c10d process groups (a TCPStore rendezvous, the
// Gloo backend for CPU tensors and, when libtorch's CUDA libraries are installed, NCCL for CUDA
// tensors) for data-parallel training. Same conventions as ctorch.h: a status per call, the
// message from ct_last_error(), opaque handles, no C++ type.
#ifndef CT_DISTRIBUTED_H
#define CT_DISTRIBUTED_H

#include <stdint.h>
#include "ctorch.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_process_group ct_process_group;
typedef struct ct_reducer ct_reducer;

/// c10d backends; the numbering is part of the ABI with Swift's ProcessGroup.Backend.
enum ct_backend { CT_GLOO = 0, CT_NCCL = 1 };

/// Joins a group of `world_size` processes: rank 0 hosts a TCPStore on `port`, every rank
/// connects to it at `master_address`, then the backends connect all ranks through it: Gloo
/// always (CPU tensors, barriers; CUDA tensors too in a Gloo group), and with CT_NCCL also NCCL,
/// which then carries the CUDA tensors (an error when libtorch's CUDA libraries are missing).
/// `timeout_ms` bounds the rendezvous and every later collective.
int ct_process_group_new(int backend, const char *master_address, int port, int rank, int world_size,
                         int64_t timeout_ms, ct_process_group **out);
void ct_process_group_free(ct_process_group *group);
/// Sums each tensor across all ranks, in place, and waits for the results.
int ct_all_reduce_sum(ct_process_group *group, ct_tensor *const *tensors, int64_t count);
/// Overwrites each tensor with rank `root`'s and waits.
int ct_broadcast(ct_process_group *group, ct_tensor *const *tensors, int64_t count, int root);
/// Waits until every rank reaches the barrier.
int ct_barrier(ct_process_group *group);
/// c10d's Reducer, the gradient engine of PyTorch's DistributedDataParallel, over `params`
/// (leaf tensors that require gradients): they are assigned to buckets of about `bucket_bytes`
/// in reverse order, and each bucket is averaged across the group by an asynchronous all-reduce
/// launched from the autograd hooks as soon as its last gradient is accumulated, so the
/// communication overlaps the rest of the backward pass; the backward pass returns once all
/// buckets are averaged and copied back into the parameters' `.grad`.
int ct_reducer_new(ct_process_group *group, ct_tensor *const *params, int64_t count, int64_t bucket_bytes,
                   ct_reducer **out);
void ct_reducer_free(ct_reducer *reducer);
/// Arms the reducer for the next backward pass from `output`: parameters that `output` does
/// not depend on count as ready (their gradient averages others' or zero).
int ct_reducer_prepare(ct_reducer *reducer, const ct_tensor *output);
/// Sets the threshold of libtorch's own log lines on standard error, c10d's included
/// (c10's caffe2_log_level: 0 info, 1 warning, 2 error, 3 fatal only).
int ct_set_log_level(int level);

#ifdef __cplusplus
}
#endif

#endif
