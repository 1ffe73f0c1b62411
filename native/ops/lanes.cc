#include "ops/lanes.h"

#include <algorithm>
#include <string>

#include "core/error.h"
#include "ops/api.h"

namespace adj {

VRef lanes::lane(const VRef& t, int64_t j) {
  ops::Region r;
  r.reserve(3 * static_cast<size_t>(t->ndim()));
  r.insert(r.end(), {j, 1, 1});
  for (size_t d = 1; d < t->shape.size(); ++d) r.insert(r.end(), {0, 1, t->shape[d]});
  return ops::reshape(ops::region_get(t, r), Shape(t->shape.begin() + 1, t->shape.end()));
}

VRef lanes::aligned(const Ctx& c, const VRef& t, int64_t nd) {
  if (!c.lanes || t->ndim() - 1 >= nd) return t;
  Shape s(static_cast<size_t>(nd + 1), 1);
  s[0] = c.lanes;
  std::copy(t->shape.begin() + 1, t->shape.end(), s.end() - (t->ndim() - 1));
  return ops::reshape(t, s);
}

Attrs lanes::axes_shifted(const Ctx& c, size_t from, size_t count) {
  Attrs a = c.attrs;
  if (c.lanes)
    for (size_t k = from; k < from + count; ++k) ++a.i[k];
  return a;
}

VRef lanes::checked(const OpDef& op, const Ctx& c, VRef t, const char* what) {
  const Shape want = lanes::of(c, c.out->shape);
  if (t && t->shape != want)
    fail(ErrorKind::Shape, std::string("internal: ") + op.name + "'s " + what + ": shape " + shape_str(t->shape) +
                               ", expected " + shape_str(want));
  return t;
}

VRef jvp_lanes(const OpDef& op, const Ctx& c, const Values& tangents) {
  if (op.lane_jvp) return lanes::checked(op, c, op.jvp(c, tangents), "batched tangent");
  const Ctx one{c.in, c.out, c.attrs, c.rule, 0};
  Values per_lane(static_cast<size_t>(c.lanes)), lane_tangents(tangents.size());
  bool any = false;
  for (int64_t j = 0; j < c.lanes; ++j) {
    for (size_t i = 0; i < tangents.size(); ++i) lane_tangents[i] = tangents[i] ? lanes::lane(tangents[i], j) : nullptr;
    per_lane[static_cast<size_t>(j)] = op.jvp(one, lane_tangents);
    any |= per_lane[static_cast<size_t>(j)] != nullptr;
  }
  if (!any) return nullptr;
  for (VRef& t : per_lane)
    if (!t) t = ops::zeros_like(concrete(c.out));
  return ops::stack(per_lane, 0);
}

}  // namespace adj
