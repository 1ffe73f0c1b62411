// JS tensors name native values by handle: a slot index plus a generation, packed in a double
// (slot + gen·2^24). Note [Handle lifetime]: a handle of a concrete value is released by a
// finalizer on its JS Tensor (a basic finalizer: with NAPI_EXPERIMENTAL, Node runs it inside
// GC, so tensors dropped in a synchronous loop free their memory at once) or by dispose/tidy.
// A handle of a value of a transformation level is released when that level closes: it is
// a traced intermediate, and using it afterwards raises a clear error instead of aliasing.
#pragma once
#include "napi/napi.h"

namespace adj::napi {

// Stores v in a new slot. The finalizer goes on `shell` (the JS Tensor about to hold the
// handle) for concrete values; level values are listed under their level instead.
double put(napi_env env, napi_value shell, VRef v);
const VRef& get(double handle);  // throws (Disposed) for a released handle
void release(double handle);
void release_level(Tag tag);
int64_t live_handles();

}  // namespace adj::napi
