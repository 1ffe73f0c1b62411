#include "core/per_thread.h"
#include "napi/handles.h"

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/level.h"

namespace adj::napi {

namespace {
constexpr double kSlotSpan = 16777216.0;  // 2^24 slots; generations above
constexpr uint32_t kGenMask = (1u << 28) - 1;
// Note [Short handles]: V8 keeps a number below 2^30 as a small integer and any other as a heap
// object, allocated on every op that returns one. So the handle of a concrete value given to
// JS is short: slot + (gen mod 64)·2^24 < 2^30. JS never keeps a released concrete handle
// (dispose and tidy reset the Tensor's, and its finalizer runs once the Tensor is unreachable),
// so the short generation only guards against mistakes. The handles that do outlive their
// value — of level values, used after the level closed, and the ones finalizers and levels
// keep here — are long: kLong + slot + gen·2^24, with the whole generation.
constexpr double kLong = 1073741824.0;  // 2^30
constexpr uint32_t kShortGenMask = 63;
// largest storage that joins a batch (8 KiB, tried for W3 spline's 5 KiB values, let the soak
// test's 8 KB gradients wait in batches: the RSS growth of its second half went from 1–8 MiB to
// 5–27 MiB, over its bound of 24)
constexpr size_t kBatchBytes = 4096;
constexpr size_t kBatchBudget = 64 * 1024;  // storage bytes one batch may hold

struct Slot {
  VRef v;
  uint32_t gen = 0;
  bool short_handle = false;  // JS holds this value's handle in the short format
  // The finalizer batch the value joined (0: none) and the bytes it counts there. Disposing a
  // value of the open batch gives them back to the batch budget, so a loop that disposes what
  // it makes keeps batching (without it, a 2 KiB result of such a loop took a finalizer of its
  // own from the 33rd call of a batch on: fft of 128 complex doubles, 474 → 315 ns per call).
  uint64_t batch = 0;
  size_t batch_bytes = 0;
};
struct Table {
  std::vector<Slot> slots;
  std::vector<uint32_t> free;
  std::vector<std::pair<Tag, std::vector<double>>> by_level;
  std::vector<double> spare_level;  // a released level's emptied list, for the next level's handles
  std::vector<double> batch;  // small concrete handles waiting for their anchor
  size_t batch_bytes = 0;     // storage bytes of the open batch's values still alive
  uint64_t open_batch = 1;    // serial number of the batch `batch` gathers
  int64_t live = 0;
  int64_t own_finalizers = 0;  // values given a finalizer of their own, since start
};
Table& table() {
  return per_thread<Table>();
}

void finalize(node_api_basic_env, void* data, void*) {
  release(static_cast<double>(reinterpret_cast<uintptr_t>(data)));
}

// A handle's fields (Note [Short handles]); false for a number that is no handle.
struct Decoded {
  uint64_t slot;
  uint32_t gen;
  bool is_long;
};
bool decode(double h, Decoded& d) {
  if (!(h >= 0 && h < kLong + kSlotSpan * (kGenMask + 1.0))) return false;
  d.is_long = h >= kLong;
  const auto u = static_cast<uint64_t>(d.is_long ? h - kLong : h);
  d.slot = u % static_cast<uint64_t>(kSlotSpan);
  d.gen = static_cast<uint32_t>(u / static_cast<uint64_t>(kSlotSpan));
  return true;
}

// The slot a handle names if it is in the table (its generation unchecked: for prefetching).
const Slot* slot_hint(const Table& t, double h) {
  Decoded d;
  return decode(h, d) && d.slot < t.slots.size() ? &t.slots[d.slot] : nullptr;
}

void prefetch_lines(const void* p, size_t bytes) {
  const char* c = static_cast<const char*>(p);
  for (size_t k = 0; k < bytes; k += 64) __builtin_prefetch(c + k, 1);
  __builtin_prefetch(c + bytes - 1, 1);
}

// Note [Cold batches]: a batch is released by a GC that runs thousands of ops after its values
// were made, so their memory has left the caches, and releasing them one by one waits on a miss
// at each step of slot → value → storage and shape → data (what the frees write). Touching
// each step for the whole batch first, as prefetches, overlaps those misses (measured: a loop of
// W3's spline value, whose intermediates die in batches, ~8% faster; a loop of neg on 1 KiB
// results, no change).
void prefetch_batch(const std::vector<double>& hs) {
  const Table& t = table();
  PoolVector<const Slot*> slots;
  slots.reserve(hs.size());
  for (double h : hs)
    if (const Slot* s = slot_hint(t, h)) {
      __builtin_prefetch(s, 1);
      slots.push_back(s);
    }
  // (a value's control block sits just before it: allocate_ref)
  PoolVector<const Value*> values;
  values.reserve(slots.size());
  for (const Slot* s : slots)
    if (const Value* v = s->v.get()) {
      prefetch_lines(reinterpret_cast<const char*>(v) - 16, sizeof(Value) + 16);
      values.push_back(v);
    }
  for (const Value* v : values) {
    if (!v->shape.empty()) __builtin_prefetch(v->shape.data(), 1);
    if (v->storage) prefetch_lines(reinterpret_cast<const char*>(v->storage.get()) - 16, sizeof(Storage) + 16);
  }
  for (const Value* v : values)
    if (v->storage && v->storage->data) __builtin_prefetch(v->storage->data, 1);
}

void finalize_batch(node_api_basic_env, void* data, void*) {
  auto* hs = static_cast<std::vector<double>*>(data);
  prefetch_batch(*hs);
  for (double h : *hs) release(h);
  delete hs;
}
}  // namespace

// put with the shell from shell(), called only when the value needs a finalizer of its own (a
// batched small value does not: put_all then skips reading the shells array).
template <class ShellFn>
double put_with(napi_env env, const ShellFn& shell, VRef v) {
  Table& t = table();
  uint32_t slot;
  if (!t.free.empty()) {
    slot = t.free.back();
    t.free.pop_back();
    // The next free slot was released by a GC burst among thousands (Note [Cold batches]):
    // fetching it now hides the miss the next put would wait on.
    if (!t.free.empty()) __builtin_prefetch(&t.slots[t.free.back()], 1);
  } else {
    if (t.slots.size() >= static_cast<size_t>(kSlotSpan)) fail(ErrorKind::Argument, "too many live tensors (2^24); dispose some");
    slot = static_cast<uint32_t>(t.slots.size());
    t.slots.emplace_back();
  }
  Slot& s = t.slots[slot];
  const Tag tag = v->tag;
  const size_t bytes = tag == 0 ? v->storage->bytes : 0;
  const bool small = tag == 0 && bytes <= kBatchBytes && t.batch_bytes + bytes <= kBatchBudget;
  s.v = std::move(v);
  s.short_handle = tag == 0;
  s.batch = small ? t.open_batch : 0;
  s.batch_bytes = small ? bytes : 0;
  ++t.live;
  const double h = kLong + slot + s.gen * kSlotSpan;
  if (small) {
    t.batch.push_back(h);
    t.batch_bytes += bytes;
  } else if (tag == 0) {
    check(env, napi_add_finalizer(env, shell(), reinterpret_cast<void*>(static_cast<uintptr_t>(h)), finalize, nullptr, nullptr));
    ++t.own_finalizers;
  } else {
    auto it = t.by_level.begin();
    while (it != t.by_level.end() && it->first != tag) ++it;
    if (it == t.by_level.end()) it = t.by_level.insert(t.by_level.end(), {tag, std::exchange(t.spare_level, {})});
    it->second.push_back(h);
    return h;
  }
  return slot + (s.gen & kShortGenMask) * kSlotSpan;
}

double put(napi_env env, napi_value shell, VRef v) {
  return put_with(env, [shell] { return shell; }, std::move(v));
}

double put_arg0(napi_env env, napi_callback_info info, VRef v) {
  auto shell = [env, info] {
    size_t argc = 1;
    napi_value s;
    check(env, napi_get_cb_info(env, info, &argc, &s, nullptr, nullptr));
    if (argc < 1) fail(ErrorKind::Argument, "expected a tensor shell as argument 0");
    return s;
  };
  return put_with(env, shell, std::move(v));
}

namespace {
// The slot a live handle (short or long, Note [Short handles]) names; null for a released one.
Slot* slot_of(Table& t, double h) {
  Decoded d;
  if (!decode(h, d) || d.slot >= t.slots.size()) return nullptr;
  Slot& s = t.slots[d.slot];
  if (!s.v || (d.is_long ? s.gen != d.gen : !s.short_handle || (s.gen & kShortGenMask) != d.gen)) return nullptr;
  return &s;
}
}  // namespace

const VRef& get(double h) {
  if (!(h >= 0)) fail(ErrorKind::Disposed, "not a tensor handle");
  const Slot* s = slot_of(table(), h);
  if (!s)
    fail(ErrorKind::Disposed,
         "tensor was disposed, or is an intermediate value traced by a transformation that has returned "
         "(return it from the function, e.g. as aux, instead of keeping it)");
  return s->v;
}

void release(double h) {
  Table& t = table();
  Slot* s = slot_of(t, h);
  if (!s) return;
  if (s->batch == t.open_batch) t.batch_bytes -= s->batch_bytes;
  s->v.reset();
  s->gen = (s->gen + 1) & kGenMask;
  t.free.push_back(static_cast<uint32_t>(s - t.slots.data()));
  --t.live;
}

void release_level(Tag tag) {
  Table& t = table();
  for (auto it = t.by_level.begin(); it != t.by_level.end(); ++it) {
    if (it->first != tag) continue;
    std::vector<double> hs = std::move(it->second);
    t.by_level.erase(it);
    for (double h : hs) release(h);
    hs.clear();
    if (hs.capacity() > t.spare_level.capacity()) t.spare_level = std::move(hs);
    return;
  }
}

void seal_batch(napi_env env, napi_value anchor) {
  Table& t = table();
  if (t.batch.empty()) return;
  auto* hs = new std::vector<double>();
  hs->swap(t.batch);
  t.batch.reserve(hs->size());  // the next batch is likely as long: one allocation, not its growth
  if (napi_add_finalizer(env, anchor, hs, finalize_batch, nullptr, nullptr) != napi_ok) {
    t.batch = std::move(*hs);  // keep them (and their byte count) for the next anchor
    delete hs;
    check(env, napi_generic_failure);
  }
  t.batch_bytes = 0;
  ++t.open_batch;
}

int64_t live_handles() { return table().live; }
int64_t own_finalizers() { return table().own_finalizers; }

Values handle_values(const Args& a, size_t i) {
  Values r;
  const uint32_t n = a.length(i);
  r.reserve(n);
  for (uint32_t k = 0; k < n; ++k) {
    double h = 0;
    check(a.env, napi_get_value_double(a.env, a.at(i, k), &h));
    r.push_back(get(h));
  }
  return r;
}

napi_value put_all(const Args& a, size_t i, const Values& vs) {
  napi_value arr;
  check(a.env, napi_create_array_with_length(a.env, vs.size(), &arr));
  for (size_t k = 0; k < vs.size(); ++k) {
    auto shell = [&] {
      napi_value s;
      check(a.env, napi_get_element(a.env, a.argv[i], static_cast<uint32_t>(k), &s));
      return s;
    };
    check(a.env, napi_set_element(a.env, arr, static_cast<uint32_t>(k), make_number(a.env, put_with(a.env, shell, vs[k]))));
  }
  return arr;
}

}  // namespace adj::napi
