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
  bool owns_data = true;  // false: the data lives in the same block (InlineStorage)

  explicit Storage(size_t nbytes);
  ~Storage();

 protected:
  // storage whose data lives in the same block (InlineStorage); not freed by ~Storage
  Storage(size_t nbytes, void* inline_data);

 public:
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
};

// Storage of at most kInlineBytes with its data in its own block (empty() makes it for small
// results): a scalar or tiny array takes one allocation instead of two, and its data shares the
// cache lines of the header an op touches anyway.
constexpr size_t kInlineBytes = 32;
struct InlineStorage : Storage {
  alignas(16) unsigned char buffer[kInlineBytes];
  explicit InlineStorage(size_t nbytes) : Storage(nbytes, buffer) {}
};

struct MemoryStats {
  int64_t bytes = 0;         // live storage bytes
  int64_t unreported = 0;    // change not yet reported to V8
};
MemoryStats& memory_stats();

}  // namespace adj
