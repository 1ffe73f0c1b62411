// Definition of guarded(): the single place C++ exceptions cross into JS.
#pragma once
#include <new>

#include "core/error.h"

namespace adj::napi {

const char* error_kind_name(ErrorKind k);

template <class F>
napi_value guarded(napi_env env, F&& body) {
  try {
    napi_value r = body();
    flush_external_memory(env);
    return r;
  } catch (const JsPending&) {
  } catch (const Error& e) {
    throw_error(env, error_kind_name(e.kind), e.what());
  } catch (const std::bad_alloc&) {
    throw_error(env, "Argument", "out of memory");
  } catch (const std::exception& e) {
    throw_error(env, "Internal", std::string("internal error: ") + e.what());
  }
  return nullptr;
}

}  // namespace adj::napi
