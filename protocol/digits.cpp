// Hex and base-36 digits (digits.hpp).

#include "protocol/digits.hpp"

#include <algorithm>

namespace throng::protocol {

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto byte : bytes) {
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0x0f]);
  }
  return out;
}

std::string to_base36(std::uint64_t n) {
  static constexpr char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  do {
    out.push_back(digits[n % 36]);
    n /= 36;
  } while (n != 0);
  std::reverse(out.begin(), out.end());
  return out;
}

} // namespace throng::protocol
