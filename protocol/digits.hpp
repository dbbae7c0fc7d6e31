#pragma once

// Bytes and numbers as lower-case digits: hex for hashes, tokens and salts,
// base 36 for ids and run prefixes. Plain functions, thread-safe.

#include <cstdint>
#include <span>
#include <string>

namespace throng::protocol {

/// Returns `bytes` as lower-case hex, two digits a byte ("00ff" for {0, 255}).
std::string to_hex(std::span<const std::uint8_t> bytes);

/// Returns `n` in base 36 with the digits 0-9 and a-z, without leading
/// zeros ("0" for 0, "z" for 35, "10" for 36).
std::string to_base36(std::uint64_t n);

} // namespace throng::protocol
