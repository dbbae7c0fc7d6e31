#pragma once

// The shared secret of a coordinator and its workers (`--secret-file`), read
// from a file that only its owner may read or write, like ssh's private keys.

#include <cstddef>
#include <string>

#include "protocol/result.hpp"

namespace throng::config {

/// The fewest bytes a secret may have.
inline constexpr std::size_t min_secret_bytes = 16;

/// The most bytes a secret may have.
inline constexpr std::size_t max_secret_bytes = 4096;

/// Why a secret file was refused: one line naming the file and what is wrong
/// with it, and for loose permissions the command that fixes them.
struct secret_file_error {
  std::string message;
};

/// Reads the shared secret from the file at `path`: its contents without one
/// trailing newline ("\n" or "\r\n"); every other byte, inner newlines
/// included, is part of the secret. Refuses a file that is missing, not a
/// regular file or unreadable; one that group or others have any permission
/// on ("chmod 600 PATH"); and a secret that is empty, shorter than
/// min_secret_bytes or longer than max_secret_bytes. The permissions are
/// checked on the file as opened, so a file swapped in after the check is
/// not read. Thread-safe; reads at most a few bytes past max_secret_bytes.
protocol::result<std::string, secret_file_error> read_secret_file(const std::string& path);

} // namespace throng::config
