// Names of methods and failures, and the steady clock (message.hpp).

#include "http/message.hpp"

#include <chrono>

namespace throng::http {

std::string_view to_string(method m) noexcept {
  switch (m) {
    case method::get:
      return "GET";
    case method::post:
      return "POST";
    case method::put:
      return "PUT";
    case method::del:
      return "DELETE";
    case method::patch:
      return "PATCH";
  }
  return "GET";
}

std::string_view to_string(failure f) noexcept {
  switch (f) {
    case failure::none:
      return "none";
    case failure::connect:
      return "connect";
    case failure::timeout:
      return "timeout";
    case failure::reset:
      return "reset";
    case failure::protocol:
      return "protocol";
  }
  return "none";
}

std::int64_t now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
           std::chrono::steady_clock::now().time_since_epoch())
    .count();
}

} // namespace throng::http
