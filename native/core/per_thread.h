// Per-thread state (Node worker threads each load the addon into the same process, so core
// state cannot be plain globals). Note [Per-thread access]: a general-dynamic thread_local in
// a dlopen'ed library costs a __tls_get_addr call per access, ~14 of them per op; here each
// kind of state sits behind one initial-exec pointer (8 bytes of static TLS, a plain %fs load)
// and the owning general-dynamic thread_local is touched only once per thread.
#pragma once
#include <memory>

namespace adj {

// The first access on a thread: makes the state (kept out of line, so that the fast path
// below inlines into every caller as one TLS load and a test).
template <class T>
[[gnu::noinline]] T& per_thread_make(T*& fast) {
  static thread_local std::unique_ptr<T> owner;  // frees the state when the thread ends
  owner = std::make_unique<T>();
  fast = owner.get();
  return *fast;
}

template <class T>
[[gnu::always_inline]] inline T& per_thread() {
  static thread_local T* fast __attribute__((tls_model("initial-exec"))) = nullptr;
  if (__builtin_expect(fast != nullptr, 1)) return *fast;
  return per_thread_make<T>(fast);
}

}  // namespace adj
