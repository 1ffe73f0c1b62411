// The C++ reference for bench/elementwise.bench.mjs: the same elementwise loops adjoint runs,
// written plainly, over the same inputs. Built by the bench with
//   g++ -O3 -fno-math-errno -std=c++17   (no -march=native, no -ffast-math: as the addon)
// Each timed call allocates its output (std::aligned_alloc(64, …), the call adjoint's storage
// makes for large buffers), runs the loop, makes the result observable and frees it.
//
// usage:
//   loops <n> <samples> [warmup]  → JSON on stdout:
//     {"n":…, "samples":…, "float64": {"add": {"median":ns, "p10":ns, "p90":ns}, …}, "float32": {…}}
//   loops --serve <n>  → reads lines "<float64|float32> <add|mul|exp|tanh> <k>" on stdin and
//     answers each with one line: the k call times in ns, space-separated. The bench uses this
//     to interleave C++ samples with adjoint's, so both run under the same machine conditions.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
double time_call(size_t n, Body& body) {
  int64_t t0 = now_ns();
  T* z = alloc<T>(n);
  body(z);
  escape(z);
  std::free(z);
  return static_cast<double>(now_ns() - t0);
}

// The inputs and the four loops for one dtype.
template <class T>
struct Loops {
  size_t n;
  T* x;
  T* y;
  explicit Loops(size_t n_) : n(n_), x(alloc<T>(n_)), y(alloc<T>(n_)) {
    for (size_t i = 0; i < n; ++i) {
      x[i] = static_cast<T>(2 * frac(i * 0.6180339887498949) - 1);
      y[i] = static_cast<T>(2 * frac(i * 0.41421356237309515) - 1);
    }
    escape(x);
    escape(y);
  }
  ~Loops() {
    std::free(x);
    std::free(y);
  }
  // one timed call of op (0 add, 1 mul, 2 exp, 3 tanh)
  double call(int op) {
    const T* px = x;
    const T* py = y;
    const size_t m = n;
    auto add = [&](T* z) { for (size_t i = 0; i < m; ++i) z[i] = px[i] + py[i]; };
    auto mul = [&](T* z) { for (size_t i = 0; i < m; ++i) z[i] = px[i] * py[i]; };
    auto ex = [&](T* z) { for (size_t i = 0; i < m; ++i) z[i] = std::exp(px[i]); };
    auto th = [&](T* z) { for (size_t i = 0; i < m; ++i) z[i] = std::tanh(px[i]); };
    switch (op) {
      case 0: return time_call<T>(m, add);
      case 1: return time_call<T>(m, mul);
      case 2: return time_call<T>(m, ex);
      default: return time_call<T>(m, th);
    }
  }
};

const char* const kOps[] = {"add", "mul", "exp", "tanh"};

int op_index(const char* name) {
  for (int k = 0; k < 4; ++k)
    if (std::strcmp(name, kOps[k]) == 0) return k;
  return -1;
}

template <class T>
std::string run(size_t n, int samples, int warmup) {
  Loops<T> l(n);
  std::string out = "{";
  for (int op = 0; op < 4; ++op) {
    std::vector<double> t;
    for (int r = 0; r < warmup + samples; ++r) {
      double dt = l.call(op);
      if (r >= warmup) t.push_back(dt);
    }
    std::sort(t.begin(), t.end());
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s\"%s\":{\"median\":%.1f,\"p10\":%.1f,\"p90\":%.1f}", op ? "," : "", kOps[op],
                  pct(t, 0.5), pct(t, 0.1), pct(t, 0.9));
    out += buf;
  }
  return out + "}";
}

int serve(size_t n) {
  Loops<double> f64(n);
  Loops<float> f32(n);
  char dtype[32], op[32];
  long k;
  while (std::scanf("%31s %31s %ld", dtype, op, &k) == 3) {
    int o = op_index(op);
    bool is64 = std::strcmp(dtype, "float64") == 0;
    if (o < 0 || (!is64 && std::strcmp(dtype, "float32") != 0) || k < 1) {
      std::printf("error\n");
    } else {
      for (long r = 0; r < k; ++r) std::printf(r ? " %.0f" : "%.0f", is64 ? f64.call(o) : f32.call(o));
      std::printf("\n");
    }
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--serve") == 0) return serve(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1000000);
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
