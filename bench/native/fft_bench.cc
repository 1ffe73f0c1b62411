// Native benchmark of adjoint's FFT (native/fft) against FFTW when available.
// Build (from the repo root; same flags as the shipped addon, no -march):
//   g++ -std=c++17 -O3 -fno-math-errno -Inative bench/native/fft_bench.cc native/fft/*.cc
//       -o fft_bench [-DHAVE_FFTW -lfftw3 -lfftw3f]   (the FFTW part when /usr/include/fftw3.h exists)
// Usage: fft_bench [--quick] [--sizes n,n,…]   (--sizes: complex transforms of those lengths only)
// Prints a JSON array on stdout, one row per (kind, n, dtype):
//   {"kind":"c2c"|"r2c","n":…,"dtype":"float64"|"float32","ours_ns":median,"fftw_ns":median|null,
//    "ours_p10":…,"ours_p90":…}
// Times are per forward out-of-place transform on 64-byte aligned buffers (as fftw_malloc
// gives), plans made beforehand (FFTW_MEASURE); each sample repeats the transform until it lasts
// ≥ 1 ms, and ours/FFTW samples alternate so both see the same machine load.
#include <algorithm>
#include <chrono>
#include <complex>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "fft/fft.h"
#ifdef HAVE_FFTW
#include <fftw3.h>
#endif

namespace {

using Clock = std::chrono::steady_clock;

// A 64-byte aligned array of count Ts.
template <class T>
struct Buffer {
  explicit Buffer(int64_t count)
      : data_(static_cast<T*>(std::aligned_alloc(64, (sizeof(T) * count + 63) / 64 * 64)), std::free), count_(count) {}
  T* data() const { return data_.get(); }
  T& operator[](int64_t i) const { return data_.get()[i]; }
  int64_t size() const { return count_; }

 private:
  std::unique_ptr<T, void (*)(void*)> data_;
  int64_t count_;
};

// Repetitions per sample so one sample lasts about a millisecond.
int64_t calibrate(const std::function<void()>& run) {
  int64_t reps = 1;
  for (;;) {
    const auto t0 = Clock::now();
    for (int64_t i = 0; i < reps; ++i) run();
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    if (s >= 1e-3 || reps >= (int64_t{1} << 30)) return reps;
    reps = s <= 0 ? reps * 16 : std::max(reps + 1, static_cast<int64_t>(reps * 1.2e-3 / s));
  }
}

double sample(const std::function<void()>& run, int64_t reps) {
  const auto t0 = Clock::now();
  for (int64_t i = 0; i < reps; ++i) run();
  return std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / static_cast<double>(reps);
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

struct Row {
  const char* kind;
  int64_t n;
  const char* dtype;
  std::vector<double> ours, fftw;
};

void print(const Row& r, bool last) {
  std::printf("  {\"kind\":\"%s\",\"n\":%lld,\"dtype\":\"%s\",\"ours_ns\":%.1f,", r.kind, static_cast<long long>(r.n), r.dtype,
              percentile(r.ours, 0.5));
  if (r.fftw.empty()) {
    std::printf("\"fftw_ns\":null,");
  } else {
    std::printf("\"fftw_ns\":%.1f,", percentile(r.fftw, 0.5));
  }
  std::printf("\"ours_p10\":%.1f,\"ours_p90\":%.1f}%s\n", percentile(r.ours, 0.1), percentile(r.ours, 0.9), last ? "" : ",");
}

// Alternating samples of ours and (if given) FFTW.
void measure(Row& row, const std::function<void()>& ours, const std::function<void()>& fftw, int samples) {
  ours();
  const int64_t reps = calibrate(ours);
  const int64_t fftw_reps = fftw ? calibrate(fftw) : 0;
  for (int i = 0; i < samples; ++i) {
    row.ours.push_back(sample(ours, reps));
    if (fftw) row.fftw.push_back(sample(fftw, fftw_reps));
  }
}

template <class T>
struct FftwApi;

#ifdef HAVE_FFTW
template <>
struct FftwApi<double> {
  using Plan = fftw_plan;
  static Plan c2c(int n, std::complex<double>* in, std::complex<double>* out) {
    return fftw_plan_dft_1d(n, reinterpret_cast<fftw_complex*>(in), reinterpret_cast<fftw_complex*>(out), FFTW_FORWARD,
                            FFTW_MEASURE);
  }
  static Plan r2c(int n, double* in, std::complex<double>* out) {
    return fftw_plan_dft_r2c_1d(n, in, reinterpret_cast<fftw_complex*>(out), FFTW_MEASURE);
  }
  static void execute(Plan p) { fftw_execute(p); }
  static void destroy(Plan p) { fftw_destroy_plan(p); }
};
template <>
struct FftwApi<float> {
  using Plan = fftwf_plan;
  static Plan c2c(int n, std::complex<float>* in, std::complex<float>* out) {
    return fftwf_plan_dft_1d(n, reinterpret_cast<fftwf_complex*>(in), reinterpret_cast<fftwf_complex*>(out), FFTW_FORWARD,
                             FFTW_MEASURE);
  }
  static Plan r2c(int n, float* in, std::complex<float>* out) {
    return fftwf_plan_dft_r2c_1d(n, in, reinterpret_cast<fftwf_complex*>(out), FFTW_MEASURE);
  }
  static void execute(Plan p) { fftwf_execute(p); }
  static void destroy(Plan p) { fftwf_destroy_plan(p); }
};
#endif

template <class T>
Row bench(const char* kind, int64_t n, const char* dtype, int samples) {
  using C = std::complex<T>;
  const bool real = !std::strcmp(kind, "r2c");
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<T> dist(-1, 1);
  Buffer<C> cin(n), cout(n);
  Buffer<T> rin(n);
  for (int64_t i = 0; i < n; ++i) {
    cin[i] = C(dist(rng), dist(rng));
    rin[i] = dist(rng);
  }
  Row row{kind, n, dtype, {}, {}};
  std::function<void()> ours = real ? std::function<void()>([&] { adj::fft::r2c(rin.data(), cout.data(), 1, n, 1); })
                                    : std::function<void()>([&] {
                                        adj::fft::c2c(cin.data(), cout.data(), 1, n, 1, adj::fft::Direction::Forward);
                                      });
  std::function<void()> theirs;
#ifdef HAVE_FFTW
  Buffer<C> fin(n), fout(n);
  Buffer<T> frin(n);
  typename FftwApi<T>::Plan plan = real ? FftwApi<T>::r2c(static_cast<int>(n), frin.data(), fout.data())
                                        : FftwApi<T>::c2c(static_cast<int>(n), fin.data(), fout.data());
  std::copy(cin.data(), cin.data() + n, fin.data());  // FFTW_MEASURE overwrote the arrays
  std::copy(rin.data(), rin.data() + n, frin.data());
  theirs = [&] { FftwApi<T>::execute(plan); };
#endif
  measure(row, ours, theirs, samples);
#ifdef HAVE_FFTW
  FftwApi<T>::destroy(plan);
#endif
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::vector<int64_t> sizes = {128, 1024, 4096, 65536, 1048576, 1000, 1009, 4095, 10007};
  bool real = true;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick")) {
      quick = true;
    } else if (!std::strcmp(argv[i], "--sizes") && i + 1 < argc) {
      sizes.clear();
      for (char* p = argv[++i]; *p;) sizes.push_back(std::strtoll(p, &p, 10)), p += *p == ',';
      real = false;
    } else {
      std::fprintf(stderr, "usage: fft_bench [--quick] [--sizes n,n,...]\n");
      return 2;
    }
  }
  const int samples = quick ? 7 : 31;
  std::vector<Row> rows;
  for (int64_t n : sizes) {
    rows.push_back(bench<double>("c2c", n, "float64", samples));
    rows.push_back(bench<float>("c2c", n, "float32", samples));
  }
  for (int64_t n : real ? std::vector<int64_t>{1024, 65536} : std::vector<int64_t>{}) {
    rows.push_back(bench<double>("r2c", n, "float64", samples));
    rows.push_back(bench<float>("r2c", n, "float32", samples));
  }
  std::printf("[\n");
  for (std::size_t i = 0; i < rows.size(); ++i) print(rows[i], i + 1 == rows.size());
  std::printf("]\n");
  return 0;
}
