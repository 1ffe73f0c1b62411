#include "core/shape.h"

#include "core/error.h"

namespace adj {

std::string shape_str(const Shape& s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i) r += ",";
    r += std::to_string(s[i]);
  }
  return r + "]";
}

Shape contiguous_strides(const Shape& s) {
  Shape st(s.size());
  int64_t acc = 1;
  for (size_t i = s.size(); i-- > 0;) {
    st[i] = acc;
    acc *= s[i];
  }
  return st;
}

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* what) {
  if (a == b) return a;
  size_t n = a.size() > b.size() ? a.size() : b.size();
  Shape r(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (da != db && da != 1 && db != 1)
      fail(ErrorKind::Shape, std::string(what) + ": incompatible broadcast shapes " + shape_str(a) + " vs " + shape_str(b));
    r[i] = da == 1 ? db : da;
  }
  return r;
}

Shape broadcast_strides(const Shape& in, const Shape& out) {
  Shape st(out.size(), 0);
  Shape cs = contiguous_strides(in);
  size_t off = out.size() - in.size();
  for (size_t i = 0; i < in.size(); ++i) st[off + i] = in[i] == 1 ? 0 : cs[i];
  return st;
}

int64_t normalize_axis(int64_t axis, int64_t ndim, const char* what) {
  int64_t a = axis < 0 ? axis + ndim : axis;
  if (a < 0 || a >= ndim)
    fail(ErrorKind::Argument, std::string(what) + ": axis " + std::to_string(axis) + " is out of range for ndim " + std::to_string(ndim));
  return a;
}

}  // namespace adj
