// Names of methods and failures, the header check, and the steady clock
// (message.hpp).

#include "http/message.hpp"

#include <chrono>
#include <cstdint>
#include <cstring>

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

bool header_safe(std::string_view s) noexcept {
  // Eight bytes at a time, as every request's target and token pass here:
  // a byte below 0x21 borrows in `w - 0x21...` where its high bit was clear,
  // and a DEL is a zero byte of `w ^ 0x7f...`. A borrow only ever flags a
  // byte above one that was flagged already, so the answer is exact.
  constexpr std::uint64_t ones = 0x0101010101010101;
  constexpr std::uint64_t highs = ones * 0x80;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const auto del = w ^ (ones * 0x7f);
    if ((((w - ones * 0x21) & ~w) | ((del - ones) & ~del)) & highs)
      return false;
  }
  for (; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u <= 0x20 || u == 0x7f)
      return false;
  }
  return true;
}

std::int64_t now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
           std::chrono::steady_clock::now().time_since_epoch())
    .count();
}

} // namespace throng::http
