// The only include of Node-API in the tree. Bindings are thin: parse arguments, call the core,
// turn core errors into the typed JS errors of API.md (errors.cc).
#pragma once
#include <node_api.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/value.h"

namespace adj::napi {

// Thrown by argument parsing; becomes an ArgumentError. (Core errors are adj::Error.)
struct JsPending {};  // a JS exception is already pending

struct Args {
  napi_env env;
  size_t argc = 0;
  napi_value argv[8];
  Args(napi_env e, napi_callback_info info);
  double num(size_t i) const;
  int64_t i64(size_t i) const;
  bool boolean(size_t i) const;
  std::string str(size_t i) const;
  Ints ints(size_t i) const;      // a JS array of integers
  std::vector<double> doubles(size_t i) const;    // a JS array of numbers
  uint32_t length(size_t i) const;                // of a JS array
  napi_value at(size_t i, uint32_t k) const;      // element k of the array argument i
  bool is_nullish(size_t i) const;
};

napi_value make_number(napi_env env, double v);
napi_value make_undefined(napi_env env);
void check(napi_env env, napi_status s);  // throws JsPending (after raising) on failure

// Runs body and converts C++ exceptions into JS exceptions; returns body's value or null.
template <class F>
napi_value guarded(napi_env env, F&& body);

void throw_error(napi_env env, const char* kind, const std::string& message);
void flush_external_memory(napi_env env);

// The buffer of doubles shared with lib/ops.ts (Note [Argument buffer] in ops_binding.cc).
struct ArgBuffer {
  double* data = nullptr;
  size_t length = 0;
  napi_ref ref = nullptr;  // keeps the ArrayBuffer (and so `data`) alive
};
ArgBuffer& arg_buffer();
// The buffer, which must hold at least n entries (argBuffer() was called).
const ArgBuffer& buffer_of(size_t n);
// A count or id read from the buffer: an integer in [0, limit], else an ArgumentError naming it.
int64_t buffered_count(double v, size_t limit, const char* what);

// Registration of the exported functions, one list per binding file.
struct Export {
  const char* name;
  napi_callback fn;
};
void export_all(napi_env env, napi_value exports, const std::vector<Export>& list);

}  // namespace adj::napi

#include "napi/guarded.inl"
