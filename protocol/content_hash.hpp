#pragma once

// SHA-256 of note contents, which the checker compares.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace throng::protocol {

/// A SHA-256 digest of a note's content.
using content_hash = std::array<std::uint8_t, 32>;

/// Returns the SHA-256 of `content`, computed with OpenSSL's EVP API.
/// Thread-safe. Aborts only if OpenSSL itself cannot run SHA-256.
content_hash hash_content(std::string_view content);

/// Returns `h` as 64 lower-case hex digits.
std::string to_hex(const content_hash& h);

} // namespace throng::protocol
