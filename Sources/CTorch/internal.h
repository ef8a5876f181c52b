// Shared by the CTorch translation units; never exposed to Swift.
#pragma once
#include <ATen/ATen.h>
#include <exception>
#include <string>
#include <utility>
#include "ctorch.h"

struct ct_tensor {
  at::Tensor value;
};
struct ct_generator {
  at::Generator value;
};

namespace ctorch {

void set_last_error(std::string message);

/// Runs `body`, turning any C++ exception into a status and a per-thread message.
template <class Body> int guarded(Body &&body) {
  try {
    body();
    return 0;
  } catch (const c10::Error &e) {
    set_last_error(e.what_without_backtrace());
  } catch (const std::exception &e) {
    set_last_error(e.what());
  } catch (...) {
    set_last_error("unknown C++ exception in libtorch");
  }
  return 1;
}

inline ct_tensor *wrap(at::Tensor t) { return new ct_tensor{std::move(t)}; }
inline at::IntArrayRef dims(const int64_t *p, int64_t n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }
at::ScalarType scalar_type(int dtype);
int dtype_code(at::ScalarType type);
at::Device device(int type, int index);
inline std::optional<at::Generator> generator(ct_generator *g) {
  return g ? std::optional<at::Generator>(g->value) : std::nullopt;
}

}  // namespace ctorch
