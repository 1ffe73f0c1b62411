// The C++ reference for bench/elementwise.bench.mjs: the same elementwise loops adjoint runs,
// written plainly, over the same inputs. Built by the bench with
//   g++ -O3 -fno-math-errno -std=c++17   (no -march=native, no -ffast-math: as the addon)
// Each timed call allocates its output (std::aligned_alloc(64, …), the call adjoint's storage
// makes for large buffers), runs the loop, makes the result observable and frees it.
//
// usage: loops <n> <samples> [warmup]  → JSON on stdout:
//   {"n":…, "samples":…, "float64": {"add": {"median":ns, "p10":ns, "p90":ns}, …}, "float32": {…}}
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

// Tells the compiler the memory behind p is read by someone it cannot see.
template <class T>
inline void escape(T* p) {
  asm volatile("" : : "g"(p) : "memory");
}

inline int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Stats {
  double median, p10, p90;
};

double pct(const std::vector<double>& s, double p) {
  double k = (s.size() - 1) * p;
  size_t lo = static_cast<size_t>(std::floor(k)), hi = static_cast<size_t>(std::ceil(k));
  return s[lo] + (s[hi] - s[lo]) * (k - lo);
}

template <class T>
T* alloc(size_t n) {
  size_t bytes = (n * sizeof(T) + 63) & ~size_t(63);
  T* p = static_cast<T*>(std::aligned_alloc(64, bytes));
  if (!p) std::abort();
  return p;
}

// The inputs of the JS side: x = 2·frac(i·φ⁻¹) − 1, y = 2·frac(i·(√2−1)) − 1, in [−1, 1).
inline double frac(double v) { return v - std::floor(v); }

template <class T, class Body>
Stats time_op(size_t n, int samples, int warmup, Body body) {
  std::vector<double> t;
  for (int r = 0; r < warmup + samples; ++r) {
    int64_t t0 = now_ns();
    T* z = alloc<T>(n);
    body(z);
    escape(z);
    std::free(z);
    int64_t t1 = now_ns();
    if (r >= warmup) t.push_back(static_cast<double>(t1 - t0));
  }
  std::sort(t.begin(), t.end());
  return {pct(t, 0.5), pct(t, 0.1), pct(t, 0.9)};
}

template <class T>
std::string run(size_t n, int samples, int warmup) {
  T* x = alloc<T>(n);
  T* y = alloc<T>(n);
  for (size_t i = 0; i < n; ++i) {
    x[i] = static_cast<T>(2 * frac(i * 0.6180339887498949) - 1);
    y[i] = static_cast<T>(2 * frac(i * 0.41421356237309515) - 1);
  }
  escape(x);
  escape(y);
  const T* px = x;
  const T* py = y;
  struct Case {
    const char* name;
    Stats s;
  };
  std::vector<Case> cases;
  cases.push_back({"add", time_op<T>(n, samples, warmup, [&](T* z) { for (size_t i = 0; i < n; ++i) z[i] = px[i] + py[i]; })});
  cases.push_back({"mul", time_op<T>(n, samples, warmup, [&](T* z) { for (size_t i = 0; i < n; ++i) z[i] = px[i] * py[i]; })});
  cases.push_back({"exp", time_op<T>(n, samples, warmup, [&](T* z) { for (size_t i = 0; i < n; ++i) z[i] = std::exp(px[i]); })});
  cases.push_back({"tanh", time_op<T>(n, samples, warmup, [&](T* z) { for (size_t i = 0; i < n; ++i) z[i] = std::tanh(px[i]); })});
  std::free(x);
  std::free(y);
  std::string out = "{";
  for (size_t k = 0; k < cases.size(); ++k) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s\"%s\":{\"median\":%.1f,\"p10\":%.1f,\"p90\":%.1f}", k ? "," : "", cases[k].name,
                  cases[k].s.median, cases[k].s.p10, cases[k].s.p90);
    out += buf;
  }
  return out + "}";
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  int samples = argc > 2 ? std::atoi(argv[2]) : 31;
  int warmup = argc > 3 ? std::atoi(argv[3]) : 5;
  if (n == 0 || samples < 1 || warmup < 0) {
    std::fprintf(stderr, "usage: loops <n> <samples> [warmup]\n");
    return 2;
  }
  std::string f64 = run<double>(n, samples, warmup);
  std::string f32 = run<float>(n, samples, warmup);
  std::printf("{\"n\":%zu,\"samples\":%d,\"warmup\":%d,\"float64\":%s,\"float32\":%s}\n", n, samples, warmup, f64.c_str(),
              f32.c_str());
  return 0;
}
