// Errors raised by the core. native/napi turns each kind into the typed JS error of API.md.
#pragma once
#include <stdexcept>
#include <string>

namespace adj {

enum class ErrorKind { Shape, DType, Singular, Mutation, NotDifferentiable, Argument, Disposed };

struct Error : std::runtime_error {
  ErrorKind kind;
  Error(ErrorKind k, const std::string& msg) : std::runtime_error(msg), kind(k) {}
};

[[noreturn]] inline void fail(ErrorKind k, const std::string& msg) { throw Error(k, msg); }

}  // namespace adj
