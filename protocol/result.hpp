#pragma once

// result<T, E>: a value or an error, how the libraries outside CAF return
// failures.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace throng::protocol {

/// What went wrong while turning bytes into a typed value.
struct decode_error {
  std::string message;
};

/// A value of type T or an error of type E: how protocol functions return
/// failures (the protocol library knows nothing of CAF, so it cannot use
/// caf::expected). Accessing the side that is not held is a programming error.
template <class T, class E = decode_error>
class result {
public:
  result(T value) : data_(std::in_place_index<0>, std::move(value)) {}
  result(E error) : data_(std::in_place_index<1>, std::move(error)) {}

  bool has_value() const noexcept { return data_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(data_); }
  const T& value() const& { assert(has_value()); return std::get<0>(data_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const { assert(!has_value()); return std::get<1>(data_); }

private:
  std::variant<T, E> data_;
};

} // namespace throng::protocol
