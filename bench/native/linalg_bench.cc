// Native benchmark of native/linalg against reference LAPACK and a plain Thomas loop.
// Build (from the repository root; the LAPACK columns need liblapack and are null without it):
//   g++ -std=c++17 -O3 -fno-math-errno -Inative bench/native/linalg_bench.cc native/linalg/*.cc native/core/pool.cc
//       [-DHAVE_LAPACK -llapack] -o linalg_bench   (one line)
// Usage: linalg_bench [--quick]  → a JSON array on stdout, one row per (what, n):
//   {"what", "n", "ours_ns", "lapack_ns", "ref_ns", "ours_p10", "ours_p90"}
// Every time is factor + solve of one right-hand side (as ?gtsv/?gbsv/?gesv do), in ns per system
// (median over repetitions). Inputs are copied afresh before every timed call, outside the timed
// region, for every implementation alike (LAPACK overwrites them); the implementations are
// interleaved within each repetition so machine noise hits them equally. Matrices are random and
// NOT diagonally dominant (so partial pivoting really exchanges rows), except for the SPD band.
//   tridiagonal      ours (tridiagonal_factor + solve) | lapack dgtsv | ref: unpivoted Thomas loop
//   thomas           ours_ns holds the Thomas loop alone (the reference of the pivoted solver)
//   banded           kl = ku = 2: ours (banded_factor_solve, as the banded_solve op) | dgbsv
//   cyclic           ours (periodic tridiagonal) | ref: our non-cyclic tridiagonal
//   cholesky_banded  k = 2: ours | dpbsv
//   dense            ours (lu_factor + lu_solve) | dgesv
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "linalg/linalg.h"

#ifdef HAVE_LAPACK
extern "C" {
void dgtsv_(const int* n, const int* nrhs, double* dl, double* d, double* du, double* b, const int* ldb, int* info);
void dgbsv_(const int* n, const int* kl, const int* ku, const int* nrhs, double* ab, const int* ldab, int* ipiv,
            double* b, const int* ldb, int* info);
void dgesv_(const int* n, const int* nrhs, double* a, const int* lda, int* ipiv, double* b, const int* ldb, int* info);
void dpbsv_(const char* uplo, const int* n, const int* kd, const int* nrhs, double* ab, const int* ldab, double* b,
            const int* ldb, int* info, size_t uplo_len);
}
#endif

namespace {

using namespace adj::linalg;
using Clock = std::chrono::steady_clock;

std::mt19937_64 rng(2024);
void fill_random(std::vector<double>& v, double lo, double hi) {
  std::uniform_real_distribution<double> u(lo, hi);
  for (auto& x : v) x = u(rng);
}

struct Stats {
  double median, p10, p90;
};
Stats stats(std::vector<double> t) {
  std::sort(t.begin(), t.end());
  auto at = [&](double q) { return t[std::min(t.size() - 1, size_t(q * (t.size() - 1) + 0.5))]; };
  return {at(0.5), at(0.1), at(0.9)};
}

// A timed contender: prepare() copies its inputs afresh (untimed), run() is timed.
struct Contender {
  std::function<void()> prepare, run;
  std::vector<double> times = {};
};

// Runs the contenders interleaved, `reps` times each, after one warm-up round; `refresh` draws a
// new random matrix before every round (untimed), so that no branch predictor can learn a pivot
// sequence by heart (it would, on a matrix repeated thousands of times).
void measure(std::vector<Contender*> cs, int reps, const std::function<void()>& refresh) {
  for (int r = -1; r < reps; ++r) {
    refresh();
    for (Contender* c : cs) {
      c->prepare();
      auto t0 = Clock::now();
      c->run();
      auto t1 = Clock::now();
      if (r >= 0) c->times.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
    }
  }
}

volatile double sink;  // keeps results observable

bool first_row = true;
void emit(const char* what, int64_t n, const Contender& ours, const Contender* lapack, const Contender* ref) {
  Stats o = stats(ours.times);
  auto med = [](const Contender* c) {
    if (!c || c->times.empty()) return std::string("null");
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", stats(c->times).median);
    return std::string(text);
  };
  std::printf("%s\n  {\"what\": \"%s\", \"n\": %ld, \"ours_ns\": %.1f, \"lapack_ns\": %s, \"ref_ns\": %s, "
              "\"ours_p10\": %.1f, \"ours_p90\": %.1f}",
              first_row ? "[" : ",", what, (long)n, o.median, med(lapack).c_str(), med(ref).c_str(), o.p10, o.p90);
  first_row = false;
  std::fflush(stdout);
}

int reps_for(int64_t work, bool quick) {
  // About 0.3 s (0.05 s quick) of the slowest contender, assuming ~20 ns per unit of work.
  const double budget_ns = quick ? 5e7 : 3e8;
  return int(std::clamp(budget_ns / (20.0 * double(work)), quick ? 5.0 : 11.0, quick ? 200.0 : 3000.0));
}

// The textbook Thomas algorithm (no pivoting), as a speed reference: c'_i = du_i / m_i,
// y_i = (b_i − dl_i y_{i−1}) / m_i with m_i = d_i − dl_i c'_{i−1}, then x_i = y_i − c'_i x_{i+1}.
// (Two divisions per row rather than one reciprocal and two products: the recurrence through
// c' is then one division shorter.)
void thomas(int64_t n, const double* dl, const double* d, const double* du, double* b, double* c_prime) {
  double c = du[0] / d[0], y = b[0] / d[0];
  c_prime[0] = c;
  b[0] = y;
  for (int64_t i = 1; i < n; ++i) {
    const double m = d[i] - dl[i - 1] * c;
    y = (b[i] - dl[i - 1] * y) / m;
    c = i < n - 1 ? du[i] / m : 0.0;
    c_prime[i] = c;
    b[i] = y;
  }
  for (int64_t i = n - 2; i >= 0; --i) b[i] -= c_prime[i] * b[i + 1];
}

void bench_tridiagonal(int64_t n, bool quick) {
  std::vector<double> dl0(n - 1), d0(n), du0(n - 1), b0(n), dl, d, du, b, scratch(n);
  auto refresh = [&] {
    fill_random(dl0, -1, 1), fill_random(d0, -2, 2), fill_random(du0, -1, 1), fill_random(b0, -1, 1);
  };
  auto copy = [&] { dl = dl0, d = d0, du = du0, b = b0; };
  Contender ours{copy, [&] {
                   auto f = tridiagonal_factor(dl.data(), d.data(), du.data(), n);
                   tridiagonal_solve(f, b.data(), 1, false);
                   sink = b[n / 2];
                 }};
  Contender ref{copy, [&] {
                  thomas(n, dl.data(), d.data(), du.data(), b.data(), scratch.data());
                  sink = b[n / 2];
                }};
  std::vector<Contender*> cs{&ours, &ref};
#ifdef HAVE_LAPACK
  Contender lapack{copy, [&] {
                     int nn = int(n), one = 1, info = 0;
                     dgtsv_(&nn, &one, dl.data(), d.data(), du.data(), b.data(), &nn, &info);
                     sink = b[n / 2];
                   }};
  cs.push_back(&lapack);
#endif
  measure(cs, reps_for(n, quick), refresh);
#ifdef HAVE_LAPACK
  emit("tridiagonal", n, ours, &lapack, &ref);
#else
  emit("tridiagonal", n, ours, nullptr, &ref);
#endif
  emit("thomas", n, ref, nullptr, nullptr);

  // The periodic variant, against our plain tridiagonal solve on the same diagonals.
  Contender cyclic{copy, [&] {
                     auto f = cyclic_factor(dl.data(), d.data(), du.data(), 0.5, -0.7, n);
                     cyclic_solve(f, b.data(), 1, false);
                     sink = b[n / 2];
                   }};
  ours.times.clear();
  measure({&cyclic, &ours}, reps_for(n, quick), refresh);
  emit("cyclic", n, cyclic, nullptr, &ours);
}

void bench_banded(int64_t n, bool quick) {
  const int64_t kl = 2, ku = 2, rows = kl + ku + 1;
  std::vector<double> ab0(rows * n), b0(n), ab, b;
  Contender ours{[&] { ab = ab0, b = b0; }, [&] {
                   auto f = banded_factor_solve(ab.data(), kl, ku, n, b.data(), 1, false);
                   sink = b[n / 2];
                 }};
  std::vector<Contender*> cs{&ours};
#ifdef HAVE_LAPACK
  // LAPACK band storage: column j holds rows j−ku−kl … j+kl in ldab = 2kl+ku+1 entries.
  const int64_t ldab = 2 * kl + ku + 1;
  std::vector<double> lab0(ldab * n, 0.0), lab;
  auto refresh = [&] {
    fill_random(ab0, -1, 1), fill_random(b0, -1, 1);
    for (int64_t j = 0; j < n; ++j)
      for (int64_t i = std::max<int64_t>(0, j - ku); i <= std::min(n - 1, j + kl); ++i)
        lab0[j * ldab + kl + ku + i - j] = ab0[(ku + i - j) * n + j];
  };
  std::vector<int> ipiv(n);
  Contender lapack{[&] { lab = lab0, b = b0; }, [&] {
                     int nn = int(n), ikl = int(kl), iku = int(ku), ld = int(ldab), one = 1, info = 0;
                     dgbsv_(&nn, &ikl, &iku, &one, lab.data(), &ld, ipiv.data(), b.data(), &nn, &info);
                     sink = b[n / 2];
                   }};
  cs.push_back(&lapack);
  measure(cs, reps_for(4 * n, quick), refresh);
  emit("banded", n, ours, &lapack, nullptr);
#else
  auto refresh = [&] { fill_random(ab0, -1, 1), fill_random(b0, -1, 1); };
  measure(cs, reps_for(4 * n, quick), refresh);
  emit("banded", n, ours, nullptr, nullptr);
#endif
}

void bench_cholesky_banded(int64_t n, bool quick) {
  const int64_t k = 2;
  // SPD: symmetric band with off-diagonals in (−1, 1) and diagonal 5 (> the row sums).
  std::vector<double> ab0((k + 1) * n), b0(n), ab, b;
  Contender ours{[&] { ab = ab0, b = b0; }, [&] {
                   auto f = cholesky_banded_factor(ab.data(), k, n);
                   cholesky_banded_solve(f, b.data(), 1);
                   sink = b[n / 2];
                 }};
  std::vector<Contender*> cs{&ours};
#ifdef HAVE_LAPACK
  // LAPACK upper band storage (ldab = k+1): AB(k+i−j, j) = A(i, j), the transpose of SciPy's.
  std::vector<double> lab0((k + 1) * n), lab;
  Contender lapack{[&] { lab = lab0, b = b0; }, [&] {
                     int nn = int(n), kd = int(k), ld = int(k + 1), one = 1, info = 0;
                     dpbsv_("U", &nn, &kd, &one, lab.data(), &ld, b.data(), &nn, &info, 1);
                     sink = b[n / 2];
                   }};
  cs.push_back(&lapack);
#endif
  auto refresh = [&] {
    fill_random(ab0, -1, 1), fill_random(b0, -1, 1);
    for (int64_t j = 0; j < n; ++j) ab0[k * n + j] = 5.0;
#ifdef HAVE_LAPACK
    for (int64_t j = 0; j < n; ++j)
      for (int64_t r = 0; r <= k; ++r) lab0[j * (k + 1) + r] = ab0[r * n + j];
#endif
  };
  measure(cs, reps_for(2 * n, quick), refresh);
#ifdef HAVE_LAPACK
  emit("cholesky_banded", n, ours, &lapack, nullptr);
#else
  emit("cholesky_banded", n, ours, nullptr, nullptr);
#endif
}

void bench_dense(int64_t n, bool quick) {
  std::vector<double> a0(n * n), b0(n), a, b;
  auto refresh = [&] { fill_random(a0, -1, 1), fill_random(b0, -1, 1); };
  auto copy = [&] { a = a0, b = b0; };
  Contender ours{copy, [&] {
                   auto f = lu_factor(a.data(), n);
                   lu_solve(f, b.data(), 1, false);
                   sink = b[n / 2];
                 }};
  std::vector<Contender*> cs{&ours};
#ifdef HAVE_LAPACK
  // Column-major LAPACK sees Aᵀ: the same amount of work.
  std::vector<int> ipiv(n);
  Contender lapack{copy, [&] {
                     int nn = int(n), one = 1, info = 0;
                     dgesv_(&nn, &one, a.data(), &nn, ipiv.data(), b.data(), &nn, &info);
                     sink = b[n / 2];
                   }};
  cs.push_back(&lapack);
  measure(cs, reps_for(n * n * n / 8, quick), refresh);
  emit("dense", n, ours, &lapack, nullptr);
#else
  measure(cs, reps_for(n * n * n / 8, quick), refresh);
  emit("dense", n, ours, nullptr, nullptr);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  for (int64_t n : {int64_t(128), int64_t(1024), int64_t(65536), int64_t(1) << 20}) {
    bench_tridiagonal(n, quick);
    bench_banded(n, quick);
    bench_cholesky_banded(n, quick);
  }
  for (int64_t n : {128, 512}) bench_dense(n, quick);
  std::printf("\n]\n");
  return 0;
}
