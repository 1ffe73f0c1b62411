// segment_index(x, q): for knots x (1-D, ascending, n ≥ 2) the segment [x_i, x_{i+1}] each query
// lies in, i = clamp(lower_bound(x, q) − 1, 0, n − 2): the first knot ≥ q closes the segment
// (DataInterpolations' searchsortedfirst), and queries outside [x_0, x_{n−1}] take the end
// segments (extrapolation). Piecewise constant in x and q, so not differentiable: a constant
// to every level. The indices come back as numbers in x's dtype, shaped like q.
#include <string>

#include "ops/api.h"
#include "ops/kernel.h"
#include "ops/knots.h"

namespace adj {
namespace {

VRef segment_index_eval(const Values& in, const Attrs&) {
  const VRef &x = in[0], &q = in[1];
  VRef r = empty(x->dtype, q->shape);
  dispatch_real(x->dtype, "segment_index", [&](auto t) {
    using T = decltype(t);
    const T *px = x->template data<T>(), *pq = q->template data<T>();
    T* pr = r->template data<T>();
    fill_segments(px, x->size, pq, q->size, pr);
  });
  return r;
}

}  // namespace

const OpDef op_segment_index{"segment_index", &segment_index_eval, nullptr, nullptr};

void check_knots(const char* what, const VRef& x) {
  if (x->ndim() != 1 || x->shape[0] < 2)
    fail(ErrorKind::Shape, std::string(what) + ": knots must be a vector of at least 2 points, got shape " + shape_str(x->shape));
  const VRef& cx = concrete(x);
  dispatch_real(cx->dtype, what, [&](auto t) {
    using T = decltype(t);
    const T* p = cx->template data<T>();
    for (int64_t i = 1; i < cx->size; ++i)
      if (!(p[i] > p[i - 1]))
        fail(ErrorKind::Argument, std::string(what) + ": knots must be strictly increasing, but x[" + std::to_string(i) + "] = " +
                                      std::to_string(p[i]) + " follows x[" + std::to_string(i - 1) + "] = " + std::to_string(p[i - 1]));
  });
}

VRef ops::segment_index(const VRef& x, const VRef& q) {
  check_knots("segment_index", x);
  return apply(op_segment_index, {x, ops::cast(q, x->dtype)});
}

}  // namespace adj
