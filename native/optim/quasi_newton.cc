#include "optim/quasi_newton.h"

namespace adj::optim {

namespace {

// Σ a[i]·b[i] in four interleaved partial sums
double dot(const double* a, const double* b, int64_t n) {
  double p[4] = {0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 4 <= n; i += 4)
    for (int l = 0; l < 4; ++l) p[l] += a[i + l] * b[i + l];
  for (; i < n; ++i) p[0] += a[i] * b[i];
  return (p[0] + p[1]) + (p[2] + p[3]);
}

// d[i] ← f(i) for every i, then returns vᵀd (0 when v is null), in one pass over d
template <class F>
double map_dot(double* d, const double* v, int64_t n, F f) {
  if (!v) {
    for (int64_t i = 0; i < n; ++i) d[i] = f(i);
    return 0;
  }
  double p[4] = {0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 4 <= n; i += 4)
    for (int l = 0; l < 4; ++l) {
      d[i + l] = f(i + l);
      p[l] += v[i + l] * d[i + l];
    }
  for (; i < n; ++i) {
    d[i] = f(i);
    p[0] += v[i] * d[i];
  }
  return (p[0] + p[1]) + (p[2] + p[3]);
}

// d ← d + a·u, then returns vᵀd
double axpy_dot(double* d, double a, const double* u, const double* v, int64_t n) {
  return map_dot(d, v, n, [=](int64_t i) { return d[i] + a * u[i]; });
}

constexpr int64_t kHeader = 3;  // size, oldest, γ

// The parts of an L-BFGS memory array (layout in quasi_newton.h).
struct Ring {
  double* mem;
  int64_t n, m;
  double& size() const { return mem[0]; }
  double& oldest() const { return mem[1]; }
  double& gamma() const { return mem[2]; }
  double* rho() const { return mem + kHeader; }
  double* alpha() const { return mem + kHeader + m; }
  double* s(int64_t k) const { return mem + kHeader + 2 * m + k * n; }
  double* y(int64_t k) const { return mem + kHeader + 2 * m + (m + k) * n; }
  // the slot of the j-th pair, oldest first
  int64_t slot(int64_t j) const { return (static_cast<int64_t>(oldest()) + j) % m; }
};

}  // namespace

int64_t lbfgs_length(int64_t n, int64_t m) { return kHeader + 2 * m + 2 * m * n; }

int64_t lbfgs_history(int64_t length, int64_t n) {
  const int64_t per = 2 + 2 * n, rest = length - kHeader;
  return rest > 0 && rest % per == 0 ? rest / per : -1;
}

bool lbfgs_push(double* mem, int64_t n, int64_t m, const double* x0, const double* x1, const double* g0, const double* g1) {
  const Ring r{mem, n, m};
  double sy[4] = {0, 0, 0, 0}, yy[4] = {0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 4 <= n; i += 4)
    for (int l = 0; l < 4; ++l) {
      const double yi = g1[i + l] - g0[i + l];
      sy[l] += (x1[i + l] - x0[i + l]) * yi;
      yy[l] += yi * yi;
    }
  for (; i < n; ++i) {
    const double yi = g1[i] - g0[i];
    sy[0] += (x1[i] - x0[i]) * yi;
    yy[0] += yi * yi;
  }
  const double sty = (sy[0] + sy[1]) + (sy[2] + sy[3]), yty = (yy[0] + yy[1]) + (yy[2] + yy[3]);
  if (!(sty > 1e-300)) return false;
  const int64_t size = static_cast<int64_t>(r.size());
  const int64_t k = r.slot(size % m);  // a free slot, or the oldest pair's when full
  if (size == m) r.oldest() = static_cast<double>((static_cast<int64_t>(r.oldest()) + 1) % m);
  else r.size() = static_cast<double>(size + 1);
  double *s = r.s(k), *y = r.y(k);
  for (i = 0; i < n; ++i) {
    s[i] = x1[i] - x0[i];
    y[i] = g1[i] - g0[i];
  }
  r.rho()[k] = 1 / sty;
  r.gamma() = sty / yty;
  return true;
}

void lbfgs_direction(double* mem, int64_t n, int64_t m, const double* g, double* d) {
  const Ring r{mem, n, m};
  const int64_t size = static_cast<int64_t>(r.size());
  for (int64_t i = 0; i < n; ++i) d[i] = g[i];
  // first loop, newest pair first: αⱼ = ρⱼ sⱼᵀd, d ← d − αⱼ yⱼ (each update fused with the next
  // pair's product)
  double dot_next = size ? dot(r.s(r.slot(size - 1)), d, n) : 0;
  for (int64_t j = size - 1; j >= 0; --j) {
    const int64_t k = r.slot(j);
    const double a = r.rho()[k] * dot_next;
    r.alpha()[j] = a;
    dot_next = axpy_dot(d, -a, r.y(k), j ? r.s(r.slot(j - 1)) : nullptr, n);
  }
  // d ← −H₀ d, fused with the oldest pair's yᵀd; d now holds −H₀q, so the second loop's
  // corrections enter with the opposite sign: d ← d − (αⱼ + ρⱼ yⱼᵀd) sⱼ
  const double gamma = size ? r.gamma() : 1;
  dot_next = map_dot(d, size ? r.y(r.slot(0)) : nullptr, n, [=](int64_t i) { return -gamma * d[i]; });
  for (int64_t j = 0; j < size; ++j) {
    const int64_t k = r.slot(j);
    const double b = r.rho()[k] * dot_next;
    dot_next = axpy_dot(d, -r.alpha()[j] - b, r.s(k), j + 1 < size ? r.y(r.slot(j + 1)) : nullptr, n);
  }
}

void bfgs_direction(const double* H, int64_t n, const double* g, double* d) {
  for (int64_t i = 0; i < n; ++i) d[i] = -dot(H + i * n, g, n);
}

bool bfgs_update(double* H, int64_t n, const double* x0, const double* x1, const double* g0, const double* g1, bool first, double* work) {
  double *s = work, *y = work + n, *Hy = work + 2 * n;
  for (int64_t i = 0; i < n; ++i) {
    s[i] = x1[i] - x0[i];
    y[i] = g1[i] - g0[i];
  }
  const double sy = dot(s, y, n);
  if (!(sy > 1e-300)) return false;
  if (first) {
    const double scale = sy / dot(y, y, n);
    for (int64_t i = 0; i < n * n; ++i) H[i] *= scale;
  }
  const double rho = 1 / sy;
  for (int64_t i = 0; i < n; ++i) Hy[i] = dot(H + i * n, y, n);
  const double c = rho * (1 + rho * dot(y, Hy, n));
  // H[i][j] += ρ((1 + ρ yᵀHy) sᵢsⱼ − (Hy)ᵢsⱼ − sᵢ(Hy)ⱼ), row by row
  for (int64_t i = 0; i < n; ++i) {
    double* h = H + i * n;
    const double a = c * s[i] - rho * Hy[i], b = -rho * s[i];
    for (int64_t j = 0; j < n; ++j) h[j] += a * s[j] + b * Hy[j];
  }
  return true;
}

}  // namespace adj::optim
