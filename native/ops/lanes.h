// Tangent lanes (Note [Tangent lanes] in core/level.h): at a batched forward level each tangent
// has a leading axis of k lanes, so one pass pushes k directions and every elementwise kernel
// runs over all of them in one call. A jvp written in broadcasting ops takes lanes as they
// are; the helpers below cover the rules that name axes or shapes. An op whose jvp is not
// marked (OpDef::lane_jvp) runs once per lane — the same result, without the batching gain.
#pragma once
#include "core/op.h"

namespace adj {

// The tangent of c.out at a batched level (c.lanes > 0) from `tangents` with leading lanes.
VRef jvp_lanes(const OpDef& op, const Ctx& c, const Values& tangents);

namespace lanes {
// The shape of a tangent of a value of shape s (s with the lanes in front).
inline Shape of(const Ctx& c, const Shape& s) { return lanes_shape(c.lanes, s); }
// Lane j of the tangent t (shape [k, ...s] → s).
VRef lane(const VRef& t, int64_t j);
// t (the tangent of a value of fewer than nd axes) with unit axes after the lanes, so that it
// broadcasts like that value against values of nd axes: [k, ...s] → [k, 1, …, 1, ...s].
VRef aligned(const Ctx& c, const VRef& t, int64_t nd);
// t, after checking that it has the shape of c.out's tangent (else a rule's bug: an internal
// ShapeError naming the op and `what` it computed).
VRef checked(const OpDef& op, const Ctx& c, VRef t, const char* what);
// c.attrs with the `count` axis entries from i[from] on renumbered for the tangent (+1, past
// the lanes).
Attrs axes_shifted(const Ctx& c, size_t from, size_t count);
}  // namespace lanes

}  // namespace adj
