// JS tensors name native values by handle: a slot index plus a generation, packed in a double
// (slot + gen·2^24, short or long: Note [Short handles] in handles.cc). Note [Handle lifetime]: a handle of a concrete value is released by a
// finalizer on its JS Tensor (a basic finalizer: with NAPI_EXPERIMENTAL, Node runs it inside
// GC, so tensors dropped in a synchronous loop free their memory at once) or by dispose/tidy.
// A handle of a value of a transformation level is released when that level closes: it is
// a traced intermediate, and using it afterwards raises a clear error instead of aliasing.
// Note [Finalizer batches]: a finalizer costs about as much as a whole small op (measured
// ~370 ns), so tensors with small storage (≤ kBatchBytes each, ≤ kBatchBudget per batch)
// share one: lib/tensor.ts gives every new Tensor a reference to the current "anchor" object,
// and every 64 tensors hands the anchor to sealBatch, which puts one finalizer on it for the
// small handles made since the last seal. They are released when the last Tensor of the batch
// is collected, so a long-lived small tensor holds at most kBatchBudget bytes of others.
#pragma once
#include "core/level.h"
#include "napi/napi.h"

namespace adj::napi {

// Stores v in a new slot. The finalizer goes on `shell` (the JS Tensor about to hold the
// handle) for concrete values; level values are listed under their level instead.
double put(napi_env env, napi_value shell, VRef v);
// put for a binding called with the shell as its argument 0: the arguments are read only when v
// needs a finalizer of its own, so that a call on small values reads none through N-API.
double put_arg0(napi_env env, napi_callback_info info, VRef v);
const VRef& get(double handle);  // throws (Disposed) for a released handle
void release(double handle);
void release_level(Tag tag);
// Closes `tag` and any level still open inside it, innermost first, releasing each level's
// handles; returns the level `tag` (transforms_binding.cc).
Level close_through(Tag tag);
// Puts a finalizer on `anchor` that releases the small handles made since the last seal.
void seal_batch(napi_env env, napi_value anchor);
int64_t live_handles();
int64_t own_finalizers();  // how many values took a finalizer of their own (not a batch's)
// The values of a JS array of handles (argument i).
Values handle_values(const Args& a, size_t i);
// Puts each value into the matching shell of the JS array argument i; returns the handles.
napi_value put_all(const Args& a, size_t i, const Values& vs);

}  // namespace adj::napi
