// Contiguous element storage (64-byte aligned from 4 KiB) with global accounting (reported to V8 by
// native/napi) and a count of live tapes that saved it (Note [Mutation of saved tensors]).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

namespace adj {

struct Storage {
  void* data = nullptr;
  size_t bytes = 0;
  // Note [Mutation of saved tensors]: a tape node that saves a value increments `saved` on
  // the storage under it and decrements when the node is released, so an in-place write to
  // storage a live tape depends on is refused (MutationError) instead of silently changing
  // a gradient.
  int32_t saved = 0;

  explicit Storage(size_t nbytes);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
};

struct MemoryStats {
  int64_t bytes = 0;         // live storage bytes
  int64_t unreported = 0;    // change not yet reported to V8
};
MemoryStats& memory_stats();

}  // namespace adj
