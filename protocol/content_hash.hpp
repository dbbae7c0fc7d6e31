#pragma once

// SHA-256 of note contents, which the checker compares.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/digits.hpp"

namespace throng::protocol {

/// A SHA-256 digest of a note's content; to_hex (protocol/digits.hpp) writes
/// it as 64 hex digits.
using content_hash = std::array<std::uint8_t, 32>;

/// Returns the SHA-256 of `content`, computed with OpenSSL's EVP API.
/// Thread-safe: each thread hashes in a digest context of its own. Aborts only if OpenSSL itself cannot run SHA-256.
content_hash hash_content(std::string_view content);

/// A short fingerprint of a content: the first 64 bits of its SHA-256, for
/// contents that are only looked up (an earlier content of a note), never
/// reported. Two contents share one with probability 2^-64.
using content_fingerprint = std::uint64_t;

/// Returns the fingerprint of the content whose SHA-256 is `h`.
content_fingerprint fingerprint_of(const content_hash& h) noexcept;

} // namespace throng::protocol
