// A thread-safe least-recently-used cache of immutable plans, fronted by a few plans remembered
// per thread so that repeated calls of one size take no lock. Plans are built outside the lock
// (building may itself look up sub-plans), so two threads may race to build the same plan; the
// first one stored wins and the other copy is dropped. Callers hold shared_ptrs, so an evicted
// plan stays alive until its last running transform ends (or, remembered by a thread, until
// that thread asks for other sizes).
#pragma once
#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "core/per_thread.h"

namespace adj::fft {

template <class Plan>
class PlanCache {
 public:
  using Key = std::pair<int64_t, int>;  // (length, kind code)
  explicit PlanCache(std::size_t capacity) : capacity_(capacity) {}

  // One cache per plan type: the per-thread memory belongs to the call site (Build's type).
  template <class Build>
  std::shared_ptr<const Plan> get(const Key& key, Build build) {
    // (per_thread: a thread_local in a loaded library costs a __tls_get_addr call per use)
    Recent<Build>& recent = per_thread<Recent<Build>>();
    for (const auto& r : recent.entries) {
      if (r.plan && r.key == key) return r.plan;
    }
    std::shared_ptr<const Plan> plan = shared(key, build);
    recent.entries[recent.next++ % kRecent] = {key, plan};
    return plan;
  }

 private:
  static constexpr unsigned kRecent = 4;
  template <class Build>
  struct Recent {
    struct Entry {
      Key key;
      std::shared_ptr<const Plan> plan;
    };
    Entry entries[kRecent];
    unsigned next = 0;
  };

  template <class Build>
  std::shared_ptr<const Plan> shared(const Key& key, Build& build) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = index_.find(key);
      if (it != index_.end()) {
        order_.splice(order_.begin(), order_, it->second);
        return it->second->second;
      }
    }
    std::shared_ptr<const Plan> built = build();
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = index_.find(key);
    if (it != index_.end()) return it->second->second;
    order_.emplace_front(key, std::move(built));
    index_.emplace(key, order_.begin());
    if (order_.size() > capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
    return order_.front().second;
  }

  using Entry = std::pair<Key, std::shared_ptr<const Plan>>;
  std::size_t capacity_;
  std::mutex mutex_;
  std::list<Entry> order_;  // most recently used first
  std::map<Key, typename std::list<Entry>::iterator> index_;
};

}  // namespace adj::fft
